"""Grades a gradebook accepts: `aitrain export --to FILE.csv` writes one row per participant on the roster (name
in any script, e-mail and roster id; for each module in use its points, maximum, status and what is left to mark;
the course total over the modules in use), the same as an Excel workbook (FILE.xlsx), nbgrader's own long CSV
(the columns of `nbgrader export`) limited to the modules in use (FILE-nbgrader.csv), and a CSV for Moodle's grade
import (FILE-moodle.csv: e-mail address and id number to match on, one column of points per module, empty where
there are none to count, which Moodle skips).

A module with no points to count says why in words, never a zero: "missing" (nothing handed in), "resend" (the
file cannot be graded), "not graded yet", "needs review". The course total adds the points there are, out of the
maxima of every module in use (the modules taught), and its words name the modules with nothing to count and why;
someone with nothing to count in any module has a word there too ("missing", "resend"), never 0.

The sheet and the workbook speak the course's language (headers, words); the keys stay English where a program
reads them (Moodle's "Email address" and "ID number", nbgrader's CSV).

In a course that takes a module on both paths, each participant's points and maximum are those of the path they
took it on (the "path" column of the module says which): the course maximum is each participant's own.
"""

import csv
from pathlib import Path

from nbgrader.plugins import CsvExportPlugin

from aitrain.base import catalogue
from aitrain.base.catalogue import Module
from aitrain.grading import status
from aitrain.grading.course_directory import CourseDirectory
from aitrain.i18n import N_, _

NEEDS_REVIEW = "needs review"
HEADERS = (N_("id"), N_("name"), N_("email"), N_("course points"), N_("course maximum"), N_("course in words"))
MODULE_HEADERS = (N_("points"), N_("maximum"), N_("status"), N_("to mark"), N_("in words"), N_("path"))


def shown_header(name: str) -> str:
    """A column's name in the current language ("02 points" -> "02 баллы")."""
    module, _space, what = name.partition(" ")
    if module.isdigit() and what in MODULE_HEADERS:
        return f"{module} {_(what)}"
    return _(name) if name in HEADERS else name


def modules_in_use(course_dir: CourseDirectory) -> list[Module]:
    """The modules something was collected for (on any path), in course order."""
    return [m for m in catalogue.all_modules() if any(course_dir.folder("intake", a.slug, "ledger.json").exists()
                                                      for a in course_dir.assignments(m))]


def maximum(course_dir: CourseDirectory, module: Module) -> float:
    """The module's maximum points (on its path, for an Assignment), from the gradebook."""
    with course_dir.gradebook() as gb:
        return gb.find_assignment(module.slug).max_score


def maxima(course_dir: CourseDirectory, module: Module) -> dict[str, float]:
    """The module's maximum points on each path the course takes it on."""
    return {a.path: maximum(course_dir, a) for a in course_dir.assignments(module)}


def counted_points(row: status.Standing) -> float | None:
    """The points that count for a module, or None when there is nothing to count yet (say why in words)."""
    return None if row.status == NEEDS_REVIEW else row.total


def wide(course_dir: CourseDirectory) -> list[list]:
    """The sheet as rows (the first one the header)."""
    modules = modules_in_use(course_dir)
    people = status.roster(course_dir)
    addresses = status.emails(course_dir)
    header = ["id", "name", "email"]
    table = {student: [student, name, addresses.get(student, "")] for student, name in people}
    counted: dict[str, list[tuple[str, float]]] = {student: [] for student, _name in people}
    uncounted: dict[str, list[tuple[str, str]]] = {student: [] for student, _name in people}
    course_max = {student: 0.0 for student, _name in people}
    for m in modules:
        tops = maxima(course_dir, m)
        header += [f"{m.id} points", f"{m.id} maximum", f"{m.id} status", f"{m.id} to mark", f"{m.id} in words"]
        header += [f"{m.id} path"] if len(tops) > 1 else []
        for row in status.by_participant(course_dir, m):
            points, top = counted_points(row), tops[row.path]
            course_max[row.student] += top
            if points is None:
                uncounted[row.student].append((m.id, row.status))
            else:
                counted[row.student].append((m.id, points))
            table[row.student] += [_(row.status) if points is None else points, top, _(row.status),
                                   row.to_mark if points is not None else "",
                                   row.points if points is not None else _(row.status)]
            table[row.student] += [_(row.path)] if len(tops) > 1 else []
    header += ["course points", "course maximum", "course in words"]
    for student, _name in people:
        total, words = course_total(modules, counted[student], uncounted[student], course_max[student])
        table[student] += [total, course_max[student], words]
    return [header] + [table[student] for student, _name in people]


