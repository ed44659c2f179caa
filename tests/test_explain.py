"""Errors in a participant's cell are explained in plain words, and the grader still sees them."""

import re
import sys

import nbformat
import pandas as pd
import papermill
import pytest
from nbclient import NotebookClient

from aitrain import i18n
from aitrain.feedback.explanations import explain
from aitrain.feedback.hooks import summary_line

TABLE = pd.DataFrame({"country": ["Armenia"], "year": [1960], "fertility_rate": [4.5]})


def explained(code: str, namespace: dict | None = None):
    namespace = {"fertility": TABLE, "pd": pd} | (namespace or {})
    try:
        exec(compile(code, "<cell>", "exec"), namespace)
    except BaseException as error:  # noqa: BLE001 - the point is to explain whatever happened
        return explain(error, sys.exc_info()[2], namespace)
    raise AssertionError("the code ran without an error")


@pytest.mark.parametrize("code, what, tip", [
    ('fertility["Year"].max()', "no column called `'Year'`", "Did you mean `'year'`"),
    ('fertility.groupby("Year")', "no column called `'Year'`", "capital"),
    ("fertility[year]", "name of a column of `fertility`", "in quotes"),
    ("fertilty.head()", "Did you mean `fertility`", "spelled exactly"),
    ("undefined_thing + 1", "has not been run yet", "Run All Above"),
    ('fertility.groupby("year").mean()', "text columns", "column of numbers"),
    ('fertility["fertility_rate"].quantile(10)', "share between 0 and 1", "0.10"),
    ('import numpy as np\nnp.quantile(0.2, fertility["fertility_rate"].to_numpy())', "arguments of `np.quantile` are "
     "swapped", "array of values first"),
    ("from aitrain import impact_assessment as aia\naia.impact_level(53 / 45.05)", "turned upside down",
     "not the other way round"),
    ('fertility[fertility["year"] = 1960]', "`=` where a comparison", "`==`"),
    (r"pattern = \b\d{4}\b", "backslash", "raw string"),
    ('fertility["fertility_rate"].means()', "Did you mean `.mean`", "after the dot"),
    ("fertility.shape()", "not a function", "without brackets"),
    ('fertility[fertility["year"] == 1960 and fertility["country"] == "Armenia"]', "`and`", "`&`"),
    ("1 / 0", "divided by zero", "count"),
])
def test_common_mistakes_are_explained(code, what, tip):
    explanation = explained(code)
    assert what in explanation.what and tip in explanation.tip, explanation


@pytest.mark.parametrize("code, what, tip", [
    ("from sklearn.linear_model import LinearRegression\nLinearRegression().predict([[1.0]])",
     "`LinearRegression` has not learnt from data yet", "`.fit(...)`"),
    ('~fertility["fertility_rate"]', "only on True/False values", "`~(column == value)`"),
    ('~fertility["country"]', "only on True/False values", "`~(column == value)`"),
    ("from sklearn.metrics import recall_score\nrecall_score([0, 1, 1], [0.2, 0.8, 0.6])",
     "not labels", "threshold"),
    ('fertility["year", "country"]', "single square brackets", "`table[['year', 'country']]`"),
    ('fertility[["year", "Country"]]', "no column called 'Country'", "Did you mean `'country'`"),
    ('from sklearn.linear_model import LinearRegression\nLinearRegression().fit(fertility["year"], [1])',
     "a single column", "double square brackets"),
    ("from sklearn.linear_model import LinearRegression\nfrom sklearn.model_selection import cross_val_score\n"
     'cross_val_score(LinearRegression(), fertility["year"].repeat(4), [1, 2, 3, 4], cv=2)',
     "a single column", "double square brackets"),
    ("if fertility is None\n    print(1)", "colon `:`", "Add `:`"),
    ('latest = fertility["year"] 1960', "near `1960`", "Check brackets"),
    ('fertility["fertility_rate"].mean - 1', "without its round brackets", "Add `()`"),
    ("from sklearn.metrics import r2_score\nr2_score([float('-inf'), 1.0], [1.0, 2.0])",  # np.log of a zero
     "logarithm of zero", "values above zero"),
])
def test_library_errors_are_told_in_plain_words(code, what, tip):
    explanation = explained(code)
    assert what in explanation.what and tip in explanation.tip, explanation


def test_a_training_set_column_scored_against_test_predictions_names_the_training_set():
    sets = {"train": pd.DataFrame({"poor": [1, 0, 1, 1]}), "test": pd.DataFrame({"poor": [1, 0]}),
            "predicted_test": [1, 1]}
    code = "from sklearn.metrics import recall_score\nrecall_score(train['poor'], predicted_test)"
    explanation = explained(code, sets)
    assert "training set (`train`)" in explanation.what and "test set (`test`)" in explanation.what, explanation
    assert "same number of rows" in explained(code, {**sets, "test": sets["test"].head(1)}).what, \
        "sizes that are not the two sets' name no set"


