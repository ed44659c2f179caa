"""`aitrain doctor`: check that a laptop or server has what a session needs, and say how to fix what is missing.

Each check returns Findings: "ok", "warning" (the session can go ahead) or "problem" (it cannot). The checks
call the outside world only through `_run`, `shutil.which` and importlib.metadata, so tests can fake failures.
"""

import importlib.metadata
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from aitrain import paths
from aitrain.errors import AitrainError

OK, WARNING, PROBLEM = "ok", "warning", "problem"
REINSTALL = 'Reinstall the course\'s environment: pip install -e ".[dev]" (or make test), or conda env update.'

# nbgrader's JupyterLab plugins and server extensions: what participants need, and what trainers need as well.
NBGRADER_LAB = "@jupyter/nbgrader"
PARTICIPANT_EXTENSIONS = (("validate-assignment", "validate_assignment"), ("assignment-list", "assignment_list"))
TRAINER_EXTENSIONS = (("formgrader", "formgrader"), ("create-assignment", None), ("course-list", "course_list"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class Finding:
    check: str
    status: str
    detail: str
    todo: str = ""

    @property
    def ok(self) -> bool:
        return self.status != PROBLEM


def _run(argv: list[str], timeout: float = 60) -> tuple[int, str]:
    """Run a program; return its exit status and its output (stdout and stderr together)."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    except FileNotFoundError:
        return 127, f"{argv[0]}: not found"
    except subprocess.TimeoutExpired:
        return 124, f"{argv[0]}: no answer after {timeout:.0f} s"
    return done.returncode, (done.stdout or "") + (done.stderr or "")


def requirements() -> tuple[str, list[Requirement]]:
    """The Python version and packages the course needs: from pyproject.toml in a clone, else the installed
    package's metadata."""
    pyproject = paths.home() / "pyproject.toml"
    if pyproject.is_file():
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        return project["requires-python"], [Requirement(r) for r in project["dependencies"]]
    meta = importlib.metadata.metadata("aitrain")
    reqs = [Requirement(r) for r in importlib.metadata.requires("aitrain") or []]
    return meta["Requires-Python"], [r for r in reqs if r.marker is None]


def check_python() -> list[Finding]:
    needed, _ = requirements()
    version = platform.python_version()
    if SpecifierSet(needed).contains(version, prereleases=True):
        return [Finding("Python", OK, f"Python {version} ({sys.executable})")]
    return [Finding("Python", PROBLEM, f"Python {version} is too old; the course needs Python {needed}.",
                    "Install a newer Python (or Miniforge) and create the course's environment with it.")]


def check_packages() -> list[Finding]:
    _, reqs = requirements()
    findings = []
    for req in reqs:
        try:
            installed = importlib.metadata.version(req.name)
        except importlib.metadata.PackageNotFoundError:
            findings.append(Finding(f"package {req.name}", PROBLEM, f"{req.name} is not installed.", REINSTALL))
            continue
        if not req.specifier.contains(installed, prereleases=True):
            findings.append(Finding(f"package {req.name}", PROBLEM,
                                    f"{req.name} {installed} is installed; the course needs {req.name}{req.specifier}.",
                                    f'Upgrade it: pip install "{req}".'))
    return findings or [Finding("packages", OK, f"all {len(reqs)} packages at or above the course's minimum")]


def check_kernel() -> list[Finding]:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        return [Finding("kernel", PROBLEM, "Jupyter has no 'python3' kernel.",
                        "Install one for this environment: python -m ipykernel install --user")]
    python = spec.argv[0]
    if python in {"python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}"}:
        python = sys.executable  # what jupyter_client does when it starts the kernel
    status, output = _run([python, "-c", "import aitrain, numpy, pandas, sklearn"], timeout=120)
    if status != 0:
        return [Finding("kernel", PROBLEM,
                        f"The 'python3' kernel ({python}) cannot import the course's packages: "
                        f"{output.strip().splitlines()[-1] if output.strip() else 'exit ' + str(status)}",
                        "Point the kernel at the course's environment: "
                        f"{sys.executable} -m ipykernel install --user")]
    return [Finding("kernel", OK, f"'python3' kernel ({python}) imports the course's packages")]


def _enabled(listing: str, name: str) -> bool:
    """Whether `jupyter labextension list` or `jupyter server extension list` shows `name` as enabled."""
    return any(line.split()[:1] == [name] and "enabled" in line.split() for line in listing.splitlines())


def _plugin_disabled(listing: str, plugin: str) -> bool:
    """Whether the lab listing's "Disabled extensions" section names the plugin (or its whole package)."""
    section = listing.split("Disabled extensions:", 1)[1] if "Disabled extensions:" in listing else ""
    return any(line.split()[:1] in ([plugin], [NBGRADER_LAB]) for line in section.splitlines())


def check_extensions(trainer: bool = False) -> list[Finding]:
    jupyter = [sys.executable, "-m", "jupyter"]
    lab_status, lab = _run([*jupyter, "labextension", "list"])
    server_status, server = _run([*jupyter, "server", "extension", "list"])
    lab, server = ANSI.sub("", lab), ANSI.sub("", server)
    if lab_status != 0 or server_status != 0:
        return [Finding("nbgrader extensions", PROBLEM, "Could not list JupyterLab's extensions: "
                        + (lab if lab_status else server).strip()[-200:], REINSTALL)]
    if not _enabled(lab, NBGRADER_LAB):
        return [Finding("nbgrader extensions", PROBLEM, f"nbgrader's JupyterLab extension ({NBGRADER_LAB}) is not "
                        "installed or not enabled.", f"Run: jupyter labextension enable {NBGRADER_LAB}   "
                        "(if it is not listed at all: " + REINSTALL + ")")]
    findings = []
    wanted = PARTICIPANT_EXTENSIONS + (TRAINER_EXTENSIONS if trainer else ())
    for plugin, server_name in wanted:
        todo = []
        if _plugin_disabled(lab, f"{NBGRADER_LAB}:{plugin}"):
            todo.append(f"jupyter labextension enable {NBGRADER_LAB}:{plugin}")
        if server_name and not _enabled(server, f"nbgrader.server_extensions.{server_name}"):
            todo.append(f"jupyter server extension enable nbgrader.server_extensions.{server_name}")
        if todo:
            findings.append(Finding(f"nbgrader {plugin}", PROBLEM,
                                    f"nbgrader's {plugin} extension is switched off.", "Run: " + " and ".join(todo)))
    return findings or [Finding("nbgrader extensions", OK,
                                f"nbgrader's {', '.join(p for p, _ in wanted)} extensions are enabled")]


def check_datasets() -> list[Finding]:
    from aitrain import datasets

    try:
        outcomes = datasets.check()
    except AitrainError as e:
        return [Finding("data sets", PROBLEM, e.what, e.todo)]
    bad = [o for o in outcomes if not o.ok]
    if bad:
        return [Finding(f"data set {o.name}", PROBLEM, f"{o.name} is {o.status} (in {paths.datasets_dir()}).",
                        "Run: aitrain datasets build" if o.status in ("missing", "differs")
                        else f"Restore its data card datasets/{o.name}.md from the course (git checkout).")
                for o in bad]
    return [Finding("data sets", OK, f"{len(outcomes)} data set(s) present and intact")]


def _writable(folder: Path) -> str:
    """"" when a file can be created in `folder`, else why not."""
    if not folder.exists():
        return "does not exist"
    if not folder.is_dir():
        return "it is not a folder"
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".aitrain-doctor-"):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return ""


def check_folders() -> list[Finding]:
    participant = paths.participant_dir()
    while not participant.exists() and participant.parent != participant:  # `aitrain lab` creates it on first run
        participant = participant.parent
    folders = {"the course's notebooks": participant, "temporary folder": Path(tempfile.gettempdir())}
    findings = []
    for label, folder in folders.items():
        why = _writable(folder)
        if why:
            findings.append(Finding(f"folder {label}", PROBLEM, f"Cannot write in {folder}: {why}.",
                                    "Copy the course to a folder you own (for example your Documents) and work there."))
    return findings or [Finding("folders", OK, f"{participant} and the temporary folder are writable")]


def check_sandbox(trainer: bool = False) -> list[Finding]:
    level = PROBLEM if trainer else WARNING
    who = "Trainers need it to grade submissions safely" if trainer else "Only trainers need it, to grade"
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return [Finding("grading sandbox", level, f"bubblewrap (bwrap) is not installed. {who}.",
                        "Install it: sudo apt-get install bubblewrap (Debian/Ubuntu) or sudo dnf install bubblewrap.")]
    status, output = _run([bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "true"], timeout=30)
    if status != 0:
        return [Finding("grading sandbox", level, f"bwrap is installed but cannot start a sandbox: "
                        f"{output.strip()[-200:] or 'exit ' + str(status)}. {who}.",
                        "Allow unprivileged user namespaces (sudo sysctl -w kernel.unprivileged_userns_clone=1, or "
                        "on Ubuntu 24.04 an AppArmor profile for bwrap), or grade on a machine where bwrap works.")]
    return [Finding("grading sandbox", OK, f"bwrap works ({bwrap})")]


def check_fonts() -> list[Finding]:
    """Participants' names in every script of the course draw in the cohort report's figures (not as boxes)."""
    from aitrain.base import fonts

    missing = fonts.missing_scripts()
    if not missing:
        return [Finding("fonts", OK, f"names in {', '.join(fonts.SAMPLES)} script draw in figures "
                        f"({', '.join(fonts.matplotlib_families())})")]
    scripts = ", ".join(missing)
    return [Finding("fonts", WARNING, f"Names in {scripts} script would be drawn as boxes in the cohort report's "
                    "figures (no font has their letters).", fonts.INSTALL.format(scripts=" ".join(missing)))]


def diagnose(trainer: bool = False) -> list[Finding]:
    """Run every check; a check that crashes is itself reported as a problem."""
    checks = [check_python, check_packages, check_kernel, lambda: check_extensions(trainer), check_datasets,
              check_folders, lambda: check_sandbox(trainer)] + ([check_fonts] if trainer else [])
    findings = []
    for check in checks:
        try:
            findings += check()
        except Exception as exc:  # a doctor must report, not crash
            name = getattr(check, "__name__", "check").removeprefix("check_")
            findings.append(Finding(name, PROBLEM, f"The check failed: {exc!r}", REINSTALL))
    return findings
