"""Errors in a participant's cell are explained in plain words, and the grader still sees them."""

import sys

import nbformat
import pandas as pd
import papermill
import pytest
from nbclient import NotebookClient

from aitrain.feedback.explanations import explain

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
    nb = _notebook("import aitrain.feedback\nimport pandas as pd\nt = pd.DataFrame({'year': [1960]})",
                   "latest = t['Year'].max()")
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=60).execute()
    outputs = nb.cells[1].outputs
    assert [o.output_type for o in outputs] == ["display_data", "error"]
    assert "no column called" in outputs[0].data["text/plain"]
    assert "<details>" in outputs[0].data["text/html"]  # the full traceback, folded
    assert "Traceback" in outputs[0].data["text/plain"]  # ... and kept
    assert outputs[1].ename == "KeyError" and len(outputs[1].traceback) == 1
    nbformat.write(nb, tmp_path / "in.ipynb")
    with pytest.raises(papermill.PapermillExecutionError, match="KeyError"):  # papermill still stops
        papermill.execute_notebook(str(tmp_path / "in.ipynb"), str(tmp_path / "out.ipynb"), progress_bar=False,
                                   kernel_name="python3")
