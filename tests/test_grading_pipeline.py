"""The trainer's grading pipeline against a corpus of hostile submissions (GRADING.md).

The corpus is built here from pmt 02's solution and release notebooks: correct, blank and wrong answers,
files that are not notebooks, broken or foreign notebooks, edited grade cells, the known cheats, runaway code
and hostile archives. Every submission must end in its expected status, earn only what it answered correctly,
leave every original intact, and nothing may change outside its sandbox.
"""

import copy
import hashlib
import io
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import nbformat
import pytest
from notebook_cells import exercises, read, read_solution
from test_pages import uses_the_shell

from aitrain.base import catalogue
from aitrain.grading import autograde, course_directory, intake, sandbox
from aitrain.grading.feedback_pages import write_feedback
from aitrain.grading.sandbox import Limits

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading-pipeline")]  # one graded course, one worker

FULL = 12.0  # the autograded points of pmt 02
ROSTER = """id,first_name,last_name,email
alice,Alice,Ng,alice@example.org
bob,Bob,Li,bob@example.org
carol,Carol,Ono,carol@example.org
dave,Dave,Roy,dave@example.org
erin,Erin,Fox,erin@example.org
frank,Frank,Cho,frank@example.org
grace,Grace,Kim,grace@example.org
heidi,Heidi,Ma,heidi@example.org
ivan,Ivan,Popov,ivan@example.org
judy,Judy,Wu,judy@example.org
ken,Ken,Sato,ken@example.org
lena,Lena,Berg,lena@example.org
mike,Mike,Hall,mike@example.org
nina,Nina,Sokolova,nina@example.org
oscar,Oscar,Diaz,oscar@example.org
paul,Paul,Kerr,paul@example.org
quinn,Quinn,Moss,quinn@example.org
rosa,Rosa,Vega,rosa@example.org
sam,Sam,Tan,sam@example.org
tina,Tina,Cruz,tina@example.org
uma,Uma,Rao,uma@example.org
vic,Victor,Lund,vic@example.org
wendy,Wendy,Park,wendy@example.org
xavi,Xavi,Puig,xavi@example.org
jose,José,Álvarez Núñez,jose@example.org
amir,Amir,Haddad,amir@example.org
bella,Bella,Costa,bella@example.org
chen,Chen,Wei,chen@example.org
dmitri,Dmitri,Orlov,dmitri@example.org
fatima,Fatima,Sy,fatima@example.org
gustav,Gustav,Lind,gustav@example.org
"""
# A checking object that always says "Correct": with it, a rebinding of a name the hidden tests use would pass
# a wrong answer if tests ran in the participant's namespace.
FAKE_EX = """class Passes:
    def check(self):
        print("Correct: this exercise.")
class ex:
    headcount = r2 = errors = cutoff = Passes()
"""


@pytest.fixture(scope="session")
def pmt():
    return catalogue.find_modules(["02"])[0]


def _with_answer(nb, grade_id: str, source: str):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = source
    return nb


