"""Notebook executions for the test run, forked from a process that has already imported what they all import.

A papermill run from a fresh interpreter spends about 3.5 CPU-seconds before the notebook computes anything:
1.5 to import papermill (nbformat, jsonschema, nbclient), then, in the kernel, 0.3 to start ipykernel and about
1.5 to import pandas, SciPy and scikit-learn. The test run executes a hundred and more notebooks (every module in
each language on each path, their blank releases, the corpus's kernels), so that is most of the cost of a
notebook test.

Here one process per xdist worker (multiprocessing's forkserver) imports those libraries once. Each execution is a
child forked from it (`call`); in that child a kernel is forked, not started as `python -m ipykernel_launcher`:
jupyter_client's provisioner still manages it as a process of its own (its own session and connection file,
signals, its exit), it is a child of the execution, so the execution's peak-memory measurement is the kernel's,
and the notebook's imports find the libraries already loaded. Nothing else changes: papermill, nbclient, nbgrader
and the kernel are the real ones, and the kernel's environment and folder are those the kernel manager asks for.
A kernel whose interpreter settings are fixed at start-up (hash seed, locale, thread caps) and differ from the
forkserver's is started the usual way.

Used by tests only. Participants', trainers' and the author's runs (`aitrain run`, nbgrader's commands, the hub)
start fresh kernels, and the tests of those commands (test_kit, test_cli, the grading and classroom tests) run
them as they are.
"""

import asyncio
import contextlib
import multiprocessing
import os
import resource
import signal
import sys
import traceback
from pathlib import Path

# What the notebooks' kernels and the execution itself import. matplotlib and pyplot (0.4 CPU-s a kernel), not
# its backend: matplotlib reads the backend from MPLBACKEND at import, which ipykernel sets (to the inline
# backend) only once the kernel starts, so a forked kernel sets it as that import would (_run_kernel); the inline
# backend's module is left for the kernel to import, as its import hooks the figures into the running kernel.
# Not aitrain: in a process that has imported ipykernel, its import caps the numerical libraries' threads
# (aitrain.threads), which is the kernel's to do.
PRELOAD = ("numpy", "pandas", "scipy.stats", "sklearn", "sklearn.metrics", "sklearn.linear_model",
           "sklearn.ensemble", "sklearn.model_selection", "sklearn.tree", "sklearn.preprocessing",
           "matplotlib", "matplotlib.pyplot", "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel",
           "papermill", "nbclient", "nbformat", "jupyter_client")
# Read once when an interpreter starts (or when the libraries above are imported; matplotlib's settings and font
# cache are found from MPL*, MATPLOTLIBRC, HOME and XDG_*): a kernel needing other values than the forkserver's
# is not forked, nor one whose folder has a matplotlibrc (matplotlib reads the working folder's first).
AT_START = ("PYTHON", "LANG", "LC_", "OMP_", "OPENBLAS_", "MKL_", "BLIS_", "VECLIB_", "NUMEXPR_", "NPY_", "SKLEARN_",
            "MPL", "MATPLOTLIBRC", "HOME", "XDG_")
INLINE = "module://matplotlib_inline.backend_inline"  # what ipykernel puts in MPLBACKEND when it is unset

_context = multiprocessing.get_context("forkserver")
cpu_seconds = 0.0  # the CPU time of this process's forked executions and their kernels, so far (benchmarks/)
_started_with: dict[str, str] | None = None


def _at_start(env: dict) -> dict:
    return {k: v for k, v in env.items() if k.startswith(AT_START)}


_INTERPRETER = _at_start(os.environ)  # in the forkserver (which imports this module): what it started with


def _ensure_forkserver(env: dict) -> None:
    """Start this worker's forkserver with the kernels' environment, once."""
    global _started_with
    if _started_with is not None:
        return
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        # this module first: what the interpreter started with, before an import (matplotlib's) changes os.environ
        _context.set_forkserver_preload([__name__, *PRELOAD])
        from multiprocessing import forkserver
        forkserver.ensure_running()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    _started_with = _at_start(env)


