"""The test run's last check (issue 30): no classroom hub, proxy, idle culler or participant's server is left
running once the run is over, whatever happened to the test that started it.

Every hub a test starts lives in a folder named for the run (`folder_prefix()`, tests/classroom_hub.py): the hub
runs in its state folder, so the hub's, the proxy's and the idle culler's working folders are there (they inherit
it), and every participant's server, terminal and kernel has that folder in its JUPYTER_CONFIG_PATH. When the run
ends (after every xdist worker), a process whose working folder, environment or command line names one of the
run's hub folders is left over: it is listed, killed, and the run fails. Other runs' hubs (other worktrees' tests,
on a shared machine) carry another run's name and are left alone.
"""

import contextlib
import os
import secrets
import signal
from pathlib import Path

import pytest

VARIABLE = "AITRAIN_TEST_RUN"


def name_run() -> None:
    """Name this run (xdist's workers inherit the name from the controller's environment)."""
    os.environ.setdefault(VARIABLE, secrets.token_hex(4))


def folder_prefix() -> str:
    """How the temporary folders of this run's hubs begin."""
    run = os.environ.get(VARIABLE)
    return f"aitrain-hub-{run}-" if run else "aitrain-hub-"


def leftovers(marker: str) -> dict[int, str]:
    """pid -> command line of every process whose working folder, environment or command line holds `marker`."""
    found, raw = {}, marker.encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            if cmdline and (raw in cmdline or marker in os.readlink(entry / "cwd")
                            or raw in (entry / "environ").read_bytes()):
                found[int(entry.name)] = cmdline.replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, "workerinput") or not os.environ.get(VARIABLE):
        return  # the controller checks, once every worker is done
    left = leftovers(folder_prefix())
    if not left:
        return
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = ("Still running after the tests (a classroom hub's processes; killed now):\n"
               + "\n".join(f"  {pid} {cmd[:300]}" for pid, cmd in sorted(left.items())))
    if reporter is not None:
        reporter.write_line(message, red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
