"""A trainer's delivery day on a laptop (issue 26): every file attributed, every page current, grades a gradebook
accepts. Driven through the real commands (`aitrain lab`, `collect`, `status`, `feedback`, `export`)."""

import csv
import json
import shutil
import zipfile

import nbformat
import pytest
from test_collect import ledger, make_zip, owner, roster, run, template, write_files  # noqa: F401 - template: a fixture
from typer.testing import CliRunner

from aitrain.tooling import lab

pytestmark = pytest.mark.slow
SLUG = "02-proxy-means-test"
PEOPLE = [("p01", "Айгерім", "Сейітқали"), ("p02", "ნინო", "ბერიძე"), ("p03", "សុខា", "ចាន់")]


class JupyterLab:
    """Stands in for JupyterLab's process: `aitrain lab` does everything else for real."""

    def __init__(self, argv, **kwargs):
        self.argv = argv

    def wait(self):
        return 0


@pytest.fixture
def course(template, tmp_path):  # noqa: F811 - the fixture imported above
    shutil.copytree(template, tmp_path / "course")
    return tmp_path / "course"


def open_lab(monkeypatch, folder, *options):
    monkeypatch.setattr(lab.subprocess, "Popen", JupyterLab)
    run("lab", "--dir", folder, "--no-browser", *options)


def test_notebooks_copied_by_aitrain_lab_carry_the_name_and_welcome_says_it(monkeypatch, tmp_path):
    open_lab(monkeypatch, tmp_path / "mine", "--name", "Айгерім Сейітқали")
    copied = nbformat.read(tmp_path / "mine" / SLUG / f"{SLUG}.ipynb", as_version=4)
    assert copied.metadata["aitrain"]["participant"] == "Айгерім Сейітқали"
    welcome = nbformat.read(tmp_path / "mine" / "WELCOME.ipynb", as_version=4)
    who = next(c for c in welcome.cells if "participant_template" in c.metadata.get("aitrain", {}))
    assert who.source.startswith("**These notebooks were copied for Айгерім Сейітқали.**")
    assert "02-proxy-means-test.ipynb" in who.source, "it says what to send"
    russian = nbformat.read(tmp_path / "mine" / "ru" / "WELCOME.ipynb", as_version=4)
    assert "Эти тетради скопированы для: Айгерім Сейітқали" in "".join(c.source for c in russian.cells)
    assert lab.known_participant(tmp_path / "mine") == "Айгерім Сейітқали", "asked once"
    open_lab(monkeypatch, tmp_path / "unnamed")
    welcome = nbformat.read(tmp_path / "unnamed" / "WELCOME.ipynb", as_version=4)
    assert "aitrain lab --name" in "".join(c.source for c in welcome.cells)
    assert "participant" not in welcome.metadata.get("aitrain", {})


def test_aitrain_lab_asks_for_the_name_once(monkeypatch, tmp_path):
    import types

    from aitrain.tooling import cli

    monkeypatch.setattr(cli, "sys", types.SimpleNamespace(stdin=types.SimpleNamespace(isatty=lambda: True)))
    monkeypatch.setattr(lab.subprocess, "Popen", JupyterLab)
    first = CliRunner().invoke(cli.app, ["lab", "--dir", str(tmp_path / "c"), "--no-browser"], input="Ана Лима\n")
    assert first.exit_code == 0 and "Your name as on your trainer's list" in first.output
    named = nbformat.read(tmp_path / "c" / SLUG / f"{SLUG}.ipynb", as_version=4)
    assert named.metadata["aitrain"]["participant"] == "Ана Лима"
    again = CliRunner().invoke(cli.app, ["lab", "--dir", str(tmp_path / "c"), "--no-browser"], input="")
    assert again.exit_code == 0 and "Your name" not in again.output, "asked once"
    skipped = CliRunner().invoke(cli.app, ["lab", "--dir", str(tmp_path / "d"), "--no-browser"], input="\n")
    assert skipped.exit_code == 0 and lab.known_participant(tmp_path / "d") == ""
    assert "participant" not in nbformat.read(tmp_path / "d" / SLUG / f"{SLUG}.ipynb", as_version=4).metadata.get(
        "aitrain", {})


