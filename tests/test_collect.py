"""`aitrain collect` with the files a real cohort produces (GRADING.md guarantees 1 and 2).

E-mail attachments, LMS downloads, zips made on Windows (names in a legacy code page) and macOS (junk beside
the real files), names in the participants' own scripts and in transliteration, damaged archives, late
roster additions. Every file must land on the right person or be listed with its reason; nothing is lost and
one bad file never stops the rest. Each test drives the real command line on its own copy of one
course directory made by `aitrain course init` (a course directory can be copied).
"""

import fcntl
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import tracemalloc
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest
from typer.testing import CliRunner

from aitrain.base import catalogue
from aitrain.base.console import console, errors
from aitrain.grading import sources
from aitrain.grading.status import refusals
from aitrain.tooling.cli import app

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("collect")]  # one `aitrain course init` per run, one worker
SLUG = "02-proxy-means-test"
RELEASE = catalogue.find_modules(["02"])[0].release


def run(*args, ok: bool = True):
    """The command's output on a wide terminal (so that no name is cut by wrapping)."""
    for terminal in (console, errors):
        terminal.width = 500
    try:
        result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "500"})
    finally:
        for terminal in (console, errors):
            terminal.width = None  # back to following the terminal
    if ok:
        assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def notebook(tag: str) -> bytes:
    """Module 02's participant notebook, made unique by a note in its metadata."""
    nb = nbformat.read(RELEASE, as_version=4)
    nb.metadata["submitted_by"] = tag
    return nbformat.writes(nb).encode()


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    """One course directory made by `aitrain course init`, shared by every test (and every xdist worker): the one
    course directory of the tests made with every module (the default), the others have only the module they grade."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / "collect-course"
    with open(shared / "collect-course.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "aitrain-course.json").exists():
            run("course", "init", folder)
    return folder


@pytest.fixture
def course(template, tmp_path):
    folder = tmp_path / "course"
    shutil.copytree(template, folder)
    return folder


def roster(course: Path, rows: list[tuple[str, str, str]], name: str = "roster.csv"):
    csv = course.parent / name
    csv.write_text("id,first_name,last_name,email\n" + "".join(f"{i},{f},{last},{i}@example.org\n"
                                                                for i, f, last in rows), encoding="utf-8")
    return run("course", "roster", course, csv)


def ledger(course: Path) -> dict:
    return json.loads((course / "intake" / SLUG / "ledger.json").read_text(encoding="utf-8"))


def owner(course: Path) -> dict[str, str | None]:
    """original name -> participant of every receipt."""
    return {r["original_name"]: r["student"] for r in ledger(course)["receipts"]}


def counted(course: Path) -> dict[str, str]:
    """participant -> original name of the receipt that counts."""
    data = ledger(course)
    names = {r["id"]: r["original_name"] for r in data["receipts"]}
    return {student: names[rid] for student, rid in data["counts"].items()}


def write_files(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def make_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def windows_zip(path: Path, files: dict[str, bytes], code_page: str = "cp866") -> Path:
    """A zip as Windows' built-in zip writes it: names in the OEM code page, the UTF-8 flag unset."""
    raw = {f"~{i:03d}~".ljust(len(name.encode(code_page)), "~").encode(): name.encode(code_page)
           for i, name in enumerate(files)}
    make_zip(path, {ph.decode(): data for ph, data in zip(raw, files.values(), strict=True)})
    blob = path.read_bytes()
    for placeholder, name in raw.items():
        assert blob.count(placeholder) == 2  # the local header and the central directory
        blob = blob.replace(placeholder, name)
    path.write_bytes(blob)
    return path


def damaged_zip(path: Path, files: dict[str, bytes], damaged: list[str]) -> Path:
    """A zip whose listed members' compressed data is corrupt (a decompression error when read)."""
    make_zip(path, files)
    blob = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        for name in damaged:
            info = z.getinfo(name)
            at = info.header_offset
            start = at + 30 + int.from_bytes(blob[at + 26:at + 28], "little") + int.from_bytes(blob[at + 28:at + 30],
                                                                                              "little")
            blob[start:start + info.compress_size] = b"\xff" * info.compress_size
    path.write_bytes(bytes(blob))
    return path


