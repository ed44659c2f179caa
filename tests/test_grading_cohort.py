"""A cohort of 8 through every trainer command, with the messy cases (issue 13): a resubmission after marking
(one with a changed written answer, one unchanged), a broken file, a needs-review submission, a non-submitter,
a receipt chosen by the trainer and a graded submission replaced by one that needs review. Every number is checked in
`aitrain status`, the feedback pages (aitrain's and nbgrader's own), the wide export and the cohort report.
Two more participants take module 02 on the policy path (the roster's `path` column, issue 24): one decides right,
one wrong; the same commands grade them out of the policy path's points beside the others.

Marks are given as the formgrader gives them: its API handlers set `manual_score` / `manual_comment` on the
gradebook's rows (nbgrader/server_extensions/formgrader/apihandlers.py); the same is done here.
"""

import copy
import csv
import html
import json
import os
import re
import shutil
import time

import nbformat
import pytest
from notebook_cells import read, read_solution
from rich.console import Console
from test_grading_pipeline import require_sandbox
from test_pages import uses_the_shell
from typer.testing import CliRunner

from aitrain.base import catalogue
from aitrain.base.edition import Edition
from aitrain.grading import commands as grading_commands
from aitrain.grading import course_directory, intake
from aitrain.tooling import cli
from aitrain.tooling.cli import app

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading-cohort")]  # one cohort fixture, one worker

ROSTER = """id,first_name,last_name,email,path
ana,Ana,Lima,ana@example.org,
boris,Борис,Петров,boris@example.org,
chen,Chen,Wei,chen@example.org,
dara,Dara,Sok,dara@example.org,
eli,Eli,Cohen,eli@example.org,
farah,Farah,Haddad,farah@example.org,
gia,Gia,Beridze,gia@example.org,
hugo,Hugo,Silva,hugo@example.org,
iris,Iris,Novak,iris@example.org,policy
jon,Jon,Berg,jon@example.org,Policy
"""
EVERYONE = "ana|boris|chen|dara|eli|farah|gia|hugo|iris|jon"
POLICY = Edition(path="policy")
REFLECTION = "reflection-minister"
FIRST_ANSWER = "The formula misses **half of the poor**; use it only with an appeal process."
runner = CliRunner()


def aitrain(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "1000"})
    assert result.exit_code == 0, result.output
    return result.output


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _notebook(base, reflection: str | None = None, wrong: bool = False, answers: dict | None = None):
    nb = copy.deepcopy(base)
    if reflection is not None:
        _cell(nb, REFLECTION).source = reflection
    for grade_id, source in (answers or {}).items():
        _cell(nb, grade_id).source = source
    if wrong:
        for cell in nb.cells:
            answers = cell.metadata.get("aitrain", {}).get("wrong_answers")
            if answers:
                cell.source = answers[0]
    return nbformat.writes(nb)


def formgrader_mark(course, module, student, grade_id, score=None, comment=None):
    """What the formgrader's PUT /api/grade and /api/comment handlers do."""
    with course.gradebook() as gb:
        submission = gb.find_submission_notebook(module.solution.stem, module.slug, student)
        if score is not None:
            grade = next(g for g in submission.grades if g.name == grade_id)
            grade.manual_score, grade.extra_credit = score, None
            grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
        if comment is not None:
            next(c for c in submission.comments if c.name == grade_id).manual_comment = comment
        gb.db.commit()


def _drop(folder, files: dict[str, str]):
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def _hidden_lines(module) -> list[str]:
    return [line.strip() for c in read_solution(module).cells if "BEGIN HIDDEN TESTS" in c.source
            for line in c.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0].splitlines()
            if line.strip()]


@pytest.fixture(scope="session")  # with the xdist group: built once, not again after another module's tests
def cohort(tmp_path_factory):
    require_sandbox()
    with pytest.MonkeyPatch.context() as patch:  # wide tables: one line per participant, for the checks
        patch.setattr(cli, "console", Console(width=1000))
        patch.setattr(grading_commands, "console", Console(width=1000))
        yield _run_cohort(tmp_path_factory)


