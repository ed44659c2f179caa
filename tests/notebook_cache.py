"""Each notebook executed once per test run, shared by the tests that need it executed.

The papermill checks (test_notebooks_run.py), the nbgrader round trip (test_grading_roundtrip.py) and the
beginner-mistakes corpus (test_beginner_mistakes.py) need the same solution notebooks executed: the first of them
executes a notebook and stores the execution, the others read it. As jupyter-cache does for Jupyter Book, an
execution is stored under a key that hashes everything that can change it: the notebook's bytes, the parameters,
the package's code and data (src/aitrain, datasets/), this test helper, the Python and every installed
distribution's version, and the environment variables a kernel reads (thread caps, hash seed, matplotlib backend,
the course's own settings). jupyter-cache itself is not used: its key is the code cells and the kernelspec only
(not the package, the data or the parameters), it keeps the code cells only, and its SQLite store has no lock
for two xdist workers asking for the same notebook at once.

The store is the test run's own temporary folder (shared by its xdist workers), so nothing carries over from one
run to the next; within a run a lock per key makes a second worker wait for the first's execution.
"""

import fcntl
import functools
import hashlib
import importlib.metadata
import json
import os
import shutil
import sys
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
from forked_kernels import run_notebook

from aitrain import paths
from aitrain.tooling.notebook_run import NotebookRun, kernel_environment

ENVIRONMENT = ("PYTHONHASHSEED", "MPLBACKEND", "LANG", "LANGUAGE", "LC_ALL", "TZ", "OMP_NUM_THREADS",
               "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
               "NUMEXPR_NUM_THREADS")


@functools.cache
def fingerprint() -> str:
    """Everything besides the notebook and its parameters that can change an execution."""
    digest = hashlib.sha256()
    for folder in (paths.PACKAGE_DIR, paths.datasets_dir()):
        for file in sorted(folder.rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(folder)).encode() + b"\0" + file.read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update(sys.version.encode())
    versions = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    digest.update("\n".join(versions).encode())
    settings = {k: v for k, v in kernel_environment().items() if k in ENVIRONMENT or k.startswith("AITRAIN_")}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Execution:
    run: NotebookRun  # how the execution went: status, seconds, the kernel's peak memory, the error
    notebook: Path  # the executed notebook, in the store

    def read(self):
        return nbformat.read(self.notebook, as_version=4)


class NotebookCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def key(self, notebook: Path, parameters: dict | None = None) -> str:
        digest = hashlib.sha256(Path(notebook).read_bytes())
        digest.update(json.dumps(parameters or {}, sort_keys=True).encode() + fingerprint().encode())
        return digest.hexdigest()[:32]

    @contextmanager
    def lock(self, notebook: Path, parameters: dict | None = None):
        """Held while a notebook is executed, so that another worker waits for it instead of executing it too."""
        with open(self.folder / f"{self.key(notebook, parameters)}.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def get(self, notebook: Path, parameters: dict | None = None) -> Execution | None:
        key = self.key(notebook, parameters)
        report = self.folder / f"{key}.json"
        if not report.is_file():
            return None
        return Execution(NotebookRun(**json.loads(report.read_text())), self.folder / f"{key}.ipynb")

    def put(self, notebook: Path, executed, run: NotebookRun, parameters: dict | None = None) -> Execution:
        """Store an execution (the executed notebook, or the path of one, and its report)."""
        key = self.key(notebook, parameters)
        stored = self.folder / f"{key}.ipynb"
        partial = stored.with_suffix(".partial")
        if isinstance(executed, str | Path):
            shutil.copyfile(executed, partial)
        else:
            nbformat.write(executed, partial)
        os.replace(partial, stored)
        report = self.folder / f"{key}.json"
        report.with_suffix(".partial").write_text(json.dumps(asdict(run)))
        os.replace(report.with_suffix(".partial"), report)  # last: a report means a complete execution
        return Execution(run, stored)

    def run(self, notebook: Path, output: Path, parameters: dict | None = None) -> Execution:
        """The notebook executed by papermill (aitrain.tooling.notebook_run, in a process and a kernel forked from
        this worker's forkserver: tests/forked_kernels.py), or its stored execution; the executed notebook is also
        copied to `output`."""
        with self.lock(notebook, parameters):
            found = self.get(notebook, parameters)
            if found is None:
                result = run_notebook(notebook, output, parameters)
                if not output.is_file():  # stopped before papermill wrote anything: nothing to store
                    return Execution(result, output)
                found = self.put(notebook, output, result, parameters)
        if output != found.notebook:
            output.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(found.notebook, output)
        return found