def test_names_in_their_own_scripts_and_in_transliteration(course, tmp_path):
    people = [("p01", "Айгуль", "Нурланова"), ("p02", "Әйгерім", "Құрманғалиева"), ("p03", "Үмүт", "Өмүрбекова"),
              ("p04", "Батбаяр", "Өлзийсайхан"), ("p05", "ნინო", "ბერიძე"), ("p06", "Անի", "Հովհաննիսյան"),
              ("p07", "សុខា", "ចាន់"), ("p08", "ສົມພອນ", "ພົມມະຈັນ"), ("p09", "রহিম", "উদ্দিন"),
              ("p10", "Şəhla", "Əliyeva"), ("p11", "Oʻgʻiloy", "Toʻxtayeva"), ("p12", "Niño", "Dela Cruz")]
    roster(course, people)
    own = {f"{first} {last}.ipynb": pid for pid, first, last in people}
    latin = {"Nurlanova Aigul.ipynb": "p01", "Aygerim Qurmanghalieva - module 2.ipynb": "p02",
             "OMURBEKOVA_Umut.ipynb": "p03", "Batbayar Olziisaikhan.ipynb": "p04", "Nino Beridze.ipynb": "p05",
             "Ani Hovhannisyan.ipynb": "p06", "Chana Sokha.ipynb": "p07", "Somphn Phommachan.ipynb": "p08",
             "Rhim Uddin.ipynb": "p09", "Sehla Eliyeva.ipynb": "p10", "Ogiloy Toxtayeva.ipynb": "p11",
             "Nino Dela Cruz.ipynb": "p12"}
    inbox = write_files(tmp_path / "inbox", {n: notebook(n) for n in own | latin})
    run("collect", "02", "--course", course, "--from", inbox)
    assert owner(course) == own | latin


def test_whole_names_only_and_two_possible_people_are_not_placed(course, tmp_path):
    roster(course, [("lina", "Li", "Na"), ("chen", "Chen", "Wei"), ("wei", "Wei", "Chen"), ("anna", "Anna", "Ivanova"),
                    ("annamaria", "Anna Maria", "Ivanova")])
    files = ["Li Nan.ipynb", "LiNan - 02.ipynb", "li_na.ipynb", "Chen Wei.ipynb", "Anna Maria Ivanova.ipynb",
             "Ivanova Anna.ipynb"]
    out = run("collect", "02", "--course", course, "--from", write_files(tmp_path / "in", {f: notebook(f)
                                                                                          for f in files})).output
    assert owner(course) == {"Li Nan.ipynb": None, "LiNan - 02.ipynb": None, "li_na.ipynb": "lina",
                             "Chen Wei.ipynb": None, "Anna Maria Ivanova.ipynb": "annamaria",
                             "Ivanova Anna.ipynb": "anna"}
    notes = {r["original_name"]: r["note"] for r in ledger(course)["receipts"]}
    assert "chen" in notes["Chen Wei.ipynb"] and "wei" in notes["Chen Wei.ipynb"]
    assert "no participant" in notes["Li Nan.ipynb"] and "could be any of several participants (chen, wei)" in out


