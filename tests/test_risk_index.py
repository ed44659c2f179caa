"""The INFORM-style index functions of module 06."""

import numpy as np
import pandas as pd

from aitrain import risk_index


def test_normalise_runs_from_0_to_10_in_the_risk_direction():
    values = pd.Series([2.0, 4.0, 6.0])
    assert list(risk_index.normalise(values)) == [0, 5, 10]
    assert list(risk_index.normalise(values, higher_is_worse=False)) == [10, 5, 0]


def test_geometric_index_does_not_compensate():
    dims = pd.DataFrame({"hazard_exposure": [0.1, 5.0], "vulnerability": [10.0, 5.0], "lack_of_coping": [10.0, 5.0]})
    geometric = risk_index.geometric_index(dims)
    arithmetic = risk_index.arithmetic_index(dims)
    assert np.isclose(geometric[1], 5.0) and np.isclose(geometric[0], 10 ** (2 / 3) * 0.1 ** (1 / 3))
    assert arithmetic[0] > arithmetic[1] and geometric[0] < geometric[1]
    assert np.isclose(risk_index.geometric_index(dims, (1, 0, 0))[0], 0.1)


def test_dimension_weights_and_turnover():
    normalised = pd.DataFrame({name: [0.0, 10.0] for name in risk_index.INDICATORS})
    normalised["poverty_rate"] = [10.0, 0.0]
    dims = risk_index.dimension_scores(normalised, {"poverty_rate": 2})
    assert np.isclose(dims.loc[0, "vulnerability"], 10 * 2 / 4)
    assert risk_index.turnover(["a", "b", "c", "d"], ["a", "b", "x", "y"]) == 0.5
    index = pd.Series([3.0, 1.0, 2.0], index=["a", "b", "c"])
    assert list(risk_index.top_share(index, 2 / 3)) == ["a", "c"]