def test_three_attachments_with_the_same_name_land_on_the_right_people(monkeypatch, course, tmp_path):
    roster(course, PEOPLE)
    attachments = {}
    for (pid, first, last), suffix in zip(PEOPLE, ["", " (1)", " (2)"], strict=True):
        open_lab(monkeypatch, tmp_path / pid, "--name", f"{first} {last}")
        attachments[f"{SLUG}{suffix}.ipynb"] = (tmp_path / pid / SLUG / f"{SLUG}.ipynb").read_bytes()
    inbox = write_files(tmp_path / "inbox", attachments)
    run("collect", "02", "--course", course, "--from", inbox)
    assert owner(course) == {f"{SLUG}.ipynb": "p01", f"{SLUG} (1).ipynb": "p02", f"{SLUG} (2).ipynb": "p03"}
    assert set(ledger(course)["counts"]) == {"p01", "p02", "p03"}


def test_a_notebook_named_for_one_person_in_anothers_folder_is_not_placed(monkeypatch, course, tmp_path):
    roster(course, PEOPLE)
    open_lab(monkeypatch, tmp_path / "p01", "--name", "Aigerim Seiitqali")  # transliterated: still p01
    mine = (tmp_path / "p01" / SLUG / f"{SLUG}.ipynb").read_bytes()
    renamed = json.loads(mine)
    renamed["metadata"]["aitrain"]["participant"] = "Somebody Else"
    inbox = write_files(tmp_path / "moodle", {f"Нино Беридзе_411_assignsubmission_file_/{SLUG}.ipynb": mine,
                                              f"Chana Sokha/{SLUG}.ipynb": json.dumps(renamed).encode()})
    out = run("collect", "02", "--course", course, "--from", inbox).output
    placed = owner(course)
    assert placed[f"Нино Беридзе_411_assignsubmission_file_/{SLUG}.ipynb"] is None
    assert placed[f"Chana Sokha/{SLUG}.ipynb"] == "p03", "an unknown name inside: the folder decides"
    assert "the notebook names p01" in out and "names p02" in out


def test_a_roster_saved_by_excel_in_any_locale(tmp_path):
    from aitrain.errors import AitrainError
    from aitrain.grading.course_directory import read_roster

    russian_excel = tmp_path / "russian.csv"  # Excel's "CSV (разделители - точки с запятой)": cp1251, semicolons
    russian_excel.write_bytes("id;first_name;last_name;email\r\nb1;Борис;Петров;b@example.org\r\n".encode("cp1251"))
    assert read_roster(russian_excel) == [{"id": "b1", "first_name": "Борис", "last_name": "Петров",
                                           "email": "b@example.org"}]
    unicode_text = tmp_path / "unicode.txt"  # Excel's "Unicode text": UTF-16, tabs
    unicode_text.write_bytes("id\tfirst_name\tlast_name\nn1\tნინო\tბერიძე\n".encode("utf-16"))
    assert read_roster(unicode_text)[0]["first_name"] == "ნინო"
    no_id = tmp_path / "no-id.csv"
    no_id.write_text("login name;surname\nx;y\n", encoding="utf-8")
    with pytest.raises(AitrainError, match="its columns are 'login name', 'surname'"):
        from aitrain.grading.course_directory import import_roster

        import_roster(None, no_id)


# ---------------------------------------------------------------------------------------------------------
# The whole day, on module 02 only: roster, inbox, Moodle zip, broken files, marking, feedback, a resubmission,
# export and report, every number checked.

DAY_ROSTER = ("id;first_name;last_name;email\n"  # Excel "CSV UTF-8" in a Russian locale: semicolons, a BOM
              "p01;Айгерім;Сейітқали;p01@example.org\np02;ნინო;ბერიძე;p02@example.org\n"
              "p03;សុខា;ចាន់;p03@example.org\np04;Борис;Петров;p04@example.org\n"
              "p05;Ana;Lima;p05@example.org\np06;Dara;Sok;p06@example.org\np07;Eli;Cohen;p07@example.org\n")
