"""papermill executes every solution notebook to completion, from a folder outside the repository, in English
and in the Russian edition (solutions/ru/, generated from po/ru/), and on the policy path where a module has one
(solutions/policy/, solutions/ru/policy/: Run All from the first cell, the coded path's cells left out), within
the memory limit and with figures.

Each notebook is executed once per test run (tests/notebook_cache.py): in `make test` the English one by the
beginner-mistakes corpus's kernel, which runs just before in the same xdist group (stopping at the first error
as papermill does, and measuring the kernel's peak memory as papermill's run does); the Russian one here, by
papermill, for the round trip after it; so are the policy editions.
"""

import nbformat
import pytest

pytestmark = pytest.mark.slow

MEMORY_LIMIT_MB = 1024


def test_solution_runs(module, edition, elsewhere, notebook_cache):
    """Every edition of the module (conftest.py): each language, on each path its notebook has."""
    source = edition.solution(module)
    output = elsewhere / "out" / module.notebook_name
    result = notebook_cache.run(source, output).run
    assert result.ok, result.error
    assert result.peak_mb < MEMORY_LIMIT_MB, f"{module.slug} used {result.peak_mb:.0f} MB"
    executed = nbformat.read(output, as_version=4)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    figures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert figures, "the executed notebook shows no figure"
