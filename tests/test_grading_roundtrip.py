"""The nbgrader round trip for every module, through the real `nbgrader` commands and gradebook.

The unmodified release earns 0 autograded points and the solution earns full marks, in English and in the
Russian edition (solutions/ru/, released with Russian stubs). That a wrong answer loses the exercise's points is
checked for every wrong answer by the beginner-mistakes corpus (test_beginner_mistakes.py): each one makes the
exercise's test cell fail, which is how nbgrader takes the points away.

nbgrader's autograde executes the blank releases. The solutions are not executed again: they were executed once
for the whole run (tests/notebook_cache.py, hidden tests included, as autograde would run them) and autograde
grades those executions, with its output clearing and execution switched off; that every cell it graded has the
source that was executed is checked.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from notebook_cells import exercises, is_autograded_test, nbgrader_meta, read

from aitrain.tooling import translation

pytestmark = pytest.mark.slow

CONFIG = """import os
from aitrain.base.nbgrader_stages import configure
c = get_config()
c.CourseDirectory.course_id = "aitrain-test"
configure(c)
if os.environ.get("GRADE_AS_EXECUTED"):  # the submissions are executed already: grade their outputs
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import ClearOutput, Execute
    for stage in ("sanitize_preprocessors", "autograde_preprocessors"):
        default = Autograde.class_traits()[stage].default_value
        setattr(c.Autograde, stage, [p for p in default if p not in (ClearOutput, Execute)])
"""


def nbgrader(course: Path, *args: str, executed: bool = False) -> None:
    bin_dir = str(Path(sys.executable).parent)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(course)}
    env |= {k: v for k, v in os.environ.items() if k.endswith("_NUM_THREADS")}  # the worker's cap (conftest.py)
    env |= {"GRADE_AS_EXECUTED": "1"} if executed else {}
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True,
                          env=env, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


def test_round_trip(module, tmp_path, notebook_cache):
    """One course with two assignments: the module and its Russian edition (whose blank is the committed
    modules/ru/ release, made with Russian stubs)."""
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(CONFIG)
    russian = translation.solutions_dir("ru") / module.slug / module.notebook_name
    editions = {module.slug: (module.solution, None),
                f"{module.slug}-ru": (russian, translation.modules_dir("ru") / module.slug / module.notebook_name)}
    executed = {}
    for assignment, (solution, _) in editions.items():
        shutil.copytree(solution.parent, course / "source" / assignment)
        assert all(e.wrong_answers for e in exercises(read(solution))), "every exercise needs a wrong answer"
        execution = notebook_cache.run(solution, tmp_path / "executed" / assignment / module.notebook_name)
        assert execution.run.ok, f"{assignment}: {execution.run.error}"
        executed[assignment] = execution.read()

    students = ["blank", "solution"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in students:
            gb.update_or_create_student(student)
    nbgrader(course, "generate_assignment", "*", "--force")
    for assignment, (_, released) in editions.items():
        blank = released or course / "release" / assignment / module.notebook_name
        for student, nb in {"blank": read(blank), "solution": executed[assignment]}.items():
            folder = course / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / module.notebook_name)
    nbgrader(course, "autograde", "*", "--student", "blank", "--force")
    nbgrader(course, "autograde", "*", "--student", "solution", "--force", executed=True)
    for assignment in editions:
        graded = read(course / "autograded" / "solution" / assignment / module.notebook_name)
        assert [c.source for c in graded.cells] == [c.source for c in executed[assignment].cells], \
            f"{assignment}: autograde graded cells whose source was not the one executed"

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for assignment, (solution, _) in editions.items():
            tests = [(nbgrader_meta(c)["grade_id"], float(nbgrader_meta(c)["points"]))
                     for c in read(solution).cells if is_autograded_test(c)]
            assert len(tests) >= 3, "a module needs at least 3 autograded exercises"

            def score(student, grade_id, assignment=assignment):
                return gb.find_grade(grade_id, module.solution.stem, assignment, student).auto_score

            assert sum(score("blank", g) for g, _ in tests) == 0, assignment
            assert [score("solution", g) for g, _ in tests] == [p for _, p in tests], assignment
