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
    """The course directory named by --course, and the module named on the command line."""
    from aitrain.grading.course_directory import CourseDirectory

    return CourseDirectory.open(course), (catalogue.find_modules([module])[0] if module else None)