REFLECTION = "reflection-minister"
HOSTILE = "Appeals <img src=x onerror=alert(1)> \x1b[2J\x1b]0;owned\x07 and **monitoring**."


def typed(*args, keys: str):
    """A command run with what the trainer types."""
    from aitrain.base.console import console, errors
    from aitrain.tooling.cli import app

    for terminal in (console, errors):
        terminal.width = 200
    try:
        result = CliRunner().invoke(app, [str(a) for a in args], input=keys, env={"COLUMNS": "200"})
    finally:
        for terminal in (console, errors):
            terminal.width = None
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def answered(lab_copy, solution, reflection: str | None = None) -> bytes:
    """The participant's work: their copy (named by `aitrain lab`) with the solution's answers typed in."""
    nb = nbformat.read(lab_copy, as_version=4)
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in solution.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in answers:
            cell.source = reflection if grade_id == REFLECTION and reflection else answers[grade_id]
    return nbformat.writes(nb).encode()


def rows_of(output: str, ids) -> dict[str, str]:
    """Each participant's row of a printed table, as one line of words (a row may wrap)."""
    lines, current = {}, None
    for line in output.splitlines():
        found = next((i for i in ids if f"({i})" in line), None)
        current = found or (current if line.startswith("\u2502") else None)
        if current:
            lines[current] = lines.get(current, "") + " " + " ".join(line.replace("\u2502", " ").split())
    return lines


def send_to(feedback_output: str) -> set[str]:
    """Whom `aitrain feedback` says to send a page to."""
    return set(rows_of(feedback_output.split("Send a page to")[1].split("No feedback page")[0], IDS))


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    from notebook_cells import read
    from test_grading_cohort import formgrader_mark
    from test_grading_pipeline import require_sandbox

    from aitrain.base import catalogue
    from aitrain.grading.course_directory import CourseDirectory

    require_sandbox()
    module = catalogue.find_modules(["02"])[0]
    solution = read(module.solution)
    base = tmp_path_factory.mktemp("day")
    (base / "roster.csv").write_text(DAY_ROSTER, encoding="utf-8-sig")
    root = base / "course"
    run("course", "init", root, "--roster", base / "roster.csv", "--module", "02")
    course = CourseDirectory.open(root)
    c = ["--course", root]
    seen = {}
    with pytest.MonkeyPatch.context() as patch:
        copies = {}
        for pid, name in [("p01", "Айгерім Сейітқали"), ("p02", "ნინო ბერიძე"), ("p03", "សុខា ចាន់"),
                          ("p06", "Dara Sok")]:
            open_lab(patch, base / "laptops" / pid, "--name", name)
            copies[pid] = base / "laptops" / pid / SLUG / f"{SLUG}.ipynb"
    write_files(base / "inbox", {  # e-mail attachments, saved from the mail client
        f"{SLUG}.ipynb": answered(copies["p01"], solution, "Exclusion errors: **use an appeal process**."),
        f"{SLUG} (1).ipynb": copies["p02"].read_bytes(),  # sent untouched: 0 automatic points
        f"{SLUG} (2).ipynb": answered(copies["p03"], solution),
        "Dara Sok - 02.ipynb": answered(copies["p06"], solution)[:500],  # cut off: no name inside, the file's
    })
    moodle = base / "moodle.zip"
    make_zip(moodle, {f"Борис Петров_1234_assignsubmission_file_/{SLUG}.ipynb": answered(copies["p01"], solution,
                                                                                         HOSTILE)
                      .replace("Айгерім Сейітқали".encode(), b"Boris Petrov"),  # his own copy, named by lab
                      f"Ana Lima_1235_assignsubmission_file_/{SLUG}.ipynb": b"",
                      f"__MACOSX/Ana Lima_1235_assignsubmission_file_/._{SLUG}.ipynb": b"\x00\x05"})
    seen["collect inbox"] = run("collect", "02", *c, "--from", base / "inbox").output
    seen["collect moodle"] = run("collect", "02", *c, "--from", moodle).output
    seen["autograde"] = run("autograde", "02", *c, "--workers", "2").output
    seen["status before marking"] = run("status", "02", *c).output
    with course.gradebook() as gb:  # whom the formgrader lists as needing a manual grade
        seen["formgrader to mark"] = {s.student.id for s in gb.find_assignment(SLUG).submissions
                                      if s.needs_manual_grade}
    # marking by question: p01, p03, p04 in turn (p02's answer is blank); a mark out of range is asked again
    seen["mark"] = typed("mark", "02", *c, keys="3\nName the cost of appeals too.\n4\n\n9\n2\n\n")
    seen["mark again"] = typed("mark", "02", "--question", REFLECTION, *c, keys="")
    seen["feedback"] = run("feedback", "02", *c).output
    seen["feedback again"] = run("feedback", "02", *c).output
    formgrader_mark(course, module, "p03", REFLECTION, 1)  # a mark changed after the pages went out
    seen["status after a mark changed"] = run("status", "02", *c).output
    seen["feedback after a mark changed"] = run("feedback", "02", *c).output
    write_files(base / "resent", {f"{SLUG}.ipynb": answered(copies["p06"], solution)})  # Dara sends it again
    seen["collect resent"] = run("collect", "02", *c, "--from", base / "resent").output
    seen["autograde new"] = run("autograde", "02", *c, "--new").output  # only what came in since
    seen["autograde nothing new"] = run("autograde", "02", *c, "--new").output
    seen["feedback after the resubmission"] = run("feedback", "02", *c).output
    seen["status"] = run("status", "02", *c).output
    run("export", *c, "--to", base / "grades.csv")
    run("report", *c, "--to", base / "report.html")
    return {"base": base, "root": root, "seen": seen}


