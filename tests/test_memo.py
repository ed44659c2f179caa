"""aitrain.memo: a remembered helper computes once per content of its arguments and hands out copies."""

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
