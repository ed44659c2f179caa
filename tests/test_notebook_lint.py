"""Every notebook in solutions/ and modules/ is stored clean and carries what the course needs."""

import re
from pathlib import Path

import nbformat
import pytest
from notebook_cells import exercises, is_autograded_test, nbgrader_meta, read

from aitrain import paths
from aitrain.base.nbgrader_stages import INSTRUCTOR_TAG
from aitrain.tooling.welcome_notebook import NAME as WELCOME


def all_notebooks():
    for folder in (paths.solutions_dir(), paths.modules_dir()):
        yield from sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


NOTEBOOKS = list(all_notebooks())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(paths.home())) for p in NOTEBOOKS])
def test_stored_clean(path: Path):
    nb = read(path)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "stored with outputs"
    grade_ids = [nbgrader_meta(c)["grade_id"] for c in nb.cells if nbgrader_meta(c)]
    assert len(grade_ids) == len(set(grade_ids)), "duplicate grade ids"
    if path.name == WELCOME:  # the generated welcome page: nothing to parameterise or grade
        return
    assert sum("parameters" in c.metadata.get("tags", []) for c in nb.cells) == 1, "needs one parameters cell"
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert re.search(r"^seed\s*=", params.source, re.M), "the parameters cell sets the random seed"


def _markdown_section(nb, heading: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and re.search(rf"^#+ {heading}\s*$", cell.source, re.M):
            return cell.source
    return ""


def test_module_has_what_every_module_has(module):
    nb = read(module.solution)
    ex = exercises(nb)
    assert len([c for c in nb.cells if is_autograded_test(c)]) >= 3, "at least 3 autograded test cells"
    assert all(e.tests for e in ex), "every exercise is followed by its test cell"
    assert all("### BEGIN HIDDEN TESTS" in nb.cells[i].source for e in ex for i, _, _ in e.tests), \
        "every test cell has hidden tests"
    assert all(e.wrong_answers for e in ex), "every exercise lists plausible wrong answers"
    written = [c for c in nb.cells if c.cell_type == "markdown" and nbgrader_meta(c).get("solution")
               and nbgrader_meta(c).get("grade")]
    assert written, "at least one written reflection (manually graded)"
    instructor = "\n".join(c.source for c in nb.cells if INSTRUCTOR_TAG in c.metadata.get("tags", []))
    assert "## Trainer notes" in instructor and "Rubric" in instructor, "trainer notes with a rubric"
    key_points = _markdown_section(nb, "Key points")
    for point in module.key_points:
        assert point in key_points, f"key point missing from the notebook's Key points cell: {point}"
    assert _markdown_section(nb, "References"), "a References section"
    assert _markdown_section(nb, "Going further"), "a Going further section"


def test_release_drops_instructor_content(module):
    released = read(module.release)
    assert not any(INSTRUCTOR_TAG in c.metadata.get("tags", []) for c in released.cells)
    assert not any("aitrain" in c.metadata for c in released.cells), "wrong answers leaked to participants"
    text = "\n".join(c.source for c in released.cells)
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
