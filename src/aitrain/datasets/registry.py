"""The course's data sets: where each lives, how it is made, and how notebooks load it."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from aitrain import paths
from aitrain.errors import AitrainError


@dataclass(frozen=True)
class Dataset:
    """A data set and its card (datasets/<name>.md).

    Synthetic data: a file in datasets/ that `generate` rebuilds exactly. Real data: a file committed as is
    (`generate` None), or data shipped inside a dependency, which `read` returns (no file at all).
    """

    name: str
    filename: str = ""
    generate: Callable[[], pd.DataFrame] | None = None
    read: Callable[[], pd.DataFrame] | None = None
    read_options: dict | None = None

    @property
    def path(self) -> Path:
        return paths.datasets_dir() / self.filename

    @property
    def card(self) -> Path:
        return paths.datasets_dir() / f"{self.name}.md"


def _discover() -> dict[str, Dataset]:
    """Collect the DATASETS list that each module of aitrain.datasets.generators declares."""
    import importlib
    import pkgutil

    from aitrain.datasets import generators

    found: dict[str, Dataset] = {}
    for info in sorted(pkgutil.iter_modules(generators.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{generators.__name__}.{info.name}")
        for dataset in getattr(module, "DATASETS", []):
            if dataset.name in found:
                raise RuntimeError(f"data set {dataset.name!r} is declared twice (in {info.name})")
            found[dataset.name] = dataset
    return found


def get(name: str) -> Dataset:
    if name not in DATASETS:
        raise AitrainError(f"There is no data set called {name!r}; the data sets are {', '.join(DATASETS)}.",
                           "Check the spelling in your load(...) call.")
    return DATASETS[name]


def load(name: str) -> pd.DataFrame:
    """Load one of the course's data sets as a table, from any folder."""
    dataset = get(name)
    if dataset.read is not None:
        return dataset.read()
    if not dataset.path.is_file():
        raise AitrainError(f"The data file {dataset.path} is missing.",
                           "Run 'aitrain datasets build' (or 'make demo') to create it.")
    return pd.read_csv(dataset.path, **(dataset.read_options or {}))


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """The exact bytes a generated table is stored as, so that regenerating reproduces the file."""
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


DATASETS: dict[str, Dataset] = _discover()
