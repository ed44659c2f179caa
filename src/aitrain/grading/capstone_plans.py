"""The country teams' capstone workbooks (catalogue.PROGRAMME: `capstone`): one per team, handed in by one member,
graded by the pipeline (it registers the written answers) and marked with the rubric by `aitrain mark capstone`.

`aitrain capstone` writes each team's plan as a document to take home (COURSE/capstone/<country> (<id>).html and
.pdf): the team, the service, every part of the workbook, the impact-assessment level, the marks given so far, and
the action plan's monitoring indicators as a table (indicator, baseline, target, source, frequency, owner) read
from the Markdown table of the plan's answer. The team's members are read from the workbook (names on the roster,
separated by commas) and matched as collect matches names; the member who handed it in is always one.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from aitrain.base import catalogue
from aitrain.base.pages import Markup, render
from aitrain.base.participant_html import clean_html
from aitrain.grading import intake, marks, status
from aitrain.grading.course_directory import CourseDirectory
from aitrain.grading.evaluation_summary import _values
from aitrain.grading.feedback_pages import markdown
from aitrain.grading.roster_match import match_student

INDICATOR_COLUMNS = ("indicator", "baseline", "target", "source", "frequency", "owner")
SECTIONS = [("capstone-scope", "Scope"), ("capstone-data", "Data and gaps"),
            ("capstone-errors", "Errors and who bears them"), ("capstone-risks", "Fairness and privacy risks"),
            ("capstone-level-why", "Impact-assessment level"), ("capstone-plan", "Action plan")]
SAFE_FILE = re.compile(r"[^\w .()-]+")


@dataclass
class Plan:
    submitter: str
    country: str = ""
    service: str = ""
    title: str = ""
    level: str = ""
    members: list[str] = field(default_factory=list)  # roster ids
    unmatched: list[str] = field(default_factory=list)  # names in the workbook that match nobody
    answers: dict[str, str] = field(default_factory=dict)
    marks: dict[str, tuple[float | None, float]] = field(default_factory=dict)  # grade id -> (mark, out of)
    indicators: list[dict[str, str]] = field(default_factory=list)

    @property
    def marked(self) -> tuple[float, float, bool]:
        """(points given, points possible, whether every part is marked)."""
        given = sum(m or 0 for m, _ in self.marks.values())
        return given, sum(top for _, top in self.marks.values()), all(m is not None for m, _ in self.marks.values())


def indicators(text: str) -> list[dict[str, str]]:
    """The rows of the Markdown table whose header names the six columns, blank rows ('...') left out."""
    rows, header = [], None
    for line in text.splitlines():
        if not line.strip().startswith("|"):
            header = None if rows else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            lowered = [c.lower() for c in cells]
            header = lowered if set(INDICATOR_COLUMNS) <= set(lowered) else None
            continue
        if all(set(c) <= set("-: ") for c in cells) or all(c in ("", "...", "…") for c in cells):
            continue
        rows.append({col: cells[header.index(col)] if header.index(col) < len(cells) else ""
                     for col in INDICATOR_COLUMNS})
    return rows


def plans(course_dir: CourseDirectory) -> list[Plan]:
    """Every team's counting workbook, by country then by who handed it in."""
    module = catalogue.find_modules(["capstone"])[0]
    if not course_dir.folder("intake", module.slug, "ledger.json").exists():
        return []
    ledger = intake.load_ledger(course_dir, module)
    receipts = {r["id"]: r for r in ledger["receipts"]}
    roster = _roster_rows(course_dir)
    rows = {r.student: r for r in status.standings(course_dir, module)}
    found = []
    with course_dir.gradebook() as gb:
        for student, receipt in sorted(ledger["counts"].items()):
            path = course_dir.folder("autograded", student, module.slug, module.notebook_name)
            nb = nbformat.read(path, as_version=4) if path.exists() else marks.read(course_dir, module,
                                                                                   receipts.get(receipt))
            values: dict = {}
            for cell in nb.cells if nb is not None else []:
                if cell.cell_type == "code" and cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
                    values.update(_values(cell.source))
            plan = Plan(student, *(str(values.get(k, "")).strip() for k in ("country", "service", "plan_title",
                                                                               "impact_level")))
            plan.answers = marks.answers(nb)
            plan.members = [student]
            for name in str(values.get("members", "")).split(","):
                if name.strip():
                    who, _ = match_student(name.strip(), roster)
                    if who and who not in plan.members:
                        plan.members.append(who)
                    elif not who:
                        plan.unmatched.append(name.strip())
            if rows.get(student) is not None and rows[student].status == "graded":
                submission = gb.find_submission_notebook(module.solution.stem, module.slug, student)
                plan.marks = {g.name: (g.manual_score, g.max_score) for g in submission.grades
                              if g.cell_type == "markdown"}
            plan.indicators = indicators(plan.answers.get("capstone-plan", ""))
            found.append(plan)
    return sorted(found, key=lambda p: (p.country.casefold(), p.submitter))


def _roster_rows(course_dir: CourseDirectory) -> list[dict]:
    with course_dir.gradebook() as gb:
        return [{"id": s.id, "first_name": s.first_name, "last_name": s.last_name, "email": s.email}
                for s in gb.students]


def write(course_dir: CourseDirectory, pdf: bool = True) -> list[Path]:
    """Each team's plan as HTML (and PDF) in COURSE/capstone/; return the files written."""
    from aitrain.grading.pdf_pages import print_pdfs

    names = dict(status.roster(course_dir))
    out = course_dir.folder("capstone")
    out.mkdir(exist_ok=True)
    pages = []
    for plan in plans(course_dir):
        sections = [{"title": title, "answer": Markup(clean_html(str(markdown(plan.answers.get(gid, ""))))),
                     "mark": plan.marks.get(gid)} for gid, title in SECTIONS]
        given, possible, complete = plan.marked
        page = out / f"{SAFE_FILE.sub('_', plan.country or 'team')} ({plan.submitter}).html"
        page.write_text(render("capstone_plan.html.j2", title=plan.title or "Action plan", plan=plan,
                               members=[names.get(m, m) for m in plan.members], sections=sections,
                               columns=INDICATOR_COLUMNS, given=given, possible=possible, complete=complete),
                        encoding="utf-8")
        pages.append(page)
    return pages + (print_pdfs(pages) if pdf else [])
