"""Python errors explained in plain words for someone who has never coded.

`explain(error, tb, namespace, waiting)` turns an exception raised in a notebook cell into a short
explanation: what went wrong and what to try. It covers the mistakes beginners make most in this course (a
misspelt column or name, a cell not run, `=` for `==`, an average of a table with text columns, a quantile
given as a percentage, a score without `average=`, ...) and falls back to a plain reading of the error's last
line. aitrain.feedback.hooks shows it above the full traceback, which stays available (folded) and is never
hidden from the grader.
"""

import ast
import difflib
import json
import os
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from aitrain.i18n import N_, _

RUN_ABOVE = N_("run the cells above this one from the top (menu **Run → Run All Above Selected Cell**), "
               "then this cell again")


@dataclass
class Explanation:
    what: str  # what went wrong, in plain words
    tip: str  # what to try


def _close(word: str, options) -> str | None:
    """The option most like `word`: the same but for capital letters, else a near spelling."""
    options = [str(o) for o in options]
    for option in options:
        if option.lower() == word.lower():
            return option
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.75)
    return found[0] if found else None


def _tables_in(tb) -> list:
    """The pandas tables and columns the failing library code was working on, innermost last."""
    found = []
    for frame, _lineno in traceback.walk_tb(tb):
        for key in ("self", "obj"):
            value = frame.f_locals.get(key)
            if type(value).__name__.endswith("GroupBy"):  # vars(): a half-built GroupBy recurses on getattr
                value = vars(value).get("obj", value)
            if isinstance(value, pd.DataFrame | pd.Series) and not any(value is f for f in found):
                found.append(value)
    return found


def _list(names, limit: int = 12) -> str:
    names = [repr(n) for n in names]
    return ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")


def _column_stores(source: str) -> set[tuple[str, str]]:
    """The columns a cell's code adds to a table: `table["psi"] = ...` gives ("table", "psi")."""
    try:
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
    except SyntaxError:
        return set()
    found = set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) \
            else []
        for target in targets:
            base = target.value.value if isinstance(target, ast.Subscript) \
                and isinstance(target.value, ast.Attribute) else getattr(target, "value", None)  # table.loc[...]
            if isinstance(target, ast.Subscript) and isinstance(base, ast.Name):
                found |= {(base.id, n.value) for n in ast.walk(target.slice) if isinstance(n, ast.Constant)
                          and isinstance(n.value, str)}
    return found


def _several_keys(key, frame) -> Explanation | None:
    """Several column names in single brackets (a tuple), or pandas' "None of [...] are in the [columns]"."""
    if isinstance(key, tuple) and key and all(isinstance(k, str) for k in key):
        names = ", ".join(repr(k) for k in key)
        return Explanation(_("You gave several column names inside single square brackets ({names}); pandas reads "
                             "them as one name.").format(names=names),
                           _("To select several columns, put their names in a list, inside double square brackets: "
                             "`table[[{names}]]`.").format(names=names))
    if isinstance(key, str) and ("None of [" in key or "not in index" in key):
        asked = re.findall(r"'([^']*)'", key.split("] are in")[0])
        columns = list(frame.columns) if frame is not None else []
        missing = [k for k in asked if k not in columns] or asked
        tips = [_("Did you mean `'{near}'`?").format(near=near) for k in missing if (near := _close(k, columns))]
        what = _("The table has no column called {names}.").format(names=_list(missing))
        if columns:
            what += " " + _("Its columns are: {columns}.").format(columns=_list(columns))
        return Explanation(what, " ".join(tips + [_("Copy each column name exactly as it is written: capital and "
                                                    "small letters count, and so do spaces.")]))
    return None


def _written_here(key: str, namespace: dict) -> Explanation | None:
    """A missing column that the running cell itself adds under a name spelt otherwise (`'Priority'`)."""
    history = _history(namespace)
    stored = {column for _table, column in _column_stores(history[-1])} if history else set()
    near = _close(key, stored - {key})
    if near:
        return Explanation(_("This cell adds the column as `{near!r}`, then asks for `{key!r}`: the two names are "
                             "spelt differently (capital and small letters count).").format(near=near, key=key),
                           _("Write the column's name the same way each time."))
    return None


