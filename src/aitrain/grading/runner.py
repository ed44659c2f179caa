"""Executing one sanitized submission in a sandboxed kernel (the work of one worker).

The notebook, with its test cells restored by the trainer's process, stays in the worker's memory: the
kernel receives one cell at a time over unix sockets in its scratch folder, so hidden tests are never on
the sandbox's disk and reach the kernel only when they run. The grader's first cell installs the kernel's
guard (integrity.py), which runs each test cell in a namespace of its own and the probes. The worker returns
the executed notebook and what went wrong; it never touches the gradebook.
"""

import json
import secrets
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from aitrain.grading import integrity
from aitrain.grading.sandbox import Limits, Sandbox

PROBE_TAG = "aitrain-probe"


@dataclass
class GradingRun:
    notebook: dict | None  # the executed notebook (probe cells removed), as JSON
    problems: list[str] = field(default_factory=list)  # why it needs review
    tampering: list[str] = field(default_factory=list)  # what looked like tampering
    failed_replies: list[str] = field(default_factory=list)  # grade ids whose cell the kernel said failed
    seconds: float = 0.0


class SandboxKernelManager(AsyncKernelManager):
    """A kernel started inside a Sandbox, reached through unix sockets in its scratch folder."""

    def __init__(self, sandbox: Sandbox, **kwargs):
        super().__init__(transport="ipc", ip=str(sandbox.scratch / "k"), **kwargs)
        self.sandbox = sandbox

    def format_kernel_cmd(self, extra_arguments=None):
        info = self.get_connection_info()
        info["key"] = info["key"].decode() if isinstance(info["key"], bytes) else info["key"]
        info["ip"] = str(self.sandbox.inside(self.sandbox.scratch / "k"))
        inner = self.sandbox.scratch / "kernel.json"
        inner.write_text(json.dumps(info))
        self.sandbox.give(inner)
        return self.sandbox.command([
            "python", "-m", "ipykernel_launcher", "-f", str(self.sandbox.inside(inner)),
            "--HistoryManager.enabled=False", "--IPKernelApp.matplotlib=inline"])


class GradingClient(NotebookClient):
    """nbclient with a wall-time budget for the whole notebook and a cap on the output it keeps."""

    def __init__(self, nb, *, deadline: float, output_cap: int, **kw):
        super().__init__(nb, **kw)
        self.deadline = deadline
        self.output_cap = output_cap
        self.output_bytes = 0
        self.too_much_output = False
        self.nonce = ""  # the cell id of the probes, whose output the cap leaves out (it counts the participant's)
        self.replies: dict[int, str] = {}
        self.cell_ids: dict[int, str] = {}  # cell index -> the cell id sent with its request (grader cells, tests)
        self.on_cell_execute = self._send_cell_id
        self.on_cell_complete = self._stop_sending_cell_id
        self.on_cell_executed = self._record_reply

    def _send_cell_id(self, cell, cell_index):
        """Mark the next execute request: the kernel's guard recognises tests and probes by this id alone."""
        self.kc.session.metadata = {"cellId": self.cell_ids[cell_index]} if cell_index in self.cell_ids else {}

    def _stop_sending_cell_id(self, cell, cell_index):
        self.kc.session.metadata = {}

    def _record_reply(self, cell, cell_index, execute_reply):
        self.replies[cell_index] = (execute_reply or {}).get("content", {}).get("status", "missing")

    def _get_timeout(self, cell):
        remaining = max(1, int(self.deadline - time.monotonic()))
        return min(self.timeout, remaining)

    def output(self, outs, msg, display_id, cell_index):
        if self.nonce and self.cell_ids.get(cell_index) == self.nonce:  # a probe's answer (about 1 MB): the
            return super().output(outs, msg, display_id, cell_index)  # grader's own output, not the participant's
        self.output_bytes += len(json.dumps(msg.get("content", {}), default=str))
        if self.output_bytes > self.output_cap:
            self.too_much_output = True
            return None
        return super().output(outs, msg, display_id, cell_index)


def _kill(km: SandboxKernelManager) -> None:
    """Stop a kernel that outlived the notebook's wall-time limit (the sandbox dies with it)."""
    km.killed_by_watchdog = True
    process = getattr(km.provisioner, "process", None)
    if process is not None:
        process.kill()


def _seed_matplotlib_cache(box: Sandbox) -> None:
    """Copy the trainer's matplotlib font list so that each kernel does not rebuild it (about 2 s)."""
    import matplotlib

    target = box.scratch / ".matplotlib"
    target.mkdir()
    for found in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
        shutil.copy(found, target / found.name)
        box.give(target / found.name)
    box.give(target)


