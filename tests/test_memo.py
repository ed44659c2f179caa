"""aitrain.memo: a remembered helper computes once per content of its arguments and hands out copies."""

import numpy as np
import pandas as pd

from aitrain import poverty_classes
from aitrain.datasets import load
from aitrain.memo import remembered


def test_computed_once_per_content_and_copies_given():
    calls = []

    @remembered
    def doubled(table: pd.DataFrame, factor: int = 2) -> pd.DataFrame:
        calls.append(1)
        return table * factor

    table = pd.DataFrame({"a": [1, 2, 3]})
    first = doubled(table)
    second = doubled(table.copy())  # another object, the same content
    assert len(calls) == 1 and second.equals(first) and second is not first
    second.loc[0, "a"] = 100  # what one caller does to its result ...
    assert doubled(table).loc[0, "a"] == 2  # ... does not reach the next one
    assert len(calls) == 1
    table.loc[0, "a"] = 5  # new content, new computation
    assert doubled(table).loc[0, "a"] == 10 and doubled(table, factor=3).loc[0, "a"] == 15
    assert len(calls) == 3


def test_a_remembered_fit_leaves_the_given_pipeline_fitted():
    levels = load("poverty_levels")
    train, test = poverty_classes.split_levels(levels, 0)
    first = poverty_classes.fit(poverty_classes.make_logit(), train)
    again = poverty_classes.make_logit()
    returned = poverty_classes.fit(again, train)  # remembered: no new fit, but `again` is fitted all the same
    x = poverty_classes.features(test)
    assert returned is again and (again.predict(x) == first.predict(x)).all()
    assert again.named_steps["model"] is not first.named_steps["model"]


def test_arguments_that_cannot_be_pickled_are_computed_each_time():
    calls = []

    @remembered
    def applied(function, value):
        calls.append(1)
        return function(value)

    assert applied(lambda x: x + 1, 1) == 2 and applied(lambda x: x + 1, 1) == 2
    assert len(calls) == 2


def test_records_are_compared_without_their_padding_bytes():
    """A fitted tree's nodes are records whose padding bytes are left uninitialised: equal forests must match."""
    padded = np.dtype({"names": ["leaf", "value"], "formats": ["u1", "f8"], "offsets": [0, 8], "itemsize": 16})
    raw = np.zeros(32, dtype=np.uint8)
    first = raw.view(padded).copy()
    first["leaf"], first["value"] = 1, 0.5
    second = first.copy()
    second.view(np.uint8)[[3, 19]] = 255  # the same records, other bytes between their fields
    assert first.tobytes() != second.tobytes() and (first == second).all()
    calls = []

    @remembered
    def counted(nodes, model=None) -> int:
        calls.append(1)
        return len(nodes)

    counted(first)
    counted(second)
    assert len(calls) == 1
    third = first.copy()
    third["value"][1] = 0.25  # a field differs: a new computation
    counted(third)
    assert len(calls) == 2
    train, _ = poverty_classes.split_levels(load("poverty_levels"), 0)
    for seed in (0, 0, 1):  # two equal forests fitted afresh (not remembered), then another
        forest = poverty_classes.make_forest(seed).set_params(model__n_estimators=3)
        counted(first, forest.fit(poverty_classes.features(train), train[poverty_classes.TARGET]))
    assert len(calls) == 4


def test_arguments_that_share_an_object_match_arguments_that_do_not():
    """A model shares its column names' strings with the table it was fitted on; an equal model copied does not."""
    calls = []

    @remembered
    def joined(first: list, second: list) -> str:
        calls.append(1)
        return "".join(first + second)

    name = "".join(["house", "hold"])  # a string object of its own
    joined([name], [name])
    joined([name], ["".join(["house", "hold"])])
    assert len(calls) == 1