def _made_by_a_cell(key: str, frame, namespace: dict) -> Explanation | None:
    """A missing column that a cell of the notebook adds to this very table: that cell stopped, or has not run."""
    def adds(source: str) -> bool:
        return any(column == key and namespace.get(table) is frame for table, column in _column_stores(source))

    if any(adds(source) for source in _history(namespace)[:-1]):
        return Explanation(_("The table has no column `{key!r}` yet: a cell above adds it, but stopped before it "
                             "could (for example, it waits for an exercise to be finished).").format(key=key),
                           _("Scroll up to that cell and read its message; once it runs to the end, run this cell "
                             "again. Your own code here may well be right."))
    if any(adds(source) for source in _notebook_cells(namespace)):
        return Explanation(_("The table has no column `{key!r}` yet: a cell of this notebook adds it, and it has "
                             "not run yet.").format(key=key), _(RUN_ABOVE))
    return None


def _key_error(error: KeyError, tb, namespace: dict) -> Explanation:
    key = error.args[0] if error.args else None
    if isinstance(key, str):  # pandas' groupby says "Column not found: X" or "Columns not found: 'X'"
        key = re.sub(r"^Columns? not found: ", "", key).strip("'\"")
    tables = _tables_in(tb)
    frame = next((t for t in tables if isinstance(t, pd.DataFrame)), None)
    several = _several_keys(key, frame)
    if several:
        return several
    if frame is not None and isinstance(key, str):
        written = _written_here(key, namespace) if key not in frame.columns else None
        if written:
            return written
        made = _made_by_a_cell(key, frame, namespace) if key not in frame.columns else None
        if made:
            return made
        near = _close(key, frame.columns)
        tip = _("Copy the column name exactly as it is written: capital and small letters count, and so do spaces.")
        if near:
            tip = _("Did you mean `'{near}'`?").format(near=near) + " " + tip
        return Explanation(_("The table has no column called `{key!r}`. Its columns are: {columns}.").format(
            key=key, columns=_list(frame.columns)), tip)
    series = next((t for t in tables if isinstance(t, pd.Series)), None)
    if series is not None:
        labels = list(series.index[:8])
        tip = _("Check that you chose the right label and the right column.")
        near = _close(key, series.index) if isinstance(key, str) else None
        if isinstance(key, str) and key.strip().lstrip("-").isdigit() and any(isinstance(v, int) for v in labels):
            tip = _("The labels are numbers: write {key} without quotes.").format(key=key) + " " + tip
        elif near:
            tip = _("Did you mean `'{near}'`? Capital and small letters count.").format(near=near) + " " + tip
        return Explanation(_("There is no value labelled `{key!r}` in this column (a pandas Series). "
                             "Its labels look like: {labels}.").format(key=key, labels=_list(labels, 8)), tip)
    if isinstance(key, str):
        return Explanation(_("There is no entry called `{key!r}` here.").format(key=key),
                           _("Check the spelling, with the same capital and small letters."))
    return Explanation(_("There is no entry `{key!r}` here.").format(key=key), _("Check the label you asked for."))


def _column_owner(name: str, namespace: dict) -> str | None:
    """The table in the notebook that has a column called `name`, else the data set this kernel has loaded that
    has one (aitrain.datasets keeps each file it parsed), if any."""
    for var, value in namespace.items():
        if not var.startswith("_") and isinstance(value, pd.DataFrame) and name in value.columns:
            return var
    registry = sys.modules.get("aitrain.datasets.registry")  # only if the notebook loaded a data set
    for key, data in list(getattr(registry, "_PARSED", {}).items()):
        if isinstance(data, pd.DataFrame) and name in data.columns:
            return Path(key[0]).stem
    return None


def _stores(source: str) -> tuple[set[str], set[str]]:
    """(names a cell's code creates, names it deletes with `del`); nothing when it does not parse."""
    try:
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
    except SyntaxError:
        return set(), set()
    created, deleted = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            created.add(node.id)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Del):
            deleted.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            created.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            created |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return created, deleted


