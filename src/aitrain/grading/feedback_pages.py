"""Per-participant HTML feedback: what passed and what did not, with the course's friendly messages.

Written from the autograded notebook and the gradebook. The source of test cells is never shown (so hidden
tests stay hidden), and neither are tracebacks: a failed visible check shows its own message ("Not yet: ...
Hint: ..."), a failed hidden test only that a further check did not pass.
"""

import re
from pathlib import Path

import nbformat

from aitrain.course.catalogue import Module
from aitrain.course.pages import render
from aitrain.grading.workspace import Course

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _message(cell) -> str:
    """The friendly message a check showed, without any test source or traceback."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            if out.get("ename") == "NotYet":
                return ANSI.sub("", out.get("evalue", ""))
            return "A further check of this exercise did not pass yet. Re-read the question and try again."
    for out in cell.get("outputs", []):
        text = out.get("data", {}).get("text/plain") or out.get("text", "")
        if "Correct" in text:
            return ANSI.sub("", text).strip()
    return ""


def feedback_for(course: Course, module: Module, student: str) -> Path | None:
    path = course.folder("autograded", student, module.slug, module.notebook_name)
    if not path.exists():
        return None
    nb = nbformat.read(path, as_version=4)
    items = []
    with course.gradebook() as gb:
        submission = gb.find_submission_notebook(module.solution.stem, module.slug, student)
        grades = {g.name: g for g in submission.grades}
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            grade = grades.get(gid)
            if grade is None:
                continue
            if grade.score is None or (cell.cell_type == "markdown" and grade.manual_score is None):
                items.append({"kind": "manual", "label": gid, "max_score": grade.max_score})
                continue
            passed = grade.score >= grade.max_score
            items.append({"kind": "passed" if passed else "failed", "label": gid, "score": grade.score,
                          "max_score": grade.max_score, "message": _message(cell) if cell.cell_type == "code" else ""})
        page = render("feedback.html.j2", title=f"Feedback: {module.title}", student=student, score=submission.score,
                      max_score=submission.max_score, items=items)
    out = course.folder("feedback", student, module.slug, module.solution.stem + ".html")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def write_feedback(course: Course, module: Module) -> list[Path]:
    folder = course.folder("autograded")
    students = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    return [p for s in students if (p := feedback_for(course, module, s)) is not None]
