"""The contract between a module's notebook, its exercise file and the grader's tamper probe."""

import ast
import importlib
import inspect
import io
import pkgutil
import re
from contextlib import redirect_stdout

import pytest
from IPython.core.inputtransformer2 import TransformerManager
from IPython.core.interactiveshell import InteractiveShell
from notebook_cells import checker_name, read

import aitrain.exercises
from aitrain import paths, small_area
from aitrain.base import catalogue, path_cells
from aitrain.base.edition import PATHS, Edition
from aitrain.feedback import Exercise
from aitrain.grading import integrity
from aitrain.grading.notebook_imports import imported_modules, notebook_helper_modules

FOLDERS = sorted(m.slug for m in catalogue.all_modules())
EXERCISE_FILES = sorted(m.name for m in pkgutil.iter_modules(aitrain.exercises.__path__))


def exercise_file(folder: str) -> str:
    """01-scoping-ai -> scoping_ai"""
    return folder.split("-", 1)[1].replace("-", "_")


def code_trees(folder: str) -> list[ast.Module]:
    cells = read(paths.solutions_dir() / folder / f"{folder}.ipynb").cells
    return [ast.parse(TransformerManager().transform_cell(c.source)) for c in cells if c.cell_type == "code"]


def test_every_exercise_file_belongs_to_a_module():
    assert sorted(map(exercise_file, FOLDERS)) == [f for f in EXERCISE_FILES if f != "welcome"]


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_notebook_imports_its_exercise_file_as_ex(folder):
    imports = [(getattr(node, "module", None), a.name, a.asname) for tree in code_trees(folder)
               for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom) for a in node.names]
    of_exercises = [i for i in imports if "aitrain.exercises" in f"{i[0]}.{i[1]}"]
    assert of_exercises == [("aitrain.exercises", exercise_file(folder), "ex")]


@pytest.mark.parametrize("name", EXERCISE_FILES)
def test_each_exercise_reads_the_variables_its_check_takes(name):
    module = importlib.import_module(f"aitrain.exercises.{name}")
    exercises = [v for v in vars(module).values() if isinstance(v, Exercise)]
    assert exercises, f"{name} declares no Exercise"
    for exercise in exercises:
        assert exercise.variables == tuple(inspect.signature(exercise._check).parameters), exercise.label
    for on_path in _exercises_by_path(name, module).values():  # the two paths number their exercises apart
        assert len({e.number for e in on_path}) == len(on_path), "two exercises of one path share a number"


def _exercises_by_path(name: str, module) -> dict[str, list[Exercise]]:
    """The exercises each path of the module's notebook checks (`ex.<name>.check()`); WELCOME's: one path."""
    folder = next((f for f in FOLDERS if exercise_file(f) == name), None)
    if folder is None:
        return {"coded": [v for v in vars(module).values() if isinstance(v, Exercise)]}
    nb = read(paths.solutions_dir() / folder / f"{folder}.ipynb")
    found: dict[str, list[Exercise]] = {}
    for path in PATHS:
        names = {checker_name(c.source) for c in nb.cells if c.cell_type == "code" and ".check()" in c.source
                 and path_cells.on(c, Edition(path=path)) and re.search(r"ex\.\w+\.check\(", c.source)}
        found[path] = [getattr(module, n) for n in sorted(names)]
    return found


def test_imports_are_read_from_code():
    source = "%matplotlib inline\nfrom aitrain import fraud, targeting as t\nfrom aitrain.datasets import load\n" \
             "import aitrain.plotting\nfrom aitrain.feedback import expect_number\nimport numpy as np"
    assert imported_modules(source) == {"aitrain.fraud", "aitrain.targeting", "aitrain.datasets", "aitrain.plotting",
                                        "aitrain.feedback"}


def test_notebooks_import_only_what_the_layout_rule_lets_them():
    helpers = notebook_helper_modules()
    assert {"aitrain.feedback", "aitrain.plotting", "aitrain.datasets", "aitrain.small_area"} <= set(helpers)
    for name in helpers:
        assert not name.startswith(("aitrain.course", "aitrain.grading")), f"a notebook imports {name}"
        importlib.import_module(name)


def _fingerprint(shell: InteractiveShell, printed: io.StringIO, nonce: str) -> dict:
    """What the guard's probe prints for a cell sent with a probe's cell id."""
    nonce = integrity.PROBE_PREFIX + nonce
    shell.run_cell("pass", cell_id=nonce)
    return integrity.read_probe([{"output_type": "stream", "name": "stdout", "text": printed.getvalue()}], nonce)


def _probe_before_and_after(code: str) -> tuple[dict, dict]:
    """The guard's fingerprints before and after a participant's cell runs `code` (the shell is then dropped)."""
    shell = InteractiveShell.instance()
    printed = io.StringIO()
    try:
        with redirect_stdout(printed):  # the guard writes to the stdout it found when it was installed
            shell.run_cell(integrity.guard_source({}))
            baseline = _fingerprint(shell, printed, "1:")
            assert baseline is not None
            shell.run_cell(code)
            return baseline, _fingerprint(shell, printed, "2:")
    finally:  # the shell keeps the guard's hooks
        InteractiveShell.clear_instance()


def test_the_tamper_probe_watches_every_helper_a_notebook_imports():
    original = small_area.fit_fay_herriot
    try:
        baseline, later = _probe_before_and_after(
            "import aitrain.small_area as sa\nvars(sa)['fit_fay_herriot'] = lambda *a, **k: None")
    finally:  # the shell shares this process's modules
        small_area.fit_fay_herriot = original
    for name in notebook_helper_modules() + tuple(f"aitrain.exercises.{m}" for m in EXERCISE_FILES):
        assert f"sys.modules:{name}" in baseline["ids"], f"the probe does not watch {name}"
    assert "aitrain.small_area:fit_fay_herriot" in integrity.compare(baseline, later)


@pytest.mark.parametrize("where, name", [
    ("aitrain.feedback", "close"), ("aitrain.feedback.checks", "close"), ("aitrain.feedback.checks", "expect_share"),
    ("aitrain.feedback.hooks", "stopped"), ("aitrain.feedback.explanations", "explain"),
    ("aitrain.feedback.exercise", "Exercise")])
def test_the_tamper_probe_catches_a_patch_inside_the_feedback_package(where, name):
    """Patching a submodule's function changes what the checks call even when the package's name is intact."""
    target = importlib.import_module(where)
    original = vars(target)[name]
    try:
        baseline, later = _probe_before_and_after(
            f"import {where} as m\nvars(m)[{name!r}] = lambda *a, **k: True")
    finally:
        setattr(target, name, original)
    changed = [k for k in integrity.compare(baseline, later) if k.startswith("aitrain.")]
    assert f"{where}:{name}" in changed
    assert all(k.startswith(f"{where}:{name}") for k in changed), "only what the participant's cell patched"
