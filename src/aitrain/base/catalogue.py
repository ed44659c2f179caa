"""The modules of the course, found from the folders and described by their notebooks' metadata.

Each module is one folder in solutions/, named after its id, holding one notebook of the same name, for example
solutions/02-proxy-means-test/02-proxy-means-test.ipynb. The notebook's metadata carries an "aitrain"
entry (id, title, minutes, objectives, prerequisites in words and as module ids under "requires", key
points, datasets) from which listings and schedules are computed. A module with a policy path (cells tagged
"policy", aitrain.base.path_cells) also says, under "policy", its minutes on that path and, when they differ
from the coded path's without module 00 (programming), the modules it needs before it:
"policy": {"minutes": {"teaching": 40, "exercises": 45}, "requires": ["01"]}.
"""

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path

import nbformat

from aitrain import paths
from aitrain.base import timing
from aitrain.base.edition import CODED, POLICY
from aitrain.base.path_cells import paths_of
from aitrain.errors import AitrainError

REQUIRED_TEXT = ("id", "title", "story")
MODULE_FOLDER = re.compile(r"^\d+-")  # 02-proxy-means-test; not solutions/ru/ (a translation)
REQUIRED_LISTS = ("objectives", "prerequisites", "key_points", "datasets")
PROGRAMMING = "00"  # the module the policy path does not need: Python and pandas


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
    paths: tuple[str, ...] = (CODED,)  # the paths its notebook has
    path: str = CODED  # the path these minutes and prerequisites are for (see on_path)
    policy: tuple[int, int, tuple[tuple[str, ...], ...]] | None = None  # policy (teaching, exercises, requires)

    def on_path(self, path: str) -> "Module":
        """The module on a path: its minutes and prerequisites there. A module without a policy notebook yet
        (see has_path) is timed from its coded notebook read as on the policy path (aitrain.base.timing), and needs
        what its coded notebook needs but module 00."""
        if path == self.path:
            return self
        if path == CODED:
            raise AitrainError(f"Module {self.slug} was already set on the {self.path} path.", "Use the module "
                               "from the catalogue.")
        if self.policy is None:
            estimate = timing.estimate(self.solution, path) if self.solution.is_file() else None
            return replace(self, path=path, requires=tuple(r for r in self.requires if PROGRAMMING not in r),
                           **({"teaching_minutes": estimate.teaching, "exercise_minutes": estimate.exercises}
                              if estimate else {}))
        teaching, exercises, requires = self.policy
        return replace(self, path=path, teaching_minutes=teaching, exercise_minutes=exercises, requires=requires)

    def has_path(self, path: str) -> bool:
        return path in self.paths

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


def _minutes(minutes: object, where: str, key: str = "minutes") -> tuple[int, int]:
    if not isinstance(minutes, dict) or not all(
        isinstance(minutes.get(k), int) and not isinstance(minutes.get(k), bool) and minutes[k] > 0
        for k in ("teaching", "exercises")
    ):
        raise AitrainError(f"{where}: metadata '{key}' needs whole numbers for 'teaching' and 'exercises'.",
                           'For example: "minutes": {"teaching": 30, "exercises": 40}.')
    return minutes["teaching"], minutes["exercises"]


def _policy(meta: dict, paths_: tuple[str, ...], requires, where: str):
    """The policy path's (teaching, exercises, requires), or None for a module without one."""
    if POLICY not in paths_:
        if "policy" in meta:
            raise AitrainError(f"{where}: metadata 'policy' describes a policy path, but no cell is tagged 'policy'.",
                               "Tag the policy path's cells 'policy', or remove the metadata.")
        return None
    policy = meta.get("policy")
    if not isinstance(policy, dict):
        raise AitrainError(f"{where}: cells are tagged 'policy' but the metadata has no 'policy' entry.",
                           'Add "policy": {"minutes": {"teaching": ..., "exercises": ...}} under "aitrain".')
    teaching, exercises = _minutes(policy.get("minutes"), where, "policy.minutes")
    needs = _requires(policy["requires"], where) if "requires" in policy else \
        tuple(r for r in requires if PROGRAMMING not in r)
    return teaching, exercises, needs