def _notebook_cells(namespace: dict) -> list[str]:
    """The code cells of the notebook the kernel runs, as last saved, where the kernel knows its file."""
    for candidate in (namespace.get("__session__"), namespace.get("__vsc_ipynb_file__"),
                      os.environ.get("JPY_SESSION_NAME")):
        if not (isinstance(candidate, str) and candidate.endswith(".ipynb")):
            continue
        path = Path(candidate) if Path(candidate).is_file() else Path(Path(candidate).name)  # the kernel's folder
        if path.is_file():
            try:
                cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            except (OSError, ValueError, KeyError):
                return []
            return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                    for c in cells if c.get("cell_type") == "code"]
    return []


def _history(namespace: dict) -> list[str]:
    """The cells the kernel has run, oldest first, the running one last (IPython's `In`), where it keeps them."""
    history = namespace.get("In")
    return [c for c in history if isinstance(c, str)] if isinstance(history, list) else []


def _plausible(name: str, near: str, names) -> bool:
    """Whether a near name is worth suggesting: not another variable on the same stem (`X_test` for `X_train`,
    `recall_z` for `recall_05`), nor one of several variants of the name typed (`flagged_05` for `flagged` when
    there are others): those are different things, not a typo. A longer name typed for a short one
    (`households_total` for `households`) or the one variant of it (`predicted_test` for `predicted`) is."""
    a, b = name.lower(), near.lower()
    if a.startswith(b + "_"):
        return True
    if b.startswith(a + "_"):
        return sum(n.lower().startswith(a + "_") for n in names) == 1
    stem_a, _, tail_a = a.rpartition("_")
    stem_b, _, tail_b = b.rpartition("_")
    return not (stem_a and stem_a == stem_b and difflib.SequenceMatcher(None, tail_a, tail_b).ratio() < 0.6)


def _name_error(error: NameError, namespace: dict, waiting: dict) -> Explanation:
    name = getattr(error, "name", None) or (re.findall(r"'(\w+)'", str(error)) or ["?"])[0]
    if name in ("true", "false", "none", "TRUE", "FALSE", "null"):
        return Explanation(_("Python does not know `{name}`.").format(name=name),
                           _("`True`, `False` and `None` start with a capital letter in Python."))
    if name in waiting:
        return Explanation(_("`{name}` is made by a cell above that stopped before creating it ({reason}).").format(
                               name=name, reason=waiting[name]),
                           _("Fix that cell first (read its message), run it, then this one."))
    history = _history(namespace)
    current, ran = (history[-1], history[:-1]) if history else ("", [])
    for source in reversed(ran):  # the last cell run that created or deleted the name says which it was
        created, deleted = _stores(source)
        if name in deleted:
            return Explanation(_("`{name}` existed, but a cell you ran deleted it with `del {name}`.").format(
                                   name=name),
                               _("Run the cell that creates `{name}` again (or remove the `del` line and run "
                                 "the cells from the top), then this cell.").format(name=name))
        if name in created:
            break
    if name in _stores(current)[0]:
        return Explanation(_("`{name}` is created further down in this same cell: Python runs a cell's lines from "
                             "top to bottom, so it does not exist yet on this line.").format(name=name),
                           _("Move the line that creates `{name}` above the line that uses it.").format(name=name))
    owner = _column_owner(name, namespace)
    if owner:
        return Explanation(_("`{name}` is the name of a column of `{table}`, not a variable.").format(
                               name=name, table=owner),
                           _("Write a column name in quotes: `'{name}'`.").format(name=name))
    cells = _notebook_cells(namespace)
    if cells:
        here = next((i for i, c in enumerate(cells) if c.strip() and c.strip() == current.strip()), None)
        later = [i for i, c in enumerate(cells) if name in _stores(c)[0]]
        if later and here is not None and all(i > here for i in later):
            return Explanation(_("`{name}` is created by a cell further down the notebook, which has not run "
                                 "yet.").format(name=name),
                               _("Cells run in the order you run them: use `{name}` only in a cell below the one "
                                 "that creates it, or run that cell first.").format(name=name))
        if later:
            return Explanation(_("`{name}` is created by a cell of this notebook that has not been run since the "
                                 "notebook was opened.").format(name=name), _(RUN_ABOVE))
    created = set().union(*(_stores(c)[0] for c in [*ran, current, *cells])) if ran or cells else \
        {n for n in namespace if not n.startswith("_")}
    existing = sorted(n for n in created if n in namespace and not n.startswith("_"))
    near = _close(name, existing)
    if near and _plausible(name, near, existing):
        return Explanation(_("Python does not know the name `{name}`. Did you mean `{near}`?").format(
                               name=name, near=near),
                           _("Names must be spelled exactly, with the same capital and small letters."))
    if cells:
        return Explanation(_("No cell of this notebook creates a variable called `{name}`.").format(name=name),
                           _("If you meant a word (a text, such as a column's name), put it in quotes: `'{name}'`. "
                             "If it is a name the exercise asks you to create, write `{name} = ...` first.").format(
                               name=name))
    if ran:
        return Explanation(_("None of the cells you have run so far created a variable called `{name}`.").format(
                               name=name),
                           _("If you meant a word (a text, such as a column's name), put it in quotes: `'{name}'`. "
                             "If a cell above creates it, {run_above}.").format(name=name, run_above=_(RUN_ABOVE)))
    return Explanation(_("Python does not know the name `{name}`: either it is misspelt, or the cell that creates "
                         "it has not been run yet.").format(name=name),
                       _("If you meant a word (a text, not a variable), put it in quotes: `'{name}'`. Otherwise "
                         "check the spelling; if it is right, {run_above}.").format(name=name, run_above=_(RUN_ABOVE)))


