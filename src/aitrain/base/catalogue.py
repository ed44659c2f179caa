"""The modules of the course, found from the folders and described by their notebooks' metadata.

Each module is one folder in solutions/, named after its id, holding one notebook of the same name, for example
solutions/02-proxy-means-test/02-proxy-means-test.ipynb. The notebook's metadata carries an "aitrain"
entry (id, title, minutes, objectives, prerequisites in words and as module ids under "requires", key
points, datasets) from which listings and schedules are computed.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from aitrain import paths
from aitrain.errors import AitrainError

REQUIRED_TEXT = ("id", "title", "story")
MODULE_FOLDER = re.compile(r"^\d+-")  # 02-proxy-means-test; not solutions/ru/ (a translation)
REQUIRED_LISTS = ("objectives", "prerequisites", "key_points", "datasets")


@dataclass(frozen=True)
class Module:
    id: str
    slug: str
    title: str
    story: str
    teaching_minutes: int
    exercise_minutes: int
    objectives: tuple[str, ...]
    prerequisites: tuple[str, ...]
    requires: tuple[tuple[str, ...], ...]  # module ids taught before this one; a tuple of ids: any one of them
    key_points: tuple[str, ...]
    datasets: tuple[str, ...]
    solution: Path

    @property
    def minutes(self) -> int:
        return self.teaching_minutes + self.exercise_minutes

    @property
    def notebook_name(self) -> str:
        return self.solution.name

    @property
    def release(self) -> Path:
        """The participant notebook generated from the solution."""
        return paths.modules_dir() / self.slug / self.notebook_name


def module_from_metadata(meta: dict, slug: str, solution: Path) -> Module:
    """Build a Module from a notebook's "aitrain" metadata, naming the module in any error."""
    where = f"Module {slug} ({solution})"
    if not isinstance(meta, dict) or not meta:
        raise AitrainError(f"{where} has no 'aitrain' entry in its notebook metadata.",
                           "Add one with id, title, story, minutes, objectives, key_points, datasets.")
    for key in REQUIRED_TEXT:
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise AitrainError(f"{where}: metadata field '{key}' is missing or empty.",
                               "Fill it in the notebook's metadata under 'aitrain'.")
    for key in REQUIRED_LISTS:
        value = meta.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise AitrainError(f"{where}: metadata field '{key}' must be a list of texts.",
                               "Fill it in the notebook's metadata under 'aitrain'.")
    for key in ("objectives", "key_points"):
        if not meta[key]:
            raise AitrainError(f"{where}: metadata field '{key}' is empty.",
                               f"Give the module at least one item under '{key}'.")
    minutes = meta.get("minutes")
    if not isinstance(minutes, dict) or not all(
        isinstance(minutes.get(k), int) and not isinstance(minutes.get(k), bool) and minutes[k] > 0
        for k in ("teaching", "exercises")
    ):
        raise AitrainError(f"{where}: metadata 'minutes' needs whole numbers for 'teaching' and 'exercises'.",
                           'For example: "minutes": {"teaching": 30, "exercises": 40}.')
    requires = _requires(meta.get("requires", []), where)
    if not slug.startswith(meta["id"] + "-"):
        raise AitrainError(f"{where}: metadata id '{meta['id']}' does not match the folder name.",
                           f"Name the folder '{meta['id']}-<short-name>' or correct the id.")
    return Module(
        id=meta["id"], slug=slug, title=meta["title"].strip(), story=meta["story"].strip(),
        teaching_minutes=minutes["teaching"], exercise_minutes=minutes["exercises"],
        objectives=tuple(meta["objectives"]), prerequisites=tuple(meta["prerequisites"]),
        requires=requires, key_points=tuple(meta["key_points"]), datasets=tuple(meta["datasets"]), solution=solution,
    )


def _requires(value: object, where: str) -> tuple[tuple[str, ...], ...]:
    """The metadata's "requires": module ids, or lists of ids of which any one will do."""
    entries = [[v] if isinstance(v, str) else v for v in value] if isinstance(value, list) else None
    if entries is None or not all(isinstance(e, list) and e and all(isinstance(i, str) and i.isdigit() for i in e)
                                  for e in entries):
        raise AitrainError(f"{where}: metadata field 'requires' must list module ids (or lists of alternative ids).",
                           'For example: "requires": ["00", ["02", "03"]] (module 00, and 02 or 03).')
    return tuple(tuple(e) for e in entries)


def read_module(folder: Path) -> Module:
    notebook = folder / f"{folder.name}.ipynb"
    if not notebook.is_file():
        raise AitrainError(f"Module folder {folder} has no notebook named {notebook.name}.",
                           "Each folder in solutions/ holds one notebook with the folder's name.")
    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception as exc:  # nbformat raises several types for unreadable files
        raise AitrainError(f"{notebook} is not a readable notebook ({exc}).",
                           "Restore it from git (git checkout -- <file>).") from exc
    return module_from_metadata(nb.metadata.get("aitrain", {}), folder.name, notebook)


def all_modules() -> list[Module]:
    """Every module in solutions/, in course order."""
    root = paths.solutions_dir()
    if not root.is_dir():
        raise AitrainError(f"There is no solutions/ folder at {root}.",
                           "Run aitrain from a clone of the course, or set AITRAIN_HOME.")
    folders = sorted(p for p in root.iterdir() if p.is_dir() and MODULE_FOLDER.match(p.name))
    return [read_module(f) for f in folders]


def find_modules(names: list[str] | None) -> list[Module]:
    """The modules named by id ("02", or "2") or folder name ("02-proxy-means-test"); all when none are named."""
    modules = all_modules()
    if not names:
        return modules
    by_name = {m.id: m for m in modules} | {m.slug: m for m in modules}
    names = [str(int(n)).zfill(2) if n.isdigit() and str(int(n)).zfill(2) in by_name else n for n in names]
    unknown = [n for n in names if n not in by_name]
    if unknown:
        known = ", ".join(m.id for m in modules)
        raise AitrainError(f"Unknown module {', '.join(repr(n) for n in unknown)}; the modules are {known}.",
                           "Run 'aitrain modules' to see their titles.")
    return [by_name[n] for n in names]