def test_a_damaged_zip_member_is_refused_and_the_rest_is_taken(course, tmp_path):
    roster(course, [("alice", "Alice", "Ng"), ("bob", "Bob", "Li"), ("carol", "Carol", "Ono"), ("dave", "Dave", "Roy")])
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    damaged_zip(inbox / "module02.zip", {"alice.ipynb": notebook("a"), "bob.ipynb": notebook("b"),
                                         "carol.ipynb": notebook("c")}, damaged=["bob.ipynb"])
    whole = make_zip(tmp_path / "whole.zip", {"x.ipynb": notebook("x"), "y.ipynb": notebook("y")}).read_bytes()
    (inbox / "cut-off attachment.zip").write_bytes(whole[: len(whole) // 2])
    (inbox / "dave.ipynb").write_bytes(notebook("d"))
    out = run("collect", "02", "--course", course, "--from", inbox).output
    assert counted(course) == {"alice": "module02.zip/alice.ipynb", "carol": "module02.zip/carol.ipynb",
                               "dave": "dave.ipynb"}
    refused = {r["name"]: r["reason"] for r in ledger(course)["refused"]}
    assert "damaged" in refused["module02.zip/bob.ipynb"]
    assert "damaged or unreadable zip" in refused["cut-off attachment.zip"]
    assert "module02.zip/bob.ipynb" in out and "cut-off attachment.zip" in out
    run("collect", "02", "--course", course, "--from", inbox / "module02.zip")  # the zip itself as the source
    assert "damaged" in ledger(course)["refused"][-1]["reason"]


def test_a_participant_added_later_gets_their_file_and_a_file_can_be_placed_by_hand(course, tmp_path):
    roster(course, [("alice", "Alice", "Ng")])
    inbox = write_files(tmp_path / "in", {"Zarina Tursunova.ipynb": notebook("z"), "homework.ipynb": notebook("h")})
    run("collect", "02", "--course", course, "--from", inbox)
    assert owner(course) == {"Zarina Tursunova.ipynb": None, "homework.ipynb": None}
    out = roster(course, [("zarina", "Зарина", "Турсунова")], name="late.csv").output
    assert "now placed on zarina" in out and "Zarina Tursunova.ipynb" in out
    assert counted(course) == {"zarina": "Zarina Tursunova.ipynb"}
    assert (course / "submitted" / "zarina" / SLUG / f"{SLUG}.ipynb").read_bytes() == notebook("z")
    again = run("collect", "02", "--course", course, "--from", inbox).output
    assert "already received" in again and counted(course) == {"zarina": "Zarina Tursunova.ipynb"}
    homework = next(r["id"] for r in ledger(course)["receipts"] if r["original_name"] == "homework.ipynb")
    run("place", "02", homework, "alice", "--course", course)
    assert counted(course) == {"alice": "homework.ipynb", "zarina": "Zarina Tursunova.ipynb"}
    run("collect", "02", "--course", course, "--from", inbox)
    assert counted(course)["alice"] == "homework.ipynb", "a placement by hand stays"
    wrong = run("place", "02", homework, "nobody", "--course", course, ok=False)
    assert wrong.exit_code == 2 and "not on the roster" in wrong.output and "Traceback" not in wrong.output


def test_names_from_outside_are_printed_as_text(course, tmp_path):
    roster(course, [("alice", "Alice", "Ng")])
    nb = nbformat.read(RELEASE, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("1", metadata={"nbgrader": {"grade": True, "grade_id": "[/]",
                                                                         "points": 1, "solution": False}}))
    files = {"p36 [/].ipynb": notebook("p"), "[bold red]boom[/].ipynb": notebook("b"),
             "alice [link=x].ipynb": nbformat.writes(nb).encode()}
    out = run("collect", "02", "--course", course, "--from", write_files(tmp_path / "in [/]", files)).output
    assert "p36 [/].ipynb" in out and "[bold red]boom[/].ipynb" in out and "alice [link=x].ipynb" in out
    graded = run("autograde", "02", "--course", course, "--no-sandbox").output  # rejected before any code runs
    assert "unknown grade cell '[/]'" in graded
    missing = run("collect", "02", "--course", course, "--from", tmp_path / "gone [/]", ok=False)
    assert missing.exit_code == 2 and "gone [/] does not exist" in missing.output


def test_names_that_are_not_utf8(course, tmp_path):
    roster(course, [("aigul", "Айгуль", "Нурланова"), ("jorg", "Jörg", "Müller"), ("ivan", "Иван", "Петров")])
    windows_zip(tmp_path / "russian windows.zip", {"Нурланова Айгуль/Домашнее задание 2.ipynb": notebook("a")})
    windows_zip(tmp_path / "us windows.zip", {"Müller Jörg.ipynb": notebook("j")}, code_page="cp437")
    run("collect", "02", "--course", course, "--from", tmp_path / "russian windows.zip")
    run("collect", "02", "--course", course, "--from", tmp_path / "us windows.zip")
    disk = tmp_path / "usb stick"
    disk.mkdir()
    with open(os.path.join(os.fsencode(disk), "Петров Иван.ipynb".encode("cp1251")), "wb") as f:
        f.write(notebook("i"))
    run("collect", "02", "--course", course, "--from", disk)
    again = run("collect", "02", "--course", course, "--from", disk).output
    assert "already received" in again
    assert owner(course) == {"Нурланова Айгуль/Домашнее задание 2.ipynb": "aigul", "Müller Jörg.ipynb": "jorg",
                             "Петров Иван.ipynb": "ivan"}
    notes = {r["student"]: r["note"] for r in ledger(course)["receipts"]}
    assert "cp866" in notes["aigul"] and "cp1251" in notes["ivan"]


def test_an_interrupted_collect_leaves_nothing_that_blocks_the_next(course, tmp_path):
    """The collect process dies right after storing a file, before its receipt is written."""
    roster(course, [("alice", "Alice", "Ng"), ("bob", "Bob", "Li")])
    inbox = write_files(tmp_path / "in", {"alice.ipynb": notebook("a"), "bob.ipynb": notebook("b")})
    crash = f"""
import os, sys
real, created = os.open, []
def crashing(path, flags, *args, **kwargs):
    if flags & os.O_CREAT and "intake" in str(path):
        created.append(path)
        if len(created) == 2:
            os._exit(9)  # as if the power went off
    return real(path, flags, *args, **kwargs)
os.open = crashing
from aitrain.tooling.cli import app
app(["collect", "02", "--course", {str(course)!r}, "--from", {str(inbox)!r}])
"""
    assert subprocess.run([sys.executable, "-c", crash], capture_output=True).returncode == 9
    run("collect", "02", "--course", course, "--from", inbox)
    assert counted(course) == {"alice": "alice.ipynb", "bob": "bob.ipynb"}
    stored = sorted(p.name for p in (course / "intake" / SLUG).iterdir() if p.name != "ledger.json")
    receipts = ledger(course)["receipts"]
    assert stored == sorted([r["stored"] for r in receipts] + [f"{r['id']}.receipt.json" for r in receipts])


def test_system_junk_is_skipped_and_never_displaces_a_notebook(course, tmp_path):
    roster(course, [("ana", "Ana", "Silva"), ("bo", "Bo", "Chen")])
    apple_double = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + b"\x00" * 4000
    make_zip(tmp_path / "from a mac.zip", {"Ana Silva/02-proxy-means-test.ipynb": notebook("ana"),
                                           "__MACOSX/Ana Silva/._02-proxy-means-test.ipynb": apple_double,
                                           "Ana Silva/.DS_Store": b"\x00\x00\x00\x01Bud1"})
    run("collect", "02", "--course", course, "--from", tmp_path / "from a mac.zip")
    inbox = write_files(tmp_path / "inbox", {
        "Bo Chen/02-proxy-means-test.ipynb": notebook("bo"),
        "Bo Chen/.ipynb_checkpoints/02-proxy-means-test-checkpoint.ipynb": notebook("bo, older"),
        "Thumbs.db": b"\xd0\xcf\x11\xe0", "desktop.ini": b"[.ShellClassInfo]", "Bo Chen/._notes.ipynb": b"\0\5"})
    out = run("collect", "02", "--course", course, "--from", inbox).output
    assert "system files skipped" in out
    assert owner(course) == {"Ana Silva/02-proxy-means-test.ipynb": "ana", "Bo Chen/02-proxy-means-test.ipynb": "bo"}
    broken = write_files(tmp_path / "later", {"Ana Silva.ipynb": b'{"cells": [', "Ana Silva notes.docx": b"PK.."})
    run("collect", "02", "--course", course, "--from", broken)
    assert counted(course)["ana"] == "Ana Silva/02-proxy-means-test.ipynb", "a broken file never displaces a notebook"
    assert owner(course)["Ana Silva.ipynb"] == "ana", "it is kept, all the same"


def test_common_layouts(course, tmp_path):
    roster(course, [("alice", "Alice", "Ng"), ("bob", "Bob", "Li"), ("aigul", "Айгуль", "Нурланова"),
                    ("shahla", "Şəhla", "Əliyeva"), ("dave", "Dave", "Roy")])
    folders = write_files(tmp_path / "mail", {f"{who}/{SLUG}.ipynb": notebook(who) for who in
                                              ("alice", "bob@example.org", "Айгуль Нурланова")})
    run("collect", "2", "--course", course, "--from", folders)
    moodle = make_zip(tmp_path / "Moodle download.zip", {
        f"Şəhla Əliyeva_4413_assignsubmission_file_/{SLUG}.ipynb": notebook("shahla"),
        "Dave Roy_4414_assignsubmission_file_/module 2 Dave.ipynb": notebook("dave"),
        "Dave Roy_4414_assignsubmission_onlinetext_/onlinetext.html": b"<p>Done, see the file.</p>"})
    run("collect", "2", "--course", course, "--from", moodle)
    assert counted(course) == {"alice": f"alice/{SLUG}.ipynb", "bob": f"bob@example.org/{SLUG}.ipynb",
                               "aigul": f"Айгуль Нурланова/{SLUG}.ipynb",
                               "shahla": f"Şəhla Əliyeva_4413_assignsubmission_file_/{SLUG}.ipynb",
                               "dave": "Dave Roy_4414_assignsubmission_file_/module 2 Dave.ipynb"}
    missing = run("collect", "2", "--course", course, "--from", tmp_path / "no such folder", ok=False)
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    assert missing.output.strip().count("\n") == 0 and "does not exist" in missing.output


def test_a_folder_is_read_file_by_file_under_a_total_cap(course, tmp_path, monkeypatch):
    roster(course, [("alice", "Alice", "Ng")])
    inbox = write_files(tmp_path / "big", {f"scan {i:02d}.bin": os.urandom(2**19) for i in range(40)})  # 20 MB
    tracemalloc.start()
    try:
        run("collect", "02", "--course", course, "--from", inbox)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(ledger(course)["receipts"]) == 40
    assert peak < 8 * 2**20, f"collecting a 20 MB folder held {peak / 2**20:.0f} MB at once"
    monkeypatch.setattr(sources, "MAX_SOURCE_BYTES", 5 * 2**20)
    more = write_files(tmp_path / "more", {f"scan {i:02d}.bin": os.urandom(2**19) for i in range(40)})
    run("collect", "02", "--course", course, "--from", more)
    refused = [r for r in ledger(course)["refused"] if "in total" in r["reason"]]
    assert len(ledger(course)["receipts"]) == 50 and len(refused) == 30


def test_a_cohort_of_ten_from_a_mix_of_sources(course, tmp_path):
    """Done when: every notebook lands on the right person or is listed with its reason; nothing is lost."""
    cohort = [("aigul", "Айгуль", "Нурланова"), ("ivan", "Иван", "Петров"), ("ana", "Ana", "Silva"),
              ("lina", "Li", "Na"), ("nino", "ნინო", "ბერიძე"), ("tamar", "Tamar", "Gelashvili"),
              ("sokha", "សុខា", "ចាន់"), ("rahim", "রহিম", "উদ্দিন"), ("shahla", "Şəhla", "Əliyeva")]
    roster(course, cohort)  # zarina joins later
    inbox = tmp_path / "module 2 inbox"
    inbox.mkdir()
    windows_zip(inbox / "from windows.zip", {"Нурланова Айгуль.ipynb": notebook("aigul"),
                                             "ПЕТРОВ иван/02-proxy-means-test.ipynb": notebook("ivan")})
    make_zip(inbox / "from a mac.zip", {"Ana Silva/02-proxy-means-test.ipynb": notebook("ana"),
                                        "__MACOSX/Ana Silva/._02-proxy-means-test.ipynb": b"\x00\x05\x16\x07",
                                        "Li Na.ipynb": notebook("lina"), "__MACOSX/._Li Na.ipynb": b"\x00\x05\x16\x07",
                                        ".DS_Store": b"Bud1"})
    damaged_zip(inbox / "attachments.zip", {"Nino Beridze.ipynb": notebook("nino"),
                                            "Tamar Gelashvili.ipynb": notebook("tamar")},
                damaged=["Tamar Gelashvili.ipynb"])
    lms = {"sokha": "សុខា ចាន់", "rahim": "রহিম উদ্দিন", "shahla": "Şəhla Əliyeva", "zarina": "Zarina Tursunova"}
    write_files(inbox / "lms", {f"{name}_{4400 + i}_assignsubmission_file_/{SLUG}.ipynb": notebook(student)
                                for i, (student, name) in enumerate(lms.items())})
    run("collect", "02", "--course", course, "--from", inbox)
    late = roster(course, [("zarina", "Zarina", "Tursunova")], name="late.csv").output
    assert "now placed on zarina" in late
    expected = {"aigul": "from windows.zip/Нурланова Айгуль.ipynb",
                "ivan": "from windows.zip/ПЕТРОВ иван/02-proxy-means-test.ipynb",
                "ana": "from a mac.zip/Ana Silva/02-proxy-means-test.ipynb", "lina": "from a mac.zip/Li Na.ipynb",
                "nino": "attachments.zip/Nino Beridze.ipynb",
                "sokha": f"lms/សុខា ចាន់_4400_assignsubmission_file_/{SLUG}.ipynb",
                "rahim": f"lms/রহিম উদ্দিন_4401_assignsubmission_file_/{SLUG}.ipynb",
                "shahla": f"lms/Şəhla Əliyeva_4402_assignsubmission_file_/{SLUG}.ipynb",
                "zarina": f"lms/Zarina Tursunova_4403_assignsubmission_file_/{SLUG}.ipynb"}
    assert counted(course) == expected
    assert set(owner(course)) == set(expected.values()), "no junk stored"
    refused = {r["name"]: r["reason"] for r in ledger(course)["refused"]}
    assert refused == {"attachments.zip/Tamar Gelashvili.ipynb": refused["attachments.zip/Tamar Gelashvili.ipynb"]}
    assert "damaged" in refused["attachments.zip/Tamar Gelashvili.ipynb"]
    for student in expected:  # what nbgrader grades is what this participant sent
        sent = (course / "submitted" / student / SLUG / f"{SLUG}.ipynb").read_bytes()
        assert json.loads(sent)["metadata"]["submitted_by"] == student



# ---------------------------------------------------------------------------------------------------------
# On a server the exchange is shared: a folder's name is the participant's word, its owner and ctime are not.

needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="creates Linux accounts: needs root")


@pytest.fixture
def accounts():
    """Two real Linux accounts (the participants of a server's course), removed afterwards."""
    prefix = "ac" + secrets.token_hex(3)
    names = [f"{prefix}-ana", f"{prefix}-bo"]
    try:
        for name in names:
            subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True,
                           capture_output=True)
        yield names
    finally:
        for name in names:
            subprocess.run(["userdel", name], capture_output=True)


