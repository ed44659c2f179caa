"""What the trainer's grading commands share (aitrain.grading.commands, aitrain.grading.programme_commands): their
options and arguments, and the course directory a command names."""

from pathlib import Path
from typing import Annotated

import typer

from aitrain.base import catalogue

CourseOpt = Annotated[Path, typer.Option("--course", "-c", help="The course directory (aitrain course init).")]
ModuleArg = Annotated[str, typer.Argument(help="Module id, e.g. 02.")]
ReceiptArg = Annotated[str, typer.Argument(help="A receipt number from the collect or status table, e.g. 00017.")]
ParticipantArg = Annotated[str, typer.Argument(help="The participant's id on the roster.")]
OnPathOpt = Annotated[str | None, typer.Option("--path", help="The module's path whose submissions these are: coded "
                                               "or policy (default: the participant's, or the course's).")]


def open_course(course: Path, module: str | None = None):
    """The course directory named by --course, and the module named on the command line; from now on the
    messages (aitrain.i18n) are in the course's language."""
    from aitrain.grading.course_directory import CourseDirectory
    from aitrain.i18n import use_language

    course_dir = CourseDirectory.open(course)
    use_language(course_dir.edition.language)  # the command's tables, pages and exports speak the course's language
    return course_dir, (catalogue.find_modules([module])[0] if module else None)
