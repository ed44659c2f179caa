"""In-notebook feedback for exercises, in the spirit of Kaggle's learntools.

What an exercise checks lives in aitrain.exercises.<module>; how the result is shown lives here. A check
reads the participant's variables, tests their type and shape before their values (so no object can fool
it), and raises Mistake with what is wrong and a hint. Exercise.check shows a friendly message and, when the
answer is not right yet, raises NotYet so that nbgrader counts the test cell as failed. The message never
contains the expected answer.
"""

import html
import inspect
import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

NUMBER_TYPES = (int, float, np.integer, np.floating)


class Mistake(Exception):
    """What is wrong with an answer, and a hint towards the right one."""

    def __init__(self, what: str, hint: str = ""):
        self.what = what
        self.hint = hint
        super().__init__(what)


class NotYet(AssertionError):
    """Raised by a visible test when the answer is not right yet (nbgrader then awards no points)."""


# ---------------------------------------------------------------------------------------------------------
# Checks: each returns a clean value of a known type or raises Mistake.


def type_name(value) -> str:
    return type(value).__name__


def expect_number(value, name: str) -> float:
    """A plain number (not True/False, not a list or table), returned as a Python float."""
    if value is Ellipsis:
        raise Mistake(f"`{name}` still holds the placeholder `...`.", "Replace the three dots with your code.")
    if type(value) is bool or type(value) is np.bool_ or not isinstance(value, NUMBER_TYPES):
        hint = "Use a calculation that gives one number, such as `.mean()` or `.sum()` on a column."
        if isinstance(value, pd.Series | pd.DataFrame | np.ndarray | list | tuple):
            hint = "You have several numbers; the answer is a single number. " + hint
        raise Mistake(f"`{name}` should be a single number, but it is a {type_name(value)}.", hint)
    # Only built-in and NumPy number types reach this line, so float() cannot be fooled.
    number = float(value)
    if not math.isfinite(number):
        raise Mistake(f"`{name}` is {number}, not a real number.", "Check for a division by zero.")
    return number


def expect_share(value, name: str) -> float:
    """A number between 0 and 1."""
    number = expect_number(value, name)
    if 1 < number <= 100:
        raise Mistake(f"`{name}` is above 1.", "Give a share between 0 and 1, not a percentage.")
    if not 0 <= number <= 1:
        raise Mistake(f"`{name}` should be a share between 0 and 1.", "Check the direction of your division.")
    return number


def expect_close(number: float, target: float, tolerance: float, what: str, hint: str) -> None:
    """Raise Mistake(what, hint) unless number is within tolerance of target."""
    if not close(number, target, tolerance):
        raise Mistake(what, hint)


def expect_not_swapped(values: tuple[float, float], truth: tuple[float, float], what: str, hint: str) -> None:
    """Raise Mistake(what, hint) when two answers are the two right values in the wrong order."""
    if close(values[0], truth[1]) and close(values[1], truth[0]) and not close(truth[0], truth[1]):
        raise Mistake(what, hint)


def expect_series(value, name: str, length: int | None = None) -> pd.Series:
    if type(value) is not pd.Series:
        raise Mistake(f"`{name}` should be a pandas Series (one column), but it is a {type_name(value)}.",
                      "Selecting one column of a table, like `table['column']`, gives a Series.")
    if length is not None and len(value) != length:
        raise Mistake(f"`{name}` has {len(value)} values; it should have one per row ({length}).",
                      "Did you filter or drop rows by accident?")
    return value


def expect_frame(value, name: str, columns: Sequence[str] = ()) -> pd.DataFrame:
    if type(value) is not pd.DataFrame:
        raise Mistake(f"`{name}` should be a pandas DataFrame (a table), but it is a {type_name(value)}.",
                      "Selecting a list of columns, like `table[['a', 'b']]`, gives a DataFrame.")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise Mistake(f"`{name}` is missing the column(s) {', '.join(map(repr, missing))}.",
                      "Check the spelling of the column names.")
    return value


