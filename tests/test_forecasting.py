"""aitrain.forecasting (module 09): the seasonal-naive baseline, lag features known in time, backtests and
prediction intervals."""

import numpy as np
import pandas as pd
import pytest

from aitrain import forecasting
from aitrain.datasets import load


@pytest.fixture(scope="module")
def table():
    return forecasting.make_features(load("dengue_weekly"))


def test_add_time_counts_weeks_from_the_first():
    data = pd.DataFrame({"district": ["b", "a", "a"], "year": [2020, 2021, 2020], "week": [1, 2, 52]})
    timed = forecasting.add_time(data)
    assert timed["district"].tolist() == ["a", "a", "b"] and timed["t"].tolist() == [51, 53, 0]


def test_seasonal_naive_is_last_years_cases_of_the_same_district():
    dengue = forecasting.add_time(load("dengue_weekly"))
    naive = forecasting.seasonal_naive(dengue)
    one = dengue[dengue["district"] == dengue["district"].iloc[0]]
    assert naive[one.index[forecasting.SEASON]] == one["cases"].iloc[0]
    assert naive[one.index[: forecasting.SEASON]].isna().all()


def test_features_only_use_weeks_known_at_the_horizon(table):
    columns = forecasting.feature_columns(table)
    assert "log_cases_lag4" in columns and "log_cases_lag3" not in columns and "log_rain_lag4" in columns
    assert not table[columns + ["naive"]].isna().any().any()
    row = table.iloc[100]
    history = forecasting.add_time(load("dengue_weekly")).set_index(["district", "t"])["cases"]
    assert row["log_cases_lag4"] == pytest.approx(np.log1p(history[(row["district"], row["t"] - 4)]))


def test_backtest_forecasts_each_week_once_from_an_earlier_origin(table):
    results = forecasting.backtest(table, first_origin=4 * 52)
    assert (results["t"] >= results["origin"]).all() and (results["t"] < results["origin"] + 13).all()
    assert not results.duplicated(["district", "t"]).any() and (results["forecast"] >= 0).all()
    assert forecasting.mae(results["cases"], results["forecast"]) < forecasting.mae(results["cases"],
                                                                                    results["naive"])


def test_mae_intervals_and_coverage_on_known_numbers():
    assert forecasting.mae([1, 2, 3], [2, 2, 1]) == pytest.approx(1.0)
    errors = np.linspace(-1, 1, 101)
    calibration = pd.DataFrame({"cases": np.expm1(errors), "log_forecast": np.zeros(101)})
    low, high = forecasting.interval_quantiles(calibration, 0.8)
    assert (low, high) == (pytest.approx(-0.8), pytest.approx(0.8))
    bounds = forecasting.add_interval(pd.DataFrame({"log_forecast": [0.0, 3.0]}), (low, high))
    assert (bounds["lower"] <= np.expm1(bounds["log_forecast"])).all()
    assert (bounds["upper"] >= np.expm1(bounds["log_forecast"])).all() and (bounds["lower"] >= 0).all()
    assert forecasting.coverage([1, 5, 9], [0, 0, 0], [2, 6, 8]) == pytest.approx(2 / 3)
