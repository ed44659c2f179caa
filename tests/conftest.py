"""Shared fixtures. Modules are discovered from solutions/, so a new module gets every test with no edits."""


import pytest

from aitrain.base import catalogue
from aitrain.base.nbgrader_stages import ensure_tools_on_path

ensure_tools_on_path()

MODULES = catalogue.all_modules()


def pytest_generate_tests(metafunc):
    if "module" in metafunc.fixturenames:
        metafunc.parametrize("module", MODULES, ids=[m.slug for m in MODULES])


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """Run from a folder that is not the repository, as a participant or nbgrader would."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder
