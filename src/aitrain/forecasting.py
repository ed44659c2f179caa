"""Forecasting weekly counts (module 09): seasonal-naive baseline, lag features, rolling-origin backtest,
and prediction intervals from backtest errors. Plain functions that later modules can reuse."""

import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge

from aitrain.memo import remembered

SEASON = 52  # weeks in a year (the data use a 52-week calendar)
HORIZON = 4  # forecast four weeks ahead: time to move staff, test kits and spraying teams
CASE_LAGS = (0, 1, 2, 3)  # weeks before the most recent known week
RAIN_LAGS = (0, 1, 2, 3, 4, 5, 6)


def add_time(data: pd.DataFrame) -> pd.DataFrame:
    """Sort by district and week and add `t`, the week number counted from the first week of the data."""
    data = data.sort_values(["district", "year", "week"]).reset_index(drop=True)
    return data.assign(t=(data["year"] - data["year"].min()) * SEASON + data["week"] - 1)


def seasonal_naive(data: pd.DataFrame) -> pd.Series:
    """The forecast 'same week last year': each district's cases shifted by one season."""
    return data.groupby("district")["cases"].shift(SEASON)


def make_features(data: pd.DataFrame, horizon: int = HORIZON) -> pd.DataFrame:
    """Features known `horizon` weeks before each week: recent cases, last year's cases, recent rainfall and
    the time of year. Counts and rainfall enter as log(1 + x), because epidemics grow by multiplication."""
    data = add_time(data)
    by_district = data.groupby("district")
    features = pd.DataFrame({"season_sin": np.sin(2 * np.pi * (data["week"] - 1) / SEASON),
                             "season_cos": np.cos(2 * np.pi * (data["week"] - 1) / SEASON)})
    for lag in CASE_LAGS:
        features[f"log_cases_lag{horizon + lag}"] = np.log1p(by_district["cases"].shift(horizon + lag))
    features["log_cases_last_year"] = np.log1p(by_district["cases"].shift(SEASON))
    for lag in RAIN_LAGS:
        features[f"log_rain_lag{horizon + lag}"] = np.log1p(by_district["rainfall_mm"].shift(horizon + lag))
    table = pd.concat([data, features], axis=1).assign(naive=seasonal_naive(data))
    return table.dropna().reset_index(drop=True)


def feature_columns(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if c.startswith(("log_", "season_"))]


def fit_model(train: pd.DataFrame, alpha: float = 1.0) -> Ridge:
    """Ridge regression of log(1 + cases) on the features."""
    return Ridge(alpha=alpha).fit(train[feature_columns(train)], np.log1p(train["cases"]))


@remembered
def backtest(table: pd.DataFrame, first_origin: int, step: int = 13, alpha: float = 1.0) -> pd.DataFrame:
    """Rolling-origin backtest: at each origin, refit on every week before it, then forecast the next `step`
    weeks (each `horizon` weeks ahead, as the features allow). Returns one row per district and week.
    Computed once per content of the table and settings (module 09's checks and hidden tests ask again)."""
    blocks = []
    for origin in range(first_origin, int(table["t"].max()) + 1, step):
        train = table[table["t"] < origin]
        test = table[(table["t"] >= origin) & (table["t"] < origin + step)]
        log_forecast = fit_model(train, alpha).predict(test[feature_columns(test)])
        blocks.append(test[["district", "year", "week", "t", "cases", "naive"]].assign(
            origin=origin, log_forecast=log_forecast, forecast=np.clip(np.expm1(log_forecast), 0, None)))
    return pd.concat(blocks, ignore_index=True)


def mae(actual, predicted) -> float:
    """Mean absolute error, in the unit of the data (cases per week)."""
    return float(np.mean(np.abs(np.asarray(actual, dtype=float) - np.asarray(predicted, dtype=float))))


def interval_quantiles(calibration: pd.DataFrame, level: float = 0.8) -> tuple[float, float]:
    """Quantiles of past log errors (actual minus forecast) that bound a central `level` share of them."""
    errors = np.log1p(calibration["cases"]) - calibration["log_forecast"]
    tail = (1 - level) / 2
    return float(np.quantile(errors, tail)), float(np.quantile(errors, 1 - tail))


def add_interval(forecasts: pd.DataFrame, quantiles: tuple[float, float]) -> pd.DataFrame:
    """Add `lower` and `upper` bounds (cases) to forecasts, from the error quantiles."""
    low, high = quantiles
    return forecasts.assign(lower=np.clip(np.expm1(forecasts["log_forecast"] + low), 0, None),
                            upper=np.expm1(forecasts["log_forecast"] + high))


def coverage(actual, lower, upper) -> float:
    """Share of actual values inside their interval."""
    actual = np.asarray(actual, dtype=float)
    return float(np.mean((actual >= np.asarray(lower)) & (actual <= np.asarray(upper))))