def _run_cohort(tmp_path_factory):
    module = catalogue.find_modules(["02"])[0]
    solution, release = read_solution(module), read(module.release)
    decided = read_solution(module, POLICY)  # the policy path's notebook with the decisions made
    base = tmp_path_factory.mktemp("cohort")
    (base / "roster.csv").write_text(ROSTER, encoding="utf-8")
    root = base / "course"
    seen = {"init": aitrain("course", "init", str(root), "--roster", str(base / "roster.csv"), "--module", "02")}
    course = course_directory.CourseDirectory.open(root)
    c = ["--course", str(root)]

    _drop(base / "day1", {
        "ana.ipynb": _notebook(solution, FIRST_ANSWER),
        "boris.ipynb": _notebook(solution, FIRST_ANSWER, wrong=True),
        "chen.ipynb": _notebook(release),
        "dara.ipynb": _notebook(solution)[:400],  # cut off: invalid JSON
        "eli.ipynb": _notebook(release, answers={"ex1-headcount": "import builtins\nbuiltins.abs = lambda x: 0"}),
        "gia.ipynb": _notebook(solution, FIRST_ANSWER),
        "gia (1).ipynb": _notebook(release),  # sent later by mistake: the trainer will choose the first
        "hugo.ipynb": _notebook(solution, FIRST_ANSWER),
        "iris.ipynb": _notebook(decided, FIRST_ANSWER),
        "jon.ipynb": _notebook(decided, FIRST_ANSWER, wrong=True),  # each decision a usual misreading
    })
    later = time.time() + 60
    os.utime(base / "day1" / "gia (1).ipynb", (later, later))
    seen["collect day 1"] = aitrain("collect", "02", *c, "--from", str(base / "day1"))
    seen["autograde day 1"] = aitrain("autograde", "02", *c, "--workers", "2")
    formgrader_mark(course, module, "ana", REFLECTION, 3, "Good: you name the **exclusion error**.")
    formgrader_mark(course, module, "boris", REFLECTION, 2, "Say what the appeal process would cost.")
    formgrader_mark(course, module, "boris", "ex1-headcount", comment="Look at the `poor` column again.")
    formgrader_mark(course, module, "hugo", REFLECTION, 4)
    aitrain("feedback", "02", *c)
    seen["hugo's first page"] = (root / "feedback/hugo" / module.slug / f"{module.solution.stem}.html").read_text()

    _drop(base / "day2", {
        "ana.ipynb": _notebook(solution, "I changed my mind: do **not** use it."),  # new written answer
        "boris.ipynb": _notebook(solution, FIRST_ANSWER),  # code corrected, written answer unchanged
        "hugo.ipynb": _notebook(release, answers={"ex1-headcount": "import builtins\nbuiltins.abs = lambda x: 0"}),
    })
    aitrain("collect", "02", *c, "--from", str(base / "day2"))
    seen["feedback before regrading"] = aitrain("feedback", "02", *c)
    seen["pages before regrading"] = {p.parent.parent.name for p in (root / "feedback").glob("*/*/*.html")}
    seen["autograde day 2"] = aitrain("autograde", "02", *c, "--only", "ana", "--only", "boris", "--only", "hugo")
    gia_first = next(r["id"] for r in intake.load_ledger(course, module)["receipts"]
                     if r["original_name"] == "gia.ipynb")
    seen["choose"] = aitrain("choose", "02", "gia", gia_first, *c)
    aitrain("autograde", "02", *c, "--only", "gia")
    course.nbgrader("generate_feedback", module.slug, "--force")  # the formgrader's "generate feedback"
    seen["nbgrader pages"] = {p.parent.parent.name: p.read_text() for p in (root / "feedback").glob("*/*/*.html")}
    formgrader_mark(course, course.assignment(module, "policy"), "iris", REFLECTION, 3)
    seen["feedback"] = aitrain("feedback", "02", *c)
    seen["status"] = aitrain("status", "02", *c)
    aitrain("export", *c, "--to", str(base / "grades.csv"))
    aitrain("report", *c, "--to", str(base / "report.html"))
    return {"course": course, "module": module, "base": base, "seen": seen, "gia_first": gia_first}