def _corpus(pmt, sentinel: Path) -> dict[str, bytes]:
    """file name -> bytes of every submission in the folder source."""
    solution, release = read_solution(pmt), read(pmt.release)
    first = exercises(solution)[0]  # ex1-headcount: the answer is `headcount`
    right = solution.cells[first.index].source
    wrong = copy.deepcopy(solution)
    for e in exercises(wrong):
        wrong.cells[e.index].source = e.wrong_answers[0]

    def cheat(code: str, keep_answer: bool = False):
        return _with_answer(release, first.grade_id, (right + "\n" if keep_answer else "") + code)

    def edited(change):
        nb = copy.deepcopy(solution)
        change(nb)
        return nb

    def test_cell(nb, gid="ex1-headcount-check"):
        return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)

    def answers(base, **cells):
        nb = copy.deepcopy(base)
        for gid, code in cells.items():
            nb = _with_answer(nb, gid.replace("_", "-"), code)
        return nb

    def spread(nb):  # amir's cheat spread over cells the participant may edit besides the answer's
        nb = copy.deepcopy(nb)
        setup = next(c for c in nb.cells if "proxy_means_test as ex" in c.source)
        setup.source = setup.source.replace("from aitrain.exercises import proxy_means_test as ex\n", FAKE_EX)
        parameters = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        parameters.source += "\nabs = lambda x: 0"
        test_cell(nb, "ex1-headcount").source = "headcount = 0.5"
        return nb

    def drop(nb):
        nb.cells.remove(test_cell(nb))

    def dup(nb):
        nb.cells.insert(0, copy.deepcopy(test_cell(nb)))

    def to_solution(nb):
        test_cell(nb).metadata.nbgrader.update(solution=True, grade=False)
        test_cell(nb).source = "pass"

    def points(nb):
        test_cell(nb).metadata.nbgrader["points"] = 50

    notebooks = {
        "alice.ipynb": solution,
        "Bob Li - 02-proxy-means-test.ipynb": release,
        "carol/02-proxy-means-test.ipynb": wrong,
        "heidi.ipynb": edited(drop),
        "ivan.ipynb": edited(dup),
        "judy.ipynb": edited(to_solution),
        "ken.ipynb": edited(points),
        "lena.ipynb": cheat("ex.headcount.check = lambda *a, **k: None\nheadcount = 0.5"),
        "mike.ipynb": cheat("import builtins\nbuiltins.abs = lambda x: 0\nheadcount = 0.5"),
        "nina.ipynb": cheat("import os\nos._exit(0)"),
        "oscar.ipynb": cheat("class Any(float):\n    def __eq__(self, other):\n        return True\n"
                             "    __sub__ = __eq__\nheadcount = Any(0.5)"),
        "paul.ipynb": cheat("print('Correct: Exercise 1 (poverty headcount). passed')\nheadcount = 0.5"),
        "quinn.ipynb": cheat("import sys\nsys.exit(0)", keep_answer=True),
        "rosa.ipynb": cheat("import socket\nsocket.create_connection(('example.org', 80))"),
        "sam.ipynb": cheat("import os\nwhile True:\n    os.fork()"),
        "tina.ipynb": cheat("big = bytearray(10 * 2**30)"),
        "uma.ipynb": cheat("while True:\n    pass"),
        "vic.ipynb": cheat("print('x' * 100_000_000)", keep_answer=True),
        "wendy.ipynb": cheat(f"open({str(sentinel)!r}, 'w').write('changed')"),
        "xavi.ipynb": cheat("get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])"),
        "jose alvarez nunez.ipynb": _with_answer(release, first.grade_id,
                                                  right + "\nimport warnings\nwarnings.warn('check the data')"),
        # Wrong answers with a name the tests use rebound: the checking object and a builtin, a data loader,
        # helper modules, the same spread over other cells, and __builtins__ itself.
        "amir.ipynb": cheat(FAKE_EX + "abs = lambda x: 0\nheadcount = 0.5"),
        "bella.ipynb": cheat(FAKE_EX + "import pandas as pd\nload = lambda name: pd.DataFrame({'poor': [0.5]})\n"
                                       "headcount = 0.5"),
        "chen.ipynb": answers(release, ex3_errors=FAKE_EX + (
            "class Model:\n    def predict(self, data):\n        return None\n"
            "class targeting:\n    def split_survey(data, seed):\n        return {'poor': 0}, {'poor': 0}\n"
            "    def fit_pmt(data):\n        return Model()\n    def select_lowest(scores, share):\n"
            "        return None\n    def targeting_errors(poor, selected):\n        return 0.5, 0.5\n"
            "exclusion_error = inclusion_error = 0.5"),
            ex4_cutoff="class np:\n    def quantile(values, q):\n        return 0.5\ncutoff_10 = 0.5"),
        "dmitri.ipynb": spread(release),
        "fatima.ipynb": cheat("b = dict(vars(vars()['__builtins__']))\nb['abs'] = lambda x: 0\n"
                              "vars()['__builtins__'] = b\n" + FAKE_EX.replace("class ex", "class Ex")
                              + "vars()['ex'] = Ex\nheadcount = 0.5"),
        # Innocent reuse with right answers: the participant's own `load`, a variable `sum`, notes in `ex`.
        "gustav.ipynb": _with_answer(solution, first.grade_id,
                                     "def load(name):\n    return survey  # already loaded above\n"
                                     "sum = load('household_survey')['poor'].sum()\nheadcount = sum / len(survey)\n"
                                     "ex = 'my notes: the share of poor households'"),
    }
    files = {name: nbformat.writes(nb).encode() for name, nb in notebooks.items()}
    files["dave.docx"] = b"PK\x03\x04 not really a document"
    files["erin.ipynb"] = nbformat.writes(solution).encode()[:500]
    files["frank.ipynb"] = nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])).encode()
    files["grace.ipynb"] = json.dumps(dict(json.loads(files["alice.ipynb"]), nbformat=5)).encode()
    files["nobody-we-know.ipynb"] = files["alice.ipynb"]
    return files