def _attribute_error(error: AttributeError, namespace: dict) -> Explanation:
    obj = getattr(error, "obj", None)
    name = getattr(error, "name", None)
    kind = type(obj).__name__ if obj is not None else "object"
    if isinstance(obj, pd.DataFrame) and name:
        near = _close(name, obj.columns)
        if near:
            return Explanation(_("The table has no column or method called `{name}`; it has a column "
                                 "`'{near}'`.").format(name=name, near=near),
                               _("Select a column with square brackets and its exact name in quotes."))
    if obj is not None and name:
        near = _close(name, [a for a in dir(obj) if not a.startswith("_")])
        if near:
            return Explanation(_("A {kind} has no method or attribute called `.{name}`. Did you mean "
                                 "`.{near}`?").format(kind=kind, name=name, near=near),
                               _("Check the spelling after the dot."))
        if obj is Ellipsis:
            return Explanation(_("You used `...` (the placeholder) as if it were your answer."),
                               _("Replace the three dots with your code."))
        return Explanation(_("A {kind} has no method or attribute called `.{name}`.").format(kind=kind, name=name),
                           _("Check what the variable holds (run it alone in a cell) and the name after the dot."))
    return Explanation(_("Python could not find an attribute: `{message}`.").format(message=error),
                       _("Check the spelling after the dot."))


def _type_error(error: TypeError, tb) -> Explanation | None:
    text = str(error)
    if re.search(r"does not support operation|Cannot perform reduction|Could not convert|agg function failed|"
                 r"can only concatenate str", text):
        tables = [t for t in _tables_in(tb) if isinstance(t, pd.DataFrame)]
        text_columns = []
        if tables:
            text_columns = [c for c in tables[-1].columns if not pd.api.types.is_numeric_dtype(tables[-1][c])]
        if text_columns:
            what = _("You asked for a calculation, such as an average, on a table that also holds text columns "
                     "(here: {columns}): text cannot be averaged.").format(columns=_list(text_columns, 6))
        else:
            what = _("You asked for a calculation, such as an average, on a table that also holds text columns: "
                     "text cannot be averaged.")
        return Explanation(what, _("Select the column of numbers you need first, with its name in square brackets, "
                                   "and then compute."))
    if "unary ~" in text or "ufunc 'invert'" in text:
        return Explanation(_("`~` means \"not\" and works only on True/False values, but here it was put before "
                             "numbers or text."),
                           _("Put `~` before a comparison in round brackets, for example `~(column == value)`, or "
                             "before a column that holds True/False."))
    if "ellipsis" in text:
        return Explanation(_("You used `...` (the placeholder) in a calculation."),
                           _("Replace the three dots with your code."))
    if re.search(r"unsupported operand type\(s\) for .*'method'", text):
        return Explanation(_("A method is used without its round brackets: without `()`, a method such as `.mean` is "
                             "the method itself, not the number it computes, and Python cannot calculate with it."),
                           _("Add `()` after each method's name on the line (for example `.sum()`), then run the cell "
                             "again."))
    if "unsupported operand" in text and "'str'" in text:
        return Explanation(_("You calculated with text: a value in quotes is text, not a number."),
                           _("Remove the quotes around numbers, and check that the columns you use hold numbers."))
    match = re.search(r"'(\w+)' object is not callable", text)
    if match:
        return Explanation(_("You put brackets `( )` after something that is not a function (a {kind}).").format(
                               kind=match.group(1)),
                           _("Remove the `()`: for example `.shape` and `.columns` are written without brackets."))
    if "unhashable type" in text:
        return Explanation(_("Python needed a label (a name or a number) and got something that cannot be one; a "
                             "method written without its round brackets is a common cause."),
                           _("Check each method on the line: it runs only with `()` after its name."))
    if "not subscriptable" in text:
        return Explanation(_("You used square brackets `[ ]` on something that is not a table, list or column."),
                           _("Check the name before the brackets; a function is called with round brackets `( )`."))
    if "missing" in text and "required positional argument" in text:
        return Explanation(_("A function was called without all its inputs: `{message}`.").format(message=text),
                           _("Check what the exercise says to give it, separated by commas."))
    if "unexpected keyword argument" in text:
        return Explanation(_("A function does not have the option you gave it: `{message}`.").format(message=text),
                           _("Check the spelling of the option's name (before `=`)."))
    return None


