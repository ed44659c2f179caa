"""Regenerate the synthetic data sets, or verify that the committed files match their generators."""

from collections.abc import Iterable
from dataclasses import dataclass

from aitrain import paths
from aitrain.datasets.registry import DATASETS, Dataset
from aitrain.errors import AitrainError


@dataclass(frozen=True)
class DatasetStatus:
    name: str
    status: str  # "written", "unchanged", "matches", "differs", "missing", "no card"

    @property
    def ok(self) -> bool:
        return self.status in {"written", "unchanged", "matches"}


def _selected(names: Iterable[str] | None) -> list[Dataset]:
    names = list(names or [])
    unknown = [n for n in names if n not in DATASETS]
    if unknown:
        raise AitrainError(f"Unknown data set(s) {', '.join(unknown)}; the data sets are {', '.join(DATASETS)}.")
    return [DATASETS[n] for n in names] if names else list(DATASETS.values())


def build(names: Iterable[str] | None = None, only_missing: bool = False) -> list[DatasetStatus]:
    """Write each synthetic data set's file from its generator (or only those missing)."""
    outcomes = []
    for dataset in _selected(names):
        if dataset.generate is None or (only_missing and dataset.path.is_file()):
            continue
        data = dataset.encode(dataset.generate())
        if dataset.path.is_file() and dataset.path.read_bytes() == data:
            outcomes.append(DatasetStatus(dataset.name, "unchanged"))
            continue
        paths.require_clone("aitrain datasets build")
        dataset.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = dataset.path.with_suffix(dataset.path.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(dataset.path)
        outcomes.append(DatasetStatus(dataset.name, "written"))
    return outcomes


def check(names: Iterable[str] | None = None) -> list[DatasetStatus]:
    """Compare every committed file with what its generator makes now; every data set needs a card."""
    outcomes = []
    for dataset in _selected(names):
        if dataset.read is None and not dataset.path.is_file():
            outcomes.append(DatasetStatus(dataset.name, "missing"))
        elif not dataset.card.is_file():
            outcomes.append(DatasetStatus(dataset.name, "no card"))
        elif dataset.generate is not None and dataset.path.read_bytes() != dataset.encode(dataset.generate()):
            outcomes.append(DatasetStatus(dataset.name, "differs"))
        else:
            outcomes.append(DatasetStatus(dataset.name, "matches"))
    return outcomes
