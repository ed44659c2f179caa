"""The trainer's own marks (manual scores, extra credit, comments given in the formgrader) when the counting
submission changes: a mark stays only where the participant's answer it judged is unchanged.

The answer a grade judges: a written answer's own text; for a test cell, the code of the exercise cells
between the previous grade cell and the test. Comparing the previous counting file with the new one, each
mark on a changed answer is cleared (it is to be given again), each on an unchanged answer is kept, and the
returned notes say which.
"""

import nbformat

from aitrain.base.catalogue import Module
from aitrain.grading.course_directory import CourseDirectory


def answers(nb) -> dict[str, str]:
    """grade id -> the participant's answer it judges (see the module docstring)."""
    found, since = {}, []
    for cell in nb.cells if nb is not None else []:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not isinstance(meta, dict) or "grade_id" not in meta:
            continue
        gid = str(meta["grade_id"])
        if meta.get("solution"):
            found[gid] = cell.source
            since.append(cell.source)
        if meta.get("grade") and not meta.get("solution"):
            found[gid] = "\n".join(since)
        if meta.get("grade"):
            since = []
    return found


def carry_over(course_dir: CourseDirectory, module: Module, student: str, old_nb, new_nb) -> list[str]:
    """Clear the marks whose answer changed between the two submissions; return notes on what was kept."""
    old, new = answers(old_nb), answers(new_nb)
    reset, kept = [], []
    with course_dir.gradebook() as gb:
        submission = gb.find_submission_notebook(module.solution.stem, module.slug, student)
        for item in [*submission.grades, *submission.comments]:
            is_grade = hasattr(item, "manual_score")
            marked = (item.manual_score is not None or item.extra_credit) if is_grade else bool(item.manual_comment)
            if not marked:
                continue
            target = reset if old.get(item.name) != new.get(item.name) or item.name not in new else kept
            target.append(item.name)
            if target is reset and is_grade:
                item.manual_score = None
                item.extra_credit = None
                item.needs_manual_grade = True
            elif target is reset:
                item.manual_comment = None
        gb.db.commit()
    notes = []
    if reset:
        notes.append("your marks and comments cleared (answer changed): " + ", ".join(dict.fromkeys(reset)))
    if kept:
        notes.append("your marks and comments kept (answer unchanged): " + ", ".join(dict.fromkeys(kept)))
    return notes


def read(course_dir: CourseDirectory, module: Module, receipt: dict | None):
    """The notebook of a stored receipt, or None when it is not a readable notebook."""
    if receipt is None:
        return None
    try:
        return nbformat.reads((course_dir.folder("intake", module.slug) / receipt["stored"]).read_text("utf-8"),
                              as_version=4)
    except Exception:  # hostile input: anything unreadable has no answers
        return None