def _swapped_quantile(tb) -> bool:
    """Whether NumPy's quantile failed because it got the share first and the values second."""
    for frame, _lineno in traceback.walk_tb(tb):
        if frame.f_code.co_name == "quantile" and {"a", "q"} <= frame.f_locals.keys():
            values, share = frame.f_locals["a"], frame.f_locals["q"]
            return np.ndim(values) == 0 and np.ndim(share) >= 1
    return False


def _sets_mixed(text: str, namespace: dict) -> Explanation | None:
    """For "inconsistent numbers of samples: [a, b]": the training set named, when one size is a training set's
    (a table or array whose name has "train") and the other a test set's (a name with "test")."""
    sizes = {int(n) for n in re.findall(r"\d+", text.split("samples:")[-1])}
    if len(sizes) != 2:
        return None

    def named(part: str) -> dict[int, str]:
        found = {}
        for name, value in sorted(namespace.items(), key=lambda item: len(item[0])):
            if part in name.lower() and not name.startswith("_") and hasattr(value, "shape") \
                    and getattr(value, "ndim", 0) in (1, 2) and len(value) in sizes:
                found.setdefault(len(value), name)
        return found

    train, test = named("train"), named("test")
    pair = next(((train[a], test[b]) for a in sizes for b in sizes if a != b and a in train and b in test), None)
    if pair is None:
        return None
    return Explanation(_("One of the two has as many rows as the training set (`{train}`), the other as many as the "
                         "test set (`{test}`): the training set and the test set are mixed.").format(
                             train=pair[0], test=pair[1]),
                       _("Take both from the test set, as the model's predictions are: they are for its rows."))