def _hostile_zip(pmt) -> bytes:
    buffer = io.BytesIO()
    solution = nbformat.writes(read_solution(pmt)).encode()  # the coded path's cells, as a participant's
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("../../escaped.ipynb", solution)
        z.writestr("/etc/absolute.ipynb", solution)
        link = zipfile.ZipInfo("alice-link.ipynb")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")
        z.writestr("bomb.ipynb", b"\0" * (30 * 2**20))
        z.writestr("inner.zip", b"PK")
        z.writestr("Alice_Ng_12345_assignsubmission_file_02.ipynb", solution)  # a later submission of alice
    return buffer.getvalue()


EXPECTED = {  # participant -> (status, reason contains, autograded points)
    "alice": ("graded", "", FULL), "bob": ("graded", "", 0), "carol": ("graded", "", 0), "jose": ("graded", "", 2),
    "paul": ("graded", "", 0),
    "grace": ("needs review", "unsupported notebook format", 0),
    "heidi": ("needs review", "missing grade cells", 0), "ivan": ("needs review", "duplicated grade cells", 0),
    "judy": ("needs review", "tampering", 0), "ken": ("needs review", "tampering", 0),
    "lena": ("needs review", "tampering", 0), "mike": ("needs review", "tampering", 0),
    "nina": ("needs review", "tampering", 0), "oscar": ("needs review", "tampering", 0),
    "quinn": ("needs review", "tampering", 0), "rosa": ("needs review", "tampering", 0),
    "sam": ("needs review", "tampering", 0), "tina": ("needs review", "memory limit", 0),
    "uma": ("needs review", "timed out", 0), "vic": ("needs review", "output too large", 0),
    "wendy": ("needs review", "tampering", 0), "xavi": ("needs review", "tampering", 0),
    "amir": ("graded", "", 0), "bella": ("graded", "", 0), "chen": ("graded", "", 0), "dmitri": ("graded", "", 0),
    "fatima": ("needs review", "tampering", 0), "gustav": ("graded", "", FULL),
}


RESEND = {"dave": "not a notebook", "erin": "not a notebook", "frank": "not module 02's"}  # never graded: resend


def require_sandbox() -> None:
    """Skip where bubblewrap is not installed; where it is, a sandbox that cannot start is a failure."""
    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap is not installed (apt-get install bubblewrap)")
    if sandbox.probe() is not None:
        pytest.fail(f"bubblewrap is installed but the sandbox does not start: {sandbox.probe()}")


@pytest.fixture(scope="session")  # with the xdist group: built once, not again after another module's tests
def graded(pmt, tmp_path_factory):
    require_sandbox()
    base = tmp_path_factory.mktemp("grading")
    sentinel = base / "sentinel.txt"
    sentinel.write_text("original")
    (base / "roster.csv").write_text(ROSTER, encoding="utf-8")
    course = course_directory.init(base / "course", roster=base / "roster.csv", modules=[pmt])  # only the one graded
    inbox = base / "inbox"
    files = _corpus(pmt, sentinel)
    for name, data in files.items():
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_bytes(data)
    os.symlink("/etc/passwd", inbox / "ken-link.ipynb")
    with open(inbox / "huge.ipynb", "wb") as f:
        f.truncate(25 * 2**20)
    first = intake.collect(course, pmt, inbox)
    (base / "lms.zip").write_bytes(_hostile_zip(pmt))
    second = intake.collect(course, pmt, base / "lms.zip")
    limits = Limits(cell_seconds=20, total_seconds=90)
    outcomes = autograde.autograde(course, pmt, workers=2, limits=limits)
    return {"course": course, "first": first, "second": second, "files": files, "sentinel": sentinel,
            "outcomes": {o.student: o for o in outcomes}, "limits": limits, "base": base}


