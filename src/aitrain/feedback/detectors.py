"""Shared detectors: an exercise declares once what its answer is computed from, and these name the usual mistakes.

An exercise file declares, per answer, what it is computed from:

    found = Ratio(part=lambda: hits.sum(), whole=lambda: poorest.sum(), of=N_("the truly poorest villages"),
                  wrong_wholes={"flagged": N_("the flagged villages")})
    recall = Metric(recall_score, lambda: (y_true, y_pred), training=lambda: (y_train, y_train_pred))

and its check calls `reject_known(value, found.rows("found_share"), truth=...)` (or `metric.rows(...)`): rows of
`Known` with one message per kind of mistake, the same in every module (a percentage, a count, a ratio upside
down, another denominator; swapped arguments, the training set; the whole table, another column). A row names
a mistake only when the answer is that mistake's value and not also the right one. Where two concepts give the
same value by chance (precision and recall), `divided_by` reads how the answer was computed: the denominator
the participant's own cell wrote. `scaled` (x100, /100) runs inside `expect_close`, the fallback of every check.
"""

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from aitrain.feedback.checks import Mistake
from aitrain.feedback.display import ipython_shell
from aitrain.feedback.known_wrong import Known
from aitrain.i18n import N_, _

Value = Callable[[], Any]


@dataclass(frozen=True)
class Ratio:
    """A share: a part divided by a whole. `of` names the whole ("the poor households"); `wrong_wholes` maps the
    names of other wholes a participant may divide by (as written in code, or a label) to what they are, with
    `others` giving their values (functions of no arguments) by the same keys."""

    part: Value
    whole: Value
    of: str
    others: Mapping[str, Value] = field(default_factory=dict)
    wrong_wholes: Mapping[str, str] = field(default_factory=dict)

    def rows(self, name: str) -> list[Known]:
        share = lambda: float(self.part()) / float(self.whole())  # noqa: E731 - computed only when tried
        fields = {"name": name, "of": _(self.of)}
        rows = [
            Known(lambda: 100 * share(), N_("`{name}` is a percentage; the answer is a share between 0 and 1."),
                  N_("Do not multiply by 100 (or divide your percentage by 100)."), fields=fields),
            Known(lambda: float(self.part()), N_("`{name}` is a count, not a share: it is not divided by the size of "
                                                 "{of}."),
                  N_("Divide the count by the number in {of}."), fields=fields),
            Known(lambda: float(self.whole()) / float(self.part()) if float(self.part()) else np.nan,
                  N_("`{name}` is a ratio turned upside down: the whole divided by the part."),
                  N_("Divide the part by the whole ({of})."), fields=fields),
        ]
        for key, wrong in self.others.items():
            rows.append(Known(lambda wrong=wrong: float(self.part()) / float(wrong()),
                              N_("`{name}` is divided by {other}; the question is about {of}."),
                              N_("Divide by the number in {of}."),
                              fields={**fields, "other": _(self.wrong_wholes.get(key, key))}))
        return rows

    def divided_by_wrong_whole(self, name: str) -> Mistake | None:
        """The Mistake of a cell that divides `name` by one of the wrong wholes (read from its code), or None."""
        denominator = divided_by(name)
        names = {n.id for n in ast.walk(ast.parse(denominator)) if isinstance(n, ast.Name)} if denominator else set()
        for key, label in self.wrong_wholes.items():
            if key in names:
                return Mistake(_("`{name}` is divided by {other}; the question is about {of}.").format(
                    name=name, other=_(label), of=_(self.of)), _("Divide by the number in {of}.").format(of=_(self.of)),
                    named=True)
        return None


