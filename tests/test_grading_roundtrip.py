"""The nbgrader round trip for every module, through the real `nbgrader` commands and gradebook.

The unmodified release earns 0 autograded points and the solution earns full marks, in English and in the
Russian edition (solutions/ru/, released with Russian stubs). That a wrong answer loses the exercise's points is
checked for every wrong answer by the beginner-mistakes corpus (test_beginner_mistakes.py): each one makes the
exercise's test cell fail, which is how nbgrader takes the points away.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from notebook_cells import exercises, is_autograded_test, nbgrader_meta, read

from aitrain.base.edition import Edition

pytestmark = pytest.mark.slow

CONFIG = """from aitrain.base.nbgrader_stages import configure
c = get_config()
c.CourseDirectory.course_id = "aitrain-test"
configure(c)
"""


def nbgrader(course: Path, *args: str) -> None:
    bin_dir = str(Path(sys.executable).parent)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(course)}
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True,
                          env=env, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


def test_round_trip(module, tmp_path):
    """One course with two assignments: the module and its Russian edition (whose blank is the committed
    modules/ru/ release, made with Russian stubs)."""
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(CONFIG)
    russian = Edition(language="ru")
    editions = {module.slug: (module.solution, None),
                f"{module.slug}-ru": (russian.solution(module), russian.release(module))}
    for assignment, (solution, _) in editions.items():
        shutil.copytree(solution.parent, course / "source" / assignment)
        assert all(e.wrong_answers for e in exercises(read(solution))), "every exercise needs a wrong answer"

    students = ["blank", "solution"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in students:
            gb.update_or_create_student(student)
    nbgrader(course, "generate_assignment", "*", "--force")
    for assignment, (solution, released) in editions.items():
        blank = released or course / "release" / assignment / module.notebook_name
        for student, nb in {"blank": read(blank), "solution": read(solution)}.items():
            folder = course / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / module.notebook_name)
    nbgrader(course, "autograde", "*", "--force")

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for assignment, (solution, _) in editions.items():
            tests = [(nbgrader_meta(c)["grade_id"], float(nbgrader_meta(c)["points"]))
                     for c in read(solution).cells if is_autograded_test(c)]
            assert len(tests) >= 3, "a module needs at least 3 autograded exercises"

            def score(student, grade_id, assignment=assignment):
                return gb.find_grade(grade_id, module.solution.stem, assignment, student).auto_score

            assert sum(score("blank", g) for g, _ in tests) == 0, assignment
            assert [score("solution", g) for g, _ in tests] == [p for _, p in tests], assignment
