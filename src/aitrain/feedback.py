"""In-notebook feedback for exercises, in the spirit of Kaggle's learntools.

What an exercise checks lives in aitrain.exercises.<module>; how the result is shown lives here. A check
reads the participant's variables, tests their type and shape before their values (so no object can fool
it), and raises Mistake with what is wrong and a hint. Exercise.check shows a friendly message and, when the
answer is not right yet, raises NotYet so that nbgrader counts the test cell as failed. The message never
contains the expected answer. Exercise.hint gives hints in steps; Exercise.needed stops a teaching cell that
uses an unfinished answer with "finish Exercise N first" (NotReady).

Imported in IPython, this module also explains errors in the participant's own cells in plain words
(aitrain.explain), above the full traceback, and remembers which cells stopped before storing a name, so that
a check can say "your cell stopped with an error" rather than "the variable does not exist".
"""

import ast
import html
import inspect
import linecache
import math
import re
import traceback
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from aitrain.explain import explain
from aitrain.i18n import _

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


def expect_written(value, name: str) -> None:
    """Raise Mistake when `value` is still the placeholder `...` of an exercise cell."""
    if value is Ellipsis:
        raise Mistake(_("`{name}` still holds the placeholder `...`.").format(name=name),
                      _("Replace the three dots with your code."))


def _not_a_number(value, name: str) -> Mistake:
    """What a value that should be one number is instead, in plain words, with a hint that fits it."""
    kind = type(value).__name__
    if value is None:
        return Mistake(_("`{name}` is `None` (nothing): no value was given back.").format(name=name),
                       _("A function gives nothing back without `return`, and so do `print(...)` and methods that "
                        "change a table in place: store (or return) the value itself."))
    if type(value) is bool or type(value) is np.bool_:
        return Mistake(_("`{name}` is {value}, a True/False answer, not a number.").format(name=name, value=value),
                       _("The mean of a True/False column is a share; a comparison alone only says True or False."))
    if isinstance(value, str | np.str_):
        return Mistake(_("`{name}` is a text in quotes, not a number.").format(name=name),
                       _("Remove the quotes so that Python computes it."))
    if kind == "MetricFrame":
        return Mistake(_("`{name}` is a whole MetricFrame: one value per group, not one number.").format(name=name),
                       _("Reduce it to one number with the MetricFrame method the exercise asks for (a difference "
                        "or a ratio between groups)."))
    if isinstance(value, pd.DataFrame):
        return Mistake(_("`{name}` is a whole table ({value_shape_0} rows, {value_shape_1} columns), not one "
                         "number.").format(
                         name=name, value_shape_0=value.shape[0], value_shape_1=value.shape[1]),
                       _("Select one column first, then reduce it to one number."))
    if isinstance(value, pd.Series | np.ndarray | list | tuple):
        return Mistake(_("`{name}` holds several values ({len_value}, a {kind}), not one number.").format(
                         name=name, len_value=len(value), kind=kind),
                       _("Reduce them to one number with the method that matches the question (largest, smallest, "
                        "average, total...), or pick the one value you need by its label."))
    return Mistake(_("`{name}` should be a single number, but it is a {kind}.").format(name=name, kind=kind),
                   _("Check what the right-hand side of `=` gives: run it alone in a cell."))


def expect_number(value, name: str) -> float:
    """A plain number (not True/False, not a list or table), returned as a Python float."""
    if value is Ellipsis:
        raise Mistake(_("`{name}` still holds the placeholder `...`.").format(name=name),
                      _("Replace the three dots with your code."))
    if type(value) is bool or type(value) is np.bool_ or not isinstance(value, NUMBER_TYPES):
        raise _not_a_number(value, name)
    # Only built-in and NumPy number types reach this line, so float() cannot be fooled.
    number = float(value)
    if not math.isfinite(number):
        raise Mistake(_("`{name}` is {number}, not a real number.").format(name=name, number=number),
                      _("Check for a division by zero."))
    return number