def test_incomplete_input_names_what_is_left_open():
    """IPython says "incomplete input" for a cell that ends inside brackets, or after a line ending in `:`."""
    explanation = explain(SyntaxError("incomplete input", ("<cell>", 1, 8, "x = (1,\n", 1, -1)))
    assert "`(` opened on line 1 is never closed" in explanation.what and "`)`" in explanation.tip, explanation
    explanation = explain(SyntaxError("incomplete input", ("<cell>", 1, 11, "if x == 1:\n", 1, -1)))
    assert "ending in `:`" in explanation.what and "indented" in explanation.tip, explanation


SYNTAX_SLIPS = [  # (cell, what the explanation says in English, in Russian)
    ('a = 1\nx = f(a, ["b"]', "`(` opened on line 2 is never closed", "Скобка `(` так и не закрыта (строка 2)"),
    ('x = df[["a"]', "`[` opened on line 1 is never closed", "Скобка `[` так и не закрыта (строка 1)"),
    ("x = (1,\ny = 2", "`(` opened on line 1 is never closed", "Скобка `(` так и не закрыта (строка 1)"),
    ("x = [1, 2)", "a `[` is closed with `)`", "Скобка `[` закрыта скобкой `)`"),
    ("x = 1)", "a `)` on line 1 with no opening", "Лишняя `)` (строка 1)"),
    ('x = df["a]', "has no closing quote", "нет закрывающей кавычки"),
    ('x = """ab', 'opened with `"""` is never closed', 'открытый кавычками `"""`'),
    ("x = 1 2", "near `2`", "рядом с `2`"),
]


@pytest.mark.parametrize("code, english, russian", SYNTAX_SLIPS)
def test_syntax_errors_are_explained_in_both_languages(code, english, russian):
    """The unclosed bracket or quote is named with its line, and no Python message is quoted, in both languages."""
    from IPython.core.compilerop import CachingCompiler

    from aitrain import i18n

    try:
        CachingCompiler().ast_parse(code)  # as the notebook's kernel reads a cell ("incomplete input")
    except SyntaxError as raised:
        error = raised
    told = {}
    try:
        for language in ("en", "ru"):
            i18n.use_language(language)
            told[language] = explain(error, None, {"In": ["", code]})
    finally:
        i18n.use_language("en")
    assert english in told["en"].what, told["en"]
    assert russian in told["ru"].what, told["ru"]
    for explanation in told.values():
        assert error.msg not in explanation.what + explanation.tip  # Python's own words stay in the details
    assert not re.search("[A-Za-z]{4,}", re.sub(r"`[^`]*`|Python", "", told["ru"].what + told["ru"].tip)), told["ru"]


def test_an_unknown_name_is_told_apart_by_the_cells_run(tmp_path):
    """What the kernel's history (IPython's `In`) and the notebook's file show decide the explanation."""
    deleted = explained("share + 1", {"In": ["", "share = 0.5", "del share", "share + 1"]})
    assert "deleted it with `del share`" in deleted.what, deleted
    same_cell = explained("y = later + 1\nlater = 2", {"In": ["", "y = later + 1\nlater = 2"]})
    assert "further down in this same cell" in same_cell.what, same_cell
    never = explained("recall", {"In": ["", "a = 1", "recall"], "a": 1})
    assert "None of the cells you have run" in never.what and "`'recall'`" in never.tip, never
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(s) for s in ("a = 1", "b + a", "b = 2")]
    nbformat.write(notebook, tmp_path / "m.ipynb")
    session = {"In": ["", "a = 1", "b + a"], "a": 1, "__session__": str(tmp_path / "m.ipynb")}
    below = explained("b + a", session)
    assert "further down the notebook" in below.what, below
    nowhere = explained("c + a", session | {"In": ["", "a = 1", "c + a"]})
    assert "No cell of this notebook creates" in nowhere.what and "`'c'`" in nowhere.tip, nowhere


def test_a_column_of_a_loaded_data_set_is_told_to_be_quoted():
    from aitrain.datasets import load

    load("districts")
    explanation = explained("size = len(province)", {"In": ["", "x = 1", "size = len(province)"]})
    assert "name of a column of `" in explanation.what and "`'province'`" in explanation.tip, explanation


