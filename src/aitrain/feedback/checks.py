"""The checks of an answer: type and shape before values, so that no object can fool them.

Each `expect_*` returns a clean value of a known type or raises Mistake with what is wrong and a hint, in
plain words; `close` and `same_values` compare an answer already checked against the truth or a known mistake.
Nothing here needs IPython: the exercise files and the hidden tests call these directly.
"""

import difflib
import math
import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from aitrain import category_names
from aitrain.i18n import _, every_language, if_translated

NUMBER_TYPES = (int, float, np.integer, np.floating)
PERCENT_ROUNDING = 0.0051  # a percentage rounded to a whole percent is at most half a point from the share's


class Mistake(Exception):
    """What is wrong with an answer, and a hint towards the right one. `named`: it names the mistake made (a known
    wrong answer, a percentage for a share), rather than only saying that the answer is not right: the shared
    detectors (aitrain.feedback.detectors) may then not replace it."""

    def __init__(self, what: str, hint: str = "", named: bool = False):
        self.what = what
        self.hint = hint
        self.named = named
        super().__init__(what)



def type_name(value) -> str:
    return type(value).__name__


def expect_written(value, name: str) -> None:
    """Raise Mistake when `value` is still the placeholder `...` of an exercise cell."""
    if value is Ellipsis:
        raise Mistake(_("`{name}` still holds the placeholder `...`.").format(name=name),
                      _("Replace the three dots with your code."))


def _uncalled(value, name: str) -> Mistake | None:
    """The Mistake of a method or function stored itself, not called (`.mean` without `()`), or None."""
    if not callable(value) or isinstance(value, type) or not hasattr(value, "__name__"):
        return None
    return Mistake(_("`{name}` holds the method `.{method}` itself, not its result: a method runs only with round "
                     "brackets after its name.").format(name=name, method=value.__name__),
                   _("Add `()` after `.{method}`, then run the cell again.").format(method=value.__name__))


def _not_a_number(value, name: str) -> Mistake:
    """What a value that should be one number is instead, in plain words, with a hint that fits it."""
    kind = type(value).__name__
    uncalled = _uncalled(value, name)
    if uncalled:
        return uncalled
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
    if math.isnan(number):  # pandas gives nan where two columns' rows do not match, or for an empty selection
        raise Mistake(_("`{name}` is {number}, not a real number.").format(name=name, number=number),
                      _("A missing value (nan) usually comes from combining two columns whose rows do not match "
                        "(for example the training rows with the test predictions), or from an empty selection: "
                        "check that every part of your calculation uses the same rows."))
    if not math.isfinite(number):
        raise Mistake(_("`{name}` is {number}, not a real number.").format(name=name, number=number),
                      _("Check for a division by zero."))
    return number


def expect_percent(value, name: str) -> float:
    """A percentage read off a chart's axis: a number between 0 and 100, not a share."""
    number = expect_number(value, name)
    if 0 < number < 1:
        raise Mistake(_("`{name}` is a share between 0 and 1; the chart's axis is in percent.").format(name=name),
                      _("Write the number as the axis shows it, in percent (for example 25 rather than 0.25)."))
    if not 0 <= number <= 100:
        raise Mistake(_("`{name}` is not between 0 and 100, so it cannot be a percentage.").format(name=name),
                      _("Read the value on the vertical axis of the chart, from 0 to 100."))
    return number


def expect_share(value, name: str, truth: float | None = None) -> float:
    """A number between 0 and 1. With `truth`, a value outside says exactly what it is (a percentage, a ratio
    upside down, a count); without, it only says what a share is."""
    number = expect_number(value, name)
    if 0 <= number <= 1:
        return number
    if truth is not None and abs(number / 100 - truth) < 0.0005:
        raise Mistake(_("`{name}` is a percentage; the answer is a share between 0 and 1.").format(name=name),
                      _("Do not multiply by 100 (or divide your percentage by 100)."), named=True)
    if truth is not None and abs(number / 100 - truth) <= PERCENT_ROUNDING:  # 55 or 54.6 for 0.5457
        raise Mistake(_("`{name}` is {number:g}: this looks like a percentage; a share is a number from 0 to "
                        "1.").format(name=name, number=number),
                      _("Give the share itself, not the percentage: for example, 7% is the share 0.07."), named=True)
    if truth is not None and number != 0 and abs(1 / number - truth) < 1e-6:
        raise Mistake(_("`{name}` is a ratio turned upside down: the whole divided by the part.").format(name=name),
                      _("Divide the part by the whole."), named=True)
    if truth is None and 1 < number <= 100:
        raise Mistake(_("`{name}` is {number:g}, above 1; a share is a number from 0 to 1.").format(
                        name=name, number=number),
                      _("If this is a percentage, give the share instead (7% is 0.07); if it is a count, divide "
                        "it by the size of the whole group it is part of."))
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
    """Raise Mistake(what, hint) unless number is within tolerance of target (a number 100 times too large or
    too small is told so: `scaled`)."""
    if not close(number, target, tolerance):
        raise scaled(number, target, tolerance) or Mistake(what, hint)


def scaled(value, truth, tolerance: float = 1e-9) -> Mistake | None:
    """The Mistake of an answer 100 times too large (a percentage) or too small (divided by 100), or None."""
    try:
        got, right = np.asarray(value, dtype=float), np.asarray(truth, dtype=float)
    except (TypeError, ValueError):
        return None
    if got.shape != right.shape or not np.any(np.abs(right) > tolerance):
        return None
    if np.allclose(got, 100 * right, rtol=0, atol=100 * tolerance + 1e-12, equal_nan=True):
        return Mistake(_("The value is 100 times too large, as if written in percent (multiplied by 100)."),
                       _("Do not multiply by 100: give the value as the question asks for it."), named=True)
    if np.allclose(got, right / 100, rtol=0, atol=tolerance / 100 + 1e-12, equal_nan=True):
        return Mistake(_("The value is 100 times too small, as if divided by 100."),
                       _("Do not divide by 100."), named=True)
    return None