class ForkedKernel:
    """What jupyter_client's LocalProvisioner needs of a kernel process (subprocess.Popen's part it uses)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid, self.returncode = pid, None

    def poll(self):
        if self.returncode is None:
            with contextlib.suppress(ChildProcessError):
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout=None):
        if self.returncode is None:
            try:
                _, status = os.waitpid(self.pid, 0)
                self.returncode = os.waitstatus_to_exitcode(status)
            except ChildProcessError:
                self.returncode = 0
        return self.returncode

    def send_signal(self, signum):
        if self.returncode is None:
            os.kill(self.pid, signum)

    def kill(self):
        self.send_signal(signal.SIGKILL)

    def terminate(self):
        self.send_signal(signal.SIGTERM)


_kernels: list[ForkedKernel] = []


def _is_ipykernel(cmd: list[str]) -> bool:
    return (len(cmd) >= 3 and cmd[1:3] == ["-m", "ipykernel_launcher"] and os.path.exists(cmd[0])
            and os.path.samefile(cmd[0], sys.executable))


def _launch_kernel(cmd, stdin=None, stdout=None, stderr=None, env=None, independent=False, cwd=None, **kw):
    """jupyter_client.launcher.launch_kernel, forking this process for an IPython kernel."""
    from jupyter_client import launcher

    env = dict(os.environ if env is None else env)
    if (not _is_ipykernel(cmd) or _at_start(env) != _INTERPRETER or stdin or stdout or stderr
            or Path(cwd or os.getcwd(), "matplotlibrc").exists()):
        return launcher.launch_kernel(cmd, stdin, stdout, stderr, env, independent, cwd, **kw)
    if not independent:
        env["JPY_PARENT_PID"] = str(os.getpid())
    # IPKernelApp reads JPY_PARENT_PID when it is imported, in the forkserver: say it on the command line
    argv = [*cmd[3:], f"--IPKernelApp.parent_handle={env.get('JPY_PARENT_PID', 0)}"]
    sys.stdout.flush()
    sys.stderr.flush()
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(ready_r)
        _run_kernel(argv, env, cwd, ready_w)
    os.close(ready_w)
    os.read(ready_r, 1)  # its session is its own before the provisioner asks for its process group
    os.close(ready_r)
    kernel = ForkedKernel(pid)
    _kernels.append(kernel)
    return kernel


def _run_kernel(argv: list[str], env: dict, cwd, ready: int) -> None:
    """In the forked child: become `python -m ipykernel_launcher ARGV` in a session of its own; never returns."""
    code = 1
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the execution's handler, which stops its kernels
        _kernels.clear()
        os.setsid()
        os.write(ready, b"1")
        os.close(ready)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # as the execution's own kernels: their logs are nobody's output
            os.dup2(null, fd)
        os.close(null)
        if cwd:
            os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        if "matplotlib" in sys.modules and not env.get("MPLBACKEND"):  # as if imported after ipykernel set it
            sys.modules["matplotlib"].rcParams["backend"] = INLINE
        sys.argv = [sys.argv[0], *argv]
        sys.path[0] = os.getcwd()  # what `python -m` puts first
        asyncio.set_event_loop(asyncio.new_event_loop())  # not the execution's loop (its selector is shared)
        from ipykernel import kernelapp

        kernelapp.IPKernelApp.launch_instance(argv=argv)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)


def _stop_kernels(signum, frame) -> None:
    for kernel in _kernels:
        with contextlib.suppress(OSError):
            os.killpg(kernel.pid, signal.SIGKILL)
    os._exit(128 + signum)


def _child(function, args, kwargs, results) -> None:
    """In the execution's process: kernels forked from here, then the function."""
    from jupyter_client.provisioning import local_provisioner

    local_provisioner.launch_kernel = _launch_kernel
    signal.signal(signal.SIGTERM, _stop_kernels)
    try:
        value = function(*args, **kwargs)
        _stop_leftover_kernels()
        results.send(("ok", value, _cpu_seconds()))
    except BaseException as exc:  # noqa: BLE001 (sent back whole, raised in the test)
        _stop_leftover_kernels()
        try:
            results.send(("error", exc, _cpu_seconds()))
        except Exception:  # an exception that cannot be pickled
            results.send(("error", RuntimeError("".join(traceback.format_exception(exc))), _cpu_seconds()))


def _stop_leftover_kernels() -> None:
    """A kernel its manager did not shut down does not outlive the execution."""
    for kernel in _kernels:
        if kernel.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(kernel.pid, signal.SIGKILL)
            kernel.wait()


def _cpu_seconds() -> float:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def call(function, *args, env: dict | None = None, timeout: float | None = None, **kwargs):
    """`function(*args, **kwargs)` in a process forked from this worker's forkserver, with `env` as its
    environment, its kernels forked from it; its result, or its exception raised here."""
    from aitrain.tooling.notebook_run import kernel_environment

    env = kernel_environment() if env is None else env
    _ensure_forkserver(env)
    receive, send = _context.Pipe(duplex=False)
    process = _context.Process(target=_with_environment, args=(env, function, args, kwargs, send))
    process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            process.terminate()
            raise TimeoutError(f"{getattr(function, '__name__', function)} did not finish in {timeout} s")
        status, value, seconds = receive.recv()
        global cpu_seconds
        cpu_seconds += seconds
    except EOFError:
        process.join()
        raise RuntimeError(f"the forked execution ended without a result (exit code {process.exitcode})") from None
    finally:
        receive.close()
        process.join(10)
    if status == "error":
        raise value
    return value


def _with_environment(env, function, args, kwargs, results) -> None:
    os.environ.clear()
    os.environ.update(env)
    _child(function, args, kwargs, results)


def run_notebook(notebook: Path, output: Path, parameters: dict | None = None):
    """aitrain.tooling.notebook_run.run_notebook, in a forked process with a forked kernel."""
    from aitrain.tooling import notebook_run

    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        return call(notebook_run.execute, notebook, output, parameters, timeout=notebook_run.TIMEOUT_SECONDS)
    except TimeoutError as exc:
        return notebook_run.NotebookRun(str(notebook), str(output), "timed out", notebook_run.TIMEOUT_SECONDS,
                                        0.0, str(exc))
