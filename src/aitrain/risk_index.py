"""An INFORM-style composite risk index (module 06), as plain functions.

Following the INFORM Risk Index (Marin-Ferrer, Vernaccini and Poljansek 2017): each indicator is rescaled to
0 (least risk) to 10 (most risk); indicators are averaged, with weights, into three dimensions (hazard and
exposure, vulnerability, lack of coping capacity); and the dimensions are combined by a geometric mean,
Risk = HE^(1/3) x V^(1/3) x LCC^(1/3), so that a commune with no hazard, or with no vulnerability, has
little risk whatever its other scores. The full INFORM model has more levels and rules; this keeps its core.
"""

import numpy as np
import pandas as pd

# For each dimension, its indicators and whether a higher value means more risk (True) or less (False).
DIMENSIONS = {
    "hazard_exposure": {
        "flood_exposed_share": True,
        "cyclone_wind_kmh": True,
        "landslide_susceptibility": True,
        "drought_months_per_decade": True,
    },
    "vulnerability": {
        "poverty_rate": True,
        "dependency_ratio": True,
        "nondurable_housing_share": True,
    },
    "lack_of_coping": {
        "travel_time_health_min": True,
        "early_warning_coverage": False,
        "shelter_places_per_1000": False,
        "all_weather_road_share": False,
    },
}
INDICATORS = [name for indicators in DIMENSIONS.values() for name in indicators]


def normalise(values: pd.Series, higher_is_worse: bool = True) -> pd.Series:
    """Min-max rescaling to 0 (least risk) to 10 (most risk)."""
    low, high = values.min(), values.max()
    scaled = 10 * (values - low) / (high - low)
    return scaled if higher_is_worse else 10 - scaled


def normalised_indicators(communes: pd.DataFrame) -> pd.DataFrame:
    """Every indicator on the 0-10 risk scale."""
    return pd.DataFrame({name: normalise(communes[name], worse)
                         for indicators in DIMENSIONS.values() for name, worse in indicators.items()})


def dimension_scores(normalised: pd.DataFrame, weights: dict | None = None) -> pd.DataFrame:
    """Weighted mean of each dimension's indicators (equal weights unless `weights` gives some)."""
    weights = weights or {}
    scores = {}
    for dimension, indicators in DIMENSIONS.items():
        w = pd.Series({name: weights.get(name, 1.0) for name in indicators})
        scores[dimension] = normalised[list(indicators)] @ (w / w.sum())
    return pd.DataFrame(scores)


def geometric_index(dimensions: pd.DataFrame, dimension_weights=(1, 1, 1)) -> pd.Series:
    """Weighted geometric mean of the three dimension scores, on 0-10."""
    w = np.asarray(dimension_weights, float)
    w = w / w.sum()
    logs = np.log(np.maximum(dimensions[list(DIMENSIONS)].to_numpy(dtype=float), 1e-9))  # numpy: run 500 times
    return pd.Series(np.exp(logs @ w), index=dimensions.index, name="risk")


def arithmetic_index(dimensions: pd.DataFrame, dimension_weights=(1, 1, 1)) -> pd.Series:
    """Weighted arithmetic mean of the three dimension scores, on 0-10 (high scores compensate low ones)."""
    w = np.asarray(dimension_weights, float)
    return (dimensions[list(DIMENSIONS)] @ (w / w.sum())).rename("risk")


def top_share(index: pd.Series, share: float = 0.1) -> pd.Index:
    """The labels of the highest-risk `share` of communes (ties broken by order)."""
    k = int(round(share * len(index)))
    return index.sort_values(ascending=False, kind="stable").index[:k]


def turnover(top_a, top_b) -> float:
    """Share of list A that is not in list B (lists of equal length): 0 same list, 1 no overlap."""
    return 1 - len(set(top_a) & set(top_b)) / len(top_a)


def random_weight_scenarios(n: int, seed: int, concentration: float = 10.0) -> np.ndarray:
    """n sets of three dimension weights, scattered around equal weights (Dirichlet distribution)."""
    return np.random.default_rng(seed).dirichlet([concentration] * 3, size=n)
