"""The cohort report: one self-contained HTML page with plots (PNG embedded as base64).

Score distribution per module, pass rate per exercise (hardest first), a participant-by-module completion
heatmap and the needs-review list, all read from the gradebook and the last autograde's statuses.
"""

import base64
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from aitrain.course.pages import render  # noqa: E402
from aitrain.grading.autograde import load_status, status_files  # noqa: E402
from aitrain.grading.workspace import Course  # noqa: E402
from aitrain.plotting import OKABE_ITO, use_course_style  # noqa: E402


def _figure(fig, heading: str, alt: str) -> dict:
    """A figure for the page: its heading, its alt text and the PNG as a data URI."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    src = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    return {"heading": heading, "alt": alt, "src": src}


def collect_data(course: Course) -> dict:
    with course.gradebook() as gb:
        students = sorted(s.id for s in gb.students)
        modules = sorted(a.name for a in gb.assignments)
        scores: dict[str, dict[str, float]] = {m: {} for m in modules}
        maxima: dict[str, float] = {}
        passes: dict[tuple[str, str], list[bool]] = {}
        for m in modules:
            assignment = gb.find_assignment(m)
            maxima[m] = float(assignment.max_score)
            for sub in assignment.submissions:
                scores[m][sub.student.id] = float(sub.score)
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        if grade.cell_type == "code" and grade.auto_score is not None:
                            passes.setdefault((m, grade.name), []).append(grade.score >= grade.max_score)
    review = [(path.stem, o) for path in status_files(course) for o in load_status(course, path.stem)
              if o["status"] != "graded"]
    return {"students": students, "modules": modules, "scores": scores, "maxima": maxima, "passes": passes,
            "review": review}


def write_report(course: Course, to: Path | None = None) -> Path:
    use_course_style()
    data = collect_data(course)
    figures = []
    for m in data["modules"]:
        values = [100 * v / data["maxima"][m] for v in data["scores"][m].values() if data["maxima"][m]]
        if not values:
            continue
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.hist(values, bins=np.linspace(0, 100, 11), color=OKABE_ITO[0], edgecolor="white")
        ax.set_title(f"Scores in {m}")
        ax.set_xlabel("Score (% of the module's points)")
        ax.set_ylabel("Participants (count)")
        figures.append(_figure(fig, f"Scores: {m}", f"Histogram of the {len(values)} scores in {m}, as a percentage "
                                                  "of the module's points."))
    if data["passes"]:
        rates = sorted(((100 * np.mean(v), f"{m}: {g}") for (m, g), v in data["passes"].items()))
        fig, ax = plt.subplots(figsize=(6, 0.4 * len(rates) + 1))
        ax.barh([r[1] for r in rates][::-1], [r[0] for r in rates][::-1], color=OKABE_ITO[3])
        ax.set_title("Pass rate per exercise (hardest at the top)")
        ax.set_xlabel("Participants who passed (%)")
        ax.set_xlim(0, 100)
        ax.invert_yaxis()
        figures.append(_figure(fig, "Pass rate per exercise", "Bar chart of the share of participants who passed "
                               "each exercise: " + "; ".join(f"{name} {rate:.0f}%" for rate, name in rates) + "."))
    if data["students"] and data["modules"]:
        grid = np.array([[100 * data["scores"][m].get(s, 0) / (data["maxima"][m] or 1) for m in data["modules"]]
                         for s in data["students"]])
        fig, ax = plt.subplots(figsize=(1 + 0.8 * len(data["modules"]), 1 + 0.25 * len(data["students"])))
        image = ax.imshow(grid, cmap="cividis", vmin=0, vmax=100, aspect="auto")
        ax.set_xticks(range(len(data["modules"])), data["modules"], rotation=45, ha="right")
        ax.set_yticks(range(len(data["students"])), data["students"])
        ax.set_title("Completion by participant and module")
        ax.set_xlabel("Module")
        ax.set_ylabel("Participant")
        fig.colorbar(image, ax=ax, label="Score (% of points)")
        figures.append(_figure(fig, "Completion", "Heatmap of each participant's score in each module, as a "
                                                 "percentage of the module's points."))
    to = Path(to or course.folder("reports", "cohort-report.html")).resolve()
    to.parent.mkdir(parents=True, exist_ok=True)
    to.write_text(render("cohort_report.html.j2", title=f"Cohort report: {course.course_id}", figures=figures,
                         students=len(data["students"]), modules=len(data["modules"]), review=data["review"]),
                  encoding="utf-8")
    return to
