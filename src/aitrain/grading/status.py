"""Where each participant on the roster stands in a module, by name: the `aitrain status` table, the top of
the cohort report and the columns of the wide export.

Read from the roster and gradebook, the intake ledger (which receipt counts, and who chose it), the last
autograde's statuses and the feedback written. Someone who did not hand in is "missing", never a zero; someone
who sent only a file that cannot be graded (empty, not a notebook, another module's) is "resend".

A feedback page records what it was built from (`built_from`: the counting receipt, the autograde's outcome,
every score and mark and the comments), so a page is "outdated" as soon as any of these changes.
"""

import hashlib
import json
from dataclasses import dataclass, field

from nbgrader.api import Gradebook

from aitrain.base.catalogue import Module
from aitrain.grading import intake
from aitrain.grading.autograde import load_status
from aitrain.grading.course_directory import Assignment, CourseDirectory
from aitrain.i18n import N_, _

MISSING = N_("missing")  # the states are kept in English (records, comparisons) and shown with _()
NOT_GRADED = N_("not graded yet")
RESEND = N_("resend")
WRITTEN = N_("written")
OUTDATED = N_("outdated")
SHOWN_STATES = (N_("graded"), N_("needs review"))  # autograde's words, shown with _() too
PATH_NAMES = (N_("coded"), N_("policy"))


@dataclass
class Standing:
    student: str
    name: str
    status: str = MISSING  # missing, resend, not graded yet, graded, needs review
    receipts: int = 0  # files received from this participant
    counting: str = ""  # the receipt that counts
    chosen: str = ""  # "chosen by X at T" when the trainer chose it, else ""
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    auto: float = 0.0  # automatic points (after any correction by hand)
    auto_max: float = 0.0
    marked: float = 0.0  # points of the written answers already marked
    marked_max: float = 0.0
    to_mark: float = 0.0  # points still to mark (what the formgrader lists as needing a manual grade)
    blank: float = 0.0  # points of written answers left as released: nbgrader gives them 0, nothing to mark
    feedback: str = ""  # the page: "" (none), "written" (current) or "outdated" (built from something older)
    path: str = "coded"  # the path the participant takes the module on (or handed it in on)

    @property
    def submitted(self) -> bool:
        return self.status != MISSING

    @property
    def points(self) -> str:
        """'9 of 13 points so far: 9 of 9 automatic, 4 points still to mark', or why there are none yet."""
        if self.status in (MISSING, NOT_GRADED, RESEND):
            return "-"
        return points_text(self.auto, self.auto_max, self.marked, self.marked_max, self.to_mark, self.blank)

    @property
    def maximum(self) -> float:
        return self.auto_max + self.marked_max + self.to_mark + self.blank

    @property
    def total(self) -> float | None:
        """All points so far, or None when there are none to count (missing, resend, not graded yet)."""
        return None if self.status in (MISSING, NOT_GRADED, RESEND) else self.auto + self.marked


def points_text(auto: float, auto_max: float, marked: float, marked_max: float, to_mark: float,
                blank: float = 0.0) -> str:
    """'12 of 13 points: 9 of 9 automatic, 3 of 4 from marking', with each part named: the automatic points, the
    points the trainer's marks gave ("0 of 4 from marking" is a mark of 0, never "not marked yet"), the points still
    to mark ("so far" until there are none) and written answers left blank."""
    parts = [_("{auto} of {auto_max} automatic").format(auto=f"{auto:g}", auto_max=f"{auto_max:g}")] \
        if auto_max or not to_mark else []
    if marked_max:
        parts.append(_("{marked} of {marked_max} from marking").format(marked=f"{marked:g}",
                                                                         marked_max=f"{marked_max:g}"))
    if to_mark:
        parts.append((_("{n} point still to mark") if to_mark == 1 else _("{n} points still to mark"))
                     .format(n=f"{to_mark:g}"))
    if blank:
        parts.append((_("{n} point of written answers left blank") if blank == 1 else
                      _("{n} points of written answers left blank")).format(n=f"{blank:g}"))
    total, full = auto + marked, auto_max + marked_max + to_mark + blank
    head = _("{total} of {full} points so far") if to_mark else _("{total} of {full} points")
    return head.format(total=f"{total:g}", full=f"{full:g}") + ": " + ", ".join(parts)


def feedback_record(course_dir: CourseDirectory, module: Module) -> dict[str, dict]:
    """participant -> {"receipt": the receipt their page is for, "built_from": what it was built from}."""
    path = course_dir.folder("status", "feedback", f"{module.slug}.json")
    record = json.loads(path.read_text()) if path.exists() else {}
    return {s: v if isinstance(v, dict) else {"receipt": v, "built_from": ""} for s, v in record.items()}