def handed_in(inbound: Path, name: str, files: dict[str, bytes], by: str, when: float | None = None) -> Path:
    """An exchange folder as `by`'s account leaves it (its owner; the modification times `when`, as `touch -d`
    sets them: its ctime stays the moment it was written)."""
    folder = write_files(inbound / name, files)
    for path in [folder, *folder.iterdir()]:
        shutil.chown(path, by, by)
        if when is not None:
            os.utime(path, (when, when))
    return folder


def stamp(seconds: float) -> str:
    """A time as nbgrader's submit writes it into a submission folder's name."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


@needs_root
def test_on_a_server_only_the_owner_hands_in_and_the_time_is_the_file_systems(course, tmp_path, accounts):
    """Issue 30, F3 and F11: on a server (the course has a shared exchange), A's folder named for B is refused,
    and so is everything else the owner does not prove; A's backdated folder counts at the time it was written."""
    ana, bo = accounts
    roster(course, [(ana, "Ana", "Silva"), (bo, "Bo", "Li")])
    exchange = tmp_path / "exchange"
    inbound = exchange / "aitrain" / "inbound"
    inbound.mkdir(parents=True)
    settings = json.loads((course / "aitrain-course.json").read_text())
    (course / "aitrain-course.json").write_text(json.dumps(settings | {"exchange": str(exchange)}))
    now = time.time()
    forged = handed_in(inbound, f"{bo}+{SLUG}+2099-01-01 00:00:00.000000 UTC+forged",
                       {f"{SLUG}.ipynb": notebook("blank, by ana"), "submission_secret.txt": b"ana's secret"}, ana)
    backdated = handed_in(inbound, f"{ana}+{SLUG}+2020-01-01 09:00:00.000000 UTC+backdated",
                          {f"{SLUG}.ipynb": notebook("ana, late")}, ana, when=1577869200)
    honest = handed_in(inbound, f"{bo}+{SLUG}+{stamp(now)}+honest",
                       {f"{SLUG}.ipynb": notebook("bo"), "submission_secret.txt": b"bo's secret"}, bo)
    mixed = handed_in(inbound, f"{bo}+{SLUG}+{stamp(now)}+mixed", {f"{SLUG}.ipynb": notebook("bo, mixed")}, bo)
    shutil.chown(write_files(mixed, {"extra.ipynb": notebook("by ana")}) / "extra.ipynb", ana, ana)
    handed_in(inbound, f"nosuchaccount+{SLUG}+{stamp(now)}+x", {f"{SLUG}.ipynb": notebook("nobody")}, ana)
    shutil.chown(write_files(inbound, {f"{bo}.ipynb": notebook("loose, by bo")}) / f"{bo}.ipynb", bo, bo)

    out = run("collect", "02", "--course", course, "--from", inbound).output
    assert counted(course) == {bo: f"{honest.name}/{SLUG}.ipynb", ana: f"{backdated.name}/{SLUG}.ipynb"}
    assert set(owner(course)) == {f"{honest.name}/{SLUG}.ipynb", f"{backdated.name}/{SLUG}.ipynb"}
    refused = {r["name"]: r["reason"] for r in ledger(course)["refused"]}
    assert refused[forged.name + "/"] == (f"named for {bo} but made by the account {ana}: only {bo}'s own account "
                                          f"can hand in as {bo}")
    assert f"holds extra.ipynb, made by the account {ana}" in refused[mixed.name + "/"]
    assert "there is no account nosuchaccount" in refused[f"nosuchaccount+{SLUG}+{stamp(now)}+x/"]
    assert "not a submission folder" in refused[f"{bo}.ipynb"]
    assert forged.name in out and f"made by the account {ana}" in out  # the trainer sees why, in plain words

    receipts = {r["original_name"].split("+")[-1]: r for r in ledger(course)["receipts"]}
    late = receipts[f"backdated/{SLUG}.ipynb"]
    assert abs(datetime.fromisoformat(late["declared_time"]).timestamp() - now) < 60, late
    assert "2020-01-01 09:00:00.000000 UTC, is not used" in late["note"]
    on_time = receipts[f"honest/{SLUG}.ipynb"]
    assert abs(datetime.fromisoformat(on_time["declared_time"]).timestamp() - now) < 60 and not on_time["note"]
    assert (course / "submitted" / ana / SLUG / "timestamp.txt").read_text().startswith(stamp(now)[:4])
    assert (course / "submitted" / bo / SLUG / "submission_secret.txt").read_text() == "bo's secret"

    status = run("status", "02", "--course", course).output
    assert f"exchange folder {forged.name}/ refused: named for {bo} but made by the account {ana}" in status
    run("collect", "02", "--course", course, "--from", inbound)  # collected again: still refused, noted once
    assert run("status", "02", "--course", course).output.count(f"{forged.name}/ refused") == 1

    lms = make_zip(tmp_path / "copy.zip", {f"{bo}+{SLUG}+{stamp(now)}+zipped/{SLUG}.ipynb": notebook("zipped")})
    run("collect", "02", "--course", course, "--from", lms)
    assert "inside a zip" in ledger(course)["refused"][-1]["reason"] and counted(course)[bo].startswith(honest.name)


