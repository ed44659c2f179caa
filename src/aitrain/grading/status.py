"""Where each participant on the roster stands in a module, by name: the `aitrain status` table, the top of
the cohort report and the columns of the wide export.

Read from the roster and gradebook, the intake ledger (which receipt counts, and who chose it), the last
autograde's statuses and the feedback written. Someone who did not hand in is "missing", never a zero.
"""

import json
from dataclasses import dataclass, field

from aitrain.base.catalogue import Module
from aitrain.grading import intake
from aitrain.grading.autograde import load_status
from aitrain.grading.course_directory import CourseDirectory

MISSING = "missing"
NOT_GRADED = "not graded yet"


@dataclass
class Standing:
    student: str
    name: str
    status: str = MISSING  # missing, not graded yet, graded, needs review
    receipts: int = 0  # files received from this participant
    counting: str = ""  # the receipt that counts
    chosen: str = ""  # "chosen by X at T" when the trainer chose it, else ""
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    auto: float = 0.0  # automatic points (after any correction by hand)
    auto_max: float = 0.0
    marked: float = 0.0  # points of the written answers already marked
    marked_max: float = 0.0
    to_mark: float = 0.0  # points of the written answers still to mark
    feedback: bool = False  # a page for the counting submission is written

    @property
    def submitted(self) -> bool:
        return self.status != MISSING

    @property
    def points(self) -> str:
        """'9 of 9 automatic points, 4 to mark', or why there are none yet."""
        if self.status in (MISSING, NOT_GRADED):
            return "-"
        return points_text(self.auto, self.auto_max, self.marked, self.marked_max, self.to_mark)

    @property
    def total(self) -> float | None:
        """All points so far, or None when there are none to count (missing, not graded yet)."""
        return None if self.status in (MISSING, NOT_GRADED) else self.auto + self.marked


def points_text(auto: float, auto_max: float, marked: float, marked_max: float, to_mark: float) -> str:
    text = f"{auto:g} of {auto_max:g} automatic points"
    if marked_max:
        text += f", {marked:g} of {marked_max:g} marked"
    return text + (f", {to_mark:g} to mark" if to_mark else "")


def feedback_record(course_dir: CourseDirectory, module: Module) -> dict[str, str]:
    """participant -> the receipt whose feedback page is written."""
    path = course_dir.folder("status", "feedback", f"{module.slug}.json")
    return json.loads(path.read_text()) if path.exists() else {}


def roster(course_dir: CourseDirectory) -> list[tuple[str, str]]:
    """(id, name) of every participant, by id."""
    with course_dir.gradebook() as gb:
        return sorted((s.id, " ".join(n for n in (s.first_name, s.last_name) if n) or s.id) for s in gb.students)


def standings(course_dir: CourseDirectory, module: Module) -> list[Standing]:
    """One row per participant on the roster, by id."""
    ledger = intake.load_ledger(course_dir, module)
    statuses = {o["student"]: o for o in load_status(course_dir, module.slug)}
    written = feedback_record(course_dir, module)
    rows = []
    for student, name in roster(course_dir):
        row = Standing(student, name, receipts=sum(r["student"] == student for r in ledger["receipts"]))
        rows.append(row)
        row.counting = ledger["counts"].get(student, "")
        if not row.counting:
            continue
        choice = ledger.get("chosen", {}).get(student)
        if choice and choice["receipt"] == row.counting:
            row.chosen = f"chosen by {choice['by']} at {choice['at'][:16].replace('T', ' ')}"
        graded = statuses.get(student)
        if graded is None or graded["receipt"] != row.counting:
            row.status = NOT_GRADED
            continue
        row.status, row.reasons, row.notes = graded["status"], graded["reasons"], graded.get("notes", [])
        row.feedback = written.get(student) == row.counting
        _points(course_dir, module, row)
    return rows


def _points(course_dir: CourseDirectory, module: Module, row: Standing) -> None:
    with course_dir.gradebook() as gb:
        submission = gb.find_submission_notebook(module.solution.stem, module.slug, row.student)
        for grade in submission.grades:
            if grade.cell_type == "code":
                row.auto += grade.score or 0.0
                row.auto_max += grade.max_score
            elif grade.manual_score is None:
                row.to_mark += grade.max_score
            else:
                row.marked += grade.score
                row.marked_max += grade.max_score



def status_table(course_dir: CourseDirectory, module: Module):
    """The `aitrain status` table (rich), with a one-line summary as its caption."""
    from rich.table import Table
    from rich.text import Text

    rows = standings(course_dir, module)
    table = Table(title=f"{module.slug}: {len(rows)} participants")
    for col in ("participant", "handed in", "counting receipt", "status", "points", "why / notes", "feedback"):
        table.add_column(col)
    colours = {MISSING: "yellow", NOT_GRADED: "yellow", "graded": "green", "needs review": "red"}
    for r in rows:
        handed = f"{r.receipts} file{'s' if r.receipts != 1 else ''}" if r.receipts else "nothing"
        table.add_row(Text(f"{r.name} ({r.student})"), handed, Text(" ".join(filter(None, (r.counting, r.chosen)))),
                      Text(r.status, style=colours.get(r.status, "")), r.points, Text("; ".join(r.reasons + r.notes)),
                      "written" if r.feedback else "")  # names, reasons and notes come from outside: plain text
    summary = summarise(rows)
    table.caption = ", ".join(f"{n} {what}" for what, n in summary.items())
    return table


def summarise(rows: list[Standing]) -> dict[str, int]:
    """How many participants are in each state ('missing', 'graded', ...), plus written answers to mark."""
    counts = {s: sum(r.status == s for r in rows) for s in ("graded", "needs review", NOT_GRADED, MISSING)}
    counts["with written answers to mark"] = sum(r.to_mark > 0 for r in rows)
    counts["without feedback"] = sum(r.submitted and not r.feedback for r in rows)
    return counts
