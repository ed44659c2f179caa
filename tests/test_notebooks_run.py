"""papermill executes every solution notebook to completion, from a folder outside the repository, in English
and in the Russian edition (solutions/ru/, generated from po/ru/), and on the policy path where a module has one
(solutions/policy/, solutions/ru/policy/: Run All from the first cell, the coded path's cells left out), within
the memory limit and with figures.

Each notebook is executed once per test run (tests/notebook_cache.py): in `make test` the English one by the
beginner-mistakes corpus's kernel, which runs just before in the same xdist group (stopping at the first error
as papermill does, and measuring the kernel's peak memory as papermill's run does); the Russian one here, by
papermill, for the round trip after it; so are the policy editions.

A translated edition's execution is also read for the English a participant sees (aitrain.tooling.screen, the
figures' texts recorded by the kernel: conftest.py sets AITRAIN_SCREEN_TEXTS): the strings with English words
shown outside column headers may not exceed the module's ceiling in tests/screen_ceilings.yaml (none when not
listed).
"""

from pathlib import Path

import nbformat
import pytest
import yaml

from aitrain.tooling import screen

pytestmark = pytest.mark.slow

MEMORY_LIMIT_MB = 1024
CEILINGS = yaml.safe_load((Path(__file__).parent / "screen_ceilings.yaml").read_text(encoding="utf-8")) or {}


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
    if edition.translated:
        english = screen.english_on_screen(executed, nbformat.read(edition.release(module), as_version=4))
        ceiling = CEILINGS.get(edition.name, {}).get(module.slug, 0)
        assert len(english) <= ceiling, (
            f"{len(english)} strings with English words on the {edition.label} screen (at most {ceiling}; "
            f"tests/screen_ceilings.yaml):\n" + "\n".join(f"  {s.kind}: {s.text}" for s in english))
