"""aitrain.tooling.notebook_run writes the executed notebook once: a run that stops at an error still leaves it,
with what the cells showed before the error and the error itself (the run report links it)."""

import nbformat
import pytest

from aitrain.tooling.notebook_run import run_notebook

pytestmark = pytest.mark.slow


def test_a_failed_run_leaves_its_notebook(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("seed = 0", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("print('before the error')"),
                nbformat.v4.new_code_cell("1 / 0"),
                nbformat.v4.new_code_cell("print('never run')")]
    source = tmp_path / "failing.ipynb"
    nbformat.write(nb, source)
    result = run_notebook(source, tmp_path / "out" / "failing.ipynb")
    assert result.status == "failed" and "ZeroDivisionError" in result.error
    executed = nbformat.read(tmp_path / "out" / "failing.ipynb", as_version=4)
    shown = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert any(o.get("text") == "before the error\n" for o in shown)
    assert any(o.get("ename") == "ZeroDivisionError" for o in shown)
    assert not any("never run" in o.get("text", "") for o in shown)
