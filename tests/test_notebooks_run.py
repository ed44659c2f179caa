"""papermill executes every solution notebook to completion, from a folder outside the repository, in English
and in the Russian edition (solutions/ru/, generated from po/ru/)."""

import nbformat
import pytest

from aitrain.base.edition import Edition
from aitrain.tooling.notebook_run import run_notebook

pytestmark = pytest.mark.slow

MEMORY_LIMIT_MB = 1024


@pytest.mark.parametrize("language", ["en", "ru"])
def test_solution_runs(module, language, elsewhere):
    source = Edition(language=language).solution(module)
    output = elsewhere / "out" / module.notebook_name
    result = run_notebook(source, output)
    assert result.ok, result.error
    assert result.peak_mb < MEMORY_LIMIT_MB, f"{module.slug} used {result.peak_mb:.0f} MB"
    executed = nbformat.read(output, as_version=4)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    figures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert figures, "the executed notebook shows no figure"