def _page(cohort, student: str) -> str:
    m = cohort["module"]
    return (cohort["course"].folder("feedback", student, m.slug, f"{m.solution.stem}.html")).read_text()


def test_nbgraders_own_feedback_never_shows_hidden_tests(cohort):
    pages = cohort["seen"]["nbgrader pages"]
    assert {"ana", "boris", "chen", "gia"} <= set(pages), "nbgrader wrote a page for each autograded notebook"
    hidden = _hidden_lines(cohort["module"])
    for student, page in pages.items():
        body = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)  # nbgrader's CSS names "Traceback"
        assert "HIDDEN" not in body and "AssertionError" not in body, student
        assert "aitrain/feedback/" not in body, "no traceback of a check (it quotes the lines around it)"
        assert not [line for line in hidden if html.escape(line, quote=False) in body], student
    assert "Not yet: Exercise 1" in pages["chen"], "the friendly message is still there"
    chen = _page(cohort, "chen")
    assert chen.count("\u2717") == chen.count("Not yet:"), "one cross per failed check, not two"


def test_a_new_submission_keeps_only_marks_on_unchanged_answers(cohort):
    course, m = cohort["course"], cohort["module"]
    with course.gradebook() as gb:
        def marks(student):
            nb = gb.find_submission_notebook(m.solution.stem, m.slug, student)
            grade = next(g for g in nb.grades if g.name == REFLECTION)
            comments = {c.name: c.manual_comment for c in nb.comments}
            return grade.manual_score, comments[REFLECTION], comments["ex1-headcount"]

        assert marks("ana") == (None, None, None), "written answer changed: mark and comment cleared"
        assert marks("boris") == (2, "Say what the appeal process would cost.", None), \
            "written answer unchanged: kept; the code changed: its comment cleared"
        assert marks("hugo")[0] is None, "a new submission that needs review: its changed answer is unmarked"
    day2 = cohort["seen"]["autograde day 2"]
    assert "(chen)" not in day2 and "(hugo)" in day2, "--only grades just those"
    assert "cleared (answer changed): reflection-minister" in day2
    assert "kept (answer unchanged): reflection-minister" in day2


def test_feedback_is_never_stale(cohort):
    seen = cohort["seen"]
    assert "not autograded yet" in seen["feedback before regrading"]
    assert not {"ana", "boris", "hugo"} & seen["pages before regrading"], "old pages are removed"
    assert "12 of 12 automatic" in seen["hugo's first page"]
    hugo = _page(cohort, "hugo")
    assert "could not be checked automatically" in hugo and "of 9 automatic" not in hugo
    assert "farah" in seen["feedback"] and "no submission" in seen["feedback"]


def test_feedback_shows_marks_comments_answers_and_titles(cohort):
    boris = _page(cohort, "boris")
    assert uses_the_shell(boris)
    assert "Борис Петров" in boris and "14 of 16 points: 12 of 12 automatic, 2 of 4 from marking" in boris
    assert "Exercise 1 (poverty headcount)" in boris and "ex1-headcount" not in boris
    assert "Say what the appeal process would cost." in boris and "(marked by your trainer)" in boris
    assert "<strong>half of the poor</strong>" in boris, "the written answer, Markdown rendered"
    assert "headcount = " in boris, "the participant's own code next to the check"
    assert boris.count("2 of 4 points") == 1, "each mark once"
    ana = _page(cohort, "ana")
    assert "12 of 16 points so far: 12 of 12 automatic, 4 points still to mark" in ana and "<strong>not</strong>" in ana
    assert "exclusion error" not in ana, "no comment from the earlier submission"


