"""In-notebook feedback for exercises, in the spirit of Kaggle's learntools.

What an exercise checks lives in aitrain.exercises.<module>; how it is checked and shown lives here:

- `checks`: the pure checks (`expect_*` test type and shape before values, so that no object can fool them;
  `close`, `same_values`) and Mistake, what is wrong with an answer and a hint; no IPython;
- `exercise`: Exercise (check, hint in steps, needed) and how its result is shown;
- `stops`: NotYet (a visible test not passed: nbgrader awards no points) and NotReady ("finish Exercise N
  first");
- `hooks`: the IPython hooks: errors in the participant's own cells explained in plain words
  (`explanations`) above the full traceback, and which cells stopped before storing a name;
- `known_wrong`: an exercise's known wrong answers as a table of rows (`Known`), read by `reject_known`;
- `detectors`: what an answer is computed from, declared once per exercise (`Ratio`, `Metric`, `stand_ins`), and
  the rows and code readings that name the usual mistakes in every module;
- `display`: HTML in Jupyter, plain text elsewhere; in a translated notebook, a Series shown as a table.

Notebooks and exercise files import the names below from `aitrain.feedback` itself. Imported in IPython,
the package installs its hooks.
"""

from aitrain.feedback.checks import (
    NUMBER_TYPES,
    Mistake,
    close,
    expect_array,
    expect_callable,
    expect_choice,
    expect_close,
    expect_first_crossing,
    expect_flags,
    expect_frame,
    expect_labelled,
    expect_not_swapped,
    expect_number,
    expect_percent,
    expect_reading,
    expect_series,
    expect_share,
    expect_text,
    expect_written,
    same_partition,
    same_values,
    scaled,
    type_name,
)
from aitrain.feedback.detectors import Metric, Ratio, call_arguments, divided_by, other_column, stand_ins, whole_table
from aitrain.feedback.display import series_as_tables
from aitrain.feedback.exercise import Exercise
from aitrain.feedback.hooks import _STATE as _STATE  # the cell history, which the corpus tests reset
from aitrain.feedback.hooks import assigned_names, install_handler
from aitrain.feedback.known_wrong import Known, either_close, known_mistake, reject_known
from aitrain.feedback.stops import NotReady, NotYet

__all__ = [
    "NUMBER_TYPES", "Exercise", "Known", "Metric", "Mistake", "NotReady", "NotYet", "Ratio", "assigned_names",
    "call_arguments", "close", "divided_by",
    "expect_array", "expect_callable", "expect_choice", "expect_close", "expect_first_crossing", "expect_flags",
    "expect_frame",
    "expect_labelled", "expect_not_swapped", "expect_number", "expect_percent", "expect_reading", "expect_series",
    "expect_share",
    "expect_text", "expect_written",
    "either_close", "install_handler", "known_mistake", "other_column", "reject_known", "same_partition",
    "same_values", "scaled",
    "stand_ins",
    "type_name", "whole_table",
]

install_handler()
series_as_tables()
