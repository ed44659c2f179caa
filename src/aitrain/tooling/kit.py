"""`aitrain kit build DIR`: a folder for a USB stick that installs the course on laptops with no internet.

For each platform the kit gets a wheelhouse resolved for that platform (not for the computer building the
kit): `uv pip compile --python-platform` evaluates the environment markers for the target, so Windows gets
its Windows-only packages (pywinpty, colorama, ...), then `pip download --platform --no-deps` fetches exactly
those pinned wheels. Each wheelhouse holds the course's own wheel too, and install.sh / install.bat install
from it with `pip install --no-index` into a new virtual environment, then run `aitrain doctor`.
"""

import email.parser
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from aitrain import paths
from aitrain.errors import AitrainError

MACOS = "12.0"  # oldest macOS the kit supports (Monterey); wheels built for newer macOS are not taken
GLIBC = 28  # manylinux_2_28: Debian 10, Ubuntu 18.10, RHEL 8 and newer


@dataclass(frozen=True)
class Platform:
    name: str
    uv: str  # uv's --python-platform
    pip: tuple[str, ...]  # pip download's --platform tags, newest first
    env: tuple[tuple[str, str], ...] = ()


PLATFORMS = {p.name: p for p in (
    Platform("windows-amd64", "x86_64-pc-windows-msvc", ("win_amd64",)),
    Platform("macos-arm64", "aarch64-apple-darwin", (f"macosx_{MACOS.replace('.', '_')}_arm64",),
             (("MACOSX_DEPLOYMENT_TARGET", MACOS),)),
    Platform("macos-x86_64", "x86_64-apple-darwin", (f"macosx_{MACOS.replace('.', '_')}_x86_64",),
             (("MACOSX_DEPLOYMENT_TARGET", MACOS),)),
    Platform("linux-x86_64", f"x86_64-manylinux_2_{GLIBC}",
             tuple(f"manylinux_2_{v}_x86_64" for v in range(GLIBC, 16, -1))
             + ("manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64", "linux_x86_64")),
)}


@dataclass(frozen=True)
class Wheelhouse:
    platform: str
    folder: Path
    wheels: int
    bytes: int


def _run(argv: list[str], what: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise AitrainError(f"{what} failed:\n{tail}", "Check the network connection to the package index, then retry.")
    return done.stdout


def uv_bin() -> str:
    try:
        from uv import find_uv_bin
    except ImportError as exc:
        raise AitrainError("Building a kit needs uv, to resolve each platform's packages.",
                           'Install the authors\' tools: pip install -e ".[dev]" (or pip install uv).') from exc
    return find_uv_bin()


def course_wheel(dest: Path) -> Path:
    """Build the course's wheel from the clone into `dest`."""
    root = paths.require_clone("aitrain kit build")
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("aitrain-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="aitrain-wheel-") as tmp:
        # pip builds in a temporary copy-free build folder; build/ in the clone is reused by setuptools, so clean it
        _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", tmp, str(root)],
             "Building the course's wheel")
        shutil.rmtree(root / "build", ignore_errors=True)
        [wheel] = Path(tmp).glob("aitrain-*.whl")
        return Path(shutil.copy2(wheel, dest))


def requirements_of(wheel: Path) -> list[str]:
    """The wheel's own dependencies (not its extras)."""
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(zf.read(name).decode())
    return [r for r in meta.get_all("Requires-Dist") or [] if "extra ==" not in r]


def resolve(requirements: list[str], platform: Platform, python: str, workdir: Path) -> Path:
    """Pin every package the course needs on `platform`, markers evaluated for that platform."""
    source, pinned = workdir / f"{platform.name}.in", workdir / f"{platform.name}.txt"
    source.write_text("\n".join(requirements) + "\n", encoding="utf-8")
    env = {**os.environ, **dict(platform.env)}
    _run([uv_bin(), "pip", "compile", str(source), "--output-file", str(pinned), "--python-platform", platform.uv,
          "--python-version", python, "--only-binary", ":all:", "--no-header", "--no-annotate", "--quiet"],
         f"Resolving the packages for {platform.name}", env)
    return pinned


def download(pinned: Path, platform: Platform, python: str, folder: Path) -> None:
    """Fetch the pinned wheels for `platform` (and no others: --no-deps, the list is complete)."""
    folder.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
            "--python-version", python, "--implementation", "cp", "--dest", str(folder), "-r", str(pinned)]
    for tag in platform.pip:
        argv += ["--platform", tag]
    _run(argv, f"Downloading the wheels for {platform.name}")


def write_installers(dest: Path, python: str) -> None:
    """install.sh, install.bat and README.txt from the templates, for this kit's Python version."""
    templates = resources.files("aitrain").joinpath("data", "kit")
    for name, newline in (("install.sh", "\n"), ("install.bat", "\r\n"), ("README.txt", "\n")):
        text = templates.joinpath(name).read_text(encoding="utf-8").replace("@PYTHON@", python)
        (dest / name).write_text(text, encoding="utf-8", newline=newline)
    (dest / "install.sh").chmod(0o755)


def size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def build(dest: Path, platforms: list[str] | None = None, python: str = "3.11",
          wheel: Path | None = None) -> list[Wheelhouse]:
    """Write the kit into `dest`: wheels/<platform>/ for each platform, install.sh, install.bat, README.txt."""
    unknown = [p for p in platforms or [] if p not in PLATFORMS]
    if unknown:
        raise AitrainError(f"Unknown platform(s) {', '.join(unknown)}.", f"Choose from {', '.join(PLATFORMS)}.")
    chosen = [PLATFORMS[p] for p in platforms] if platforms else list(PLATFORMS.values())
    dest = dest.expanduser().resolve()
    if wheel is not None and not wheel.is_file():
        raise AitrainError(f"There is no wheel {wheel}.", "Give the course's wheel (aitrain-<version>.whl).")
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aitrain-kit-") as tmp:
        course = wheel.resolve() if wheel is not None else course_wheel(Path(tmp) / "course")
        requirements = requirements_of(course)
        houses = []
        for platform in chosen:
            folder = dest / "wheels" / platform.name
            if folder.is_dir():
                shutil.rmtree(folder)  # a wheelhouse holds one resolution only
            download(resolve(requirements, platform, python, Path(tmp)), platform, python, folder)
            shutil.copy2(course, folder)
            houses.append(Wheelhouse(platform.name, folder, len(list(folder.glob("*.whl"))), size(folder)))
    write_installers(dest, python)
    return houses
