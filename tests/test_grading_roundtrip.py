"""The nbgrader round trip for every module, through nbgrader's own converters and gradebook.

The unmodified release earns 0 autograded points and the solution earns full marks, in English and in the
Russian edition (solutions/ru/, released with Russian stubs), on the coded path and, where a module has one, on
the policy path (solutions/policy/, solutions/ru/policy/: its decisions' blanks are `name = ...`). That a wrong
answer loses the exercise's points is checked for every wrong answer by the beginner-mistakes corpus
(test_beginner_mistakes.py): each one makes the exercise's test cell fail, which is how nbgrader takes the points away.

nbgrader runs in this process through its Python API (NbGraderAPI, what the formgrader calls; the commands run
the same converters), not as one `python -m nbgrader` per step. The plain commands are run by every
`aitrain course init` (tests/test_collect.py, test_grading_*.py) and by the trainer in tests/test_classroom_server.py.

Autograde executes the blank releases: with every exercise blank, as a participant who skips them, a teaching
cell may stop with "finish Exercise N first" (NotReady) but not crash, in every edition (this confirms the static
pass of notebook_cells.downstream, which lists the guards each cell needs; the corpus's kernel checked it once,
on the English source, before). The solutions are not executed again: they were executed once for the
whole run (tests/notebook_cache.py; hidden tests included, as autograde would run them) and autograde grades
those executions with its output clearing and execution switched off; every cell it graded has the source that
was executed.
"""

import shutil
from pathlib import Path

import forked_kernels
import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.converters import Autograde
from nbgrader.preprocessors import ClearOutput, Execute
from notebook_cells import editions_of, exercises, is_autograded_test, is_solution, nbgrader_meta, read, read_solution
from traitlets.config import Config

from aitrain.base import path_cells
from aitrain.base.edition import SOURCE
from aitrain.base.nbgrader_stages import configure

pytestmark = [pytest.mark.slow,  # nbgrader's gradebook code warns as it goes; the `nbgrader` commands hide it
              pytest.mark.filterwarnings("ignore:Object of type <Submitted:sqlalchemy.exc.SAWarning")]


def nbgrader(course: Path, executed: bool = False) -> NbGraderAPI:
    """nbgrader on the course with the course's settings; with `executed`, autograde grades the submissions'
    outputs as they are, without clearing or executing them."""
    c = Config()
    c.CourseDirectory.root = str(course)
    c.CourseDirectory.course_id = "aitrain-test"
    configure(c)
    if executed:
        for stage in ("sanitize_preprocessors", "autograde_preprocessors"):
            default = Autograde.class_traits()[stage].default()
            setattr(c.Autograde, stage, [p for p in default if p not in (ClearOutput, Execute)])
    return NbGraderAPI(config=c)


def autograde(course: Path, student: str, executed: bool = False) -> dict:
    return nbgrader(course, executed).autograde("*", student)


def succeeded(result: dict) -> None:
    assert result["success"], result.get("error", "") + result.get("log", "")[-3000:]


def crashed_teaching_cells(nb) -> list[str]:
    """The teaching cells (neither an exercise nor its test) of an executed notebook that stopped with an error
    other than NotReady."""
    found = []
    for index, cell in enumerate(nb.cells):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if cell.cell_type == "code" and not is_solution(cell) and not is_autograded_test(cell) and errors \
                and errors[0]["ename"] != "NotReady":
            found.append(f"teaching cell {index} crashed with {errors[0]['ename']}: {errors[0]['evalue'][:200]}")
    return found


def test_round_trip(module, tmp_path, notebook_cache):
    """One course with an assignment per edition of the module: English and Russian, on each path the module has
    (the blank of an edition other than the source is its committed release, made with its own stubs)."""
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    editions = {module.slug + ("" if edition == SOURCE else f"-{edition.name}"): edition
                for edition in editions_of(module)}
    executed = {}
    for assignment, edition in editions.items():
        solution = edition.solution(module)
        shutil.copytree(solution.parent, course / "source" / assignment)
        assert all(e.wrong_answers for e in exercises(read_solution(module, edition))), \
            "every exercise needs a wrong answer"
        execution = notebook_cache.run(solution, tmp_path / "executed" / assignment / module.notebook_name)
        assert execution.run.ok, f"{assignment}: {execution.run.error}"
        executed[assignment] = path_cells.for_path(execution.read(), edition)  # the source: its coded path's cells

    students = ["blank", "solution"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in students:
            gb.update_or_create_student(student)
    succeeded(nbgrader(course).generate_assignment("*"))
    for assignment, edition in editions.items():
        blank = course / "release" / assignment / module.notebook_name if edition == SOURCE else edition.release(module)
        for student, nb in {"blank": read(blank), "solution": executed[assignment]}.items():
            folder = course / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / module.notebook_name)
    succeeded(forked_kernels.call(autograde, course, "blank"))  # its kernels forked: tests/forked_kernels.py
    for assignment in editions:
        crashed = crashed_teaching_cells(read(course / "autograded" / "blank" / assignment / module.notebook_name))
        assert not crashed, f"{assignment}, with every exercise blank: " + "; ".join(crashed)
    succeeded(autograde(course, "solution", executed=True))
    for assignment in editions:
        graded = read(course / "autograded" / "solution" / assignment / module.notebook_name)
        assert [c.source for c in graded.cells] == [c.source for c in executed[assignment].cells], \
            f"{assignment}: autograde graded cells whose source was not the one executed"

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for assignment, edition in editions.items():
            tests = [(nbgrader_meta(c)["grade_id"], float(nbgrader_meta(c)["points"]))
                     for c in read_solution(module, edition).cells if is_autograded_test(c)]
            assert len(tests) >= 3, "a module needs at least 3 autograded exercises"

            def score(student, grade_id, assignment=assignment):
                return gb.find_grade(grade_id, module.solution.stem, assignment, student).auto_score

            assert sum(score("blank", g) for g, _ in tests) == 0, assignment
            assert [score("solution", g) for g, _ in tests] == [p for _, p in tests], assignment