def test_on_a_laptop_an_exchange_folder_is_placed_by_its_name_as_before(course, tmp_path):
    """Without a shared exchange (files saved from e-mail or an LMS) there is no owner to check."""
    roster(course, [("ana", "Ana", "Silva")])
    folder = write_files(tmp_path / "saved", {f"ana+{SLUG}+2026-03-01 09:15:02.123456 UTC+r/{SLUG}.ipynb":
                                              notebook("ana")})
    run("collect", "02", "--course", course, "--from", folder)
    [receipt] = ledger(course)["receipts"]
    assert receipt["student"] == "ana" and receipt["declared_time"] == "2026-03-01 09:15:02.123456 UTC"


def on_a_server(course: Path, tmp_path: Path, budget: dict | None = None) -> Path:
    """The course's shared exchange, as `aitrain server init` records it (and a collect budget); its inbound."""
    exchange = tmp_path / "exchange"
    inbound = exchange / "aitrain" / "inbound"
    inbound.mkdir(parents=True)
    settings = json.loads((course / "aitrain-course.json").read_text())
    settings |= {"exchange": str(exchange)} | ({"collect_budget": budget} if budget else {})
    (course / "aitrain-course.json").write_text(json.dumps(settings))
    return inbound


def contents(folder: Path) -> dict[str, int]:
    """Every path under a folder with its size: what a collect must leave as it found it."""
    return {str(p.relative_to(folder)): p.lstat().st_size for p in folder.rglob("*")}