IDS = [f"p0{i}" for i in range(1, 8)]


@pytest.mark.xdist_group("trainer-day")
def test_the_day_every_file_attributed_and_broken_files_asked_again(day):
    seen = day["seen"]
    assert "1 system file skipped" in seen["collect moodle"]
    please = rows_of(seen["collect inbox"].split("Please resend")[1], IDS)
    assert set(please) == {"p06"} and "Dara Sok" in please["p06"] and "p06@example.org" in please["p06"]
    assert "not a notebook" in please["p06"] and "Dara Sok - 02.ipynb" in please["p06"]
    please = rows_of(seen["collect moodle"].split("Please resend")[1], IDS)
    assert set(please) == {"p05"} and "p05@example.org" in please["p05"] and "empty" in please["p05"]
    status = rows_of(seen["status before marking"], IDS)
    assert "graded" in status["p01"] and "12 of 16 points so far: 12 of 12 automatic, 4 points still to mark" in status[
        "p01"]
    assert "0 of 16 points: 0 of 12 automatic, 4 points of written answers left blank" in status["p02"]
    assert "still to mark" not in status["p02"], "sent untouched: nbgrader scores the blank answer 0"
    assert "12 of 16 points so far: 12 of 12 automatic, 4 points still to mark" in status["p03"]
    assert "Борис Петров" in status["p04"]
    to_mark = {p for p, line in status.items() if "still to mark" in line}
    assert to_mark == seen["formgrader to mark"] == {"p01", "p03", "p04"}, "status and the formgrader agree"
    assert "3 with written answers to mark" in seen["status before marking"]
    assert f"'aitrain mark 02 --course {day['root']}'" in seen["status before marking"], "a hint that works"
    assert "resend" in status["p05"] and "empty" in status["p05"] and "to mark" not in status["p05"]
    assert "resend" in status["p06"] and "not a notebook" in status["p06"]
    assert "missing" in status["p07"] and "nothing" in status["p07"]
    assert "4 graded, 0 needs review, 0 not graded yet, 2 resend, 1 missing" in seen["status before marking"]


