"""Per-participant HTML feedback for the counting submission only: under each exercise's title, the
participant's own answer, what the check said, the points, and the trainer's marks and comments.

Written from the autograded notebook and the gradebook. The source of test cells is never shown (so hidden
tests stay hidden), and neither are tracebacks: a failed visible check shows its own message ("Not yet: ...
Hint: ..."), a failed hidden test only that a further check did not pass. A submission that needs review gets
a page saying so; one who sent only a file that cannot be graded gets a page asking for it again; one not
autograded since it came in gets no page (and any older page is removed), and the command says who got none and
why.

Only new and changed pages are written (each page records what it was built from, see status.built_from), and
each run copies them into a delivery folder, delivery/MODULE/TIME/: one file per participant named after them, a
zip of it per participant, mail-merge.csv (name, e-mail, file) for a mail merge and, for files that came from a
Moodle download, moodle-feedback-files.zip: each page in the participant's folder as Moodle named it
(`Full Name_12345_assignsubmission_file_/`), for Moodle's "Upload multiple feedback files in a zip".
"""

import csv
import hashlib
import importlib
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import mistune
import nbformat

from aitrain.base.catalogue import Module
from aitrain.base.nbgrader_stages import friendly_message
from aitrain.base.pages import Markup, render
from aitrain.grading import intake
from aitrain.grading.autograde import GRADED, load_status
from aitrain.grading.course_directory import CourseDirectory
from aitrain.grading.status import built_from, emails, feedback_record, on_assignment, points_text, roster
from aitrain.i18n import _

CHECK_CALL = re.compile(r"\bex\.(\w+)\.check\(")
_markdown = mistune.create_markdown(escape=True, plugins=["strikethrough", "table"])


def markdown(text: str) -> Markup:
    """Markdown as HTML, any HTML in it shown as text (participants' and trainers' text alike)."""
    return Markup(_markdown(text or ""))


def _heading(cell) -> str:
    first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    return first.lstrip("#").replace("\u270f\ufe0f", "").strip() if first.startswith("#") else ""


def exercise_file(module: Module) -> str:
    """The module's exercise file, aitrain.exercises.<name>, named after its folder (on either path)."""
    return module.solution.parent.name.split("-", 1)[1].replace("-", "_")


def titles(module: Module, nb) -> dict[str, str]:
    """grade id -> the exercise's title as participants see it ('Exercise 1 (poverty headcount)')."""
    exercises = importlib.import_module(f"aitrain.exercises.{exercise_file(module)}")
    found, heading = {}, ""
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and _heading(cell):
            heading = _heading(cell)
        if meta.get("grade"):
            call = CHECK_CALL.search(cell.source) if cell.cell_type == "code" else None
            exercise = getattr(exercises, call.group(1), None) if call else None
            found[meta["grade_id"]] = getattr(exercise, "label", "") or heading or meta["grade_id"]
    return found


def _items(course_dir: CourseDirectory, module: Module, student: str, nb) -> list[dict]:
    names = titles(module, nb)
    items, answers = [], []
    with course_dir.gradebook() as gb:
        submission = gb.find_submission_notebook(module.solution.stem, module.slug, student)
        grades = {g.name: g for g in submission.grades}
        comments = {c.name: c.manual_comment for c in submission.comments if c.manual_comment}
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            gid = meta.get("grade_id")
            if meta.get("solution"):
                answers.append((gid, cell))
            grade = grades.get(gid)
            if grade is None:
                continue
            written = cell.cell_type == "markdown"
            item = {"title": names.get(gid, gid), "max_score": grade.max_score, "score": grade.score,
                    "answers": [markdown(c.source) if c.cell_type == "markdown" else c.source for _g, c in answers],
                    "code": not written, "comments": [markdown(comments[g]) for g, _c in answers if g in comments],
                    "message": "" if written else friendly_message(cell)}
            if grade.needs_manual_grade:
                item["kind"] = "manual"
            else:
                if written and grade.manual_score is None:  # left as released: nbgrader gave it 0
                    item["message"], item["blank"] = _("No answer was written."), True
                item["kind"] = "passed" if grade.score >= grade.max_score else "failed"
                if written and 0 < grade.score < grade.max_score:
                    item["kind"] = "partial"  # a written answer marked 3 of 4 is not wrong: no red cross
                symbol = {"passed": "\u2713", "failed": "\u2717"}.get(item["kind"], "")
                item["mark"] = "" if item["message"].startswith(("\u2713", "\u2717")) else symbol  # shown once
                item["mark"] = "" if item.get("blank") else item["mark"]  # "No answer was written." says it
                item["by_hand"] = grade.manual_score is not None
            items.append(item)
            answers = []
    return items


def _summary(items: list[dict]) -> str:
    auto = [i for i in items if i["code"] and i["kind"] != "manual"]
    marked = [i for i in items if not i["code"] and i["kind"] != "manual" and not i.get("blank")]
    return points_text(sum(i["score"] for i in auto), sum(i["max_score"] for i in auto),
                       sum(i["score"] for i in marked), sum(i["max_score"] for i in marked),
                       sum(i["max_score"] for i in items if i["kind"] == "manual"),
                       sum(i["max_score"] for i in items if i.get("blank")))


def page_path(course_dir: CourseDirectory, module: Module, student: str) -> Path:
    return course_dir.folder("feedback", student, module.slug, module.solution.stem + ".html")


