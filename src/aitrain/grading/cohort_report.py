"""The cohort report: one self-contained HTML page with plots (PNG embedded as base64).

For each module handed in, the `aitrain status` table (everyone on the roster, by name); then the score
distribution per module, the pass rate per exercise (by the exercise's title, hardest first) and a
participant-by-module score heatmap where a module not handed in is grey, never a zero. In a course that takes a
module on both paths each participant's score is a share of their own path's points, and the tables say the path.
When the before-and-after assessment was graded, the normalised learning gain per participant and per item
(aitrain.grading.learning_gain).
"""

import base64
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from aitrain.base import catalogue  # noqa: E402
from aitrain.base.fonts import use_fonts  # noqa: E402
from aitrain.base.pages import render  # noqa: E402
from aitrain.grading import status  # noqa: E402
from aitrain.grading.autograde import GRADED  # noqa: E402
from aitrain.grading.course_directory import CourseDirectory  # noqa: E402
from aitrain.grading.export import modules_in_use  # noqa: E402
from aitrain.grading.feedback_pages import titles  # noqa: E402
from aitrain.i18n import _  # noqa: E402
from aitrain.plotting import OKABE_ITO, use_course_style  # noqa: E402


def _figure(fig, heading: str, alt: str) -> dict:
    """A figure for the page: its heading, its alt text and the PNG as a data URI."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    src = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    return {"heading": heading, "alt": alt, "src": src}


def collect_data(course_dir: CourseDirectory) -> dict:
    """Everything the page shows, per module handed in: each participant's standing and each exercise's passes."""
    people = status.roster(course_dir)
    modules = modules_in_use(course_dir)
    standings = {m.slug: status.by_participant(course_dir, m) for m in modules}
    passes: dict[str, list[bool]] = {}
    with course_dir.gradebook() as gb:
        for m in (a for module in modules for a in course_dir.assignments(module)):
            names = titles(m, nbformat.read(m.release, as_version=4))
            on_path = " (" + _("{path} path").format(path=_(m.path)) + ")" if len(course_dir.assignments(m)) > 1 else ""
            graded = {r.student for r in standings[m.base.slug] if r.status == GRADED and r.path == m.path}
            for sub in gb.find_assignment(m.slug).submissions:
                for nb in sub.notebooks if sub.student.id in graded else []:
                    for grade in nb.grades:
                        if grade.cell_type == "code":
                            passes.setdefault(f"{m.id}: {names.get(grade.name, grade.name)}{on_path}", []).append(
                                grade.score >= grade.max_score)
    return {"people": people, "modules": modules, "standings": standings, "passes": passes}


def _share(row: status.Standing) -> float:
    """The participant's points as a % of the module's, or NaN when there are none to count (missing, resend,
    not graded yet, needs review: the same participants status counts as not graded)."""
    full = row.maximum
    return np.nan if row.total is None or row.status == "needs review" or not full else 100 * row.total / full


NO_SCORE = "#FFFFFF"  # outside cividis (dark blue to yellow): a cell with no score never reads as a score


def heatmap(people: list[tuple[str, str]], modules: list, standings: dict[str, list[status.Standing]]) -> dict:
    """Each participant's score in each module (a colour from cividis), a cell with no score white with the reason
    written in it (missing, resend, not graded yet, needs review), and a legend saying what white means."""
    from matplotlib.patches import Patch

    by_student = {slug: {r.student: r for r in rows} for slug, rows in standings.items()}
    grid = np.array([[_share(by_student[m.slug][s]) for m in modules] for s, _name in people])
    fig, ax = plt.subplots(figsize=(4 + 0.8 * len(modules), 2 + 0.3 * len(people)), layout="constrained")
    cmap = plt.get_cmap("cividis").with_extremes(bad=NO_SCORE)
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=0, vmax=100, aspect="auto")
    ax.set_xticks(range(len(modules)), [m.slug for m in modules], rotation=45, ha="right")
    ax.set_yticks(range(len(people)), [f"{name} ({sid})" for sid, name in people])
    for (i, j), value in np.ndenumerate(grid):
        if np.isnan(value):
            ax.text(j, i, _(by_student[modules[j].slug][people[i][0]].status), ha="center", va="center", fontsize=8,
                    color="#444444")
    ax.set_title(_("Score by participant and module"))
    ax.set_xlabel(_("Module"))
    ax.set_ylabel(_("Participant"))
    fig.colorbar(image, ax=ax, label=_("Score so far (% of the module's points)"))
    fig.legend(handles=[Patch(facecolor=NO_SCORE, edgecolor="#444444", label=_(
        "no score: not handed in (missing), resend, not graded yet or needs review, as written in the cell"))],
               loc="outside lower left", fontsize=8, frameon=False)
    return _figure(fig, _("Scores by participant and module"), _(
        "Heatmap of each participant's score so far in each module, as a percentage of the module's points; white "
        "cells have no score and say why (missing, resend, not graded yet, needs review)."))


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def _gain(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def gain_tables(course_dir: CourseDirectory, people: list[tuple[str, str]]) -> dict | None:
    """The learning gain's rows: per participant (by name: the trainer's report) and per item; None before any
    assessment was graded."""
    from aitrain.grading.learning_gain import gains

    found = gains(course_dir)
    if not found.pre and not found.post:
        return None
    objectives = catalogue.find_modules(["pre"])[0].objectives
    rows = [{"who": f"{name} ({sid})",
             "pre": _percent(found.pre[sid].percent if sid in found.pre else None),
             "post": _percent(found.post[sid].percent if sid in found.post else None),
             "gain": _gain(found.participant(sid))} for sid, name in people]
    items = [{"number": n, "objective": objectives[n - 1] if n <= len(objectives) else "", "pre": _percent(b),
              "post": _percent(a), "gain": _gain(g)} for n, (b, a, g) in found.items().items()]
    cohort = found.cohort()
    return {"rows": rows, "items": items, "both": len(found.both),
            "cohort": None if cohort is None else {"pre": _percent(cohort[0]), "post": _percent(cohort[1]),
                                                   "gain": _gain(cohort[2])}}


def write_report(course_dir: CourseDirectory, to: Path | None = None) -> Path:
    use_course_style()
    use_fonts()
    data = collect_data(course_dir)
    figures, tables = [], []
    for m in data["modules"]:
        rows = data["standings"][m.slug]
        paths = {r.path for r in rows}
        tables.append({"module": m, "rows": rows, "summary": status.summarise(rows),
                       "paths": sorted(paths) if paths != {"coded"} else []})
        values = [v for v in map(_share, rows) if not np.isnan(v)]
        if not values:
            continue
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.hist(values, bins=np.linspace(0, 100, 11), color=OKABE_ITO[0], edgecolor="white")
        ax.set_title(_("Scores in {module} ({n} participants graded)").format(module=m.slug, n=len(values)))
        ax.set_xlabel(_("Score so far (% of the module's points)"))
        ax.set_ylabel(_("Participants (count)"))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        missing = sum(r.status == status.MISSING for r in rows)
        figures.append(_figure(fig, _("Scores: {title}").format(title=m.title), _(
            "Histogram of the scores of the {n} participants graded in {module}, as a percentage of the module's "
            "points; {missing} did not hand in and are not counted.").format(n=len(values), module=m.slug,
                                                                              missing=missing)))
    if data["passes"]:
        rates = sorted((100 * np.mean(v), name, len(v)) for name, v in data["passes"].items())
        fig, ax = plt.subplots(figsize=(7, 0.4 * len(rates) + 1))
        ax.barh([r[1] for r in rates], [r[0] for r in rates], color=OKABE_ITO[3])
        ax.set_title(_("Pass rate per exercise (hardest at the top)"))
        ax.set_xlabel(_("Participants graded who passed (%)"))
        ax.set_xlim(0, 100)
        ax.invert_yaxis()
        figures.append(_figure(fig, _("Pass rate per exercise"), _(
            "Bar chart of the share of graded participants who passed each exercise: {rates}.").format(
            rates="; ".join(_("{name} {rate}% of {n}").format(name=name, rate=f"{rate:.0f}", n=n)
                            for rate, name, n in rates))))
    if data["people"] and data["modules"]:
        figures.append(heatmap(data["people"], data["modules"], data["standings"]))
    to = Path(to or course_dir.folder("reports", "cohort-report.html")).resolve()
    to.parent.mkdir(parents=True, exist_ok=True)
    title = _("Cohort report: {course}").format(course=course_dir.course_id)
    to.write_text(render("cohort_report.html.j2", title=title, figures=figures, lang=course_dir.edition.language,
                         handed_in=status.handed_in,
                         tables=tables, people=len(data["people"]), gain=gain_tables(course_dir, data["people"])),
                  encoding="utf-8")
    return to
