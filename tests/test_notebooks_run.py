"""papermill executes every solution notebook to completion, from a folder outside the repository, in English
and in the Russian edition (solutions/ru/, generated from po/ru/), within the memory limit and with figures.

Each notebook is executed once per test run (tests/notebook_cache.py): in `make test` the English one by the
beginner-mistakes corpus's kernel, which runs just before in the same xdist group (stopping at the first error
as papermill does, and measuring the kernel's peak memory as papermill's run does); the Russian one here, by
papermill, for the round trip after it.
"""

import nbformat
import pytest

from aitrain.base.edition import Edition

pytestmark = pytest.mark.slow

MEMORY_LIMIT_MB = 1024


@pytest.mark.parametrize("language", ["en", "ru"])
def test_solution_runs(module, language, elsewhere, notebook_cache):
    source = Edition(language=language).solution(module)
    output = elsewhere / "out" / module.notebook_name
    result = notebook_cache.run(source, output).run
    assert result.ok, result.error
    assert result.peak_mb < MEMORY_LIMIT_MB, f"{module.slug} used {result.peak_mb:.0f} MB"
    executed = nbformat.read(output, as_version=4)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    figures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert figures, "the executed notebook shows no figure"
