"""Python errors explained in plain words for someone who has never coded.

`explain(error, namespace, cell_line)` turns an exception raised in a notebook cell into a short explanation:
what went wrong and what to try. It covers the mistakes beginners make most in this course (a misspelt column
or name, a cell not run, `=` for `==`, an average of a table with text columns, a quantile given as a
percentage, a score without `average=`, ...) and falls back to a plain reading of the error's last line.
aitrain.feedback shows it above the full traceback, which stays available (folded) and is never hidden from
the grader.
"""

import difflib
import re
import traceback
from dataclasses import dataclass

import pandas as pd

RUN_ABOVE = ("run the cells above this one from the top (menu **Run → Run All Above Selected Cell**), "
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
    for frame, _ in traceback.walk_tb(tb):
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


def _key_error(error: KeyError, tb, namespace: dict) -> Explanation:
    key = error.args[0] if error.args else None
    if isinstance(key, str):  # pandas' groupby says "Column not found: X" or "Columns not found: 'X'"
        key = re.sub(r"^Columns? not found: ", "", key).strip("'\"")
    tables = _tables_in(tb)
    frame = next((t for t in tables if isinstance(t, pd.DataFrame)), None)
    if frame is not None and isinstance(key, str):
        near = _close(key, frame.columns)
        tip = (f"Did you mean `'{near}'`? " if near else "") + \
            "Copy the column name exactly as it is written: capital and small letters count, and so do spaces."
        return Explanation(f"The table has no column called `{key!r}`. Its columns are: {_list(frame.columns)}.", tip)
    series = next((t for t in tables if isinstance(t, pd.Series)), None)
    if series is not None:
        labels = list(series.index[:8])
        hint = ""
        near = _close(key, series.index) if isinstance(key, str) else None
        if isinstance(key, str) and key.strip().lstrip("-").isdigit() and any(isinstance(v, int) for v in labels):
            hint = f"The labels are numbers: write {key} without quotes. "
        elif near:
            hint = f"Did you mean `'{near}'`? Capital and small letters count. "
        return Explanation(f"There is no value labelled `{key!r}` in this column (a pandas Series). "
                           f"Its labels look like: {_list(labels, 8)}.",
                           hint + "Check that you chose the right label and the right column.")
    if isinstance(key, str):
        return Explanation(f"There is no entry called `{key!r}` here.",
                           "Check the spelling, with the same capital and small letters.")
    return Explanation(f"There is no entry `{key!r}` here.", "Check the label you asked for.")


def _column_owner(name: str, namespace: dict) -> str | None:
    """The table in the notebook that has a column called `name`, if any."""
    for var, value in namespace.items():
        if not var.startswith("_") and isinstance(value, pd.DataFrame) and name in value.columns:
            return var
    return None


def _name_error(error: NameError, namespace: dict, waiting: dict) -> Explanation:
    name = getattr(error, "name", None) or (re.findall(r"'(\w+)'", str(error)) or ["?"])[0]
    if name in ("true", "false", "none", "TRUE", "FALSE", "null"):
        return Explanation(f"Python does not know `{name}`.",
                           "`True`, `False` and `None` start with a capital letter in Python.")
    if name in waiting:
        return Explanation(f"`{name}` is made by a cell above that stopped before creating it "
                           f"({waiting[name]}).", "Fix that cell first (read its message), run it, then this one.")
    owner = _column_owner(name, namespace)
    if owner:
        return Explanation(f"`{name}` is the name of a column of `{owner}`, not a variable.",
                           f"Write a column name in quotes: `'{name}'`.")
    near = _close(name, [n for n in namespace if not n.startswith("_")])
    if near:
        return Explanation(f"Python does not know the name `{name}`. Did you mean `{near}`?",
                           "Names must be spelled exactly, with the same capital and small letters.")
    return Explanation(f"Python does not know the name `{name}`: either it is misspelt, or the cell that creates "
                       "it has not been run yet.",
                       f"If you meant a word (a text, not a variable), put it in quotes: `'{name}'`. Otherwise check "
                       "the spelling; if it is right, " + RUN_ABOVE + ".")


def _attribute_error(error: AttributeError, namespace: dict) -> Explanation:
    obj = getattr(error, "obj", None)
    name = getattr(error, "name", None)
    kind = type(obj).__name__ if obj is not None else "object"
    if isinstance(obj, pd.DataFrame) and name:
        near = _close(name, obj.columns)
        if near:
            return Explanation(f"The table has no column or method called `{name}`; it has a column `'{near}'`.",
                               "Select a column with square brackets and its exact name in quotes.")
    if obj is not None and name:
        near = _close(name, [a for a in dir(obj) if not a.startswith("_")])
        if near:
            return Explanation(f"A {kind} has no method or attribute called `.{name}`. Did you mean `.{near}`?",
                               "Check the spelling after the dot.")
        if obj is Ellipsis:
            return Explanation("You used `...` (the placeholder) as if it were your answer.",
                               "Replace the three dots with your code.")
        return Explanation(f"A {kind} has no method or attribute called `.{name}`.",
                           "Check what the variable holds (run it alone in a cell) and the name after the dot.")
    return Explanation(f"Python could not find an attribute: {error}.", "Check the spelling after the dot.")


def _type_error(error: TypeError, tb) -> Explanation | None:
    text = str(error)
    if re.search(r"does not support operation|Cannot perform reduction|Could not convert|agg function failed|"
                 r"can only concatenate str", text):
        tables = [t for t in _tables_in(tb) if isinstance(t, pd.DataFrame)]
        words = ""
        if tables:
            text_columns = [c for c in tables[-1].columns if not pd.api.types.is_numeric_dtype(tables[-1][c])]
            if text_columns:
                words = f" (here: {_list(text_columns, 6)})"
        return Explanation("You asked for a calculation, such as an average, on a table that also holds text "
                           f"columns{words}: text cannot be averaged.",
                           "Select the column of numbers you need first, with its name in square brackets, and "
                           "then compute.")
    if "ellipsis" in text:
        return Explanation("You used `...` (the placeholder) in a calculation.",
                           "Replace the three dots with your code.")
    if "unsupported operand" in text and "'str'" in text:
        return Explanation("You calculated with text: a value in quotes is text, not a number.",
                           "Remove the quotes around numbers, and check that the columns you use hold numbers.")
    match = re.search(r"'(\w+)' object is not callable", text)
    if match:
        return Explanation(f"You put brackets `( )` after something that is not a function (a {match.group(1)}).",
                           "Remove the `()`: for example `.shape` and `.columns` are written without brackets.")
    if "not subscriptable" in text:
        return Explanation("You used square brackets `[ ]` on something that is not a table, list or column.",
                           "Check the name before the brackets; a function is called with round brackets `( )`.")
    if "missing" in text and "required positional argument" in text:
        return Explanation(f"A function was called without all its inputs: {text}.",
                           "Check what the exercise says to give it, separated by commas.")
    if "unexpected keyword argument" in text:
        return Explanation(f"A function does not have the option you gave it: {text}.",
                           "Check the spelling of the option's name (before `=`).")
    return None


def _value_error(error: ValueError) -> Explanation | None:
    text = str(error)
    if re.search(r"percentiles should all be in the interval|Quantiles must be in the range|"
                 r"q must be|quantile.*\[0, 1\]", text):
        return Explanation("A quantile is asked for with a share between 0 and 1, not a percentage.",
                           "For 10% write 0.10; for the median, 0.5.")
    if "average='binary'" in text or "Target is multiclass" in text:
        return Explanation("This score compares more than two classes, so it needs to know how to average the "
                           "scores of the classes.", "Give it the `average=` option; the exercise says which.")
    if "truth value of a Series is ambiguous" in text or "truth value of an array" in text:
        return Explanation("`and`, `or` and `not` do not work on whole columns.",
                           "To combine True/False columns use `&` (and), `|` (or), `~` (not), with each "
                           "condition in round brackets.")
    if "inconsistent numbers of samples" in text:
        return Explanation("The two things you compared do not have the same number of rows: " + text + ".",
                           "Use the same part of the data for both (for example both from the test set).")
    if "could not convert string to float" in text:
        return Explanation("Python needed a number and found text.", "Check that the column you use holds numbers.")
    return None


def _syntax_error(error: SyntaxError) -> Explanation:
    text = error.msg or ""
    where = f"line {error.lineno}" if error.lineno else "this cell"
    if "'=='" in text or ("cannot assign" in text and "==" in text):
        return Explanation(f"Python cannot read {where}: there is a `=` where a comparison is needed.",
                           "One `=` stores a value under a name; two, `==`, ask \"is equal to?\".")
    if "unterminated string" in text or "EOL while scanning" in text or "unterminated triple" in text:
        return Explanation(f"A text on {where} has no closing quote.",
                           "Text starts and ends with the same quote: `'year'` or `\"year\"`.")
    if "was never closed" in text or "unmatched" in text or "does not match" in text:
        return Explanation(f"The brackets on {where} do not match: {text}.",
                           "Every `(` needs a `)`, every `[` a `]`; count them.")
    if isinstance(error, IndentationError):
        return Explanation(f"The spaces at the start of {where} are not right ({text}).",
                           "Lines in a cell start at the left edge unless they follow a line ending in `:`.")
    if "invalid character" in text:
        return Explanation(f"{where.capitalize()} holds a character Python does not accept ({text}).",
                           "Retype quotes and minus signs by hand: copied text often brings curly quotes or "
                           "long dashes.")
    if "Perhaps you forgot a comma" in text:
        return Explanation(f"Python cannot read {where}: a comma seems to be missing.",
                           "Separate the items in brackets with commas.")
    return Explanation(f"Python cannot read {where} ({text}).",
                       "Check brackets, quotes, commas and the `=` signs on that line.")


def explain(error: BaseException, tb=None, namespace: dict | None = None,
            waiting: dict | None = None) -> Explanation:
    """A plain explanation of `error` (raised with traceback `tb` in a cell that sees `namespace`).

    `waiting` maps names to why the cell that should have made them stopped (for NameError).
    """
    namespace = namespace or {}
    found = None
    try:
        if isinstance(error, SyntaxError):
            found = _syntax_error(error)
        elif isinstance(error, KeyError):
            found = _key_error(error, tb, namespace)
        elif isinstance(error, NameError):
            found = _name_error(error, namespace, waiting or {})
        elif isinstance(error, AttributeError):
            found = _attribute_error(error, namespace)
        elif isinstance(error, TypeError):
            found = _type_error(error, tb)
        elif isinstance(error, ValueError):
            found = _value_error(error)
        elif isinstance(error, ZeroDivisionError):
            found = Explanation("You divided by zero.", "Check the number you divide by: is it a count that is 0?")
        elif isinstance(error, ModuleNotFoundError | ImportError):
            found = Explanation(f"A library could not be loaded: {error}.",
                                "Check the spelling of the import; if it is right, ask your trainer to run "
                                "`aitrain doctor`.")
    except Exception:  # an odd object in the way: the plain reading below still helps
        found = None
    if found is None:
        last = str(error).strip().splitlines()[0] if str(error).strip() else ""
        found = Explanation(f"Python stopped with an error ({type(error).__name__})" + (f": {last}" if last else "."),
                            "Read the line of your cell shown below; check names, brackets and the values you "
                            "used. The technical details are folded below.")
    return found