def expect_reading(value: float, truth: float, near: float | Callable[[float, float], bool], what: str,
                   hint: str) -> None:
    """A number read off a chart: unless `near` the truth (a tolerance, or a function (value, truth) -> bool),
    Mistake(what, hint) that also says whether the reading is higher or lower than the chart shows: the direction
    to look again, never the value."""
    if near(value, truth) if callable(near) else abs(value - truth) <= near:
        return
    direction = _("Your reading is higher than that.") if value > truth else _("Your reading is lower than that.")
    raise Mistake(f"{what} {direction}", hint)


def expect_first_crossing(value: float, first: float, tolerance: float | tuple[float, float],
                          short: tuple[str, str], long: tuple[str, str]) -> None:
    """A point read off a curve where the curve first reaches an aim (a threshold, a budget, a number of checks):
    `value` more than `tolerance` (one number, or (below, above)) before `first` does not reach the aim yet:
    Mistake(*short); after it, the aim is met but a smaller value meets it too: Mistake(*long). Each exercise
    gives its own (what, hint) for both."""
    below, above = tolerance if isinstance(tolerance, tuple) else (tolerance, tolerance)
    if value < first - below:
        raise Mistake(*short)
    if value > first + above:
        raise Mistake(*long)


def expect_not_swapped(values: tuple[float, float], truth: tuple[float, float], what: str, hint: str) -> None:
    """Raise Mistake(what, hint) when two answers are the two right values in the wrong order."""
    if close(values[0], truth[1]) and close(values[1], truth[0]) and not close(truth[0], truth[1]):
        raise Mistake(what, hint, named=True)


def expect_series(value, name: str, length: int | None = None) -> pd.Series:
    expect_written(value, name)
    if type(value) is not pd.Series:
        if _uncalled(value, name):
            raise _uncalled(value, name)
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
        if _uncalled(value, name):
            raise _uncalled(value, name)
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
        if _uncalled(value, name):
            raise _uncalled(value, name)
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



def expect_labelled(value, name: str, labels) -> np.ndarray:
    """Numbers, one per label, returned in the order of `labels`: a Series labelled by `labels` in any order (the
    order of the rows is not the point), or an array or Series in that order."""
    if type(value) is pd.Series and len(value) == len(labels) and value.index.is_unique \
            and set(value.index) == set(labels):
        value = value.reindex(labels)
    return expect_array(value, name, (len(labels),))

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
        if _uncalled(value, name):
            raise _uncalled(value, name)
        raise Mistake(_("`{name}` should be a text (a name), but it is a {type_name_value}.").format(
                        name=name, type_name_value=type_name(value)),
                      _("A text is written between quotes; a table's row names are in its `.index`, its column "
                       "names in its `.columns`."))
    return str(value)


# Comparisons: for an answer already checked by an expect_* helper against the truth or a known mistake.


def close(value: float, target: float, tolerance: float = 1e-9) -> bool:
    """True when two numbers agree within `tolerance` (the one-number form of same_values)."""
    return abs(value - target) <= tolerance


def same_partition(labels, target) -> bool:
    """True when two arrays of group labels put the same rows together, whatever the groups' numbers or names."""
    a, b = np.asarray(labels).ravel(), np.asarray(target).ravel()
    if a.shape != b.shape:
        return False
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


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
    """Lower case, hyphens, dashes and underscores as spaces, single spaces: "False-positive  rate" -> "false positive
    rate"."""
    return " ".join(re.sub(r"[-–—_]", " ", text).lower().split())


def expect_choice(value, name: str, choices: Sequence[str]) -> str:
    """One of the allowed texts, returned as written in `choices`. Case, hyphens and spaces are ignored, and a
    choice may be typed in any language whose catalogue translates it (mark the choices with `N_`), or, for a
    category value of the data, as a translation shows it ("Восточный" for "East": aitrain.category_names). The
    options are listed in the course's language."""
    if value is Ellipsis:
        raise Mistake(_("`{name}` still holds the placeholder `...`.").format(name=name),
                      _("Replace the three dots with your choice."))
    shown_as = category_names.renamed(choices)
    options = ", ".join(f'"{shown_as.get(c) or if_translated(c)}"' for c in choices)
    if type(value) is not str:
        if _uncalled(value, name):
            raise _uncalled(value, name)
        raise Mistake(_("`{name}` should be a text in quotes, but it is a {type_name_value}.").format(
                        name=name, type_name_value=type_name(value)),
                      _("Write one of: {options}.").format(options=options))
    labels = [label for choice in choices for label in [*every_language(choice), shown_as.get(choice, choice)]]
    for choice in choices:
        if any(_words(value) == _words(label) for label in [*every_language(choice), shown_as.get(choice, choice)]):
            return choice
    if difflib.get_close_matches(_words(value), [_words(label) for label in labels], n=1, cutoff=0.8):
        raise Mistake(_("`{name}` is not one of the choices, but close to one: a letter, a bracket or a quote is "
                        "not as in the options.").format(name=name),
                      _("Copy the option exactly as it is written: {options}.").format(options=options))
    raise Mistake(_("`{name}` is not one of the choices.").format(name=name),
                  _("Write exactly one of: {options}.").format(options=options))
