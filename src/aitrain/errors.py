"""The one error type the `aitrain` command shows to people as a plain message."""


class AitrainError(Exception):
    """A problem the user can fix: what happened, and what to do about it."""

    def __init__(self, what: str, todo: str = ""):
        self.what = what
        self.todo = todo
        super().__init__(f"{what} {todo}".strip())