@dataclass(frozen=True)
class Metric:
    """A metric computed as `function(first, second)` (the actual values first, the predictions second), on the
    test set; `training` gives the same two arguments on the training set. `markers` are words that the code of
    the first and of the second argument contain (`("fraud", "flagged")`): where swapping the arguments gives
    another metric's value (recall and precision), the participant's code tells which mistake it is."""

    function: Callable
    arguments: Callable[[], tuple]
    training: Callable[[], tuple] | None = None
    first: str = N_("the actual values")
    second: str = N_("the predictions")
    markers: tuple[str, str] | None = None
    keywords: Mapping[str, Any] = field(default_factory=dict)
    call: str = ""  # the name of the call that takes the two arguments in code, if not the function's own

    def value(self, arguments: tuple):
        return self.function(*arguments, **self.keywords)

    def swapped(self, name: str) -> Mistake:
        return Mistake(_("The two arguments of the metric in `{name}` are swapped.").format(name=name),
                       _("Give {first} first and {second} second.").format(first=_(self.first),
                                                                          second=_(self.second)), named=True)

    def rows(self, name: str) -> list[Known]:
        fields = {"name": name, "first": _(self.first), "second": _(self.second)}
        rows = [Known(lambda: self.value(tuple(reversed(self.arguments()))),
                      N_("The two arguments of the metric in `{name}` are swapped."),
                      N_("Give {first} first and {second} second."), fields=fields)]
        if self.training is not None:
            rows.append(Known(lambda: self.value(self.training()), N_("`{name}` is measured on the training set, "
                                                                      "which the model has already seen."),
                              N_("Use the test set, which the model has not seen."), fields=fields))
        return rows

    def swapped_in_code(self, name: str) -> Mistake | None:
        """The Mistake of a cell whose call to the metric for `name` has its arguments the other way round (read
        from its code, by the markers), or None."""
        arguments = call_arguments(name, self.call or self.function.__name__)
        if self.markers is None or arguments is None or len(arguments) < 2:
            return None
        first, second = self.markers
        if second in arguments[0] and first not in arguments[0] and first in arguments[1]:
            return self.swapped(name)
        return None


def stand_ins(name: str, *, training: Value | None = None, whole: Value | None = None, of: str = "",
              columns: Mapping[str, Value] | None = None) -> list[Known]:
    """Known rows for an answer computed on the wrong data: the training set, the whole table (not the rows of
    `of`), or another column (by name)."""
    rows = []
    if training is not None:
        rows.append(Known(training, N_("`{name}` is computed on the training set, which the model has already "
                                       "seen."), N_("Use the test set."), fields={"name": name}))
    if whole is not None:
        rows.append(Known(whole, N_("`{name}` is computed on the whole table, not only on {of}."),
                          N_("Keep only the rows of {of} first."), fields={"name": name, "of": _(of)}))
    for column, wrong in (columns or {}).items():
        rows.append(Known(wrong, N_("`{name}` is computed from another column ('{column}')."),
                          N_("Check which column the question is about."), fields={"name": name, "column": column}))
    return rows


def source_of(name: str) -> str | None:
    """The code of the last cell run that stores `name` (from IPython's history), or None outside IPython."""
    from aitrain.feedback.hooks import assigned_names

    shell = ipython_shell()
    history = shell.user_ns.get("In", []) if shell is not None else []
    return next((source for source in reversed(history) if name in assigned_names(source)), None)


def divided_by(name: str) -> str | None:
    """The denominator the participant's cell wrote for `name` (`x = a / b` gives "b"), or None."""
    value = _assignment(name)
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Div):
        return ast.unparse(value.right)
    return None


def _assignment(name: str):
    """The value stored in `name` by the participant's last cell that stores it, as a syntax tree, or None."""
    try:
        tree = ast.parse(source_of(name) or "")
    except SyntaxError:
        return None
    return next((node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                 and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)), None)


def call_arguments(name: str, function: str) -> list[str] | None:
    """The code of the first two arguments of the first call to `function` in the cell that stores `name`:
    positional, or `y_true=` and `y_pred=` (scikit-learn's and fairlearn's names)."""
    from aitrain.feedback.hooks import assigned_names

    try:
        tree = ast.parse(source_of(name) or "")
    except SyntaxError:
        return None
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and (getattr(node.func, "id", None) == function or getattr(node.func, "attr", None) == function)]
    if not calls or name not in assigned_names(ast.unparse(tree)):
        return None
    words = {k.arg: ast.unparse(k.value) for k in calls[0].keywords}
    if "y_true" in words and "y_pred" in words:
        return [words["y_true"], words["y_pred"]]
    return [ast.unparse(a) for a in calls[0].args]


