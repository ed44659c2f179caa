"""papermill executes every solution notebook to completion, from a folder outside the repository."""

import pytest

from aitrain.execute import run_notebook

pytestmark = pytest.mark.slow

MEMORY_LIMIT_MB = 1024


def test_solution_runs(module, elsewhere):
    result = run_notebook(module.solution, elsewhere / "out" / module.notebook_name)
    assert result.ok, result.error
    assert result.peak_mb < MEMORY_LIMIT_MB, f"{module.slug} used {result.peak_mb:.0f} MB"
