"""The funder's report: one page per programme (HTML and PDF) and the same figures as a workbook, with no names.

Participants by country, sex and organisation type (the roster's optional columns, aitrain.grading.programme_records),
then for everyone and broken down by sex and by country: attendance (mean share of the hours held), completion (the
certificates' rule, aitrain.grading.certificates), learning gain (the normalised gain of the group's mean scores
before and after, aitrain.grading.learning_gain), satisfaction (share of evaluation forms rating relevance 4 or 5),
and the titles of the country teams' action plans.

Small cells are suppressed: a count of people under 5 is shown as "<5", and a figure about a group (a mean, a
share, a gain) is shown only when at least 5 people of the group stand behind it. Where one count of a breakdown is
suppressed, the next smallest is too, so that it cannot be recovered by subtracting from the total. The page names
no participant: no names, ids or e-mail addresses, only groups.
"""

from dataclasses import dataclass
from pathlib import Path

from aitrain.base.pages import render
from aitrain.grading import certificates, evaluation_summary, programme_records, status
from aitrain.grading.capstone_plans import plans
from aitrain.grading.course_directory import CourseDirectory
from aitrain.grading.learning_gain import gains

MINIMUM = 5  # people behind any figure shown
SMALL = "<5"
BREAKDOWNS = (("sex", "Sex"), ("country", "Country"))


SUPPRESSED = "suppressed"


def suppress(counts: dict[str, int]) -> dict[str, int | str]:
    """Counts of a breakdown with those under MINIMUM shown as '<5'; if only one is, the next smallest is
    'suppressed' too (else the total would give the small one away)."""
    shown: dict[str, int | str] = {k: (SMALL if n < MINIMUM else n) for k, n in counts.items()}
    hidden = [k for k, v in shown.items() if v == SMALL]
    if len(hidden) == 1 and len(counts) > 1:
        rest = sorted((n, k) for k, n in counts.items() if k not in hidden)
        shown[rest[0][1]] = SUPPRESSED
    return shown


@dataclass
class Person:
    sex: str
    country: str
    organisation: str
    attendance: float | None  # % of the hours held
    completed: bool
    pre: float | None
    post: float | None
    satisfied: bool | None  # relevance 4 or 5 on their evaluation form (None: no form, or not rated)


def people(course_dir: CourseDirectory) -> tuple[list[Person], dict]:
    """Everyone on the roster, as the figures need them (no names), and the programme's totals."""
    profiles = programme_records.profiles(course_dir)
    rule = certificates.Rule.of(course_dir)
    done = {s.student: s for s in certificates.standings(course_dir, rule)}
    found = gains(course_dir)
    forms = evaluation_summary.responses(course_dir)
    rated = {r.student: r.values["relevance"] >= 4 for r in forms if r.student and "relevance" in r.values}
    out = []
    for student, _ in status.roster(course_dir):
        p, d = profiles[student], done[student]
        out.append(Person(p["sex"], p["country"], p["organisation"], d.attendance, d.completed,
                          found.pre[student].percent if student in found.pre else None,
                          found.post[student].percent if student in found.post else None, rated.get(student)))
    held = programme_records.sessions(course_dir)
    paper = [r for r in forms if r.student is None and "relevance" in r.values]
    totals = {"sessions": len(held), "hours": sum(s["hours"] for s in held.values()), "rule": rule,
              "forms": len(forms), "paper_satisfied": sum(r.values["relevance"] >= 4 for r in paper),
              "paper_rated": len(paper)}
    return out, totals


def _share(values: list[bool]) -> float | None:
    return 100 * sum(values) / len(values) if len(values) >= MINIMUM else None


def figures(group: list[Person], paper: tuple[int, int] = (0, 0)) -> dict:
    """The row of one group: participants, attendance, completion, learning gain, satisfaction (None: suppressed)."""
    attended = [p.attendance for p in group if p.attendance is not None]
    both = [p for p in group if p.pre is not None and p.post is not None]
    before = sum(p.pre for p in both) / len(both) if both else None
    after = sum(p.post for p in both) / len(both) if both else None
    rated = [p.satisfied for p in group if p.satisfied is not None]
    satisfied, forms = sum(rated) + paper[0], len(rated) + paper[1]
    enough = len(both) >= MINIMUM
    return {
        "n": len(group) if len(group) >= MINIMUM else SMALL,
        "attendance": sum(attended) / len(attended) if len(attended) >= MINIMUM else None,
        "completed": (sum(p.completed for p in group) if sum(p.completed for p in group) >= MINIMUM else SMALL)
        if len(group) >= MINIMUM else None,
        "completion": _share([p.completed for p in group]),
        "tested": len(both) if enough else SMALL,
        "before": before if enough else None,
        "after": after if enough else None,
        "gain": (None if before is None or before >= 100 else (after - before) / (100 - before)) if enough else None,
        "satisfaction": 100 * satisfied / forms if forms >= MINIMUM else None,
        "forms": forms if forms >= MINIMUM else SMALL,
    }