def built_from(course_dir: CourseDirectory, module: Module, student: str, counting: str, graded: dict | None,
               resend: dict | None = None) -> str:
    """A fingerprint of everything a participant's page shows: the counting receipt (or the file to resend),
    the autograde's outcome, every score, mark and comment in the gradebook, and a translated course's
    language."""
    parts: dict = {"receipt": counting, "resend": resend and resend["why"]}
    if course_dir.edition.translated:  # the page is written in the course's language (English pages: as before)
        parts["language"] = course_dir.edition.language
    if graded:
        parts["autograde"] = [graded.get(k) for k in ("receipt", "status", "reasons")]
        from nbgrader.api import MissingEntry

        with course_dir.gradebook() as gb:
            try:
                submission = gb.find_submission_notebook(module.solution.stem, module.slug, student)
            except MissingEntry:
                submission = None
            if submission is not None:
                parts["grades"] = sorted((g.name, g.auto_score, g.manual_score, g.extra_credit, g.max_score)
                                         for g in submission.grades)
                parts["comments"] = sorted((c.name, c.auto_comment or "", c.manual_comment or "")
                                           for c in submission.comments)
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def roster(course_dir: CourseDirectory) -> list[tuple[str, str]]:
    """(id, name) of every participant, by id."""
    with course_dir.gradebook() as gb:
        return sorted((s.id, " ".join(n for n in (s.first_name, s.last_name) if n) or s.id) for s in gb.students)


def on_assignment(course_dir: CourseDirectory, module: Module) -> list[tuple[str, str]]:
    """(id, name) of every participant the module's assignment on its path is for, by id: those who handed in
    on that path, and those on that path who handed in on no other (a plain Module: the whole roster)."""
    people = roster(course_dir)
    if not isinstance(module, Assignment):
        return people
    handed: dict[str, set[str]] = {}
    for other in course_dir.assignments(module):
        for r in intake.load_ledger(course_dir, other)["receipts"]:
            if r["student"]:
                handed.setdefault(r["student"], set()).add(other.path)
    return [(student, name) for student, name in people
            if module.path in handed.get(student, set())
            or (not handed.get(student) and course_dir.path_of(module, student) == module.path)]


def by_participant(course_dir: CourseDirectory, module: Module) -> list[Standing]:
    """Every participant's standing in the module, each on the path they take it on (one row each, by id: someone
    who handed in on both paths is shown on their own path's)."""
    rows: dict[str, Standing] = {}
    for graded in course_dir.assignments(module):
        for row in standings(course_dir, graded):
            if row.student not in rows or course_dir.path_of(module, row.student) == row.path:
                rows[row.student] = row
    return [rows[student] for student in sorted(rows)]


def refusals(ledger: dict) -> dict[str, list[str]]:
    """participant -> a note on each exchange folder named for them that collect refused (someone else made it,
    or it could not be proved theirs), each folder once however often it was collected."""
    notes: dict[str, dict[str, str]] = {}
    for r in ledger.get("refused", []):
        if r.get("named"):
            notes.setdefault(r["named"], {})[r["name"]] = f"exchange folder {r['name']} refused: {r['reason']}"
    return {student: list(found.values()) for student, found in notes.items()}


def emails(course_dir: CourseDirectory) -> dict[str, str]:
    """participant -> e-mail address ('' when the roster has none)."""
    with course_dir.gradebook() as gb:
        return {s.id: s.email or "" for s in gb.students}


def standings(course_dir: CourseDirectory, module: Module) -> list[Standing]:
    """One row per participant on the roster, by id."""
    ledger = intake.load_ledger(course_dir, module)
    statuses = {o["student"]: o for o in load_status(course_dir, module.slug)}
    written = feedback_record(course_dir, module)
    refused = refusals(ledger)
    rows, scored = [], []
    for student, name in on_assignment(course_dir, module):
        row = Standing(student, name, receipts=sum(r["student"] == student for r in ledger["receipts"]),
                       path=module.path)
        row.notes = list(refused.get(student, []))
        rows.append(row)
        row.counting = ledger["counts"].get(student, "")
        resend = ledger.get("resend", {}).get(student)
        if resend and not row.counting:
            row.status, row.reasons = RESEND, [f"{resend['why']} (receipt {resend['receipt']}): ask for the file "
                                               "again"]
            row.feedback = _page_state(course_dir, module, student, "", None, resend, written)
            continue
        if not row.counting:
            continue
        choice = ledger.get("chosen", {}).get(student)
        if choice and choice["receipt"] == row.counting:
            row.chosen = f"chosen by {choice['by']} at {choice['at'][:16].replace('T', ' ')}"
        graded = statuses.get(student)
        if graded is None or graded["receipt"] != row.counting:
            row.status = NOT_GRADED
            continue
        row.status, row.reasons = graded["status"], graded["reasons"]
        row.notes = graded.get("notes", []) + row.notes
        row.feedback = _page_state(course_dir, module, student, row.counting, graded, None, written)
        scored.append(row)
    if scored:  # one gradebook for them all (opening one per participant was most of `aitrain status`'s time)
        with course_dir.gradebook() as gb:
            for row in scored:
                _points(gb, module, row)
    return rows