def answers_of(variables) -> tuple[str, ...]:
    """The exercise's variables that the participant's exercise cell stores (the cell that stores the first one),
    as opposed to the notebook's parameters and earlier results; the first alone outside IPython."""
    from aitrain.feedback.hooks import assigned_names

    source = source_of(variables[0]) if variables else None
    stored = set(assigned_names(source)) if source else {variables[0]} if variables else set()
    return tuple(v for v in variables if v in stored)


def _numbers(value) -> bool:
    if isinstance(value, bool | np.bool_):
        return False
    if isinstance(value, int | float | np.integer | np.floating):
        return True
    return isinstance(value, np.ndarray | pd.Series) and value.dtype.kind in "iuf"


SCALINGS = (
    (lambda v: v / 100, N_("`{name}` is 100 times too large, as if written in percent (multiplied by 100)."),
     N_("Do not multiply by 100: give the value as the question asks for it.")),
    (lambda v: v * 100, N_("`{name}` is 100 times too small, as if divided by 100."), N_("Do not divide by 100.")),
    (lambda v: -v, N_("`{name}` has the wrong sign: a subtraction is the other way round."),
     N_("Swap the two sides of the subtraction.")),
    (lambda v: 1 / v, N_("`{name}` is upside down: a division is the other way round."),
     N_("Swap the top and the bottom of the division.")),
)


def rescaled(check: Callable, variables, values: list) -> Mistake | None:
    """The Mistake of an answer that is right once divided or multiplied by 100, negated or turned upside down:
    the check is tried again with each numeric answer so changed, so that these mistakes are named in every
    exercise, whatever its check."""
    answers = answers_of(variables)
    for index, (name, value) in enumerate(zip(variables, values, strict=True)):
        if name not in answers or not _numbers(value):
            continue
        for change, what, hint in SCALINGS:
            trial = list(values)
            try:
                with np.errstate(all="ignore"):
                    trial[index] = change(value)
                check(*trial)
            except Exception:  # a Mistake, or a check that cannot read the changed value: not this mistake
                continue
            return Mistake(_(what).format(name=name), _(hint), named=True)
    return None


def columns_used(name: str) -> list[str]:
    """The column names (quoted texts in square brackets) that the cell storing `name` selects, in order."""
    try:
        tree = ast.parse(source_of(name) or "")
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            keys = node.slice.elts if isinstance(node.slice, ast.Tuple | ast.List) else [node.slice]
            found += [k.value for k in keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    return list(dict.fromkeys(found))


def other_column(columns, variables) -> Mistake | None:
    """For an answer that failed its check: the Mistake of a cell that selects a column the exercise does not use
    (`columns`, declared by the exercise), or None. It names the participant's column only, never the right one."""
    if not columns:
        return None
    for name in answers_of(variables):
        others = [c for c in columns_used(name) if c not in columns]
        if others:
            return Mistake(_("`{name}` is computed from the column {column}, which this exercise does not use.").format(
                name=name, column=", ".join(f"'{c}'" for c in others)),
                _("Check which column the question is about: the exercise's text names it."), named=True)
    return None


def training_set(test: str, variables) -> Mistake | None:
    """For an answer that failed its check, of an exercise declared as computed on the test set `test` (a name):
    the Mistake of a cell that reads the training set (the same name with "train" for "test"), or None."""
    train = test.replace("test", "train") if test else ""
    if not train or train == test:
        return None
    for name in answers_of(variables):
        try:
            tree = ast.parse(source_of(name) or "")
        except SyntaxError:
            continue
        if any(isinstance(n, ast.Name) and n.id == train and isinstance(n.ctx, ast.Load) for n in ast.walk(tree)):
            return Mistake(_("`{name}` is computed partly on the training set (`{train}`): the question is about the "
                             "test set.").format(name=name, train=train),
                           _("Take every column of this cell from `{test}`, as the model's predictions are.").format(
                               test=test), named=True)
    return None


def whole_table(value, whole, name: str, of: str) -> Mistake | None:
    """The Mistake of a table that is the whole table `whole`, every row kept, where the rows of `of` were asked
    for; or None."""
    if isinstance(value, pd.DataFrame) and len(value) == len(whole) and value.index.equals(whole.index):
        return Mistake(_("`{name}` is the whole table: no row has been filtered out.").format(name=name),
                       _("Keep only the rows of {of}: a condition in square brackets after the table.").format(
                           of=_(of)), named=True)
    return None
