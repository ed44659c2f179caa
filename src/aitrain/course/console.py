"""The terminals the `aitrain` commands write to, and how they report a problem the user can fix."""

import typer
from rich.console import Console
from rich.markup import escape

from aitrain.errors import AitrainError

console = Console()
errors = Console(stderr=True)


def fail(error: AitrainError) -> None:
    """Print the error as one line (whatever the terminal's width) and exit with status 2."""
    text = escape(error.what + (f" {error.todo}" if error.todo else ""))  # messages quote names from outside
    errors.print(f"[bold red]Error:[/] {text}", soft_wrap=True,
                 highlight=False)
    raise typer.Exit(2)
