"""Per-participant HTML feedback for the counting submission only: under each exercise's title, the
participant's own answer, what the check said, the points, and the trainer's marks and comments.

Written from the autograded notebook and the gradebook. The source of test cells is never shown (so hidden
tests stay hidden), and neither are tracebacks: a failed visible check shows its own message ("Not yet: ...
Hint: ..."), a failed hidden test only that a further check did not pass. A submission that needs review gets
a page saying so; one not autograded since it came in gets no page (and any older page is removed), and the
command says who got none and why.
"""

import importlib
import json
import re
from pathlib import Path

import mistune
import nbformat

from aitrain.base.catalogue import Module
from aitrain.base.nbgrader_stages import friendly_message
from aitrain.base.pages import Markup, render
from aitrain.grading import intake
from aitrain.grading.autograde import GRADED, load_status
from aitrain.grading.course_directory import CourseDirectory
from aitrain.grading.status import feedback_record, points_text, roster

CHECK_CALL = re.compile(r"\bex\.(\w+)\.check\(")
_markdown = mistune.create_markdown(escape=True, plugins=["strikethrough", "table"])


def markdown(text: str) -> Markup:
    """Markdown as HTML, any HTML in it shown as text (participants' and trainers' text alike)."""
    return Markup(_markdown(text or ""))


def _heading(cell) -> str:
    first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    return first.lstrip("#").replace("\u270f\ufe0f", "").strip() if first.startswith("#") else ""


def titles(module: Module, nb) -> dict[str, str]:
    """grade id -> the exercise's title as participants see it ('Exercise 1 (poverty headcount)')."""
    exercises = importlib.import_module(f"aitrain.exercises.{module.slug.split('-', 1)[1].replace('-', '_')}")
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
                    "answers": [markdown(c.source) if c.cell_type == "markdown" else c.source for _, c in answers],
                    "code": not written, "comments": [markdown(comments[g]) for g, _ in answers if g in comments],
                    "message": "" if written else friendly_message(cell)}
            if written and grade.manual_score is None:
                item["kind"] = "manual"
            else:
                item["kind"] = "passed" if grade.score >= grade.max_score else "failed"
                symbol = "\u2713" if item["kind"] == "passed" else "\u2717"
                item["mark"] = "" if item["message"].startswith(("\u2713", "\u2717")) else symbol  # shown once
                item["by_hand"] = grade.manual_score is not None
            items.append(item)
            answers = []
    return items


def _summary(items: list[dict]) -> str:
    auto = [i for i in items if i["code"]]
    marked = [i for i in items if not i["code"] and i["kind"] != "manual"]
    return points_text(sum(i["score"] for i in auto), sum(i["max_score"] for i in auto),
                       sum(i["score"] for i in marked), sum(i["max_score"] for i in marked),
                       sum(i["max_score"] for i in items if i["kind"] == "manual"))


def page_path(course_dir: CourseDirectory, module: Module, student: str) -> Path:
    return course_dir.folder("feedback", student, module.slug, module.solution.stem + ".html")


def feedback_for(course_dir: CourseDirectory, module: Module, student: str, name: str, graded: dict) -> Path | str:
    """Write the participant's page; return its path, or why there is none."""
    path = course_dir.folder("autograded", student, module.slug, module.notebook_name)
    if graded["status"] == GRADED and not path.exists():
        return "the autograded notebook is missing: run 'aitrain autograde' again"
    context = {"title": f"Feedback: {module.title}", "name": name, "review": graded["status"] != GRADED}
    if path.exists():
        context["items"] = _items(course_dir, module, student, nbformat.read(path, as_version=4))
        context["summary"] = _summary(context["items"])
    out = page_path(course_dir, module, student)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render("feedback.html.j2", **context), encoding="utf-8")
    return out


def write_feedback(course_dir: CourseDirectory, module: Module) -> tuple[list[Path], dict[str, str]]:
    """Pages for every participant whose counting submission was autograded; and who got none, and why."""
    counts = intake.load_ledger(course_dir, module)["counts"]
    statuses = {o["student"]: o for o in load_status(course_dir, module.slug)}
    record = feedback_record(course_dir, module)
    written, none = [], {}
    for student, name in roster(course_dir):
        graded = statuses.get(student)
        if student not in counts:
            why = "no submission"
        elif graded is None or graded["receipt"] != counts[student]:
            why = f"its counting submission (receipt {counts[student]}) is not autograded yet"
        else:
            why = feedback_for(course_dir, module, student, name, graded)
        if isinstance(why, Path):
            written.append(why)
            record[student] = counts[student]
            continue
        none[student] = why
        if record.pop(student, None) is not None:  # a page from an earlier submission must not stay
            page_path(course_dir, module, student).unlink(missing_ok=True)
    path = course_dir.folder("status", "feedback", f"{module.slug}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1, sort_keys=True))
    return written, none