def report_data(course_dir: CourseDirectory) -> dict:
    group, totals = people(course_dir)
    counts = {}
    for key, label in (("country", "Country"), ("sex", "Sex"), ("organisation", "Organisation type")):
        values = sorted({getattr(p, key) for p in group})
        counts[label] = suppress({v: sum(getattr(p, key) == v for p in group) for v in values})
    rows = [{"group": "Everyone", "label": "", **figures(group, (totals["paper_satisfied"], totals["paper_rated"]))}]
    for key, label in BREAKDOWNS:
        values = sorted({getattr(p, key) for p in group})
        hidden = suppress({v: sum(getattr(p, key) == v for p in group) for v in values})
        for value in values:
            row = figures([p for p in group if getattr(p, key) == value])
            if hidden[value] in (SMALL, SUPPRESSED):  # too small, or hidden so that a small one cannot be recovered
                row = {k: hidden[value] if k == "n" else None for k in row}
            rows.append({"group": label, "label": value, **row})
    titles = sorted((p.country or "not given", p.title or "(no title yet)") for p in plans(course_dir))
    return {"participants": len(group), "counts": counts, "rows": rows, "plans": titles, **totals}


def _cell(value, kind: str = "") -> str:
    if value is None:
        return "suppressed"
    if isinstance(value, str):
        return value
    if kind == "%":
        return f"{value:.0f}%"
    if kind == "gain":
        return f"{value:.2f}"
    return f"{value:g}"


COLUMNS = [("n", "participants", ""), ("attendance", "attendance (mean % of hours)", "%"),
           ("completed", "completed", ""), ("completion", "completion", "%"),
           ("tested", "sat both tests", ""), ("before", "test before", "%"), ("after", "test after", "%"),
           ("gain", "normalised gain", "gain"), ("forms", "evaluation forms", ""),
           ("satisfaction", "rated relevance 4 or 5", "%")]


def table(data: dict) -> list[list[str]]:
    """The results as text cells, header first (the page, the PDF and the workbook show the same)."""
    out = [["group", "", *(label for _, label, _ in COLUMNS)]]
    for row in data["rows"]:
        out.append([row["group"], row["label"], *(_cell(row[key], kind) for key, _, kind in COLUMNS)])
    return out


def write(course_dir: CourseDirectory, programme: str, pdf: bool = True) -> list[Path]:
    """reports/funder-report.html, .pdf and .xlsx."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from aitrain.grading.pdf_pages import print_pdfs

    data = report_data(course_dir)
    results = table(data)
    out = course_dir.folder("reports")
    out.mkdir(exist_ok=True)
    page = out / "funder-report.html"
    page.write_text(render("funder_report.html.j2", title=f"Programme report: {programme}", d=data, results=results,
                           minimum=MINIMUM), encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "results"
    for row in results:
        sheet.append(row)
    participants = book.create_sheet("participants")
    participants.append(["breakdown", "group", "participants"])
    for label, counts in data["counts"].items():
        for value, n in counts.items():
            participants.append([label, value, n])
    titles = book.create_sheet("action plans")
    titles.append(["country", "action plan"])
    for country, title in data["plans"]:
        titles.append([country, title])
    notes = book.create_sheet("notes")
    for line in [f"Participants: {data['participants']}; sessions: {data['sessions']} ({data['hours']:g} hours).",
                 f"Completion rule: at least {data['rule'].attendance:g}% of the hours and {data['rule'].exercises:g}% "
                 "of the exercises.", f"Counts under {MINIMUM} are shown as <5 and figures about fewer than "
                 f"{MINIMUM} people are suppressed."]:
        notes.append([line])
    for ws in book.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for column in ws.columns:
            ws.column_dimensions[column[0].column_letter].width = min(60, max(10, *(len(str(c.value or "")) + 2
                                                                                   for c in column)))
    workbook = out / "funder-report.xlsx"
    book.save(workbook)
    return [page, workbook] + (print_pdfs([page]) if pdf else [])
