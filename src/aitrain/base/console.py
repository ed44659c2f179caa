"""The terminals the `aitrain` commands write to, and how they report a problem the user can fix."""

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from aitrain.errors import AitrainError

console = Console()
errors = Console(stderr=True)

PARTICIPANTS = "Participants"
TEACHING = "Trainers: teaching"
GRADING = "Trainers: grading"
AUTHORS = "Authors"


def fail(error: AitrainError) -> None:
    """Print the error as one line (whatever the terminal's width) and exit with status 2."""
    text = escape(error.what + (f" {error.todo}" if error.todo else ""))  # messages quote names from outside
    errors.print(f"[bold red]Error:[/] {text}", soft_wrap=True,
                 highlight=False)
    raise typer.Exit(2)


class Commands(TyperGroup):
    """The `aitrain` command group. The one error wrapper: a problem the user can fix (an AitrainError raised
    by any command or sub-command) ends as one line on stderr and exit status 2, never a traceback."""

    def invoke(self, ctx):
        from aitrain import i18n

        before = i18n.language()  # a command may speak its course's language; the next starts as before
        try:
            return super().invoke(ctx)
        except AitrainError as error:
            fail(error)
        finally:
            i18n.use_language(before)