def test_status_names_everyone_with_every_number_right(cohort):
    lines, current = {}, None
    for line in cohort["seen"]["status"].splitlines():  # a row may wrap onto further lines
        found = re.search(rf"\(({EVERYONE})\)", line)
        current = found.group(1) if found else current if line.startswith("\u2502") else None
        if current:
            lines[current] = lines.get(current, "") + " " + " ".join(line.replace("\u2502", " ").split())
    assert set(lines) == set(EVERYONE.split("|"))
    expected = {
        "ana": ["2 files", "graded", "12 of 16 points so far: 12 of 12 automatic, 4 points still to mark",
                "cleared (answer changed)", "written"],
        "boris": ["Борис Петров", "graded", "14 of 16 points: 12 of 12 automatic, 2 of 4 from marking",
                  "kept (answer unchanged): reflection-minister", "written"],
        "chen": ["graded", "0 of 16 points: 0 of 12 automatic, 4 points of written answers left blank", "written"],
        "dara": ["resend", "not a notebook", "written"],
        "eli": ["needs review", "tampering detected"],
        "farah": ["nothing", "missing"],
        "gia": ["2 files", cohort["gia_first"], "chosen by", "graded",
                "12 of 16 points so far: 12 of 12 automatic, 4 points still to mark"],
        "hugo": ["needs review", "tampering detected", "cleared (answer changed)"],
        "iris": ["policy", "graded", "9 of 10 points: 6 of 6 automatic, 3 of 4 from marking", "written"],
        "jon": ["policy", "graded", "0 of 10 points so far: 0 of 6 automatic, 4 points still to mark", "written"],
    }
    for student, words in expected.items():
        for word in words:
            assert word in lines[student], (student, word, lines[student])
    assert "automatic" not in lines["farah"] and " 0 " not in lines["farah"], "missing is not a zero"
    assert " policy " not in lines["ana"] + lines["farah"], "the coded path's participants, missing or not"
    assert "02-proxy-means-test: 10 participants (8 on the coded path, 2 on the policy path)" in \
        cohort["seen"]["status"]
    assert "6 graded, 2 needs review, 0 not graded yet, 1 resend, 1 missing" in cohort["seen"]["status"]
    with cohort["course"].gradebook() as gb:  # whom the formgrader lists as needing a manual grade
        formgrader = {s.student.id for name in ("02-proxy-means-test", "02-proxy-means-test-policy")
                      for s in gb.find_assignment(name).submissions if s.needs_manual_grade}
    assert {s for s, line in lines.items() if "still to mark" in line} == formgrader, "status agrees"
    assert "boris" not in formgrader, "a mark kept on an unchanged answer is not to review again"


def test_wide_export_and_workbook(cohort):
    from openpyxl import load_workbook

    base = cohort["base"]
    with open(base / "grades.csv", encoding="utf-8-sig") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert rows["boris"]["name"] == "Борис Петров" and rows["boris"]["email"] == "boris@example.org"
    assert (rows["boris"]["02 points"], rows["boris"]["02 maximum"], rows["boris"]["02 to mark"]) == \
        ("14.0", "16.0", "0.0")
    assert (rows["ana"]["02 points"], rows["ana"]["02 to mark"]) == ("12.0", "4.0")
    assert rows["farah"]["02 status"] == "missing" and rows["farah"]["02 points"] == "missing"
    sheet = load_workbook(base / "grades.xlsx").active
    values = list(sheet.values)
    assert list(values[0][:4]) == ["id", "name", "email", "02 points"]
    assert {r[0]: r[3] for r in values[1:]} == {"ana": 12, "boris": 14, "chen": 0, "dara": "resend",
                                               "eli": "needs review", "farah": "missing", "gia": 12,
                                               "hugo": "needs review", "iris": 9, "jon": 0}
    assert {i: (rows[i]["02 path"], rows[i]["02 points"], rows[i]["02 maximum"], rows[i]["course maximum"])
            for i in ("ana", "farah", "iris", "jon")} == {
        "ana": ("coded", "12.0", "16.0", "16.0"), "farah": ("coded", "missing", "16.0", "16.0"),
        "iris": ("policy", "9.0", "10.0", "10.0"), "jon": ("policy", "0.0", "10.0", "10.0")}, \
        "each participant's points out of their own path's"
    assert rows["jon"]["02 to mark"] == "4.0" and rows["iris"]["course in words"] == \
        "9 of 10 points in the 1 module taught (02)"


