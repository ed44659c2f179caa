"""Module 05's helpers: features on a log scale, spatial folds that keep provinces whole, share found."""

import numpy as np
import pandas as pd

from aitrain import satellite


def test_features_and_spatial_folds():
    villages = pd.DataFrame({
        "night_lights": [0.0, 1.0, 3.0, 0.0] * 5, "distance_to_road_km": [1.0, 2.0, 4.0, 8.0] * 5,
        "building_density": [1.0, 2.0, 3.0, 4.0] * 5, "vegetation": [0.2, 0.3, 0.4, 0.5] * 5,
        "population_density": [10.0, 20.0, 40.0, 80.0] * 5, "consumption_pc": [1000.0, 2000.0, 3000.0, 4000.0] * 5,
    })
    X = satellite.feature_table(villages)
    assert list(X.columns) == satellite.FEATURES and X["log_night_lights"].iloc[0] == 0
    provinces = np.repeat(list("ABCDEFGHIJ"), 2)
    for train, test in satellite.spatial_cv().split(X, groups=provinces):
        assert not set(provinces[train]) & set(provinces[test])


def test_share_found():
    actual = np.arange(10.0)
    assert satellite.share_found(actual, actual, 0.2) == 1.0
    assert satellite.share_found(-actual, actual, 0.2) == 0.0
    assert satellite.share_found(np.array([0, 9, 1, 8, 2, 7, 3, 6, 4, 5.0]), actual, 0.2) == 0.5
