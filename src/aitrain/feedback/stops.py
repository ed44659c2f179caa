"""The two ways feedback stops a cell on purpose; the error handler shows each as one line, not explained."""


class NotYet(AssertionError):
    """Raised by a visible test when the answer is not right yet (nbgrader then awards no points)."""


class NotReady(Exception):
    """Raised by a teaching cell that needs an exercise's answer before it can run."""