def course_total(modules: list[Module], counted: list[tuple[str, float]], uncounted: list[tuple[str, str]],
                 course_max: float) -> tuple[float | str, str]:
    """The course's points over the modules taught (those in use), and in words which modules count and which
    have nothing to count and why. With nothing to count anywhere the points are a word too, never 0."""
    taught = (_("the {n} module taught ({ids})") if len(modules) == 1 else _("the {n} modules taught ({ids})")).format(
        n=len(modules), ids=", ".join(m.id for m in modules))
    why = "; ".join(f"{_(what)}: {', '.join(i for i, w in uncounted if w == what)}"
                    for what in dict.fromkeys(w for _i, w in uncounted))
    if not counted:
        statuses = {w for _i, w in uncounted}
        return (_(statuses.pop()) if len(statuses) == 1 else _("nothing to count yet")), \
            _("no points yet in {taught}: {why}").format(taught=taught, why=why)
    total = sum(p for _i, p in counted)
    words = _("{total} of {maximum} points in {taught}").format(total=f"{total:g}", maximum=f"{course_max:g}",
                                                                 taught=taught)
    if uncounted:
        words += "; " + _("no points yet ({why}), counted as none until then").format(why=why)
    return total, words


def export(course_dir: CourseDirectory, to: Path) -> list[Path]:
    """Write the sheet to `to` (CSV) and beside it as a workbook (.xlsx), and nbgrader's CSV (-nbgrader.csv)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    to = Path(to).resolve()
    to = to.with_suffix(".csv") if to.suffix.lower() == ".xlsx" else to
    rows = wide(course_dir)
    shown = [[shown_header(name) for name in rows[0]]] + rows[1:]
    with open(to, "w", newline="", encoding="utf-8-sig") as f:  # BOM: Excel reads the names right
        csv.writer(f).writerows(shown)
    book = Workbook()
    sheet = book.active
    sheet.title = _("by participant")
    for row in shown:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, column in enumerate(zip(*shown, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(8, *(len(str(v)) + 2 for v in column)))
    sheet.freeze_panes = "D2"
    workbook = to.with_suffix(".xlsx")
    book.save(workbook)
    long = to.with_name(to.stem + "-nbgrader.csv")
    with course_dir.gradebook() as gb:
        CsvExportPlugin(to=str(long), assignment=[a.slug for m in modules_in_use(course_dir)
                                                  for a in course_dir.assignments(m)] or ["-"]).export(gb)
    moodle = to.with_name(to.stem + "-moodle.csv")
    with open(moodle, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(moodle_rows(rows))
    return [to, workbook, long, moodle]


def moodle_rows(rows: list[list]) -> list[list]:
    """The sheet for Moodle's grade import: "Email address" and "ID number" to map to the user, then each
    module's points (a number, or empty: Moodle leaves that grade alone)."""
    header = rows[0]
    points = [i for i, name in enumerate(header) if name.endswith(" points") and name != "course points"]
    out = [["Email address", "ID number"] + [header[i].replace(" points", "") for i in points]]
    for row in rows[1:]:
        out.append([row[2], row[0]] + [row[i] if isinstance(row[i], float | int) else "" for i in points])
    return out
