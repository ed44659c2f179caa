"""Where the curriculum's folders are.

The package is installed in editable mode from the repository, so the folders are found next to it. The
environment variable AITRAIN_HOME points elsewhere (for example a copy of the course on a USB stick).
"""

import os
from pathlib import Path

from aitrain.errors import AitrainError

PACKAGE_DIR = Path(__file__).resolve().parent


def home() -> Path:
    """The curriculum's root folder: the one holding solutions/, modules/ and datasets/."""
    env = os.environ.get("AITRAIN_HOME")
    if env:
        root = Path(env).expanduser().resolve()
        if not (root / "solutions").is_dir():
            raise AitrainError(
                f"AITRAIN_HOME is set to {root}, but there is no solutions/ folder there.",
                "Point AITRAIN_HOME at the aitrain folder, or unset it.",
            )
        return root
    return PACKAGE_DIR.parents[1]


def solutions_dir() -> Path:
    return home() / "solutions"


def modules_dir() -> Path:
    return home() / "modules"


def datasets_dir() -> Path:
    env = os.environ.get("AITRAIN_DATASETS")
    return Path(env).expanduser().resolve() if env else home() / "datasets"