def _is_test(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _with_guard(nb, nonce: str, imports: dict[str, str]) -> tuple[object, dict[int, str]]:
    """The notebook with the guard installed first, a probe before the participant's first cell and after every
    graded code cell; and the cell id to send with each grader cell and each test cell."""
    def grader_cell(source):
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": [PROBE_TAG]})
        cell.pop("id", None)
        return cell

    cells = [grader_cell(integrity.guard_source(imports)), grader_cell("pass")]
    ids = {1: nonce}
    for cell in nb.cells:
        if _is_test(cell):
            ids[len(cells)] = integrity.TEST_PREFIX + cell.metadata["nbgrader"]["grade_id"]
        cells.append(cell)
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            ids[len(cells)] = nonce
            cells.append(grader_cell("pass"))
    nb.cells = cells
    return nb, ids


def run_submission(notebook: dict, limits: Limits | None = None, sandboxed: bool = True,
                   kernel_name: str = "python3", imports: dict[str, str] | None = None) -> GradingRun:
    """Execute a sanitized notebook (as JSON) in a fresh sandbox; return what happened.

    `imports`: grade id of each test cell -> the course's imports its namespace starts from
    (integrity.course_imports of the released notebook). Every test cell runs isolated, with or without them.
    """
    limits = limits or Limits()
    started = time.monotonic()
    nb = nbformat.reads(json.dumps(notebook), as_version=4)
    nonce = integrity.PROBE_PREFIX + secrets.token_hex(16) + ":"
    nb, cell_ids = _with_guard(nb, nonce, imports or {})
    box = Sandbox.create(limits, enabled=sandboxed)
    km = SandboxKernelManager(box, kernel_name=kernel_name)
    client = GradingClient(nb, km=km, deadline=started + limits.total_seconds, output_cap=int(limits.output_mb * 2**20),
                           timeout=limits.cell_seconds, startup_timeout=120, allow_errors=True,
                           interrupt_on_timeout=False, record_timing=False,
                           resources={"metadata": {"path": str(box.scratch)}})
    client.cell_ids, client.nonce = cell_ids, nonce
    result = GradingRun(None)
    watchdog = threading.Timer(limits.total_seconds + 15, _kill, (km,))  # whatever nbclient is waiting for
    watchdog.daemon = True
    watchdog.start()
    try:
        _seed_matplotlib_cache(box)
        client.execute(cwd=str(box.scratch), env=box.environment(), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    except CellTimeoutError:
        result.problems.append("timed out")
    except DeadKernelError:
        result.problems.append("kernel died")
    except Exception as e:  # the kernel could not start, or broke the protocol
        result.problems.append(f"kernel died ({type(e).__name__})")
    finally:
        watchdog.cancel()
        if getattr(km, "killed_by_watchdog", False):
            result.problems = ["timed out"]
        try:
            if km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)
        except Exception:
            pass
        box.cleanup()
    if client.too_much_output:
        result.problems.append("output too large")
    _check_probes(nb, client, nonce, result)
    nb.cells = [c for c in nb.cells if PROBE_TAG not in c.metadata.get("tags", [])]
    result.notebook = json.loads(nbformat.writes(nb))
    result.seconds = time.monotonic() - started
    return result


def _check_probes(nb, client: GradingClient, nonce: str, result: GradingRun) -> None:
    """Compare every probe's fingerprint with the first; note test cells the kernel reported as failed."""
    baseline = None
    for index, cell in enumerate(nb.cells):
        if index == 0 and client.replies.get(0) != "ok" and 0 in client.replies:
            result.problems.append("the grader could not prepare the kernel (its guard did not install)")
        if client.cell_ids.get(index) == nonce:
            if index not in client.replies:
                continue  # execution stopped before this probe
            found = integrity.read_probe(cell.get("outputs", []), nonce)
            if found is None and baseline is None:  # the first probe runs before any participant code
                result.problems.append("the grader could not check the kernel (its guard did not run)")
                return
            if found is None:
                result.tampering.append("a probe of the kernel gave no answer or a forged one")
            elif baseline is None:
                baseline = found
            else:
                changed = integrity.compare(baseline, found)
                if changed:
                    result.tampering.append("the kernel was changed: " + ", ".join(changed[:5]))
        elif cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            if client.replies.get(index, "ok") != "ok":
                result.failed_replies.append(cell.metadata["nbgrader"]["grade_id"])
            if any(o.get("output_type") == "error" and o.get("ename") == "MemoryError" for o in cell.outputs):
                result.problems.append("memory limit")
        if cell.cell_type == "code" and any(o.get("output_type") == "error" and o.get("ename") == "MemoryError"
                                            for o in cell.get("outputs", [])) and "memory limit" not in result.problems:
            result.problems.append("memory limit")
    result.tampering = list(dict.fromkeys(result.tampering))
