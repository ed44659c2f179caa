"""The course's data sets: where each lives, how it is made, and how notebooks load it."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from aitrain import paths
from aitrain.datasets.generators import household_survey
from aitrain.errors import AitrainError


@dataclass(frozen=True)
class Dataset:
    """A file in datasets/ with its data card; `generate` rebuilds it (None for real data shipped as is)."""

    name: str
    filename: str
    generate: Callable[[], pd.DataFrame] | None = None
    read_options: dict | None = None

    @property
    def path(self) -> Path:
        return paths.datasets_dir() / self.filename

    @property
    def card(self) -> Path:
        return paths.datasets_dir() / f"{self.name}.md"


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in [
        Dataset("household_survey", "household_survey.csv", household_survey.generate),
    ]
}


def get(name: str) -> Dataset:
    if name not in DATASETS:
        raise AitrainError(f"There is no data set called {name!r}; the data sets are {', '.join(DATASETS)}.",
                           "Check the spelling in your load(...) call.")
    return DATASETS[name]


def load(name: str) -> pd.DataFrame:
    """Load one of the course's data sets as a table, from any folder."""
    dataset = get(name)
    if not dataset.path.is_file():
        raise AitrainError(f"The data file {dataset.path} is missing.",
                           "Run 'aitrain datasets build' (or 'make demo') to create it.")
    return pd.read_csv(dataset.path, **(dataset.read_options or {}))


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """The exact bytes a generated table is stored as, so that regenerating reproduces the file."""
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")