def test_cohort_report(cohort):
    page = (cohort["base"] / "report.html").read_text()
    assert uses_the_shell(page) and page.count("<img") == 3
    assert "Борис Петров (boris)" in page and "Farah Haddad (farah)" in page
    assert "6 graded, 2 needs review, 0 not graded yet, 1 resend, 1 missing" in page
    assert "Taken on coded and policy paths" in page and "<td>policy</td>" in page
    assert re.search(r"02: [^;]*\(policy path\) 50% of 2", page), "each decision passed by iris, not jon"
    assert "Score by participant and module" in page or "Scores by participant and module" in page
    assert "Exercise 1 (poverty headcount)" in page and "1 did not hand in" in page


def test_marking_by_question_lists_what_the_formgrader_lists(cohort):
    from aitrain.base import catalogue
    from aitrain.grading import marking

    module = catalogue.find_modules(["02"])[0]
    found = {a.student: a for a in marking.answers(cohort["course"], module, REFLECTION)}
    assert set(found) == {"ana", "boris", "chen", "eli", "gia", "hugo"}, "everyone autograded or needing review"
    assert (found["boris"].score, found["boris"].to_mark) == (2, False), "the kept mark"
    assert found["ana"].to_mark and found["gia"].to_mark and not found["chen"].to_mark, "chen's is left blank"
    assert found["hugo"].to_mark and found["hugo"].text.strip(), "needs review: the answer from the file handed in"


def test_a_course_on_both_paths_releases_and_grades_each_participants_notebook(cohort):
    """Issue 24: the roster says who takes the policy path; the course releases both notebooks as committed, files
    each submission under its path, and grades, pages and counts it out of that path's points."""
    course, module, seen = cohort["course"], cohort["module"], cohort["seen"]
    assert "2 participants on the policy path" in seen["init"]
    assert course.participant_paths == {"iris": "policy", "jon": "policy"}
    for edition, folder in ((Edition(), module.slug), (POLICY, f"{module.slug}-policy")):
        released = read(course.folder("release", folder, module.notebook_name))
        assert [c.source for c in released.cells] == [c.source for c in read(edition.release(module)).cells], folder
    collected = " ".join(seen["collect day 1"].split())  # a table's title may wrap
    assert "Collected for 02-proxy-means-test (coded path)" in collected
    assert "Collected for 02-proxy-means-test-policy (policy path)" in collected
    policy = course.assignment(module, "policy")
    assert set(intake.load_ledger(course, policy)["counts"]) == {"iris", "jon"}, "each file under its own path"
    assert not {"iris", "jon"} & set(intake.load_ledger(course, module)["counts"])
    iris, jon = (course.folder("feedback", s, policy.slug, f"{module.solution.stem}.html").read_text()
                 for s in ("iris", "jon"))
    assert "(policy path)" in iris and "9 of 10 points: 6 of 6 automatic, 3 of 4 from marking" in iris
    assert jon.count("Not yet") >= 3 and "0 of 10 points so far" in jon
    assert "budget_percent = 14" in jon, "the participant's own decision beside its check"
    assert "budget_percent = 23" not in jon, "never the answer"