def test_intake_places_refuses_and_reports(graded):
    first, second = graded["first"], graded["second"]
    placed = {r.original_name: r.student for r in first.receipts}
    assert placed["Bob Li - 02-proxy-means-test.ipynb"] == "bob"
    assert placed["carol/02-proxy-means-test.ipynb"] == "carol"
    assert placed["jose alvarez nunez.ipynb"] == "jose"
    assert [r.original_name for r in first.unplaced] == ["nobody-we-know.ipynb"]
    refused = {r.name: r.reason for r in first.refused + second.refused}
    assert "symbolic link" in refused["ken-link.ipynb"] and "too large" in refused["huge.ipynb"]
    assert "climbs out" in refused["../../escaped.ipynb"] and "absolute" in refused["/etc/absolute.ipynb"]
    assert "symbolic link" in refused["alice-link.ipynb"]
    assert "zip bomb" in refused["bomb.ipynb"] or "too large" in refused["bomb.ipynb"]
    assert "archive inside" in refused["inner.zip"]
    assert not (graded["base"] / "escaped.ipynb").exists() and not Path("/etc/absolute.ipynb").exists()


def test_originals_are_kept_read_only_and_never_overwritten(graded, pmt):
    course = graded["course"]
    ledger = intake.load_ledger(course, pmt)
    alice = [r for r in ledger["receipts"] if r["student"] == "alice"]
    assert len(alice) == 2, "a later submission is kept beside the earlier one"
    assert ledger["counts"]["alice"] == max(r["id"] for r in alice), "the latest counts, explicitly"
    for r in ledger["receipts"]:
        path = course.folder("intake", pmt.slug, r["stored"])
        assert stat.S_IMODE(path.stat().st_mode) == 0o444
        assert hashlib.sha256(path.read_bytes()).hexdigest() == r["sha256"]
        assert r["received_at"]
    originals = {r["original_name"]: r for r in ledger["receipts"]}
    for name, data in graded["files"].items():
        stored = course.folder("intake", pmt.slug, originals[name]["stored"])
        assert stored.read_bytes() == data, f"{name} was modified"


def test_every_submission_ends_in_its_expected_status(graded, pmt):
    outcomes = graded["outcomes"]
    assert set(outcomes) == set(EXPECTED)
    resend = intake.load_ledger(graded["course"], pmt)["resend"]
    for student, why in RESEND.items():
        assert why in resend[student]["why"] and student not in outcomes, (student, resend.get(student))
    with graded["course"].gradebook() as gb:
        for student, (status, reason, points) in EXPECTED.items():
            o = outcomes[student]
            assert o.status == status, (student, o.status, o.reasons)
            assert reason in "; ".join(o.reasons), (student, o.reasons)
            submission = gb.find_submission_notebook(pmt.solution.stem, pmt.slug, student)
            auto = sum(g.score for g in submission.grades if g.cell_type == "code")
            assert auto == points, (student, auto, o.reasons)
            assert submission.flagged == (status != "graded")


def test_wrong_answers_lose_points_and_nothing_leaks_outside_the_sandbox(graded, pmt):
    carol = graded["outcomes"]["carol"]
    assert carol.status == "graded" and carol.score < FULL
    assert graded["sentinel"].read_text() == "original"


def test_regrading_gives_the_same_score(graded, pmt):
    course = graded["course"]
    again = autograde.autograde(course, pmt, workers=1, limits=graded["limits"], students=["alice", "carol"])
    assert {o.student: o.score for o in again} == {s: graded["outcomes"][s].score for s in ("alice", "carol")}


def test_feedback_never_shows_hidden_tests(graded, pmt):
    pages = list(write_feedback(graded["course"], pmt).pages.values())
    assert pages
    solution = read_solution(pmt)
    hidden = [line.strip() for c in solution.cells if "BEGIN HIDDEN TESTS" in c.source
              for line in c.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0].splitlines()
              if line.strip()]
    for page in pages:
        text = page.read_text()
        assert "HIDDEN" not in text and not any(line in text for line in hidden), page
        assert uses_the_shell(text), page