def expect_array(value, name: str, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """A NumPy array or pandas Series of numbers, returned as a float NumPy array."""
    if type(value) is pd.Series:
        value = value.to_numpy()
    if type(value) is not np.ndarray:
        raise Mistake(f"`{name}` should be an array of numbers, but it is a {type_name(value)}.",
                      "A model's `.predict(...)` gives an array.")
    if value.dtype.kind not in "biuf":
        raise Mistake(f"`{name}` should hold numbers, but it holds {value.dtype} values.",
                      "Check that you used numeric columns.")
    if shape is not None and value.shape != shape:
        raise Mistake(f"`{name}` has shape {value.shape}; it should have shape {shape}.",
                      "Did you use the right part of the data (training or test)?")
    return value.astype(float)


def expect_text(value, name: str) -> str:
    """A piece of text (str), such as a column name."""
    if value is Ellipsis:
        raise Mistake(f"`{name}` still holds the placeholder `...`.", "Replace the three dots with your code.")
    if type(value) is not str and type(value) is not np.str_:
        raise Mistake(f"`{name}` should be a text (a name), but it is a {type_name(value)}.",
                      "A name is written in quotes, like `'household_size'`; `table.index[0]` gives the name of "
                      "a table's first row.")
    return str(value)


# Comparisons: for an answer already checked by an expect_* helper against the truth or a known mistake.


def close(value: float, target: float, tolerance: float = 1e-9) -> bool:
    """True when two numbers agree within `tolerance` (the one-number form of same_values)."""
    return abs(value - target) <= tolerance


def same_values(values, target, tolerance: float = 1e-9) -> bool:
    """True when two arrays of numbers have the same shape and agree within `tolerance` (NaN matches NaN)."""
    a, b = np.asarray(values, dtype=float), np.asarray(target, dtype=float)
    return a.shape == b.shape and bool(np.all((np.abs(a - b) <= tolerance) | (np.isnan(a) & np.isnan(b))))


def expect_callable(value, name: str) -> Callable:
    if not callable(value) or isinstance(value, type):
        raise Mistake(f"`{name}` should be a function, but it is a {type_name(value)}.",
                      "Define it with `def`.")
    return value


def expect_choice(value, name: str, choices: Sequence[str]) -> str:
    """One of the allowed texts (case and surrounding spaces ignored), returned as written in `choices`."""
    if value is Ellipsis:
        raise Mistake(f"`{name}` still holds the placeholder `...`.", "Replace the three dots with your choice.")
    options = ", ".join(f'"{c}"' for c in choices)
    if type(value) is not str:
        raise Mistake(f"`{name}` should be a text in quotes, but it is a {type_name(value)}.",
                      f"Write one of: {options}.")
    for choice in choices:
        if value.strip().lower() == choice.lower():
            return choice
    raise Mistake(f"`{name}` is not one of the choices.", f"Write exactly one of: {options}.")


# ---------------------------------------------------------------------------------------------------------
# Showing results.


def _in_ipython():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with Jupyter
        return None
    return get_ipython()


def _display(html_text: str, plain: str) -> None:
    shell = _in_ipython()
    if shell is None:
        print(plain)
        return
    from IPython.display import display

    display({"text/html": html_text, "text/plain": plain}, raw=True)


def _show_not_yet(shell, etype, evalue, tb, tb_offset=None):
    """IPython handler for NotYet: a short red message instead of a long traceback.

    It still sends an error output, which is how nbgrader knows the test failed.
    """
    shell._showtraceback(etype, evalue, [f"\x1b[1;31m{evalue}\x1b[0m"])
    return []


def install_handler() -> None:
    shell = _in_ipython()
    if shell is not None and hasattr(shell, "set_custom_exc"):
        shell.set_custom_exc((NotYet,), _show_not_yet)


class Exercise:
    """One exercise: the variables it reads, the check of their values, and a hint."""

    def __init__(self, number: int, title: str, variables: Sequence[str],
                 check: Callable[..., str | None], hint: str):
        self.number = number
        self.title = title
        self.variables = tuple(variables)
        self._check = check
        self._hint = hint

    @property
    def label(self) -> str:
        return f"Exercise {self.number} ({self.title})"

    def check(self, namespace: dict | None = None) -> None:
        """Check the participant's answer, read from the notebook's variables, and show the result."""
        if namespace is None:
            namespace = inspect.currentframe().f_back.f_globals
        install_handler()
        missing = [v for v in self.variables if v not in namespace]
        try:
            if missing:
                names = ", ".join(f"`{v}`" for v in missing)
                raise Mistake(f"{names} does not exist yet.",
                              f"Write `{missing[0]} = ...` with your code in the exercise cell, then run it.")
            praise = self._check(*(namespace[v] for v in self.variables))
        except Mistake as mistake:
            text = f"Not yet: {self.label}. {mistake.what}"
            hint = mistake.hint or self._hint
            raise NotYet(f"\u2717 {text}\n\U0001F4A1 Hint: {hint}") from None
        message = f"Correct: {self.label}." + (f" {praise}" if praise else "")
        _display(f'<div style="border-left:4px solid #009E73;padding:4px 10px">&#10003; '
                 f"{html.escape(message)}</div>", message)

    def hint(self) -> None:
        """Show the exercise's general hint."""
        _display(f"&#128161; <i>Hint for {html.escape(self.label)}</i>: {html.escape(self._hint)}",
                 f"Hint for {self.label}: {self._hint}")

