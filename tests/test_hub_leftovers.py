"""The run's last check (tests/hub_leftovers.py, issue 30 F19): a test run that leaves a classroom hub's process
running fails, and the process is killed; a run that leaves nothing passes; another run's hub is left alone."""

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

TESTS = Path(__file__).parent
INNER = textwrap.dedent('''
    import subprocess, tempfile
    from pathlib import Path
    from hub_leftovers import folder_prefix

    def test_a_hub_started(tmp_path):
        here = Path(__file__).parent
        folder = tempfile.mkdtemp(prefix=folder_prefix(), dir=here)  # named as tests/classroom_hub.py names them
        proxy = subprocess.Popen(["sleep", "300"], cwd=folder, start_new_session=True)  # e.g. an orphaned proxy
        (here / "pid").write_text(str(proxy.pid))
        if {stop}:
            proxy.kill()
            proxy.wait()
''')


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def inner_run(folder: Path, stop: bool) -> subprocess.CompletedProcess:
    folder.mkdir()
    (folder / "conftest.py").write_text("from hub_leftovers import name_run, pytest_sessionfinish  # noqa\n\n\n"
                                        "def pytest_configure(config):\n    name_run()\n")
    (folder / "test_inner.py").write_text(INNER.format(stop=stop))
    env = {k: v for k, v in os.environ.items() if k != "AITRAIN_TEST_RUN"} | {"PYTHONPATH": str(TESTS)}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
                           "-p", "no:xdist", str(folder)], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_run_that_leaves_a_hub_running_fails_and_ends_it(tmp_path):
    other = tempfile.mkdtemp(prefix="aitrain-hub-anotherrun-")  # another worktree's hub, meanwhile
    theirs = subprocess.Popen(["sleep", "300"], cwd=other)
    try:
        proc = inner_run(tmp_path / "leaves", stop=False)
        pid = int((tmp_path / "leaves" / "pid").read_text())
        assert proc.returncode == 1 and "1 passed" in proc.stdout, proc.stdout + proc.stderr
        assert "Still running after the tests" in proc.stdout and "sleep 300" in proc.stdout, proc.stdout
        assert not alive(pid), "the run's leftover is killed"
        assert theirs.poll() is None, "another run's hub is not this run's to end"
        proc = inner_run(tmp_path / "clean", stop=True)
        assert proc.returncode == 0 and "Still running" not in proc.stdout, proc.stdout + proc.stderr
    finally:
        theirs.send_signal(signal.SIGKILL)
        theirs.wait()
        os.rmdir(other)
