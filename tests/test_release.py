"""modules/ is generated from solutions/ by nbgrader and committed; it must not drift."""

from aitrain.base import catalogue
from aitrain.tooling.release import release


def test_modules_in_step_with_solutions():
    differences = release(catalogue.all_modules() + catalogue.programme_notebooks(), check=True)
    assert differences == [], "modules/ differs from solutions/: run 'aitrain release' and commit"


def test_release_is_deterministic(tmp_path):
    from aitrain.tooling.release import generate

    module = catalogue.all_modules()[0]
    first = generate(module, tmp_path / "a") / module.notebook_name
    second = generate(module, tmp_path / "b") / module.notebook_name
    assert first.read_bytes() == second.read_bytes()
