"""JupyterLab on loopback for a browser to drive, as `aitrain lab` starts it, and a participant's notebook with every
answer filled in: what the browser tests (tests/test_browser.py, test_participant_html.py) and the screenshots of
the docs (tools/screenshot.py) open."""

import contextlib
import os
import secrets
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from aitrain.base.edition import SOURCE, Edition
from aitrain.base.trainer_texts import SOLUTION_MARKER
from aitrain.errors import AitrainError
from aitrain.tooling import lab


def solved(released, solution):
    """The participant's notebook `released` with every answer filled in from the solution notebook."""
    def grade(cell) -> dict:
        return cell.metadata.get("nbgrader", {})

    answers = {grade(c)["grade_id"]: c.source for c in solution.cells if grade(c).get("solution")}
    for cell in released.cells:
        if grade(cell).get("solution") and grade(cell).get("grade_id") in answers:
            cell.source = SOLUTION_MARKER.sub("", answers[grade(cell)["grade_id"]]).strip()
    return released


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(root: Path, work: Path, edition: Edition = SOURCE, trainer: bool = False,
          timeout: float = 90) -> Iterator[tuple[str, str]]:
    """JupyterLab on `root` as `aitrain lab [--lang LANGUAGE]` (or, for a trainer, `aitrain lab --course ROOT`)
    starts it (its command, settings and environment), on loopback with no browser of its own, its workspaces,
    user settings and log (server.log) in `work`; yields its address and token, and stops it at the end."""
    settings = lab.write_settings(work / "settings", trainer=trainer, edition=edition)
    port, token = free_port(), secrets.token_hex(16)
    private = work / "jupyter"
    argv = lab.command(root, settings, trainer=trainer, port=port, browser=False, token=token) + [
        f"--LabApp.workspaces_dir={private / 'workspaces'}", f"--LabApp.user_settings_dir={private / 'settings'}"]
    env = dict(lab.environment(edition) or os.environ, JUPYTER_RUNTIME_DIR=str(private / "runtime"))
    env.pop("MPLBACKEND", None)  # a test's or a script's Agg backend would hide the plots from the browser
    log_path = work / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(argv, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + timeout
            while not _answers(f"{base}/api/status?token={token}"):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AitrainError("JupyterLab did not start:\n" + log_path.read_text()[-3000:],
                                       f"Read the whole log: {log_path}")
                time.sleep(0.5)
            yield base, token
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False
