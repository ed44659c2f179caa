"""Autograding a module's collected submissions: sanitize, execute in sandboxes in parallel, score.

1. The trainer's process reads each counting submission (intake.py), checks it is a notebook of this module
   with every grade cell once and unedited metadata (check_structure: what nbgrader's CheckCellMetadata
   would refuse becomes a "needs review" status), applies SANITIZE (OverwriteCells restores the locked and
   test cells from the gradebook) and scans the participant's own cells for tampering (integrity.py).
2. Workers execute the sanitized notebooks, each in a throwaway sandbox (runner.py), every test cell in a
   namespace of its own built from the course's imports and the participant's answers; they return the
   executed notebooks and never touch the gradebook.
3. The trainer's process alone applies SCORE to each executed notebook (its last step makes what the
   participant wrote inert: participant_html.py), then SAVE (the scores into the gradebook) only to a
   submission that is still graded, and writes the autograded notebook (nbgrader's autograded/ folder, for the
   formgrader). A submission that needs review gets no autograded points (the
   trainer can still give points by hand in the formgrader) and is flagged.

Sanitized notebooks that are byte for byte the same (a notebook handed in untouched, or the same answers) are
executed once and that run scores each of them: a run depends on nothing but the notebook (no participant's id
or file reaches the sandbox), so each still gets exactly what its own run would give.
"""

import hashlib
import json
import os
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path

import nbformat
from nbformat.reader import NotJSONError
from nbgrader.api import InvalidEntry
from nbgrader.utils import parse_utc
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from traitlets.config import Config

from aitrain.base.catalogue import Module
from aitrain.base.nbgrader_stages import SANITIZE, SAVE, SCORE, configure
from aitrain.errors import AitrainError
from aitrain.grading import intake, integrity, marks
from aitrain.grading.course_directory import CourseDirectory
from aitrain.grading.runner import GradingRun, run_submission
from aitrain.grading.sandbox import Limits

GRADED = "graded"
NEEDS_REVIEW = "needs review"


@dataclass
class SubmissionOutcome:
    student: str
    receipt: str
    status: str = GRADED
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0
    max_score: float = 0.0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # e.g. which of the trainer's marks a new submission kept


@dataclass
class Prepared:
    outcome: SubmissionOutcome
    notebook: dict | None  # sanitized, ready to run; None when it cannot run


# ---------------------------------------------------------------------------------------------------------
# 1. Reading and sanitizing (trainer's process)


def _source_cells(course_dir: CourseDirectory, module: Module) -> dict[str, dict]:
    """grade id -> what the gradebook says the cell is (type, grade, solution, locked, points)."""
    with course_dir.gradebook() as gb:
        notebook = gb.find_notebook(module.solution.stem, module.slug)
        cells = {c.name: {"cell_type": c.cell_type, "locked": c.locked, "grade": False, "solution": False,
                          "points": None} for c in notebook.source_cells}
        for c in notebook.grade_cells:
            cells[c.name].update(grade=True, points=float(c.max_score))
        for c in notebook.solution_cells:
            cells[c.name]["solution"] = True
        for c in notebook.task_cells:
            cells[c.name].update(task=True, points=float(c.max_score))
    return cells