def _page_state(course_dir, module, student, counting, graded, resend, written) -> str:
    page = written.get(student)
    if page is None:
        return ""
    same = page["receipt"] == (counting or (resend or {}).get("receipt"))
    current = same and page["built_from"] == built_from(course_dir, module, student, counting, graded, resend)
    if current and page.get("sha256"):  # the file is still the page written (not replaced, e.g. by nbgrader's)
        path = course_dir.folder("feedback", student, module.slug, module.solution.stem + ".html")
        current = path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == page["sha256"]
    return WRITTEN if current else OUTDATED


def _points(gb: Gradebook, module: Module, row: Standing) -> None:
    submission = gb.find_submission_notebook(module.solution.stem, module.slug, row.student)
    for grade in submission.grades:  # to mark: exactly what the formgrader lists as needing a manual grade
        if grade.needs_manual_grade:
            row.to_mark += grade.max_score
        elif grade.cell_type == "code":
            row.auto += grade.score or 0.0
            row.auto_max += grade.max_score
        elif grade.manual_score is None:  # left as released: nbgrader scored it 0, the formgrader lists nothing
            row.blank += grade.max_score
        else:
            row.marked += grade.score
            row.marked_max += grade.max_score



def status_table(course_dir: CourseDirectory, module: Module, rows: list[Standing] | None = None):
    """The `aitrain status` table (rich), with a one-line summary as its caption."""
    from rich.table import Table
    from rich.text import Text

    rows = standings(course_dir, module) if rows is None else rows
    paths = sorted({r.path for r in rows})
    on_paths = {p: _("{n} on the {path} path").format(n=sum(r.path == p for r in rows), path=_(p)) for p in paths}
    table = Table(title=_("{module}: {n} participants").format(module=module.slug, n=len(rows))
                  + (" " + _("on the {path} path").format(path=_(paths[0])) if paths != ["coded"] and len(paths) == 1
                     else f" ({', '.join(on_paths.values())})" if len(paths) > 1 else ""))
    columns = (N_("participant"), N_("path"), N_("handed in"), N_("counting receipt"), N_("status"), N_("points"),
               N_("why / notes"), N_("feedback"))
    for col in columns if paths != ["coded"] else [c for c in columns if c != "path"]:
        table.add_column(_(col))
    colours = {MISSING: "yellow", NOT_GRADED: "yellow", "graded": "green", "needs review": "red", RESEND: "red"}
    for r in rows:
        table.add_row(Text(f"{r.name} ({r.student})"), *([_(r.path)] if paths != ["coded"] else []), handed_in(r),
                      Text(" ".join(filter(None, (r.counting, r.chosen)))),
                      Text(_(r.status), style=colours.get(r.status, "")), r.points,
                      Text("; ".join(r.reasons + r.notes)),
                      Text(_(r.feedback) if r.feedback else "", style="red" if r.feedback == OUTDATED else ""))
    table.caption = caption(summarise(rows))
    return table


def handed_in(row: Standing) -> str:
    """'2 files', '1 file' or 'nothing', in the current language."""
    if not row.receipts:
        return _("nothing")
    return (_("{n} file") if row.receipts == 1 else _("{n} files")).format(n=row.receipts)


def caption(summary: dict[str, int]) -> str:
    """'3 graded, 1 missing, ...' in the current language."""
    return ", ".join(f"{n} {_(what)}" for what, n in summary.items())


def summarise(rows: list[Standing]) -> dict[str, int]:
    """How many participants are in each state ('missing', 'graded', ...), plus written answers to mark."""
    counts = {s: sum(r.status == s for r in rows) for s in ("graded", "needs review", NOT_GRADED, RESEND, MISSING)}
    counts[N_("with written answers to mark")] = sum(r.to_mark > 0 for r in rows)
    counts[N_("without feedback")] = sum(r.submitted and not r.feedback for r in rows)
    counts[N_("with an outdated page")] = sum(r.feedback == OUTDATED for r in rows)
    return counts