def test_a_russian_course_speaks_russian_to_its_trainer(cohort, tmp_path):
    """Issue 28: a course directory in Russian shows its status, feedback pages, export, cohort report and marking
    (the terminal and the page, with the question as the Russian notebook asks it, the rubric and the model answer
    from po/ru/guide/) in Russian
    (the cohort's gradebook, copied and switched to Russian); machine columns stay as Moodle reads them, and the
    next command in English speaks English again."""
    root = tmp_path / "course"
    shutil.copytree(cohort["course"].root, root, symlinks=True)
    settings = root / course_directory.SETTINGS
    settings.write_text(json.dumps(dict(json.loads(settings.read_text()), language="ru")))
    c = ["--course", str(root)]
    status = aitrain("status", "02", *c)
    assert "участник" in status and "засчитываемая квитанция" in status and "устарел" in status, status
    assert "6 проверено, 2 требует проверки, 0 ещё не проверено, 1 прислать заново, 1 не сдано" in status
    assert "14 из 16 баллов: 12 из 12 автоматически, 2 из 4 по оценке тренера" in status
    assert not re.search(r"counting receipt|why / notes|handed in|\d (graded|missing)\b", status), "no English frame"
    written = aitrain("feedback", "02", *c)
    assert re.search(r"новых или изменённых страниц отзывов: [1-9]", written), "every page rewritten in Russian"
    assert "Кому отправить страницу" in written, written
    page = html.unescape((root / "feedback" / "boris" / cohort["module"].slug
                          / f"{cohort['module'].solution.stem}.html").read_text())
    assert '<html lang="ru">' in page and "Отзыв: " in page and "Ваш ответ:" in page and "Комментарий тренера:" in page
    assert "14 из 16 баллов: 12 из 12 автоматически, 2 из 4 по оценке тренера" in page and "(оценено тренером)" in page
    assert "Your answer" not in page and "of 16 points" not in page
    aitrain("export", *c, "--to", str(tmp_path / "grades.csv"))
    with open(tmp_path / "grades.csv", encoding="utf-8-sig") as f:
        header = next(csv.reader(f))
    assert header[:3] == ["идентификатор", "имя", "эл. почта"]
    assert {"02 баллы", "02 статус", "баллы за курс"} <= set(header)
    with open(tmp_path / "grades-moodle.csv", encoding="utf-8") as f:
        assert next(csv.reader(f)) == ["Email address", "ID number", "02"], "Moodle's import reads these names"
    aitrain("report", *c, "--to", str(tmp_path / "report.html"))
    report = html.unescape((tmp_path / "report.html").read_text())
    assert "Отчёт по группе" in report and "кто на каком этапе" in report
    assert "Результаты по участникам и модулям" in report and "Участников в списке: 10" in report
    assert "participants on the roster" not in report and "where everyone stands" not in report
    marked = runner.invoke(app, ["mark", "02", *c], input="q\n", env={"COLUMNS": "1000"})
    assert marked.exit_code == 0, marked.output
    assert "02, Вопрос для размышления: совет министру (баллов: 4): ответов: 6" in marked.output, marked.output
    assert "ждут оценки" in marked.output and "Оценка для " in marked.output and "Записано оценок: 0" in marked.output
    assert not re.search(r"\d answers: |to go through now|Mark for |recorded;|rubric \(\d", marked.output), \
        "no English frame"
    rubric = "Критерии оценки письменного размышления (4 балла)"
    assert rubric in marked.output and "Rubric for" not in marked.output, "the rubric from po/ru/guide/"
    sheet = html.unescape((root / "marking" / cohort["module"].slug / f"{REFLECTION}.html").read_text())
    assert '<html lang="ru">' in sheet and "Оценивание, модуль 02: Вопрос для размышления" in sheet
    assert "Образец ответа" in sheet and "Министр спрашивает" in sheet, "the question as the Russian notebook asks it"
    assert rubric in sheet and "Ошибка исключения около 45%" in sheet, "the rubric and model answer in Russian"
    assert not re.search(r"A model answer|answers, |Rubric for|An exclusion error|Not translated", sheet)
    english = runner.invoke(app, ["mark", "02", "--course", str(cohort["course"].root)], input="q\n",
                            env={"COLUMNS": "1000"})
    assert "Rubric for the reflection (4 points)" in english.output and "Критерии" not in english.output
    sheet = (cohort["course"].root / "marking" / cohort["module"].slug / f"{REFLECTION}.html").read_text()
    assert "Rubric for the reflection (4 points)" in sheet and "An exclusion error of about 45%" in sheet
    assert "6 graded" in aitrain("status", "02", "--course", str(cohort["course"].root)), "English again"