def read_notebook(data: bytes, stored: str) -> tuple[nbformat.NotebookNode | None, str]:
    """The submission as an nbformat 4 notebook, or None with the reason."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "not a notebook"
    except json.JSONDecodeError:
        return None, "invalid JSON" if stored.endswith(".ipynb") else "not a notebook"
    if not isinstance(raw, dict) or "cells" not in raw and "worksheets" not in raw:
        return None, "not a notebook"
    major = raw.get("nbformat")
    if not isinstance(major, int) or major not in (3, 4):
        return None, f"unsupported notebook format version {major!r}"
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
        nbformat.validate(nb)
    except (NotJSONError, nbformat.ValidationError, ValueError, KeyError, TypeError, AttributeError) as e:
        return None, f"invalid notebook ({type(e).__name__})"
    return nb, ""


def check_structure(nb, expected: dict[str, dict]) -> tuple[list[str], list[str]]:
    """(problems, tampering) in the nbgrader cells of a submission, compared with the gradebook."""
    problems, tampering = [], []
    seen: dict[str, int] = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if not isinstance(meta, dict) or "grade_id" not in meta:
            continue
        gid = str(meta["grade_id"])
        seen[gid] = seen.get(gid, 0) + 1
        source = expected.get(gid)
        if source is None:
            tampering.append(f"unknown grade cell '{gid}'")
            continue
        points = meta.get("points")
        if (cell.cell_type != source["cell_type"] or bool(meta.get("grade")) != source["grade"]
                or bool(meta.get("solution")) != source["solution"]
                or (source["grade"] and (points is None or float(points) != source["points"]))):
            tampering.append(f"metadata of cell '{gid}' edited (type, grade, solution or points)")
    if not set(seen) & set(expected):
        return ["wrong notebook (none of this module's exercises is in it)"], []
    gradable = [g for g, c in expected.items() if c["grade"] or c["solution"]]
    missing = [g for g in gradable if g not in seen]
    duplicated = [g for g, n in seen.items() if n > 1]
    if missing:
        problems.append("missing grade cells: " + ", ".join(missing))
    if duplicated:
        problems.append("duplicated grade cells: " + ", ".join(duplicated))
    return problems, tampering


def _resources(course_dir: CourseDirectory, module: Module, student: str) -> dict:
    return {"nbgrader": {"notebook": module.solution.stem, "assignment": module.slug, "student": student,
                         "db_url": course_dir.db_url}, "unique_key": module.solution.stem}


def _config(failed: list[str] = (), course_sources: set[str] = frozenset()) -> Config:
    c = configure(Config())
    c.ClearMetadataPreprocessor.enabled = True
    c.ClearMetadataPreprocessor.preserve_cell_metadata_mask = [("nbgrader",), ("tags",)]
    c.MarkFailedReplies.failed = list(failed)
    c.MakeInert.course_sources = sorted(course_sources)
    return c


def apply(stage: list, nb, resources: dict, config: Config):
    """Run a stage's preprocessors in order."""
    for pp in stage:
        nb, resources = pp(config=config).preprocess(nb, resources)
    return nb, resources


def sanitize(nb, course_dir: CourseDirectory, module: Module, student: str):
    return apply(SANITIZE, nb, _resources(course_dir, module, student), _config())[0]


def _release(course_dir: CourseDirectory, module: Module):
    """The participant notebook as released (the course directory's copy, else the edition's in the curriculum):
    its unchanged cells are the course's own."""
    path = course_dir.folder("release", module.slug, module.notebook_name)
    return nbformat.read(path if path.exists() else course_dir.edition.release(module), as_version=4)


def _release_sources(course_dir: CourseDirectory, module: Module) -> set[str]:
    return {c.source for c in _release(course_dir, module).cells if c.cell_type == "code"}


def scan(nb, released: set[str] = frozenset()) -> list[str]:
    """Tampering in the cells a participant wrote (locked cells were restored by OverwriteCells)."""
    found, modules = [], set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        findings = integrity.scan_source(cell.source, modules)  # also learns which names are modules
        if (meta.get("locked") and not meta.get("solution")) or cell.source in released:
            continue  # restored from the gradebook, or the course's own code unchanged
        where = meta.get("grade_id", "a cell the participant wrote or changed")
        found += [f"{f} (in {where})" for f in findings]
    return list(dict.fromkeys(found))


def prepare(course_dir: CourseDirectory, module: Module, student: str, receipt: dict, expected: dict) -> Prepared:
    outcome = SubmissionOutcome(student, receipt["id"])
    data = (course_dir.folder("intake", module.slug) / receipt["stored"]).read_bytes()
    nb, why = read_notebook(data, receipt["stored"])
    if nb is None:
        return Prepared(_review(outcome, why), None)
    problems, tampering = check_structure(nb, expected)
    if tampering:
        return Prepared(_review(outcome, *[f"tampering detected: {t}" for t in tampering], *problems), None)
    if problems:
        return Prepared(_review(outcome, *problems), None)
    nb = sanitize(nb, course_dir, module, student)
    found = scan(nb, _release_sources(course_dir, module))
    if found:
        return Prepared(_review(outcome, *[f"tampering detected: {t}" for t in found]), None)
    return Prepared(outcome, json.loads(nbformat.writes(nb)))


