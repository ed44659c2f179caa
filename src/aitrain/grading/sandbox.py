"""The throwaway sandbox a participant's kernel runs in.

On Linux with bubblewrap (`bwrap`), the kernel sees a read-only system (/usr, /lib, Python, the course's
package and data sets), no network (--unshare-net), its own process tree (--unshare-pid) and only one
writable folder, its scratch folder. Inside, `prlimit` caps memory, CPU time, processes, file size and open
files; the grader adds a wall-time limit. The solutions, the gradebook, the other participants' files and the
trainer's home are not mounted at all.

Run as root (a server), the kernel runs as a dedicated unprivileged user id (one per worker process), so its
process limit is its own. Run as an ordinary user, bwrap maps that user into a new user namespace.

Where bwrap is missing or cannot start, `probe()` says why; the grader then refuses to run participant code
unless the trainer passes --no-sandbox, and warns loudly (see docs/trainers-grading.md, "Without a sandbox").
"""

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from aitrain import paths

SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc/fonts")
FIRST_SANDBOX_UID = 60000
SANDBOX_UIDS = 5000  # 60000 to 64999: below nobody (65534) and the 16-bit -1 (65535)


def sandbox_uid(pid: int) -> int:
    """The unprivileged user a root grader's sandbox runs as: one per grading process, never an account's."""
    return FIRST_SANDBOX_UID + pid % SANDBOX_UIDS


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed kernel."""

    memory_mb: int = 3072  # address space; a module needs about 1 GB
    cpu_seconds: int = 300
    processes: int = 64  # threads count too
    file_mb: int = 100  # largest file it may write
    open_files: int = 256
    cell_seconds: int = 60  # wall time of one cell
    total_seconds: int = 240  # wall time of the whole notebook
    output_mb: float = 5.0  # notebook output kept; more is "output too large"


@dataclass
class Sandbox:
    """One scratch folder and the command that starts a program confined to it."""

    scratch: Path
    limits: Limits = field(default_factory=Limits)
    enabled: bool = True
    uid: int | None = None  # the unprivileged user inside, when the grader runs as root

    INSIDE = Path("/scratch")

    @classmethod
    def create(cls, limits: Limits | None = None, enabled: bool = True) -> "Sandbox":
        scratch = Path(tempfile.mkdtemp(prefix="aitrain-"))  # short: unix socket paths are limited to 107 bytes
        uid = None
        if enabled and os.geteuid() == 0:
            uid = sandbox_uid(os.getpid())
            os.chown(scratch, uid, uid)
        scratch.chmod(0o700)
        return cls(scratch, limits or Limits(), enabled, uid)

    def inside(self, path: Path) -> Path:
        """Where a file of the scratch folder appears inside the sandbox."""
        return self.INSIDE / path.relative_to(self.scratch) if self.enabled else path

    def give(self, path: Path) -> None:
        """Let the sandboxed user read and write a file the grader put in the scratch folder."""
        if self.uid is not None:
            os.chown(path, self.uid, self.uid)

    def environment(self) -> dict[str, str]:
        home = str(self.INSIDE if self.enabled else self.scratch)
        bin_dir = str(Path(sys.executable).parent)
        return {
            "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin", "HOME": home, "TMPDIR": home, "USER": "participant",
            "LANG": "C.UTF-8", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            "MPLCONFIGDIR": f"{home}/.matplotlib", "IPYTHONDIR": f"{home}/.ipython", "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1", "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "NBGRADER_EXECUTION": "autograde",
            "JUPYTER_PLATFORM_DIRS": "1", "AITRAIN_DATASETS": str(paths.datasets_dir()),
        }

    def command(self, program: list[str]) -> list[str]:
        """`program` wrapped in bwrap and prlimit (or only prlimit when the sandbox is disabled)."""
        lim = self.limits
        limited = ["prlimit", f"--as={lim.memory_mb * 2**20}", f"--cpu={lim.cpu_seconds}",
                   f"--nproc={lim.processes}", f"--fsize={lim.file_mb * 2**20}", f"--nofile={lim.open_files}",
                   "--core=0", *program]
        if not self.enabled:
            return limited
        cmd = ["bwrap", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
               "--die-with-parent", "--new-session", "--clearenv", "--hostname", "sandbox"]
        for key, value in self.environment().items():
            cmd += ["--setenv", key, value]
        # /tmp first: a later mount hides an earlier one, and the course or its venv may live under /tmp.
        cmd += ["--proc", "/proc", "--dev", "/dev", "--size", str(64 * 2**20), "--tmpfs", "/tmp"]
        cmd += _read_only_binds()
        cmd += ["--bind", str(self.scratch), str(self.INSIDE), "--chdir", str(self.INSIDE)]
        if self.uid is not None:
            drop = ["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups", "--inh-caps=-all",
                    "--bounding-set=-all", "--no-new-privs"]
        else:
            cmd += ["--unshare-user", "--disable-userns"]
            drop = []
        return [*cmd, "--", *drop, *limited]

    def cleanup(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


def _read_only_binds() -> list[str]:
    """--ro-bind arguments for the system, Python and the course package (not solutions/, not the course directory)."""
    links: list[str] = []
    for p in SYSTEM_DIRS:
        if os.path.islink(p):  # merged /usr: /lib -> usr/lib
            links += ["--symlink", os.readlink(p), p]
    wanted = [Path(p) for p in SYSTEM_DIRS if Path(p).exists() and not os.path.islink(p)]
    wanted += [Path(sys.prefix), Path(sys.base_prefix), Path(os.path.realpath(sys.executable)).parent.parent,
               paths.PACKAGE_DIR.parent, paths.datasets_dir()]
    chosen: list[Path] = []
    for path in sorted({p.resolve() for p in wanted}, key=lambda p: len(p.parts)):
        if not any(path == c or c in path.parents for c in chosen):
            chosen.append(path)
    args: list[str] = []
    made: set[Path] = {Path("/")}
    for path in chosen:
        for parent in reversed(path.parents):
            if parent not in made:
                args += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
        args += ["--ro-bind", str(path), str(path)]
        made.add(path)
    return args + links


@cache
def probe() -> str | None:
    """None when the sandbox works here; otherwise why it does not."""
    if not sys.platform.startswith("linux"):
        return f"bubblewrap sandboxes need Linux; this is {sys.platform}."
    for tool in ("bwrap", "prlimit") + (("setpriv",) if os.geteuid() == 0 else ()):
        if shutil.which(tool) is None:
            return f"'{tool}' is not installed (Debian/Ubuntu: apt-get install bubblewrap util-linux)."
    box = Sandbox.create()
    try:
        proc = subprocess.run(box.command([sys.executable, "-c", "import aitrain, socket; print('ok')"]),
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"bwrap could not start: {e}"
    finally:
        box.cleanup()
    if proc.returncode != 0 or proc.stdout.strip() != "ok":
        return f"bwrap could not start a confined Python: {proc.stderr.strip()[-300:]}"
    return None
