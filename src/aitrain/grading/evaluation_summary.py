"""The evaluation form (catalogue.PROGRAMME: `evaluation`), summarised without names.

Forms are collected like a submission (`aitrain collect evaluation`): the latest form of each participant counts.
Their values are read from the file handed in, never run: each answer cell's `name = value` lines are parsed
(ast.literal_eval), and `...` or anything that is not a plain value is "not answered". Forms filled in on paper
are typed into a CSV (columns relevance, pace, hardest, will_use, comments) and added as anonymous responses.

The summary holds counts per answer and the open answers grouped (by the module they name, or "general"), each
group sorted by text, so that neither a name nor the order of handing in shows who wrote what.
"""

import ast
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from aitrain.base import catalogue
from aitrain.base.pages import render
from aitrain.errors import AitrainError
from aitrain.grading import intake, marks
from aitrain.grading.course_directory import CourseDirectory, read_roster
from aitrain.i18n import N_, _

RELEVANCE = (1, 2, 3, 4, 5)
PACE = {"a": N_("too slow"), "b": N_("about right"), "c": N_("too fast")}  # shown with _()
OPEN = ("hardest", "will_use", "comments")
FIELDS = ("relevance", "pace", *OPEN)
MODULE_NAMED = re.compile(r"\b(?:modules?|модул[ьяеи]\w*)\s*(\d{1,2})\b|\b(0\d|1[0-6])\b", re.I)  # "module 5", "05"


@dataclass
class Response:
    student: str | None  # None for a paper form: it names nobody
    values: dict = field(default_factory=dict)


def _values(source: str) -> dict:
    """name -> value of the plain `name = value` lines of a cell (anything else ignored)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                value = ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                continue
            if value is not Ellipsis:
                found[node.targets[0].id] = value
    return found


def clean(values: dict) -> dict:
    """The answers in their expected form; anything else left out (not answered)."""
    out = {}
    relevance = values.get("relevance")
    try:
        relevance = int(str(relevance).strip()) if not isinstance(relevance, bool) else None
    except ValueError:
        relevance = None
    if relevance in RELEVANCE:
        out["relevance"] = relevance
    pace = str(values.get("pace") or "").strip().lower()
    if pace in PACE:
        out["pace"] = pace
    for name in OPEN:
        text = values.get(name)
        if isinstance(text, str) and text.strip():
            out[name] = " ".join(text.split())[:1000]
    return out


def from_notebooks(course_dir: CourseDirectory) -> list[Response]:
    module = catalogue.find_modules(["evaluation"])[0]
    ledger = intake.load_ledger(course_dir, module)
    receipts = {r["id"]: r for r in ledger["receipts"]}
    responses = []
    for student, receipt in sorted(ledger["counts"].items()):
        nb = marks.read(course_dir, module, receipts.get(receipt))
        values: dict = {}
        for cell in nb.cells if nb is not None else []:
            if cell.cell_type == "code" and cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
                values.update(_values(cell.source))
        responses.append(Response(student, clean(values)))
    return responses


def from_paper(csv_path: Path) -> list[Response]:
    rows = read_roster(csv_path)
    columns = {(k or "").strip().lower().replace(" ", "_"): k for k in (rows[0] if rows else {})}
    if not rows or not set(FIELDS) & set(columns):
        raise AitrainError(f"{csv_path} has no answers: its first line must name the columns "
                           f"{', '.join(FIELDS)}.", "Type one paper form per line under these columns.")
    return [Response(None, clean({f: row.get(columns[f]) for f in FIELDS if f in columns})) for row in rows]


def responses(course_dir: CourseDirectory, paper: Path | None = None) -> list[Response]:
    """Every counting form handed in, and the paper forms of `paper` (or those added before: programme/)."""
    stored = course_dir.folder("programme", "evaluation-paper.csv")
    if paper is not None:
        found = from_paper(paper)  # checked before it replaces the forms added before
        stored.parent.mkdir(exist_ok=True)
        stored.write_bytes(Path(paper).read_bytes())
    else:
        found = from_paper(stored) if stored.exists() else []
    return from_notebooks(course_dir) + found


def group(texts: list[str]) -> dict[str, list[str]]:
    """Open answers by the module they name ('Module 05') or 'general', each group sorted by text."""
    modules = {m.id for m in catalogue.all_modules()}
    groups: dict[str, list[str]] = {}
    for text in texts:
        named = [n for m in MODULE_NAMED.finditer(text) if (n := (m.group(1) or m.group(2)).zfill(2)) in modules]
        key = f"Module {named[0]}" if named else "general"
        groups.setdefault(key, []).append(text)
    return {key: sorted(groups[key], key=str.casefold) for key in sorted(groups, key=lambda k: (k == "general", k))}


def summary(found: list[Response]) -> dict:
    """Counts and grouped open answers; no names and no order of handing in."""
    relevance = Counter(r.values["relevance"] for r in found if "relevance" in r.values)
    pace = Counter(r.values["pace"] for r in found if "pace" in r.values)
    rated = sum(relevance.values())
    return {
        "responses": len(found),
        "paper": sum(r.student is None for r in found),
        "relevance": {score: relevance.get(score, 0) for score in RELEVANCE},
        "relevance_mean": sum(k * v for k, v in relevance.items()) / rated if rated else None,
        "satisfied": sum(v for k, v in relevance.items() if k >= 4),
        "rated": rated,
        "pace": {PACE[k]: pace.get(k, 0) for k in PACE},
        "open": {name: group([r.values[name] for r in found if name in r.values]) for name in OPEN},
    }


def write(course_dir: CourseDirectory, paper: Path | None = None) -> tuple[Path, dict]:
    facts = summary(responses(course_dir, paper))
    out = course_dir.folder("reports", "evaluation-summary.html")
    out.parent.mkdir(exist_ok=True)
    title = _("Evaluation of the programme: {course}").format(course=course_dir.course_id)
    out.write_text(render("evaluation_summary.html.j2", title=title, s=facts, lang=course_dir.edition.language,
                          labels={"hardest": _("What was hardest"), "will_use": _("What they will use"),
                                  "comments": _("Other comments")}), encoding="utf-8")
    return out, facts