def test_did_you_mean_only_for_a_typo_not_for_another_variable():
    ran = ["", "flagged_05 = 1\nX_train = 2\nfertility = 3"]
    names = {"flagged_05": 1, "X_train": 2}
    assert "Did you mean `flagged_05`" in explained("flagged + 1", {"In": ran + ["flagged + 1"]} | names).what
    assert "Did you mean" not in explained("X_test + 1", {"In": ran + ["X_test + 1"]} | names).what
    assert "Did you mean `fertility`" in explained("fertilty + 1", {"In": ran + ["fertilty + 1"]} | names).what
    ran = ["", "flagged_05 = 1\nflagged_z = 2\nhouseholds = 3"]
    names = {"flagged_05": 1, "flagged_z": 2, "households": 3}
    assert "Did you mean" not in explained("flagged + 1", {"In": ran + ["flagged + 1"]} | names).what
    told = explained("households_total + 1", {"In": ran + ["households_total + 1"]} | names).what
    assert "Did you mean `households`" in told
    same_cell = "Share = 1\nlevel = share + 1"
    assert "Did you mean `Share`" in explained(same_cell, {"In": ran + [same_cell]} | names).what


def test_a_column_an_earlier_cell_failed_to_add_does_not_blame_this_cell():
    table = pd.DataFrame({"n": [1, 2]})
    history = ["", "table['psi'] = ex_needed()", "gamma = 1 / table['psi']"]
    explanation = explained("gamma = 1 / table['psi']", {"In": history, "table": table})
    assert "a cell above adds it" in explanation.what and "may well be right" in explanation.tip, explanation
    other = explained("gamma = 1 / survey['psi']", {"In": history, "table": table, "survey": table.copy()})
    assert "no column called `'psi'`" in other.what, other  # another table: the participant's own slip


def test_the_f1_score_without_average_is_explained():
    from sklearn.metrics import f1_score

    explanation = explained("f1_score(['a', 'b', 'c'], ['a', 'c', 'c'])", {"f1_score": f1_score})
    assert "`average=`" in explanation.tip


def test_an_unknown_error_is_still_read_out():
    explanation = explained("raise RuntimeError('the disk is full')")
    assert "RuntimeError" in explanation.what and "the disk is full" in explanation.what


def _notebook(*sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def test_in_a_kernel_the_explanation_comes_first_and_the_error_stays(tmp_path):
    history = tmp_path / "history.ipynb"
    nb = _notebook("import aitrain.feedback\nimport pandas as pd\nt = pd.DataFrame({'year': [1960]})",
                   "latest = t['Year'].max()", "del t", "t.head()", "if t is None:\n", f"%notebook {history}")
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=60).execute()
    told = [next(o.data["text/plain"] for o in c.outputs if o.output_type == "display_data") for c in nb.cells[3:5]]
    assert "deleted it with `del t`" in told[0]  # read from the kernel's own history of cells
    assert "needs at least one indented line" in told[1]  # IPython's "incomplete input"
    outputs = nb.cells[1].outputs
    assert [o.output_type for o in outputs] == ["display_data", "error"]
    assert "no column called" in outputs[0].data["text/plain"]
    assert "<details>" in outputs[0].data["text/html"]  # the full traceback, folded
    assert "Traceback" in outputs[0].data["text/plain"]  # ... and kept
    assert outputs[1].ename == "KeyError" and len(outputs[1].traceback) == 1
    kept = [o for c in nbformat.read(history, as_version=4).cells for o in c.get("outputs", [])
            if o.output_type == "error"]  # IPython's history keeps each error briefly (feedback/hooks.py)
    assert kept[0].ename == "KeyError" and "KeyError: 'Year'" in kept[0].traceback[-1], kept
    assert "no column called" in outputs[1].traceback[0]  # the red line: what went wrong, in plain words
    nbformat.write(nb, tmp_path / "in.ipynb")
    with pytest.raises(papermill.PapermillExecutionError, match="KeyError"):  # papermill still stops
        papermill.execute_notebook(str(tmp_path / "in.ipynb"), str(tmp_path / "out.ipynb"), progress_bar=False,
                                   kernel_name="python3")


def test_a_column_this_cell_adds_under_another_spelling_is_not_blamed_on_a_cell_above():
    """A generated mistake of 01: `ranked['Priority'] = ...` then `sort_values('priority')` was told 'a cell above
    adds it, but stopped' because an earlier run of the same cell had added 'priority'."""
    ranked = pd.DataFrame({"value": [1, 2]})
    code = "ranked['Priority'] = ranked['value']\nranked.sort_values('priority')"
    told = explained(code, {"ranked": ranked, "In": ["", "ranked['priority'] = 1", code]})
    assert "adds the column as `'Priority'`" in told.what and "capital" in told.what, told
    assert "a cell above" not in told.what


def test_the_red_line_under_the_explanation_speaks_the_notebook_language():
    """The one line under the error box: the error's name, and what went wrong in the notebook's language (not
    the library's English message)."""
    try:
        i18n.use_language("ru")
        line = summary_line(KeyError, explained('fertility["Year"].max()').what)
    finally:
        i18n.use_language("en")
    assert line.startswith("\x1b[31mKeyError\x1b[0m: ") and "\n" not in line
    words = line.split(": ", 1)[1]
    assert any("а" <= c <= "я" for c in words.lower()) and "Year" in words