@pytest.mark.xdist_group("trainer-day")
def test_the_day_marking_by_question(day):
    seen, root = day["seen"], day["root"]
    mark = seen["mark"]
    assert ("02, Reflection: advising the Minister (4 points): 4 answers: 0 marked, 3 to mark, 1 left blank (0 "
            "points from nbgrader); 3 to go through now") in mark
    assert mark.index("Айгерім Сейітқали (p01)") < mark.index("សុខា ចាន់ (p03)") < mark.index("Борис Петров (p04)")
    assert "Exclusion errors: **use an appeal process**." in mark, "the answer as typed"
    assert mark.count("1 point: interprets the errors for families") == 3, "the rubric beside every answer"
    assert "'9' is not a mark from 0 to 4; type it again." in mark
    assert "\x1b" not in mark and "owned" in mark, "control characters removed, the words kept"
    assert "3 marks recorded; 0 answers to reflection-minister still to mark" in mark
    assert "Nothing left to mark" in seen["mark again"] and "--again" in seen["mark again"]
    status = rows_of(seen["status after a mark changed"], IDS)
    assert "15 of 16 points: 12 of 12 automatic, 3 of 4 from marking" in status["p01"], "the mark is in the gradebook"
    assert "14 of 16 points: 12 of 12 automatic, 2 of 4 from marking" in status["p04"]
    page = (root / "feedback" / "p01" / SLUG / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "Name the cost of appeals too." in page, "the comment given in aitrain mark"
    sheet = (root / "marking" / SLUG / f"{REFLECTION}.html").read_text(encoding="utf-8")
    assert "Борис Петров (p04)" in sheet and "1 point: interprets the errors for families" in sheet
    assert "<img src=x" not in sheet and "&lt;img src=x onerror=alert(1)&gt;" in sheet, "participant HTML is text"
    assert "<strong>use an appeal process</strong>" in sheet


@pytest.mark.xdist_group("trainer-day")
def test_the_day_pages_know_what_they_were_built_from(day):
    seen, root = day["seen"], day["root"]
    assert "6 feedback pages new or changed, 0 unchanged" in seen["feedback"]
    assert send_to(seen["feedback"]) == {"p01", "p02", "p03", "p04", "p05", "p06"}
    assert "0 feedback pages new or changed, 6 unchanged" in seen["feedback again"]
    after = rows_of(seen["status after a mark changed"], IDS)
    assert "outdated" in after["p03"] and all("outdated" not in after[p] for p in IDS if p != "p03")
    assert "1 with an outdated page" in seen["status after a mark changed"]
    assert f"'aitrain feedback 02 --course {day['root']}'" in seen["status after a mark changed"], "a hint that works"
    assert f"'aitrain collect 02 --course {day['root']} --from FOLDER'" in seen["status before marking"]
    assert "1 feedback page new or changed, 5 unchanged" in seen["feedback after a mark changed"]
    assert send_to(seen["feedback after a mark changed"]) == {"p03"}
    assert send_to(seen["feedback after the resubmission"]) == {"p06"}
    assert "(p06)" in seen["autograde new"] and "(p01)" not in seen["autograde new"], "--new: the resubmission only"
    assert "Nothing new to grade" in seen["autograde nothing new"]
    deliveries = sorted((root / "delivery" / SLUG).iterdir())
    assert len(deliveries) == 3
    first = deliveries[0]
    assert (first / f"ნინო ბერიძე (p02) - {SLUG}.html").is_file()
    assert (first / f"សុខា ចាន់ (p03) - {SLUG}.zip").is_file()
    with open(first / "mail-merge.csv", encoding="utf-8-sig") as f:
        merge = list(csv.DictReader(f))
    assert [(r["name"], r["email"]) for r in merge][:2] == [("Айгерім Сейітқали", "p01@example.org"),
                                                             ("ნინო ბერიძე", "p02@example.org")]
    with zipfile.ZipFile(first / "moodle-feedback-files.zip") as z:  # Moodle's "feedback files in a zip"
        assert sorted(z.namelist()) == [f"Ana Lima_1235_assignsubmission_file_/{SLUG}.html",
                                        f"Борис Петров_1234_assignsubmission_file_/{SLUG}.html"]
    page = (root / "feedback" / "p05" / SLUG / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "could not be graded: the file is empty" in page and "send your" in page and "mark it by hand" not in page
    p01 = (root / "feedback" / "p01" / SLUG / f"{SLUG}.html").read_text(encoding="utf-8")
    partial = p01.split('<section class="check partial">')[1].split("</section>")[0]
    assert "3 of 4 points" in partial and "\u2717" not in partial, "a partial mark is not a cross"
    p03 = (root / "feedback" / "p03" / SLUG / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "13 of 16 points: 12 of 12 automatic, 1 of 4 from marking" in p03
    p06 = (root / "feedback" / "p06" / SLUG / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "12 of 16 points so far: 12 of 12 automatic" in p06 and "could not be graded" not in p06
    status = rows_of(seen["status"], IDS)
    assert "graded" in status["p06"] and "written" in status["p06"]
    assert "0 with an outdated page" in seen["status"]


@pytest.mark.xdist_group("trainer-day")
def test_the_day_export_one_row_each_no_zero_for_missing_and_a_total(day):
    from openpyxl import load_workbook

    base = day["base"]
    with open(base / "grades.csv", encoding="utf-8-sig") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert list(rows) == IDS
    assert rows["p01"]["name"] == "Айгерім Сейітқали" and rows["p01"]["email"] == "p01@example.org"
    expected = {"p01": "15.0", "p02": "0.0", "p03": "13.0", "p04": "14.0", "p05": "resend", "p06": "12.0",
                "p07": "missing"}
    assert {p: r["02 points"] for p, r in rows.items()} == expected
    assert {r["02 maximum"] for r in rows.values()} == {"16.0"}
    assert rows["p01"]["02 in words"] == "15 of 16 points: 12 of 12 automatic, 3 of 4 from marking"
    assert rows["p06"]["02 in words"] == "12 of 16 points so far: 12 of 12 automatic, 4 points still to mark"
    assert rows["p02"]["02 in words"] == "0 of 16 points: 0 of 12 automatic, 4 points of written answers left blank"
    assert rows["p06"]["02 to mark"] == "4.0" and rows["p07"]["02 to mark"] == ""
    assert (rows["p05"]["course points"], rows["p05"]["course maximum"]) == ("resend", "16.0"), "never 0"
    assert rows["p07"]["course points"] == "missing"
    assert rows["p07"]["course in words"] == "no points yet in the 1 module taught (02): missing: 02"
    assert rows["p01"]["course in words"] == "15 of 16 points in the 1 module taught (02)"
    long = (base / "grades-nbgrader.csv").read_text().splitlines()
    assert len(long) == 1 + 7 and all(line.startswith(("assignment", SLUG)) for line in long), "modules in use"
    with open(base / "grades-moodle.csv", encoding="utf-8") as f:
        moodle = list(csv.reader(f))
    assert moodle[0] == ["Email address", "ID number", "02"]
    assert moodle[1:] == [["p01@example.org", "p01", "15.0"], ["p02@example.org", "p02", "0.0"],
                          ["p03@example.org", "p03", "13.0"], ["p04@example.org", "p04", "14.0"],
                          ["p05@example.org", "p05", ""], ["p06@example.org", "p06", "12.0"],
                          ["p07@example.org", "p07", ""]], "no grade, not a zero, where nothing counts"
    sheet = load_workbook(base / "grades.xlsx").active
    values = list(sheet.values)
    assert list(values[0][:4]) == ["id", "name", "email", "02 points"]
    assert {r[0]: r[3] for r in values[1:]} == {"p01": 15, "p02": 0, "p03": 13, "p04": 14, "p05": "resend",
                                               "p06": 12, "p07": "missing"}
    assert sheet.column_dimensions["B"].width >= len("Айгерім Сейітқали")
    report = (base / "report.html").read_text(encoding="utf-8")
    assert "Eli Cohen (p07)" in report and "resend" in report
