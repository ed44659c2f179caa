"""The run's notebook cache (tests/notebook_cache.py) never hands out an execution of something else: its key
changes with the notebook, the parameters, the package's code, the data, and the environment a kernel reads;
a stored execution is given back without executing the notebook again."""

import nbformat
import notebook_cache
import pytest
from notebook_cache import NotebookCache

from aitrain import paths
from aitrain.tooling.notebook_run import NotebookRun


@pytest.fixture
def sources(tmp_path, monkeypatch):
    """A package and a data folder of our own, so that changing them changes nothing real."""
    package, data = tmp_path / "package", tmp_path / "datasets"
    for folder, name in ((package, "model.py"), (data, "survey.csv")):
        folder.mkdir()
        (folder / name).write_text("1")
    monkeypatch.setattr(paths, "PACKAGE_DIR", package)
    monkeypatch.setenv("AITRAIN_DATASETS", str(data))
    notebook_cache.fingerprint.cache_clear()
    yield package, data
    notebook_cache.fingerprint.cache_clear()


def _notebook(path, code="print(1)"):
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), path)
    return path


def test_key_follows_everything_that_changes_an_execution(sources, tmp_path, monkeypatch):
    package, data = sources
    cache = NotebookCache(tmp_path / "cache")
    notebook = _notebook(tmp_path / "a.ipynb")
    keys = [cache.key(notebook)]

    def changed():
        notebook_cache.fingerprint.cache_clear()
        keys.append(cache.key(notebook))
        return keys[-1] not in keys[:-1]

    assert cache.key(notebook) == keys[0], "the same inputs give the same key"
    assert cache.key(notebook, {"seed": 2}) not in keys
    _notebook(notebook, "print(2)")
    assert changed(), "the notebook"
    (package / "model.py").write_text("2")
    assert changed(), "the package's code"
    (package / "new.py").write_text("")
    assert changed(), "a new file in the package"
    (data / "survey.csv").write_text("2")
    assert changed(), "the data"
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert changed(), "the thread cap"
    monkeypatch.setenv("AITRAIN_LANG", "ru")
    assert changed(), "the course's settings"


def test_a_stored_execution_is_not_executed_again(sources, tmp_path, monkeypatch):
    cache = NotebookCache(tmp_path / "cache")
    notebook = _notebook(tmp_path / "a.ipynb")
    executed = []

    def run_notebook(source, output, parameters=None):
        executed.append(source)
        output.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbformat.read(source, as_version=4), output)
        return NotebookRun(str(source), str(output), "ok", 1.0, 100.0)

    monkeypatch.setattr(notebook_cache, "run_notebook", run_notebook)
    first = cache.run(notebook, tmp_path / "one" / "out.ipynb")
    second = cache.run(notebook, tmp_path / "two" / "out.ipynb")
    assert executed == [notebook]
    assert second.run == first.run and (tmp_path / "two" / "out.ipynb").is_file()
    _notebook(notebook, "print(2)")
    cache.run(notebook, tmp_path / "three" / "out.ipynb")
    assert len(executed) == 2, "a changed notebook is executed"