def expect_share(value, name: str, truth: float | None = None) -> float:
    """A number between 0 and 1. With `truth`, a value outside says exactly what it is (a percentage, a ratio
    upside down, a count); without, it only says what a share is."""
    number = expect_number(value, name)
    if 0 <= number <= 1:
        return number
    if truth is not None and abs(number / 100 - truth) < 0.0005:
        raise Mistake(_("`{name}` is a percentage; the answer is a share between 0 and 1.").format(name=name),
                      _("Do not multiply by 100 (or divide your percentage by 100)."))
    if truth is not None and number != 0 and abs(1 / number - truth) < 1e-6:
        raise Mistake(_("`{name}` is a ratio turned upside down: the whole divided by the part.").format(name=name),
                      _("Divide the part by the whole."))
    if number > 1 and number.is_integer():
        raise Mistake(_("`{name}` is {number:g}, a count, not a share between 0 and 1.").format(
                        name=name, number=number),
                      _("Divide the count by the size of the whole group it is part of."))
    if number < 0:
        raise Mistake(_("`{name}` is negative; a share lies between 0 and 1.").format(name=name),
                      _("Check the order of your subtraction or of your division."))
    raise Mistake(_("`{name}` is above 1; a share lies between 0 and 1.").format(name=name),
                  _("A share is a part divided by the whole: check which number you divided by which."))


def expect_close(number: float, target: float, tolerance: float, what: str, hint: str) -> None:
    """Raise Mistake(what, hint) unless number is within tolerance of target."""
    if not close(number, target, tolerance):
        raise Mistake(what, hint)


def expect_not_swapped(values: tuple[float, float], truth: tuple[float, float], what: str, hint: str) -> None:
    """Raise Mistake(what, hint) when two answers are the two right values in the wrong order."""
    if close(values[0], truth[1]) and close(values[1], truth[0]) and not close(truth[0], truth[1]):
        raise Mistake(what, hint)


def expect_series(value, name: str, length: int | None = None) -> pd.Series:
    expect_written(value, name)
    if type(value) is not pd.Series:
        if isinstance(value, pd.DataFrame):
            raise Mistake(_("`{name}` is a table ({value_shape_1} column(s)), not a single column (a pandas "
                            "Series).").format(name=name, value_shape_1=value.shape[1]),
                          _("Select the column with single square brackets around its name, not double."))
        if isinstance(value, NUMBER_TYPES) and type(value) is not bool:
            raise Mistake(_("`{name}` is one number; the answer is a column of values (a pandas Series), one per "
                            "group.").format(name=name), _("Group first, so that you get one value per group."))
        raise Mistake(_("`{name}` should be a pandas Series (one column), but it is a {type_name_value}.").format(
                        name=name, type_name_value=type_name(value)),
                      _("Selecting one column of a table, with its name in square brackets, gives a Series."))
    if length is not None and len(value) != length:
        raise Mistake(_("`{name}` has {len_value} values; it should have one per row ({length}).").format(
                        name=name, len_value=len(value), length=length),
                      _("Did you filter or drop rows by accident?"))
    return value


def expect_frame(value, name: str, columns: Sequence[str] = ()) -> pd.DataFrame:
    expect_written(value, name)
    if type(value) is not pd.DataFrame:
        if isinstance(value, pd.Series) and value.dtype == bool:
            raise Mistake(_("`{name}` is a column of True/False values (the condition), not the filtered "
                            "table.").format(name=name),
                          _("Put the condition inside square brackets after the table: that keeps the rows where it "
                           "is True."))
        raise Mistake(_("`{name}` should be a pandas DataFrame (a table), but it is a {type_name_value}.").format(
                        name=name, type_name_value=type_name(value)),
                      _("A table filtered with a condition in square brackets is still a DataFrame."))
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise Mistake(_("`{name}` is missing the column(s) {join_map_repr_missing}.").format(
                        name=name, join_map_repr_missing=', '.join(map(repr, missing))),
                      _("Keep all the columns: filter rows without selecting columns."))
    if columns and len(value) == 0:
        raise Mistake(_("`{name}` has no rows: no row matched your condition.").format(name=name),
                      _("Check the condition: numbers are written without quotes, column names with them."))
    return value


def _as_array(value, name: str, holding: str, hint: str) -> np.ndarray:
    """A written NumPy array (a pandas Series becomes one), or a Mistake saying what `value` is instead."""
    expect_written(value, name)
    if type(value) is pd.Series:
        value = value.to_numpy()
    if type(value) is not np.ndarray:
        raise Mistake(_("`{name}` should be an array of {holding}, but it is a {type_name_value}.").format(
                        name=name, holding=holding, type_name_value=type_name(value)), hint)
    return value