def test_sandbox_confines_a_kernel(tmp_path):
    """Runtime defences on their own (no static scan): files, network, solutions, probes, kernel death."""
    from aitrain import paths
    from aitrain.grading.runner import run_submission

    require_sandbox()
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text("original")
    code = [
        f"try:\n    open({str(sentinel)!r}, 'w').write('x')\nexcept OSError as e:\n    print('blocked', e)",
        f"import os\nprint('solutions visible', os.path.exists({str(paths.solutions_dir())!r}))",
        "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\nexcept OSError:\n"
        "    print('no network')",
        "import aitrain.feedback as f\nf.expect_share = lambda v, n: 0.18",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in code])
    nb.cells.append(nbformat.v4.new_code_cell("1", metadata={"nbgrader": {"grade": True, "grade_id": "t",
                                                                         "points": 1, "solution": False}}))
    result = run_submission(json.loads(nbformat.writes(nb)), Limits(cell_seconds=30, total_seconds=60))
    executed = nbformat.reads(json.dumps(result.notebook), as_version=4)
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert sentinel.read_text() == "original" and "blocked" in printed
    assert "solutions visible False" in printed and "no network" in printed
    assert any("expect_share" in t for t in result.tampering), result.tampering
    died = run_submission(json.loads(nbformat.writes(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import os\nos.kill(os.getpid(), 9)")]))), Limits(total_seconds=60))
    assert "kernel died" in died.problems


def test_collecting_again_adds_nothing_and_changes_nothing(graded, pmt):
    course = graded["course"]
    before = intake.load_ledger(course, pmt)
    again = intake.collect(course, pmt, graded["base"] / "inbox")
    after = intake.load_ledger(course, pmt)
    assert not again.receipts and not again.unplaced
    assert after["receipts"] == before["receipts"] and after["counts"] == before["counts"]
    assert all("already received" in r.reason for r in again.refused if r.name.endswith("alice.ipynb"))


def test_export_and_cohort_report_from_the_cli(graded, pmt, tmp_path):
    from typer.testing import CliRunner

    from aitrain.tooling.cli import app

    course = str(graded["course"].root)
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--course", course, "--to", str(tmp_path / "grades.csv")])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "grades-nbgrader.csv").read_text().splitlines()
    assert lines[0] == ("assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,"
                        "late_submission_penalty,score,max_score")
    assert {line.split(",")[0] for line in lines[1:]} == {pmt.slug}, "only the modules in use"
    assert (tmp_path / "grades.csv").read_text(encoding="utf-8-sig").startswith("id,name,email,02 points,")
    result = runner.invoke(app, ["report", "--course", course, "--to", str(tmp_path / "report.html")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 3 and "needs review" in page and "Tina Cruz (tina)" in page
    assert uses_the_shell(page)


def test_a_gradebook_that_cannot_be_written_is_a_lost_gradebook_even_through_nbgrader(tmp_path, monkeypatch):
    """nbgrader re-raises a database error met while adding a submission as InvalidEntry, losing its type: a
    PostgreSQL that stops at that moment (tests/test_classroom_server.py) must still stop the run with what was
    saved and what to run, not with a traceback. Here the gradebook cannot be written (opened read-only)."""
    from nbgrader.api import Gradebook, InvalidEntry, MissingEntry
    from sqlalchemy.exc import OperationalError

    monkeypatch.chdir(tmp_path)
    with Gradebook("sqlite:///gradebook.db") as gb:
        gb.add_assignment("02-proxy-means-test")
        gb.add_student("ana")
    with Gradebook("sqlite:///file:gradebook.db?mode=ro&uri=true") as gb:
        with pytest.raises(InvalidEntry) as failed:
            gb.update_or_create_submission("02-proxy-means-test", "ana")
        with pytest.raises(MissingEntry) as refused:
            gb.update_or_create_submission("02-proxy-means-test", "nobody")
    assert isinstance(autograde.database_error(failed.value), OperationalError)
    assert autograde.database_error(refused.value) is None, "nbgrader's own refusal is not a lost gradebook"
    lost = autograde.GradebookLost(catalogue.find_modules(["02"])[0], 1, 2, autograde.database_error(failed.value))
    assert "1 of 2 submissions were graded and saved" in str(lost) and "readonly database" in str(lost)
