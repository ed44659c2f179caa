"""Execute notebooks headlessly with papermill, one subprocess each, measuring wall time and peak memory.

Each notebook runs in a child process (`python -m aitrain.tooling.notebook_run IN OUT PARAMS`) whose own
children are the notebook's kernel, so the child's resource usage of its children is the kernel's peak memory.
The executed notebook is written once, when the run ends or stops at an error (papermill would otherwise
validate and write the whole notebook, figures included, before and after every cell); a run stopped by the
timeout leaves none.
"""

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

TIMEOUT_SECONDS = 600


@dataclass
class NotebookRun:
    notebook: str
    output: str
    status: str  # "ok", "failed" or "timed out"
    seconds: float
    peak_mb: float
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def kernel_environment() -> dict:
    """The environment a notebook's kernel runs in (the caller's, with a fixed hash seed)."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    return env


def run_notebook(notebook: Path, output: Path, parameters: dict | None = None,
                 timeout: int = TIMEOUT_SECONDS) -> NotebookRun:
    """Execute one notebook into `output`, in the output's folder, and report how it went."""
    output.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "aitrain.tooling.notebook_run", str(notebook), str(output),
           json.dumps(parameters or {})]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=kernel_environment())
    except subprocess.TimeoutExpired:
        return NotebookRun(str(notebook), str(output), "timed out", time.perf_counter() - start, 0.0,
                         f"stopped after {timeout} s")
    seconds = time.perf_counter() - start
    try:
        report = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        tail = (proc.stderr or "").strip().splitlines()[-3:]
        return NotebookRun(str(notebook), str(output), "failed", seconds, 0.0, " ".join(tail) or "no report")
    return NotebookRun(str(notebook), str(output), report["status"], seconds, report["peak_mb"], report["error"])


def _peak_children_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def execute(notebook: Path, output: Path, parameters: dict | None = None) -> NotebookRun:
    """Execute one notebook in this process, its kernel a child of it: the work of run_notebook's subprocess."""
    import papermill

    Path(output).parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    status, error = "ok", ""
    try:
        papermill.execute_notebook(
            str(notebook), str(output), parameters=parameters or {}, kernel_name="python3",
            cwd=str(Path(output).parent), progress_bar=False, log_output=False, request_save_on_cell_execute=False,
        )
    except papermill.PapermillExecutionError as exc:
        status, error = "failed", f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}"[:500]
    except Exception as exc:  # any other reason the run could not finish
        status, error = "failed", f"{type(exc).__name__}: {exc}"[:500]
    return NotebookRun(str(notebook), str(output), status, time.perf_counter() - start,
                       round(_peak_children_mb(), 1), error)


def _main(notebook: str, output: str, parameters: str) -> None:
    result = execute(Path(notebook), Path(output), json.loads(parameters))
    print(json.dumps({"status": result.status, "error": result.error, "peak_mb": result.peak_mb}))


def _without_iri_grammar() -> None:
    """Import jsonschema (papermill's nbformat does) without rfc3987-syntax, which builds three Earley parsers on
    import (about 1.5 s of CPU per run) for an "iri" string format that no notebook schema uses. Only this
    process: the notebook's kernel is started as usual."""
    sys.modules.setdefault("rfc3987_syntax", None)


if __name__ == "__main__":
    _without_iri_grammar()
    _main(*sys.argv[1:4])


def as_dict(result: NotebookRun) -> dict:
    return asdict(result)
