"""Grades to CSV with nbgrader's own export plugin (the columns of `nbgrader export`)."""

from pathlib import Path

from nbgrader.plugins import CsvExportPlugin

from aitrain.grading.workspace import Course


def export(course: Course, to: Path) -> Path:
    to = Path(to).resolve()
    with course.gradebook() as gb:
        CsvExportPlugin(to=str(to)).export(gb)
    return to
