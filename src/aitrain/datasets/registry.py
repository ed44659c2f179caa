"""The course's data sets: where each lives, how it is made, and how notebooks load it."""

import io
import pickle
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from aitrain import i18n, paths
from aitrain.errors import AitrainError


@dataclass(frozen=True)
class Dataset:
    """A data set and its card (datasets/<name>.md).

    Synthetic data: a file in datasets/ that `generate` rebuilds exactly. Real data: a file committed as is
    (`generate` None), or data shipped inside a dependency, which `read` returns (no file at all).
    A table is stored as .csv; arrays (for example images) as .npz, from a dict of NumPy arrays.
    `categories` names the columns whose values notebooks show, and `values` the further category names they
    show (the labels of coded values, or the few rows of a large column that are shown): a translation shows
    each by its name in the reader's language (aitrain.category_names; `aitrain translate` lists them).
    """

    name: str
    filename: str = ""
    generate: Callable[[], pd.DataFrame | dict[str, np.ndarray]] | None = None
    read: Callable[[], pd.DataFrame] | None = None
    read_options: dict | None = None
    categories: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    # For an edition in another language (`<name>_<language>`): whether a kernel in that language loads it in
    # place of `<name>`; False while the data it goes with are not translated yet.
    edition_in_use: bool = True

    @property
    def path(self) -> Path:
        return paths.datasets_dir() / self.filename

    @property
    def card(self) -> Path:
        return paths.datasets_dir() / f"{self.name}.md"

    @property
    def format(self) -> str:
        """"npz" for arrays, "csv" for a table, from the file's name."""
        return "npz" if self.filename.endswith(".npz") else "csv"

    def encode(self, data) -> bytes:
        """The exact bytes generated data are stored as, so that regenerating reproduces the file."""
        return to_npz_bytes(data) if self.format == "npz" else to_csv_bytes(data)


def category_values(dataset: Dataset) -> list[str]:
    """The category values the data set's notebooks show, in the data's spelling: its declared `values`, then
    the values of its `categories` columns (a numbered place, "Gulzar-3", by its base name "Gulzar"); values
    without a letter ("18-34") are left out."""
    from aitrain.category_names import base_name

    found = list(dataset.values)
    if dataset.categories:
        table = load(dataset.name)
        for column in dataset.categories:
            found += [base_name(v) for v in table[column].drop_duplicates() if isinstance(v, str)]
    return [v for v in dict.fromkeys(found) if any(c.isalpha() for c in v)]


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


def edition(name: str) -> str:
    """The data set a notebook in the kernel's language reads for `name`: `<name>_<language>` when the course
    has that edition (the Russian requests of module 07), else `name` itself."""
    translated = f"{name}_{i18n.language()}"
    in_use = translated in DATASETS and DATASETS[translated].edition_in_use
    return translated if i18n.language() != "en" and in_use else name


def load(name: str) -> pd.DataFrame | dict[str, np.ndarray]:
    """Load one of the course's data sets, from any folder: a table, or a dict of arrays for an .npz file.

    In a kernel speaking another language (`aitrain.use_language`), a data set with an edition in that language
    loads that edition (`edition`): the Russian notebooks read Russian texts with the same labels.

    A file is parsed once per kernel while it stays the same (path, size, modification time); each call gets
    its own copy (a notebook, its checks and its hidden tests load the same tables several times)."""
    dataset = get(edition(name))
    if dataset.read is not None:
        return dataset.read()
    if not dataset.path.is_file():
        raise AitrainError(f"The data file {dataset.path} is missing.",
                           "Run 'aitrain datasets build' (or 'make demo') to create it.")
    state = dataset.path.stat()
    key = (str(dataset.path.resolve()), state.st_size, state.st_mtime_ns, repr(dataset.read_options))
    if key not in _PARSED:
        if len(_PARSED) >= PARSED_KEPT:
            _PARSED.clear()
        _PARSED[key] = _parse(dataset)
    return _copy(_PARSED[key])


PARSED_KEPT = 16  # parsed files kept in memory (a module loads a handful)
_PARSED: dict[tuple, pd.DataFrame | dict[str, np.ndarray]] = {}


def _copy(data: pd.DataFrame | dict[str, np.ndarray]) -> pd.DataFrame | dict[str, np.ndarray]:
    """A copy laid out in memory exactly as the parsed data (DataFrame.copy would consolidate its columns into
    blocks, and a model fitted on another layout can differ in its last digits)."""
    if isinstance(data, dict):
        return {key: np.array(array, copy=True, order="K") for key, array in data.items()}
    return pickle.loads(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def _parse(dataset: Dataset) -> pd.DataFrame | dict[str, np.ndarray]:
    if dataset.format == "npz":
        with np.load(dataset.path, allow_pickle=False) as arrays:
            return {key: arrays[key] for key in arrays.files}
    return pd.read_csv(dataset.path, **(dataset.read_options or {}))


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """The exact bytes a generated table is stored as, so that regenerating reproduces the file."""
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


# A fixed time stamp for every member of an .npz file (the earliest a zip file can hold).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def to_npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """Arrays as the bytes of an .npz file that np.load reads, identical for identical arrays.

    np.savez stamps each member with the current time; here members are written in the dict's order with a
    fixed time stamp and without compression (compressed bytes can differ between zlib builds).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for key, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=ZIP_TIME)
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


DATASETS: dict[str, Dataset] = _discover()
