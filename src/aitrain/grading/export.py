"""Grades for a spreadsheet: nbgrader's own long CSV (the columns of `nbgrader export`), and a wide sheet, one
row per participant on the roster with, for each module handed in, its points, status and what is left to
mark, as CSV and as an Excel workbook. A module not handed in is "missing", never a zero."""

import csv
from pathlib import Path

from nbgrader.plugins import CsvExportPlugin

from aitrain.base import catalogue
from aitrain.grading import status
from aitrain.grading.course_directory import CourseDirectory


def wide(course_dir: CourseDirectory) -> list[list]:
    """The wide sheet as rows (the first one the header)."""
    modules = [m for m in catalogue.all_modules() if course_dir.folder("intake", m.slug, "ledger.json").exists()]
    people = status.roster(course_dir)
    header = ["id", "name"]
    table = {student: [student, name] for student, name in people}
    for m in modules:
        header += [f"{m.id} points", f"{m.id} of", f"{m.id} status", f"{m.id} to mark", f"{m.id} points in words"]
        for row in status.standings(course_dir, m):
            table[row.student] += [row.total if row.total is not None else "",
                                   row.auto_max + row.marked_max + row.to_mark if row.total is not None else "",
                                   row.status, row.to_mark if row.total is not None else "", row.points]
    return [header] + [table[student] for student, _ in people]


def export(course_dir: CourseDirectory, to: Path) -> list[Path]:
    """Write nbgrader's CSV to `to`, and the wide sheet beside it (-by-participant.csv and .xlsx)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    to = Path(to).resolve()
    with course_dir.gradebook() as gb:
        CsvExportPlugin(to=str(to)).export(gb)
    rows = wide(course_dir)
    sheet_csv = to.with_name(to.stem + "-by-participant.csv")
    with open(sheet_csv, "w", newline="", encoding="utf-8-sig") as f:  # BOM: Excel reads the names right
        csv.writer(f).writerows(rows)
    book = Workbook()
    sheet = book.active
    sheet.title = "by participant"
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    workbook = to.with_name(to.stem + "-by-participant.xlsx")
    book.save(workbook)
    return [to, sheet_csv, workbook]