def _value_error(error: ValueError, tb=None, namespace: dict | None = None) -> Explanation | None:
    text = str(error)
    if re.search(r"The '(?:estimator|model)' parameter of \w+ must be an object implementing 'fit'", text):
        return Explanation(_("The inputs of the call are in the wrong order: where the model should be, it got "
                             "data."),
                           _("Give the model first, then the data, in the order the notebook's example uses."))
    inner = re.findall(r"^(\w+Error): (.+)$", text, re.M) if "fits failed" in text else []
    if inner:  # scikit-learn's cross-validation wraps each fold's error, traceback and all, in one message
        kind, message = inner[-1]
        wrapped = {"ValueError": ValueError, "TypeError": TypeError}.get(kind)
        found = (_value_error(wrapped(message)) if wrapped is ValueError else
                 _type_error(wrapped(message), None) if wrapped is TypeError else None)
        return found or Explanation(
            _("The model could not be trained on any part of the data: `{message}`.").format(message=message),
            _("Check what you gave it: a table of feature columns (double square brackets) and one target column "
              "with a value for every row."))
    if "continuous format is not supported" in text:
        return Explanation(_("A score got numbers between 0 and 1 where it expects the true labels (True/False): its "
                             "two arguments may be in the wrong order."),
                           _("Give the true labels first, then the scores."))
    if re.search(r"Quantiles must be in the range", text) and _swapped_quantile(tb):
        return Explanation(_("The two arguments of `np.quantile` are swapped: it takes the values first and the "
                             "share second."),
                           _("Give `np.quantile` the array of values first, then the share between 0 and 1."))
    if re.search(r"percentiles should all be in the interval|Quantiles must be in the range|"
                 r"q must be|quantile.*\[0, 1\]", text):
        return Explanation(_("A quantile is asked for with a share between 0 and 1, not a percentage."),
                           _("For 10% write 0.10; for the median, 0.5."))
    if "average='binary'" in text or "Target is multiclass" in text:
        return Explanation(_("This score compares more than two classes, so it needs to know how to average the "
                             "scores of the classes."), _("Give it the `average=` option; the exercise says which."))
    if "truth value of a Series is ambiguous" in text or "truth value of an array" in text:
        return Explanation(_("`and`, `or` and `not` do not work on whole columns."),
                           _("To combine True/False columns use `&` (and), `|` (or), `~` (not), with each "
                             "condition in round brackets."))
    if re.search(r"mix of (binary|multiclass|multilabel-indicator) and continuous", text) \
            or "mix of continuous and" in text:
        return Explanation(_("A score compared the true labels with numbers that are not labels (probabilities or "
                             "scores between 0 and 1)."),
                           _("Give it predicted labels (True/False, or 0 and 1): compare the scores with a "
                             "threshold first. Only scores such as the AUC take the probabilities themselves."))
    if "Expected 2D array, got 1D array" in text or "Expected a 2-dimensional container" in text:
        return Explanation(_("The model needs a table of features (rows and columns), but it got a single column."),
                           _("Select the feature columns with double square brackets, `table[['column']]`, even "
                             "for one column: single brackets give one column (a Series), double ones a table."))
    if "inconsistent numbers of samples" in text:
        return _sets_mixed(text, namespace or {}) or Explanation(
            _("The two things you compared do not have the same number of rows: `{message}`.").format(message=text),
            _("Use the same part of the data for both (for example both from the test set)."))
    if re.search(r"Input\b.* contains infinity", text):
        return Explanation(_("Some of the values are infinite: the logarithm of zero (`np.log(0)`) or a division by "
                             "zero gives infinity, and a score or a model cannot use it."),
                           _("Check the column you took the logarithm of, or divided by: it must hold values above "
                             "zero. The question names the column to use."))
    if re.search(r"Input\b.* contains NaN", text):
        return Explanation(_("Some of the values are missing (NaN, \"not a number\"): an empty cell, the logarithm "
                             "of a negative number, or a row the data did not have."),
                           _("Check the columns you used (the question names them) and any logarithm taken in "
                             "the cell."))
    if "could not convert string to float" in text:
        return Explanation(_("Python needed a number and found text."),
                           _("Check that the column you use holds numbers."))
    return None


CLOSING = {"(": ")", "[": "]", "{": "}"}


def _unclosed(source: str) -> tuple[str, int] | None:
    """The bracket or quote a cell's code leaves open at its end (the innermost), with its line number."""
    opened: list[tuple[str, int]] = []
    quote, line, i = None, 1, 0
    while i < len(source):
        char = source[i]
        if quote:
            if char == "\\":
                i += 1
            elif source.startswith(quote[0], i):
                i += len(quote[0]) - 1
                quote = None
        elif char == "#":
            while i < len(source) and source[i] != "\n":
                i += 1
            continue
        elif char in "'\"":
            mark = char * 3 if source.startswith(char * 3, i) else char
            quote = (mark, line)
            i += len(mark) - 1
        elif char in CLOSING:
            opened.append((char, line))
        elif char in CLOSING.values() and opened and CLOSING[opened[-1][0]] == char:
            opened.pop()
        if char == "\n":
            line += 1
            if quote and len(quote[0]) == 1:  # a one-line text ends with its line
                return quote
        i += 1
    return quote or (opened[-1] if opened else None)


def _open_bracket(opening: str, where: str) -> Explanation:
    return Explanation(_("The `{opening}` opened on {where} is never closed: Python reached the end of the code "
                         "still waiting for its `{closing}`.").format(opening=opening, where=where,
                                                                      closing=CLOSING[opening]),
                       _("Add the missing `{closing}` where what is inside the brackets ends; every bracket opened "
                         "must be closed.").format(closing=CLOSING[opening]))


