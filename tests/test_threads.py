"""aitrain.threads: one thread for linear algebra in a notebook's kernel unless set before; independent pieces of
work two at a time, with the same numbers as one at a time."""

import sys

import pytest
import threadpoolctl
from sklearn.model_selection import StratifiedKFold, cross_validate

from aitrain import poverty_classes, threads
from aitrain.datasets import load


@pytest.fixture
def limits(monkeypatch):
    calls = []
    monkeypatch.setattr(threadpoolctl, "threadpool_limits", lambda n: calls.append(n))
    for name in threads.THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return calls


def test_one_thread_only_in_a_kernel(monkeypatch, limits):
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    threads.one_thread_in_a_kernel()
    assert limits == [] and not any(name in threads.os.environ for name in threads.THREAD_VARIABLES)
    monkeypatch.setitem(sys.modules, "ipykernel", object())
    threads.one_thread_in_a_kernel()
    assert limits == [1] and all(threads.os.environ[name] == "1" for name in threads.THREAD_VARIABLES)


def test_threads_set_before_the_kernel_are_kept(monkeypatch, limits):
    monkeypatch.setitem(sys.modules, "ipykernel", object())
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    threads.one_thread_in_a_kernel()
    assert limits == [] and threads.os.environ["OMP_NUM_THREADS"] == "4"
    assert "OPENBLAS_NUM_THREADS" not in threads.os.environ


def test_folds_two_at_a_time_give_the_same_scores():
    levels = load("poverty_levels").head(1500)
    together = poverty_classes.cross_validated.__wrapped__(poverty_classes.make_forest(3), levels, 3)
    splitter = StratifiedKFold(n_splits=poverty_classes.FOLDS, shuffle=True, random_state=3)
    alone = cross_validate(poverty_classes.make_forest(3), poverty_classes.features(levels),
                           levels[poverty_classes.TARGET], cv=splitter, scoring="f1_macro")
    assert (together["macro_f1"].to_numpy() == alone["test_score"]).all()