def _review(outcome: SubmissionOutcome, *reasons: str) -> SubmissionOutcome:
    if not reasons:
        return outcome
    outcome.status = NEEDS_REVIEW
    outcome.reasons += [r for r in reasons if r not in outcome.reasons]
    return outcome


# ---------------------------------------------------------------------------------------------------------
# 3. Scores (trainer's process only)


def record(course_dir: CourseDirectory, module: Module, prepared: Prepared, result: GradingRun | None,
           previous: dict | None = None) -> SubmissionOutcome:
    """Write the submission's scores (or zeros, when it needs review) into the gradebook. When it replaces a
    `previous` counting submission (its receipt), the trainer's marks on changed answers are cleared."""
    warnings.filterwarnings("ignore", module="nbgrader.api")  # SQLAlchemy notes about nbgrader's own sessions
    outcome = prepared.outcome
    student = outcome.student
    if result is not None:
        outcome.seconds = result.seconds
        _review(outcome, *result.problems, *[f"tampering detected: {t}" for t in result.tampering])
    timestamp = (course_dir.folder("submitted", student, module.slug, "timestamp.txt"))
    with course_dir.gradebook() as gb:
        gb.update_or_create_student(student)
        stamp = parse_utc(timestamp.read_text().strip()) if timestamp.exists() else None
        gb.update_or_create_submission(module.slug, student, **({"timestamp": stamp} if stamp else {}))
    if previous is not None and previous["id"] != outcome.receipt:
        receipt = next(r for r in intake.load_ledger(course_dir, module)["receipts"] if r["id"] == outcome.receipt)
        outcome.notes += marks.carry_over(course_dir, module, student, marks.read(course_dir, module, previous),
                                          marks.read(course_dir, module, receipt))
    out_dir = course_dir.folder("autograded", student, module.slug)
    if out_dir.is_dir():  # nothing may stay from an earlier submission (its feedback would be stale)
        (out_dir / module.notebook_name).unlink(missing_ok=True)
        if not any(out_dir.iterdir()):
            out_dir.rmdir()
    nb = None
    if result is not None and result.notebook is not None:
        nb = nbformat.reads(json.dumps(result.notebook), as_version=4)
        stages = SCORE + (SAVE if outcome.status == GRADED else [])
        course_text = {c.source for c in _release(course_dir, module).cells if c.cell_type != "code"}
        nb, _ = apply(stages, nb, _resources(course_dir, module, student),
                      _config(result.failed_replies, course_text))
    with course_dir.gradebook() as gb:
        submission = gb.find_submission_notebook(module.solution.stem, module.slug, student)
        if outcome.status != GRADED:
            for grade in submission.grades:
                if grade.cell_type == "code" or grade.auto_score is not None:
                    grade.auto_score = 0.0
                grade.needs_manual_grade = True
        else:  # nbgrader flags every grade with a mark for review when it grades again; a mark kept here is on
            for grade in submission.grades:  # an unchanged answer (marks.carry_over cleared the others)
                if grade.manual_score is not None:
                    grade.needs_manual_grade = False
        submission.flagged = outcome.status != GRADED
        gb.db.commit()
        outcome.score = float(sum(g.score for g in submission.grades if g.score is not None))
        outcome.max_score = float(submission.max_score)
    if nb is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out_dir / module.notebook_name)
    return outcome


# ---------------------------------------------------------------------------------------------------------
# The whole batch


