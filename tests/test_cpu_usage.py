"""The test run's CPU accounting (tests/cpu_usage.py) counts a child process's CPU in the phase that spends it,
not only once the child has ended and been waited for (a hub or a browser living across tests)."""

import subprocess
import sys
import time

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