def module_from_metadata(meta: dict, slug: str, solution: Path, paths_: tuple[str, ...] = (CODED,)) -> Module:
    """Build a Module from a notebook's "aitrain" metadata and the paths its cells have, naming the module in
    any error."""
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
    teaching, exercises = _minutes(meta.get("minutes"), where)
    requires = _requires(meta.get("requires", []), where)
    if not slug.startswith(meta["id"] + "-"):
        raise AitrainError(f"{where}: metadata id '{meta['id']}' does not match the folder name.",
                           f"Name the folder '{meta['id']}-<short-name>' or correct the id.")
    return Module(
        id=meta["id"], slug=slug, title=meta["title"].strip(), story=meta["story"].strip(),
        teaching_minutes=teaching, exercise_minutes=exercises,
        objectives=tuple(meta["objectives"]), prerequisites=tuple(meta["prerequisites"]),
        requires=requires, key_points=tuple(meta["key_points"]), datasets=tuple(meta["datasets"]), solution=solution,
        paths=paths_, policy=_policy(meta, paths_, requires, where),
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
    return _module_of(notebook, notebook.read_bytes())


@functools.lru_cache(maxsize=256)
def _module_of(notebook: Path, data: bytes) -> Module:
    """Keyed on the notebook's bytes: a command or a test run reads the catalogue again and again (each
    `find_modules`), and parsing and validating 21 notebooks takes about 0.1 CPU-second each time."""
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception as exc:  # nbformat raises several types for unreadable files
        raise AitrainError(f"{notebook} is not a readable notebook ({exc}).",
                           "Restore it from git (git checkout -- <file>).") from exc
    return module_from_metadata(nb.metadata.get("aitrain", {}), notebook.parent.name, notebook, paths_of(nb))


def all_modules() -> list[Module]:
    """Every module in solutions/, in course order."""
    root = paths.solutions_dir()
    if not root.is_dir():
        raise AitrainError(f"There is no solutions/ folder at {root}.",
                           "Run aitrain from a clone of the course, or set AITRAIN_HOME.")
    folders = sorted(p for p in root.iterdir() if p.is_dir() and MODULE_FOLDER.match(p.name))
    return [read_module(f) for f in folders]


# The programme's notebooks around the modules (issue 29), graded by the same pipeline but not modules: no track,
# syllabus or module listing shows them. Named on the command line by id ("pre") or folder.
PROGRAMME = ("pre-assessment", "post-assessment", "evaluation-form", "capstone-workbook")


def programme_notebooks() -> list[Module]:
    """The before-and-after assessment, the evaluation form and the capstone workbook, as the grading pipeline
    sees a module (their notebooks carry the same metadata)."""
    root = paths.solutions_dir()
    return [read_module(root / folder) for folder in PROGRAMME if (root / folder).is_dir()]


def find_modules(names: list[str] | None) -> list[Module]:
    """The modules named by id ("02", or "2") or folder name ("02-proxy-means-test"), or the programme's notebooks
    ("pre", "post-assessment"); all modules when none are named."""
    modules = all_modules()
    if not names:
        return modules
    modules += programme_notebooks()
    by_name = {m.id: m for m in modules} | {m.slug: m for m in modules}
    names = [str(int(n)).zfill(2) if n.isdigit() and str(int(n)).zfill(2) in by_name else n for n in names]
    unknown = [n for n in names if n not in by_name]
    if unknown:
        known = ", ".join(m.id for m in modules)
        raise AitrainError(f"Unknown module {', '.join(repr(n) for n in unknown)}; the modules are {known}.",
                           "Run 'aitrain modules' to see their titles.")
    return [by_name[n] for n in names]