def autograde(course_dir: CourseDirectory, module: Module, workers: int | None = None, sandboxed: bool = True,
              limits: Limits | None = None, students: list[str] | None = None,
              progress: Callable[[SubmissionOutcome], None] | None = None) -> list[SubmissionOutcome]:
    """Grade every counting submission of a module; return each one's outcome (also in status/MODULE.json)."""
    course_dir.ensure_assignment(module)
    ledger = intake.load_ledger(course_dir, module)
    receipts = {r["id"]: r for r in ledger["receipts"]}
    expected = _source_cells(course_dir, module)
    chosen = [(s, receipts[rid]) for s, rid in ledger["counts"].items() if students is None or s in students]
    unknown = sorted(set(students or []) - set(ledger["counts"]))
    if unknown:
        raise AitrainError(f"No submission of {module.slug} from {', '.join(unknown)}.",
                           "Check the ids ('aitrain status' lists who handed in), or collect their files first.")
    graded_before = {o["student"]: receipts.get(o["receipt"]) for o in load_status(course_dir, module.slug)}
    prepared = [prepare(course_dir, module, s, r, expected) for s, r in chosen]
    outcomes: list[SubmissionOutcome] = []

    def recorded(p: Prepared, result: GradingRun | None) -> None:
        """Score one submission; its status is kept at once, so that a run that stops keeps what it graded."""
        try:
            outcomes.append(record(course_dir, module, p, result, graded_before.get(p.outcome.student)))
        except (SQLAlchemyError, InvalidEntry) as e:
            cause = database_error(e)
            if cause is None:
                raise
            raise GradebookLost(module, len(outcomes), len(prepared), cause) from e
        _write_status(course_dir, module, outcomes)
        if progress:
            progress(outcomes[-1])

    runnable = [p for p in prepared if p.notebook is not None]
    for p in prepared:
        if p.notebook is None:
            recorded(p, None)
    workers = workers or os.cpu_count() or 1
    if runnable:
        pool = ProcessPoolExecutor(max_workers=min(workers, len(runnable)), mp_context=get_context("spawn"))
        try:
            imports = integrity.course_imports(_release(course_dir, module))  # what each test's namespace starts from
            runs: dict[str, object] = {}
            futures = []
            for p in runnable:  # a notebook handed in identically by several (untouched, or the same answers)
                key = hashlib.sha256(json.dumps(p.notebook, sort_keys=True).encode()).hexdigest()  # runs once
                if key not in runs:
                    runs[key] = pool.submit(run_submission, p.notebook, limits, sandboxed, imports=imports)
                futures.append((p, runs[key]))
            for p, future in futures:
                try:
                    result = future.result()
                except Exception as e:  # a worker itself failed: the submission still gets a status
                    result = GradingRun(None, problems=[f"kernel died (worker error: {type(e).__name__})"])
                recorded(p, result)
        finally:
            pool.shutdown(cancel_futures=True)  # a run stopped by the gradebook grades nothing more
    _write_status(course_dir, module, outcomes)
    outcomes.sort(key=lambda o: o.student)
    return outcomes


def database_error(error: Exception) -> SQLAlchemyError | None:
    """The database's own error behind a failed write to the gradebook: SQLAlchemy's, or the OperationalError
    (the server went away, the file cannot be written) that nbgrader re-raises as InvalidEntry, losing its type,
    when it adds a submission. None for nbgrader's own refusals (a missing or duplicate entry)."""
    if isinstance(error, SQLAlchemyError):
        return error
    if isinstance(error, InvalidEntry) and isinstance(error.__context__, OperationalError):
        return error.__context__
    return None


class GradebookLost(AitrainError):
    """The gradebook (PostgreSQL) stopped answering during a run: what was graded is kept, the rest waits."""

    def __init__(self, module: Module, done: int, total: int, error: Exception):
        left = total - done
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0][:200]
        super().__init__(f"The gradebook stopped answering while grading {module.slug} ({reason}). {done} of {total} "
                         f"submissions were graded and saved; {left} {'is' if left == 1 else 'are'} not graded yet.",
                         "Start the database again (on a server: sudo systemctl start postgresql), then run "
                         f"'aitrain autograde {module.id} --new' to grade the rest: nothing is graded twice.")


def _write_status(course_dir: CourseDirectory, module: Module, outcomes: list[SubmissionOutcome]) -> None:
    """status/MODULE.json: these outcomes, and the earlier ones of every other participant (written whole, by
    replacing the file, so that a run stopped at any point leaves a readable one)."""
    graded_now = {o.student for o in outcomes}
    kept = [o for o in load_status(course_dir, module.slug) if o["student"] not in graded_now]  # others unchanged
    status = course_dir.folder("status", f"{module.slug}.json")
    status.parent.mkdir(parents=True, exist_ok=True)
    rows = sorted(kept + [asdict(o) for o in outcomes], key=lambda o: o["student"])
    tmp = status.with_name(f".{status.name}.tmp")
    tmp.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    os.replace(tmp, status)


def load_status(course_dir: CourseDirectory, slug: str) -> list[dict]:
    path = course_dir.folder("status", f"{slug}.json")
    return json.loads(path.read_text()) if path.exists() else []


def status_files(course_dir: CourseDirectory) -> list[Path]:
    return sorted(course_dir.folder("status").glob("*.json"))
