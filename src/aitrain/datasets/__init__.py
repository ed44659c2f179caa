"""The course's data sets: `load(name)` for notebooks, `build()` and `check()` for the command line."""

from aitrain.datasets.registry import DATASETS, Dataset, get, load
from aitrain.datasets.store import build, check

__all__ = ["DATASETS", "Dataset", "build", "check", "get", "load"]