def feedback_for(course_dir: CourseDirectory, module: Module, student: str, name: str, graded: dict | None,
                 resend: dict | None = None) -> Path | str:
    """Write the participant's page; return its path, or why there is none."""
    path = course_dir.folder("autograded", student, module.slug, module.notebook_name)
    if graded and graded["status"] == GRADED and not path.exists():
        return _("the autograded notebook is missing: run 'aitrain autograde' again")
    nb = nbformat.read(path, as_version=4) if graded and path.exists() else None
    shown = nb.metadata.get("aitrain", {}).get("title") if nb is not None else None  # in the notebook's language
    title = shown if shown and course_dir.edition.translated else module.title
    on_path = " (" + _("{path} path").format(path=_(module.path)) + ")" if module.path != "coded" else ""
    context = {"title": _("Feedback: {title}").format(title=title) + on_path, "name": name,
               "review": bool(graded) and graded["status"] != GRADED,
               "resend": resend and {"why": resend["why"], "file": module.notebook_name}}
    if nb is not None:
        context["items"] = _items(course_dir, module, student, nb)
        context["summary"] = _summary(context["items"])
    out = page_path(course_dir, module, student)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render("feedback.html.j2", lang=course_dir.edition.language, **context), encoding="utf-8")
    return out


@dataclass
class Written:
    pages: dict[str, Path] = field(default_factory=dict)  # participant -> page written now (new or changed)
    unchanged: list[str] = field(default_factory=list)  # participants whose page is current already
    none: dict[str, str] = field(default_factory=dict)  # participant -> why they have no page
    delivery: Path | None = None  # the folder with this run's pages to send


def write_feedback(course_dir: CourseDirectory, module: Module) -> Written:
    """The pages of every participant whose counting submission was autograded (or who must resend it) that are
    new or built from something that changed since; who got none, and why; and the delivery folder."""
    ledger = intake.load_ledger(course_dir, module)
    counts, resends = ledger["counts"], ledger.get("resend", {})
    statuses = {o["student"]: o for o in load_status(course_dir, module.slug)}
    record = feedback_record(course_dir, module)
    result = Written()
    names = dict(roster(course_dir))
    for student, name in on_assignment(course_dir, module):
        graded, resend = statuses.get(student), resends.get(student) if student not in counts else None
        receipt = counts.get(student) or (resend or {}).get("receipt")
        if student not in counts and not resend:
            why = _("no submission")
        elif not resend and (graded is None or graded["receipt"] != counts[student]):
            why = _("its counting submission (receipt {receipt}) is not autograded yet").format(
                receipt=counts[student])
        else:
            graded = None if resend else graded
            source = built_from(course_dir, module, student, counts.get(student, ""), graded, resend)
            old = record.get(student, {})
            if (old.get("receipt"), old.get("built_from")) == (receipt, source) and \
                    _sha256(page_path(course_dir, module, student)) == old.get("sha256"):
                result.unchanged.append(student)  # (nbgrader's generate_feedback writes to the same path)
                continue
            why = feedback_for(course_dir, module, student, name, graded, resend)
            if isinstance(why, Path):
                result.pages[student] = why
                record[student] = {"receipt": receipt, "built_from": source, "sha256": _sha256(why),
                                   "written_at": datetime.now(UTC).isoformat(timespec="seconds")}
                continue
        result.none[student] = why
        if record.pop(student, None) is not None:  # a page from an earlier submission must not stay
            page_path(course_dir, module, student).unlink(missing_ok=True)
    path = course_dir.folder("status", "feedback", f"{module.slug}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False))
    if result.pages:
        origin = {r["id"]: r["original_name"] for r in ledger["receipts"]}
        moodle = {s: folder for s in result.pages
                  if (folder := moodle_folder(origin.get(record[s]["receipt"], "")))}
        result.delivery = deliver(course_dir, module, {s: (names[s], p) for s, p in result.pages.items()}, moodle)
    return result


MOODLE_FOLDER = re.compile(r"^.+_\d+_assign(submission|feedback)_[a-z]+_$")


def moodle_folder(original_name: str) -> str | None:
    """The Moodle download folder a file came from ('Full Name_12345_assignsubmission_file_'), if any."""
    return next((part for part in PurePosixPath(original_name).parts[:-1] if MOODLE_FOLDER.match(part)), None)


def _sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def file_name(name: str, student: str, module: Module, suffix: str) -> str:
    """'Айгуль Нурланова (p01) - 02-proxy-means-test.html': the participant's name, safe on every system."""
    return f"{UNSAFE.sub('_', name).strip(' .') or student} ({UNSAFE.sub('_', student)}) - {module.slug}{suffix}"


def deliver(course_dir: CourseDirectory, module: Module, pages: dict[str, tuple[str, Path]],
            moodle: dict[str, str] | None = None) -> Path:
    """A new folder delivery/MODULE/TIME/ with each page under the participant's name, a zip of it each,
    mail-merge.csv (name, e-mail, file, zip) for sending them, and the pages of `moodle` participants (-> their
    download folder) in moodle-feedback-files.zip."""
    folder = course_dir.folder("delivery", module.slug, datetime.now(UTC).strftime("%Y-%m-%d %H%M%S"))
    while folder.exists():
        folder = folder.with_name(folder.name + "+")
    folder.mkdir(parents=True)
    addresses = emails(course_dir)
    rows = [["name", "email", "id", "file", "zip"]]
    for student, (name, page) in sorted(pages.items()):
        html = folder / file_name(name, student, module, ".html")
        html.write_bytes(page.read_bytes())
        packed = html.with_suffix(".zip")
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(html, html.name)
        rows.append([name, addresses.get(student, ""), student, html.name, packed.name])
    with open(folder / "mail-merge.csv", "w", newline="", encoding="utf-8-sig") as f:  # BOM: Excel reads names
        csv.writer(f).writerows(rows)
    if moodle:
        with zipfile.ZipFile(folder / "moodle-feedback-files.zip", "w", zipfile.ZIP_DEFLATED) as z:
            for student, download in sorted(moodle.items()):
                z.write(pages[student][1], f"{download}/{module.solution.stem}.html")
    return folder