def _syntax_error(error: SyntaxError, source: str = "") -> Explanation:
    """`source`: the cell's whole code, where known (a bracket left open is looked for in it)."""
    text = error.msg or ""
    if (error.text or "").strip() not in source:  # not the cell that failed after all
        source = ""
    # `where` is "line 3" or "this cell", used in the sentences below
    where = _("line {number}").format(number=error.lineno) if error.lineno else _("this cell")
    if "'=='" in text or ("cannot assign" in text and "==" in text):
        return Explanation(_("Python cannot read {where}: there is a `=` where a comparison is needed.").format(
                               where=where),
                           _("One `=` stores a value under a name; two, `==`, ask \"is equal to?\"."))
    if "unterminated string" in text or "EOL while scanning" in text or "unterminated triple" in text:
        return Explanation(_("A text on {where} has no closing quote.").format(where=where),
                           _("Text starts and ends with the same quote: `'year'` or `\"year\"`."))
    never = re.match(r"'([(\[{])' was never closed", text)
    if never:
        return _open_bracket(never.group(1), where)
    unmatched = re.match(r"unmatched '([)\]}])'", text)
    if unmatched:
        return Explanation(_("There is a `{closing}` on {where} with no opening bracket before it.").format(
                               closing=unmatched.group(1), where=where),
                           _("Remove the extra `{closing}`, or add the opening bracket where it belongs.").format(
                               closing=unmatched.group(1)))
    mismatch = re.match(r"closing parenthesis '(.)' does not match opening parenthesis '(.)'", text)
    if mismatch:
        closing, opening = mismatch.groups()
        return Explanation(_("On {where}, a `{opening}` is closed with `{closing}`: a bracket must be closed by its "
                             "own kind.").format(where=where, opening=opening, closing=closing),
                           _("Close `(` with `)`, `[` with `]` and `{{` with `}}`, the last one opened "
                             "first.").format())
    if "was never closed" in text or "unmatched" in text or "does not match" in text:
        return Explanation(_("The brackets on {where} do not match.").format(where=where),
                           _("Every `(` needs a `)`, every `[` a `]`; count them."))
    if (text == "incomplete input" or "unexpected EOF" in text) and (error.text or "").rstrip().endswith(":"):
        return Explanation(_("The cell ends with a line ending in `:` ({where}), which needs at least one indented "
                             "line below it.").format(where=where),
                           _("Write the lines that belong to it below, indented by four spaces, or remove the "
                             "`:` line."))
    if text == "incomplete input" or "unexpected EOF" in text:
        found = _unclosed(source or error.text or "")
        if found and found[0] in CLOSING:
            line = found[1] + (error.lineno or 1) - 1 if not source else found[1]
            return _open_bracket(found[0], _("line {number}").format(number=line))
        if found:
            return Explanation(_("A text opened with `{quote}` is never closed: Python reached the end of the cell "
                                 "still inside it.").format(quote=found[0]),
                               _("Close the text with the same quotes it starts with."))
        return Explanation(_("Python reached the end of the cell while something was still open: a bracket `(`, "
                             "`[` or `{`, or a quote, has no closing partner."),
                           _("Count the brackets and quotes of the cell: each one opened must be closed."))
    if text == "expected ':'":
        return Explanation(_("Python cannot read {where}: a line starting with `if`, `for`, `while` or `def` must "
                             "end with a colon `:`.").format(where=where),
                           _("Add `:` at the end of that line, and indent the lines that belong to it."))
    if isinstance(error, IndentationError):
        return Explanation(_("The spaces at the start of {where} are not right (`{message}`).").format(
                               where=where, message=text),
                           _("Lines in a cell start at the left edge unless they follow a line ending in `:`."))
    if "invalid character" in text:
        return Explanation(_("{where} holds a character Python does not accept (`{message}`).").format(
                               where=where.capitalize(), message=text),
                           _("Retype quotes and minus signs by hand: copied text often brings curly quotes or "
                             "long dashes."))
    if "Perhaps you forgot a comma" in text:
        return Explanation(_("Python cannot read {where}: a comma seems to be missing.").format(where=where),
                           _("Separate the items in brackets with commas."))
    if "line continuation character" in text:
        return Explanation(_("Python cannot read {where}: there is a backslash `\\` outside quotes.").format(
                               where=where),
                           _("A backslash belongs inside a text in quotes; write a regular expression as a raw "
                             "string, for example `r\"\\d+\"`."))
    near = (error.text or "").strip()
    if near and error.offset and 0 < error.offset <= len(error.text or ""):
        near = (error.text or "")[error.offset - 1:].strip()[:20] or near
    if text == "invalid syntax":  # Python's words add nothing: say where
        return Explanation(_("Python cannot read {where}: the code is not written the way Python expects, near "
                             "`{near}`.").format(where=where, near=near or "?"),
                           _("Check brackets, quotes, commas and the `=` signs on that line; a word meant as text "
                             "needs quotes; two names side by side need a comma or an operator between them."))
    return Explanation(_("Python cannot read {where}: the code is not written the way Python expects, near "
                         "`{near}` (Python says `{message}`).").format(where=where, near=near or "?", message=text),
                       _("Check brackets, quotes, commas and the `=` signs on that line; a word meant as text needs "
                         "quotes."))


