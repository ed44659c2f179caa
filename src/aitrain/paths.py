"""Where the curriculum's folders are.

Three places, tried in this order:

- the folder named by the environment variable AITRAIN_HOME (for example a copy of the course on a USB stick);
- the clone the package was installed from in editable mode (`pip install -e .`): authors work there;
- the copy shipped inside the installed package (`pip install aitrain-<version>.whl`), found with
  importlib.resources. It is read-only: participants work in a copy of modules/ in a folder they own, their
  participant folder (`participant_dir`), and the authors' commands that write the course refuse to run on it.

(A trainer's grading folder is something else: a course directory, made by `aitrain course init`.)
"""

import os
from importlib import resources
from pathlib import Path

from aitrain.errors import AitrainError

PACKAGE_DIR = Path(__file__).resolve().parent
CLONE_DIR = PACKAGE_DIR.parents[1]  # src/aitrain -> the repository, in an editable install
SHIPPED = ("data", "course")  # where the build puts datasets/, modules/, solutions/ and grading/ in the package
DEFAULT_PARTICIPANT_DIR = "~/aitrain-course"  # a participant's own copy of the notebooks (installed package)


def _is_course(folder: Path) -> bool:
    return (folder / "solutions").is_dir()


def shipped_dir() -> Path:
    """The course's folders inside the installed package (they exist only in a built wheel)."""
    return Path(str(resources.files("aitrain").joinpath(*SHIPPED)))


def home() -> Path:
    """The curriculum's root folder: the one holding solutions/, modules/ and datasets/."""
    env = os.environ.get("AITRAIN_HOME")
    if env:
        root = Path(env).expanduser().resolve()
        if not _is_course(root):
            raise AitrainError(
                f"AITRAIN_HOME is set to {root}, but there is no solutions/ folder there.",
                "Point AITRAIN_HOME at the aitrain folder, or unset it.",
            )
        return root
    if _is_course(CLONE_DIR) and (CLONE_DIR / "pyproject.toml").is_file():
        return CLONE_DIR
    shipped = shipped_dir()
    if _is_course(shipped):
        return shipped
    raise AitrainError(f"The course's notebooks and data are missing: neither {CLONE_DIR} nor {shipped} holds them.",
                       "Reinstall aitrain from its wheel (pip install aitrain-<version>.whl), or set AITRAIN_HOME.")


def installed() -> bool:
    """Whether the course in use is the read-only copy inside the installed package."""
    return PACKAGE_DIR in home().parents


def require_clone(command: str) -> Path:
    """The course's root, for a command that writes it; a clear error on the installed (read-only) copy."""
    if installed():
        raise AitrainError(f"'{command}' changes the course's files, and this aitrain is an installed package.",
                           "Run it in a clone of the course (pip install -e . there).")
    return home()


def solutions_dir() -> Path:
    return home() / "solutions"


def modules_dir() -> Path:
    return home() / "modules"


def datasets_dir() -> Path:
    env = os.environ.get("AITRAIN_DATASETS")
    return Path(env).expanduser().resolve() if env else home() / "datasets"


def participant_dir(folder: Path | None = None) -> Path:
    """The participant's folder, where they work on their copy of the notebooks: `folder` when given; else
    modules/ of a clone (or of AITRAIN_HOME), or ~/aitrain-course for an installed package."""
    if folder is not None:
        return Path(folder).expanduser().resolve()
    if not installed():
        return modules_dir()
    return Path(DEFAULT_PARTICIPANT_DIR).expanduser().resolve()
