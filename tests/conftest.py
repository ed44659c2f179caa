"""Shared fixtures, the thread cap of xdist workers and the order in which `make test` hands out the heavy tests.
Modules are discovered from solutions/, so a new module gets every test with no edits."""

import functools
import os

import nbgrader.api
import pytest
from hub_leftovers import name_run, pytest_sessionfinish  # noqa: F401 - the run fails if a hub is left running
from notebook_cache import NotebookCache
from notebook_cells import editions_of

from aitrain.base import catalogue
from aitrain.base.nbgrader_stages import ensure_tools_on_path
from aitrain.figure_texts import VARIABLE as SCREEN_TEXTS

ensure_tools_on_path()

pytest_plugins = ["cpu_usage"]  # AITRAIN_TEST_CPU=file: CPU seconds per test phase (tests/cpu_usage.py)

# nbgrader asks a new `alembic heads` process for its database schema's version each time it creates a gradebook
# (nbgrader.api.get_alembic_version: 1.5 to 3 s of CPU); the answer is fixed by the installed nbgrader, so each
# test process asks once. nbgrader's own commands, run as processes, still ask themselves.
nbgrader.api.get_alembic_version = functools.cache(nbgrader.api.get_alembic_version)

MODULES = catalogue.all_modules()
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def pytest_configure(config):
    """As scikit-learn's own test configuration does: an xdist worker, and every kernel and process it starts
    (they inherit the environment), uses only its share of the cores, so that workers do not fight over them."""
    name_run()  # before xdist starts its workers, which inherit it
    os.environ[SCREEN_TEXTS] = "1"  # the kernels record the Russian figures' texts (test_notebooks_run.py counts them)
    workers = os.environ.get("PYTEST_XDIST_WORKER_COUNT")
    if workers:
        from threadpoolctl import threadpool_limits

        threads = max(len(os.sched_getaffinity(0)) // int(workers), 1)
        for name in THREAD_VARIABLES:
            os.environ[name] = str(threads)
        threadpool_limits(threads)  # the libraries this worker has already loaded


def pytest_generate_tests(metafunc):
    if "module" in metafunc.fixturenames and "edition" in metafunc.fixturenames:  # every edition of every module
        pairs = [(m, e) for m in MODULES for e in editions_of(m)]
        metafunc.parametrize(("module", "edition"), pairs, ids=[f"{m.slug}-{e.name}" for m, e in pairs])
    elif "module" in metafunc.fixturenames:
        metafunc.parametrize("module", MODULES, ids=[m.slug for m in MODULES])


# The tests that execute a module's notebooks, in the order they run on one xdist worker ("notebook-NN-slug"):
# each notebook is executed once per run, every kernel forked (tests/forked_kernels.py). The corpus's kernel
# executes the English solution (stored: tests/notebook_cache.py), then, from that state, each mistake and mutant
# with its exercise's check and the teaching cells that use it (no other cell again); papermill executes each other
# edition's solution (Russian, and each policy path), stored; the round trip reads the stored solutions (nbgrader
# grades them without executing them) and executes each edition's blank release once, by nbgrader's autograde:
# the only run with every exercise blank (0 points, no teaching cell crashing). Solutions and blanks of one
# module are 2 x its editions executions, plus the corpus's mistakes.
NOTEBOOK_STAGES = {"test_beginner_mistakes.py": 0, "test_notebooks_run.py": 1, "test_grading_roundtrip.py": 2}
# The heaviest units of work (an xdist group, or a slow test of its own) and their expected seconds on a quiet
# 2-core machine, estimated from one measured run (pytest --durations; CPU seconds for the notebook groups and
# programme: `AITRAIN_TEST_CPU=cpu.jsonl make test`, then `python tests/cpu_usage.py cpu.jsonl`):
# `pytest -n` hands them out first, longest first, so that no long test starts last while the other worker
# has nothing left to do; the other tests follow in file order. Only the order matters: a unit missing from
# the tables just starts later.
HEAVY = {"classroom": 150, "test_kit.py": 110, "programme": 75, "grading-pipeline": 75, "grading-cohort": 55,
         "trainer-day": 45, "book": 40, "test_participant_html.py": 40, "test_browser.py": 35, "collect": 20,
         "test_grading_postgres.py": 20}
NOTEBOOK_WEIGHTS = {"13": 67, "03": 60, "11": 59, "12": 54, "02": 53, "05": 53, "16": 52, "07": 46, "04": 44,
                    "06": 42, "15": 42, "14": 40, "01": 40, "10": 38, "08": 37, "09": 36, "00": 18}


def _notebook_module(item) -> catalogue.Module | None:
    if item.path.name not in NOTEBOOK_STAGES or not hasattr(item, "callspec"):
        return None
    module = item.callspec.params.get("module", item.callspec.params.get("subject"))
    return module if isinstance(module, catalogue.Module) else None


def _unit(item) -> str:
    """What xdist's loadgroup hands to one worker: the test's group, or the test alone."""
    groups = [m.args[0] if m.args else m.kwargs.get("name", "default") for m in item.iter_markers("xdist_group")]
    return "_".join(sorted(set(groups))) if groups else item.nodeid


def _weight(unit: str, item) -> float:
    module = _notebook_module(item)
    if module is not None:
        return NOTEBOOK_WEIGHTS.get(module.id, 0)
    if item.get_closest_marker("slow") is None:
        return 0
    return HEAVY.get(unit, HEAVY.get(item.path.name, 0))


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist names each test's group
def pytest_collection_modifyitems(config, items):
    for item in items:
        module = _notebook_module(item)
        if module is not None:
            item.add_marker(pytest.mark.xdist_group(f"notebook-{module.slug}"))
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return  # on its own, pytest runs the files in order
    first: dict[str, tuple[float, int]] = {}
    for index, item in enumerate(items):
        unit = _unit(item)
        if unit not in first:
            first[unit] = (-_weight(unit, item), index)
    order = {id(item): (first[_unit(item)], NOTEBOOK_STAGES.get(item.path.name, 0), index)
             for index, item in enumerate(items)}
    items.sort(key=lambda item: order[id(item)])


@pytest.fixture(scope="session")
def notebook_cache(tmp_path_factory) -> NotebookCache:
    """The run's executed notebooks, shared by every xdist worker of the run."""
    base = tmp_path_factory.getbasetemp()
    return NotebookCache((base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "executed-notebooks")


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """Run from a folder that is not the repository, as a participant or nbgrader would."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder
