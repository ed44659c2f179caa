"""The test run's CPU accounting (tests/cpu_usage.py) counts a child process's CPU in the phase that spends it,
not only once the child has ended and been waited for (a hub or a browser living across tests)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import cpu_usage

BUSY = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\nprint(flush=True)\n" \
       "time.sleep(60)"


def test_a_running_childs_cpu_is_counted_while_it_runs():
    before = cpu_usage._cpu()[1]
    child = subprocess.Popen([sys.executable, "-c", BUSY], stdout=subprocess.PIPE)
    try:
        child.stdout.readline()  # it has spent its 0.4 CPU-seconds and sleeps, not ended
        time.sleep(0.05)
        during = cpu_usage._cpu()[1]
        assert child.poll() is None
        assert during - before >= 0.35, f"{during - before:.2f} CPU-s of a running child counted"
    finally:
        child.kill()
        child.wait()
    after = cpu_usage._cpu()[1]
    assert abs(after - during) < 0.15, "waited for, the child is counted once (not again as finished)"


def test_every_phase_is_recorded_in_the_file_named_when_the_run_began(tmp_path):
    """A test that changes the working folder (the `elsewhere` fixture) still writes to the run's file."""
    (tmp_path / "test_moves.py").write_text("import os\n\ndef test_moves(tmp_path):\n    os.chdir(tmp_path)\n")
    env = {**os.environ, "AITRAIN_TEST_CPU": "cpu.jsonl", "PYTHONPATH": str(Path(cpu_usage.__file__).parent)}
    env.pop("PYTEST_XDIST_WORKER", None)
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "cpu_usage", "-p", "no:randomly",
                    "-p", "no:cacheprovider", "test_moves.py"], cwd=tmp_path, env=env, check=True, capture_output=True)
    lines = [json.loads(line) for line in (tmp_path / "cpu.jsonl").read_text().splitlines()]
    assert [line["phase"] for line in lines] == ["setup", "call", "teardown"]
    assert "worker" in cpu_usage.table(str(tmp_path / "cpu.jsonl"))