def explain(error: BaseException, tb=None, namespace: dict | None = None,
            waiting: dict | None = None) -> Explanation:
    """A plain explanation of `error` (raised with traceback `tb` in a cell that sees `namespace`).

    `waiting` maps names to why the cell that should have made them stopped (for NameError).
    """
    namespace = namespace or {}
    found = None
    try:
        if isinstance(getattr(error, "what", None), str) and isinstance(getattr(error, "todo", None), str):
            found = Explanation(error.what, error.todo)  # the course's own errors say what to do (AitrainError)
        elif any(c.__name__ == "NotFittedError" for c in type(error).__mro__):
            match = re.search(r"This (\w+) instance", str(error))
            found = Explanation(_("The model{kind} has not learnt from data yet: it must be trained with `.fit(...)` "
                                  "before it can predict.").format(kind=f" `{match.group(1)}`" if match else ""),
                                _("Run the cell that calls `.fit(...)` on this same model first, or call it here; "
                                  "a model made again with `(...)` starts untrained."))
        elif isinstance(error, SyntaxError):
            history = _history(namespace)
            found = _syntax_error(error, history[-1] if history else "")
        elif isinstance(error, KeyError):
            found = _key_error(error, tb, namespace)
        elif isinstance(error, NameError):
            found = _name_error(error, namespace, waiting or {})
        elif isinstance(error, AttributeError):
            found = _attribute_error(error, namespace)
        elif isinstance(error, TypeError):  # scikit-learn's parameter errors are TypeError and ValueError both
            found = _type_error(error, tb) or \
                (_value_error(error, tb, namespace) if isinstance(error, ValueError) else None)
        elif isinstance(error, ValueError):
            found = _value_error(error, tb, namespace)
        elif "Unalignable boolean Series" in str(error):  # pandas' IndexingError
            found = Explanation(_("The True/False column in the square brackets is not about the same rows as what "
                                  "it selects from: for example a condition on the test rows used to select training "
                                  "rows."),
                                _("Select from the same part of the data the condition was computed on."))
        elif isinstance(error, ZeroDivisionError):
            found = Explanation(_("You divided by zero."),
                                _("Check the number you divide by: is it a count that is 0?"))
        elif isinstance(error, ModuleNotFoundError | ImportError):
            found = Explanation(_("A library could not be loaded: `{message}`.").format(message=error),
                                _("Check the spelling of the import; if it is right, ask your trainer to run "
                                  "`aitrain doctor`."))
    except Exception:  # an odd object in the way: the plain reading below still helps
        found = None
    if found is None:
        last = str(error).strip().splitlines()[0] if str(error).strip() else ""
        if last:
            what = _("Python stopped with an error ({error_type}): `{message}`").format(
                error_type=type(error).__name__, message=last)
        else:
            what = _("Python stopped with an error ({error_type}).").format(error_type=type(error).__name__)
        found = Explanation(what, _("Read the line of your cell shown below; check names, brackets and the values "
                                    "you used. The technical details are folded below."))
    return found