@needs_root
def test_each_participant_has_a_budget_in_the_exchange(course, tmp_path, accounts, monkeypatch):
    """Issue 30, F10: what a participant can put in the inbound (a huge file, thousands of files, many submissions,
    a heap of loose files) is refused with the reason, unread and left where it is, within their own budget (the
    course's collect_budget); everyone else's submissions are read, whatever sorts first. A line per participant
    and reason, however many entries."""
    ana, bo = accounts
    roster(course, [(ana, "Ana", "Silva"), (bo, "Bo", "Li")])
    inbound = on_a_server(course, tmp_path, {"files": 5, "megabytes": 1, "submissions": 3})
    now = time.time()
    folders = []
    for i in range(5):  # Ana submitted five times; the newest three are read
        folders.append(handed_in(inbound, f"{ana}+{SLUG}+{stamp(now + i)}+{i}", {f"{SLUG}.ipynb": notebook(f"ana {i}")},
                                 ana))
        time.sleep(0.02)  # each folder's ctime its own
    huge = handed_in(inbound, f"{ana}+{SLUG}+{stamp(now + 9)}+huge", {f"{SLUG}.ipynb": notebook("ana, huge")}, ana)
    with open(huge / "data.bin", "wb") as f:
        f.truncate(3 * 2**20)  # 3 MB as the file system reports it (sparse: nothing written)
    shutil.chown(huge / "data.bin", ana, ana)
    many = handed_in(inbound, f"{bo}+{SLUG}+{stamp(now + 9)}+many",
                     {f"{SLUG}.ipynb": notebook("bo, many")} | {f"copy {i}.csv": b"x" for i in range(40)}, bo)
    honest = handed_in(inbound, f"{bo}+{SLUG}+{stamp(now)}+honest", {f"{SLUG}.ipynb": notebook("bo")}, bo)
    for i in range(30):  # loose files: in no submission folder
        shutil.chown(write_files(inbound, {f"junk{i:02d}.ipynb": b"{}"}) / f"junk{i:02d}.ipynb", bo, bo)
    monkeypatch.setattr(sources, "MAX_SOURCE_BYTES", 2**10)  # the whole collect's own cap: every budget counts
    before = contents(inbound)

    out = run("collect", "02", "--course", course, "--from", inbound).output
    assert contents(inbound) == before, "a collect changes nothing in the exchange"
    assert counted(course) == {ana: f"{folders[4].name}/{SLUG}.ipynb", bo: f"{honest.name}/{SLUG}.ipynb"}
    assert sorted(owner(course)) == sorted(f"{f.name}/{SLUG}.ipynb" for f in [*folders[2:], honest])
    refused = {r["name"]: r for r in ledger(course)["refused"]}
    assert refused[huge.name + "/"]["reason"].startswith("holds 3 MB, more than the 1 MB one submission may: not "
                                                         "read, left in the inbound")
    assert refused[many.name + "/"]["reason"].startswith("holds more than 5 files and folders")
    older = refused[f"{folders[0].name}/ and 1 more like it"]
    assert older["named"] == ana and older["reason"] == (
        f"{ana} has 6 submission folders of {SLUG}; one collect reads the newest 3: this older one is not read, "
        "left in the inbound (collect_budget in the course's aitrain-course.json)")
    assert "not a submission folder" in refused["junk00.ipynb and 29 more like it"]["reason"]
    assert len(refused) == 4, sorted(refused)
    for line in ("holds 3 MB", "holds more than 5 files and folders", "junk00.ipynb and 29 more like it"):
        assert line in out, out
    notes = refusals(ledger(course))  # what `aitrain status` shows on each participant's row
    assert f"exchange folder {huge.name}/ refused: {refused[huge.name + '/']['reason']}" in notes[ana]
    assert len(notes[ana]) == 2 and len(notes[bo]) == 1, notes
    assert "holds 3 MB" in run("status", "02", "--course", course).output


def test_the_collect_budget_defaults_and_settings():
    """aitrain-course.json's collect_budget, with the defaults for what it does not give."""
    from aitrain.grading.exchange import CollectBudget

    assert CollectBudget.of({}) == CollectBudget(files=100, megabytes=50, submissions=10)
    assert CollectBudget.of({"collect_budget": {"megabytes": "20", "submissions": 0}}) == CollectBudget(100, 20, 1)