def expect_array(value, name: str, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """A NumPy array or pandas Series of numbers, returned as a float NumPy array."""
    value = _as_array(value, name, _("numbers"), _("A model's `.predict(...)` gives an array."))
    if value.dtype.kind not in "biuf":
        raise Mistake(_("`{name}` should hold numbers, but it holds {value_dtype} values.").format(
                        name=name, value_dtype=value.dtype),
                      _("Check that you used numeric columns."))
    if shape is not None and value.shape != shape:
        raise Mistake(_("`{name}` has shape {value_shape}; it should have shape {shape}.").format(
                        name=name, value_shape=value.shape, shape=shape),
                      _("Did you use the right part of the data (training or test)?"))
    return value.astype(float)


def expect_flags(value, name: str, length: int, row: str, hint: str) -> np.ndarray:
    """A NumPy array or pandas Series of `length` True/False values (one per `row`); `hint` says how to get them."""
    value = _as_array(value, name, _("True/False values"),
                      _("Comparing an array with a number, like `array == -1`, gives True/False values."))
    if value.shape != (length,):
        raise Mistake(_("`{name}` has shape {value_shape}; it should have one value per {row} ({length}).").format(
                        name=name, value_shape=value.shape, row=row, length=length),
                      _("Use every row of the table."))
    if value.dtype != bool:
        raise Mistake(_("`{name}` holds {value_dtype} values, not True/False.").format(
                        name=name, value_dtype=value.dtype), hint)
    return value


def expect_text(value, name: str) -> str:
    """A piece of text (str), such as a column name."""
    if value is Ellipsis:
        raise Mistake(_("`{name}` still holds the placeholder `...`.").format(name=name),
                      _("Replace the three dots with your code."))
    if type(value) is not str and type(value) is not np.str_:
        raise Mistake(_("`{name}` should be a text (a name), but it is a {type_name_value}.").format(
                        name=name, type_name_value=type_name(value)),
                      _("A name is a text, written in quotes like `'household_size'`; a table's row names are in its "
                       "`.index`."))
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
    expect_written(value, name)
    if not callable(value) or isinstance(value, type):
        raise Mistake(_("`{name}` should be a function, but it is a {type_name_value}.").format(
                        name=name, type_name_value=type_name(value)),
                      _("Define it with `def`."))
    return value


def _words(text: str) -> str:
    """Lower case, hyphens and underscores as spaces, single spaces: "False-positive  rate" -> "false positive rate"."""
    return " ".join(re.sub(r"[-_]", " ", text).lower().split())


def expect_choice(value, name: str, choices: Sequence[str]) -> str:
    """One of the allowed texts (case, hyphens and spaces ignored), returned as written in `choices`."""
    if value is Ellipsis:
        raise Mistake(_("`{name}` still holds the placeholder `...`.").format(name=name),
                      _("Replace the three dots with your choice."))
    options = ", ".join(f'"{c}"' for c in choices)
    if type(value) is not str:
        raise Mistake(_("`{name}` should be a text in quotes, but it is a {type_name_value}.").format(
                        name=name, type_name_value=type_name(value)),
                      _("Write one of: {options}.").format(options=options))
    for choice in choices:
        if _words(value) == _words(choice):
            return choice
    raise Mistake(_("`{name}` is not one of the choices.").format(name=name),
                  _("Write exactly one of: {options}.").format(
                                                            options=options))


# ---------------------------------------------------------------------------------------------------------
# What happened in the notebook: errors explained in plain words, and which cell last tried to store a name.
#
# Importing this module in IPython installs two hooks: an exception handler that shows a plain explanation
# above the full traceback (folded, never deleted; the cell still ends with an error output, so papermill and
# nbgrader see the error), and a post-run callback that remembers, for each name, whether the last cell that
# tried to store it stopped with an error. Checks read that to say "your cell stopped with an error" rather
# than "the variable does not exist". The state is one dict mutated in place: the grader's integrity probe
# watches the ids of this module's objects.

_STATE: dict = {"waiting": {}, "before": {}, "last_error": None}
STRESSED = re.compile(r"(?<![*\w`])\*([^*\s`][^*`]*?)\*(?![*\w])")  # *word*, not ** nor a product a*b
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class NotReady(Exception):
    """Raised by a teaching cell that needs an exercise's answer before it can run."""


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


def _html(text: str) -> str:
    """Escape text and show `code` as code, **bold** as bold and *stressed* words in italics."""
    text = html.escape(text)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", text)
    return STRESSED.sub(r"<i>\1</i>", text)


def _plain(text: str) -> str:
    """The text for a plain-text error line: a *stressed* word loses its asterisks (code keeps its own)."""
    return STRESSED.sub(r"\1", text)


def assigned_names(source: str) -> list[str]:
    """The names a cell stores with `=` (read from its code; a line-based guess when it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        names = []
        for line in source.splitlines():
            match = re.match(r"\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?:[+\-*/]?=)(?!=)", line)
            if match:
                names += [n.strip() for n in match.group(1).split(",")]
        return names
    names = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AugAssign | ast.AnnAssign) else []
        for target in targets:
            names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    return names


def _cell_line(shell, etype, evalue, tb) -> tuple[int | None, str]:
    """The line of the participant's cell where the error happened: (number, code)."""
    if issubclass(etype, SyntaxError):
        return evalue.lineno, (evalue.text or "").strip()
    cells = getattr(getattr(shell, "compile", None), "_filename_map", {})
    frames = [(f, n) for f, n in traceback.walk_tb(tb) if f.f_code.co_filename in cells]
    if not frames:
        return None, ""
    frame, lineno = frames[-1]
    return lineno, linecache.getline(frame.f_code.co_filename, lineno).strip()


def _explained(shell, etype, evalue, tb) -> list[str]:
    """Show the plain explanation (with the full traceback folded under it); return the short error lines."""
    lineno, code = _cell_line(shell, etype, evalue, tb)
    why = explain(evalue, tb, shell.user_ns, _waiting(shell.user_ns))
    where = _("Line {lineno} of this cell").format(lineno=lineno) if lineno else _("This cell")
    full = ANSI.sub("", shell.InteractiveTB.stb2text(shell.InteractiveTB.structured_traceback(etype, evalue, tb)))
    _STATE["last_error"] = why.what
    went_wrong, try_this = _("What went wrong:"), _("Try:")
    details, details_short = _("Technical details (the full error message, for you or your trainer)"), \
        _("Technical details (the full error message)")
    _display(
        '<div style="border-left:4px solid #E69F00;padding:4px 10px">'
        f"&#9888;&#65039; <b>{html.escape(where)}</b>" + (f": <code>{html.escape(code)}</code>" if code else "")
        + f"<br><b>{html.escape(went_wrong)}</b> {_html(why.what)}<br>&#128161; "
        f"<b>{html.escape(try_this)}</b> {_html(why.tip)}<details><summary>{html.escape(details)}</summary>"
        f"<pre>{html.escape(full)}</pre></details></div>",
        f"\u26a0 {where}" + (f": {code}" if code else "") + f"\n{went_wrong} {why.what}\n"
        f"{try_this} {why.tip}\n--- {details_short} ---\n{full}")
    return [f"\x1b[31m{etype.__name__}\x1b[0m: {evalue}"]


def _handle_error(shell, etype, evalue, tb, tb_offset=None):
    """IPython's handler for every error: feedback and waiting cells in one line, others explained.

    It always sends an error output: that is how nbgrader knows a test failed and papermill that a cell did.
    """
    try:
        if issubclass(etype, NotYet):
            stb = [f"\x1b[1;31m{evalue}\x1b[0m"]
        elif issubclass(etype, NotReady):
            stb = [f"\x1b[1;34m{evalue}\x1b[0m"]
            _STATE["last_error"] = str(evalue)
        else:
            stb = _explained(shell, etype, evalue, tb)
    except Exception:  # never lose the error: fall back to IPython's own traceback
        stb = shell.InteractiveTB.structured_traceback(etype, evalue, tb)
    shell._showtraceback(etype, evalue, stb)
    return []


def _before_cell(info) -> None:
    """Note what the names this cell stores hold now, to tell afterwards which ones it did store."""
    try:
        namespace = _in_ipython().user_ns
        _STATE["before"].clear()
        _STATE["before"].update({n: id(namespace.get(n, _STATE)) for n in assigned_names(info.raw_cell or "")})
        _STATE["last_error"] = None
    except Exception:  # pragma: no cover - a hook must never break the notebook
        pass


def _after_cell(result) -> None:
    """Remember, for each name a cell should have stored, whether the cell stopped with an error before."""
    try:
        error = result.error_in_exec or result.error_before_exec
        if isinstance(error, NotYet):
            return
        namespace = _in_ipython().user_ns
        reason = _STATE["last_error"] or (type(error).__name__ if error is not None else "")
        waiting = _STATE["waiting"]
        for name, before in _STATE["before"].items():
            if error is not None and id(namespace.get(name, _STATE)) == before:
                waiting[name] = (reason, before)
            else:
                waiting.pop(name, None)
    except Exception:  # pragma: no cover - a hook must never break the notebook
        pass


def _stopped(name: str, namespace: dict) -> str:
    """Why the last cell that should have stored `name` stopped before it ("" if it did not, or if `name` has
    been stored since)."""
    reason, before = _STATE["waiting"].get(name, ("", None))
    return reason if id(namespace.get(name, _STATE)) == before else ""


def _waiting(namespace: dict) -> dict:
    return {name: reason for name in _STATE["waiting"] if (reason := _stopped(name, namespace))}


def install_handler() -> None:
    """Install the error explainer and the cell history in the running IPython kernel (once)."""
    shell = _in_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return
    shell.set_custom_exc((Exception,), _handle_error)
    for event, hook in (("pre_run_cell", _before_cell), ("post_run_cell", _after_cell)):
        if not any(getattr(c, "__qualname__", "") == hook.__name__ and getattr(c, "__module__", "") == __name__
                   for c in shell.events.callbacks.get(event, [])):
            shell.events.register(event, hook)


def _caller_namespace() -> dict:
    """The globals of the notebook cell that called a check (two frames up)."""
    return inspect.currentframe().f_back.f_back.f_globals


# ---------------------------------------------------------------------------------------------------------
# Exercises.


class Exercise:
    """One exercise: the variables it reads, the check of their values, and hints in steps.

    `hint` is one text or a list of steps: the idea first, then which function or column; never the code.
    """

    def __init__(self, number: int, title: str, variables: Sequence[str],
                 check: Callable[..., str | None], hint: str | Sequence[str]):
        self.number = number
        self.title = title
        self.variables = tuple(variables)
        self._check = check
        self.hints = (hint,) if isinstance(hint, str) else tuple(hint)

    @property
    def label(self) -> str:
        return _("Exercise {number} ({title})").format(number=self.number, title=_(self.title))

    def _values(self, namespace: dict) -> list:
        """The variables' values, or Mistake saying whether a cell stopped with an error or never stored them."""
        for name in self.variables:
            reason = _stopped(name, namespace)
            if reason:
                raise Mistake(_("The cell that should store `{name}` stopped with an error before storing it. What "
                                "went wrong: {reason}").format(
                                name=name, reason=reason),
                              _("Read the message under that cell, correct the line it points to, and run the cell "
                               "again before this check."))
        missing = [v for v in self.variables if v not in namespace]
        if missing:
            names = ", ".join(f"`{v}`" for v in missing)
            raise Mistake(_("{names} does not exist yet: no cell has stored it.").format(names=names),
                          _("Write `{missing_0} = ` followed by your code in the exercise cell, then run that cell "
                            "(Shift + Enter). If it comes from an earlier cell, run the cells above first.").format(
                            missing_0=missing[0]))
        return [namespace[v] for v in self.variables]

    def check(self, namespace: dict | None = None) -> None:
        """Check the participant's answer, read from the notebook's variables, and show the result."""
        if namespace is None:
            namespace = _caller_namespace()
        install_handler()
        try:
            praise = self._check(*self._values(namespace))
        except Mistake as mistake:
            what, hint = _plain(mistake.what), _plain(mistake.hint or _(self.hints[0]))
            raise NotYet("\u2717 " + _("Not yet: {exercise}. {what}").format(exercise=self.label, what=what)
                         + "\n\U0001F4A1 " + _("Hint: {hint}").format(hint=hint)) from None
        message = _("Correct: {exercise}.").format(exercise=self.label) + (f" {praise}" if praise else "")
        _display(f'<div style="border-left:4px solid #009E73;padding:4px 10px">&#10003; '
                 f"{html.escape(message)}</div>", "\u2713 " + message)

    def is_done(self, namespace: dict | None = None) -> bool:
        """True when the answer passes its check (nothing is shown)."""
        if namespace is None:
            namespace = _caller_namespace()
        try:
            self._check(*self._values(namespace))
        except Exception:  # a Mistake, or an answer so odd that the check cannot read it
            return False
        return True

    def needed(self, namespace: dict | None = None) -> None:
        """For a teaching cell that uses this exercise's answer: stop with "finish Exercise N first" unless done."""
        if namespace is None:
            namespace = _caller_namespace()
        install_handler()
        if not self.is_done(namespace):
            raise NotReady("\u23f8 " + _("This cell uses your answer to {exercise}, which is not finished yet. "
                                          "Finish Exercise {number} first (until its check says \u2713 Correct), "
                                          "then run this cell again.").format(exercise=self.label, number=self.number))

    def hint(self, step: int = 1) -> None:
        """Show hint number `step` (1: the idea; later steps: which function or column)."""
        step = max(1, min(int(step), len(self.hints)))
        more = " " + _("(For more, run `hint({next})`.)").format(next=step + 1) if step < len(self.hints) else ""
        if len(self.hints) > 1:
            label = _("Hint {step} of {steps} for {exercise}").format(step=step, steps=len(self.hints),
                                                                      exercise=self.label)
        else:
            label = _("Hint for {exercise}").format(exercise=self.label)
        text = _(self.hints[step - 1])
        _display(f"&#128161; <i>{html.escape(label)}</i>: {_html(text)}{_html(more)}", f"{label}: {text}{more}")


install_handler()
