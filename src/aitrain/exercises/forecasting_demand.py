"""Exercises of module 09, forecasting demand for public services (weekly dengue cases)."""

from functools import cache

import numpy as np
import pandas as pd

from aitrain import forecasting
from aitrain.datasets import load
from aitrain.datasets.generators import dengue_weekly
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    expect_close,
    expect_number,
    expect_series,
    expect_share,
    reject_known,
    same_values,
)
from aitrain.i18n import N_, _

CALIBRATION_YEAR = 2024  # the backtest year whose errors set the interval width
EVALUATION_YEAR = 2025  # the year on which the interval is checked


def history(seed: int) -> pd.DataFrame:
    """The committed data for the default seed; another synthetic history for any other seed."""
    data = load("dengue_weekly") if int(seed) == dengue_weekly.SEED else dengue_weekly.generate(int(seed))
    return forecasting.add_time(data)


@cache
def _backtest(seed: int, horizon: int) -> pd.DataFrame:
    table = forecasting.make_features(history(seed), horizon)
    return forecasting.backtest(table, first_origin=4 * forecasting.SEASON)


def _check_lag(rain_6_weeks_before, seed):
    data = history(int(seed))
    lagged = expect_series(rain_6_weeks_before, "rain_6_weeks_before", len(data))
    if lagged.dtype.kind not in "biuf":
        raise Mistake(_("`rain_6_weeks_before` should hold rainfall in millimetres."),
                      _("Shift the column `rainfall_mm`."))
    values = lagged.to_numpy(dtype=float)
    rain = data.groupby("district")["rainfall_mm"]
    reject_known(values, [
        Known(rain.shift(-6).to_numpy(dtype=float),
              N_("This is the rainfall six weeks *after* each week: the forecast cannot know it yet."),
              N_("A positive shift moves values down the table, to later weeks."), tolerance=0),
        Known(data["rainfall_mm"].shift(6).to_numpy(dtype=float),
              N_("The first weeks of each district take the rainfall of the district above it in the table."),
              N_("Shift within each district: group by `district` first."), tolerance=0),
    ])
    if not same_values(values, rain.shift(6).to_numpy(dtype=float), tolerance=0):
        raise Mistake(_("This is not the rainfall of six weeks before, district by district."),
                      _("Group by `district`, select `rainfall_mm`, then `.shift(6)`."))
    return _("Rain that fell six weeks ago is known today, so a forecast can use it.")


def _check_naive(naive_mae, seed, horizon):
    value = expect_number(naive_mae, "naive_mae")
    bt = _backtest(int(seed), int(horizon))
    reject_known(value, [
        Known(float((bt["cases"] - bt["naive"]).mean()),
              N_("Errors above and below cancel out: this is the average error, not the average size of "
                 "the error."), N_("Take the absolute value of each error with `.abs()` before the mean."),
              tolerance=1e-6),
        Known(forecasting.mae(bt["cases"], bt["forecast"]),
              N_("This is the error of the model's forecast, not of the seasonal-naive one."),
              N_("Compare `cases` with the column `naive`."), tolerance=1e-6),
    ])
    expect_close(value, forecasting.mae(bt["cases"], bt["naive"]), 1e-6,
                 _("This is not the mean absolute error of the seasonal-naive forecast."),
                 _("Subtract `naive` from `cases`, take `.abs()`, then `.mean()`."))
    return _("Repeating last year is wrong by this many cases per district and week, on average.")


def _check_improvement(improvement, model_mae, naive_mae):
    value = expect_number(improvement, "improvement")
    model = expect_number(model_mae, "model_mae")
    naive = expect_number(naive_mae, "naive_mae")
    reject_known(value, [
        Known(model / naive, N_("This is the model's error as a share of the baseline's, not the reduction."),
              N_("The reduction is 1 minus that ratio.")),
        Known(naive - model, N_("This is the reduction in cases, not as a share of the baseline's error."),
              N_("Divide by `naive_mae`.")),
    ])
    expect_close(value, 1 - model / naive, 1e-9, _("This is not the share by which the model reduces the error."),
                 _("How much smaller is `model_mae` than `naive_mae`, as a share of `naive_mae`?"))
    return _("The model beats the honest baseline; that is the number to report, not its error alone.")


def _check_coverage(interval_coverage, evaluation):
    value = expect_number(interval_coverage, "interval_coverage")
    if type(evaluation) is not pd.DataFrame or not {"cases", "lower", "upper"} <= set(evaluation.columns):
        raise Mistake(_("`evaluation` has been changed."), _("Run the cells above again from the top."))
    cases, lower, upper = (evaluation[c].to_numpy(dtype=float) for c in ("cases", "lower", "upper"))
    inside = (cases >= lower) & (cases <= upper)
    reject_known(value, [
        Known(inside.sum(), N_("This is a count of weeks, not a share."), N_("Use `.mean()` instead of `.sum()`."),
              when=inside.sum() > 1),
    ])
    value = expect_share(value, "interval_coverage", truth=float(np.mean(inside)))
    reject_known(value, [
        Known(np.mean((cases >= lower) | (cases <= upper)),
              N_("Almost every week is above the lower bound *or* below the upper bound."),
              N_("A week is inside when it is above the lower bound *and* below the upper bound: use `&`.")),
    ])
    expect_close(value, float(np.mean(inside)), 1e-9, _("This is not the share of weeks inside the interval."),
                 _("Compare `cases` with `lower` and `upper`, combine with `&`, then take `.mean()`."))
    return _("Check the interval on weeks it was not built from: that is the only honest test.")


lag = Exercise(1, N_("a lagged rainfall feature"), ["rain_6_weeks_before", "seed"], _check_lag,
               N_("`table.groupby('district')['column'].shift(k)` moves each district's values k weeks later."),
               columns=("rainfall_mm",))
naive = Exercise(2, N_("the seasonal-naive baseline"), ["naive_mae", "seed", "horizon"], _check_naive,
                 N_("The mean absolute error is the average size of the errors, ignoring their sign."),
                 columns=("cases", "naive"))
improvement = Exercise(3, N_("the gain over the baseline"), ["improvement", "model_mae", "naive_mae"],
                       _check_improvement, N_("A reduction from 10 to 7 is a reduction of 30%, or 0.3."))
coverage = Exercise(4, N_("the coverage of the interval"), ["interval_coverage", "evaluation"], _check_coverage,
                    N_("The mean of a True/False column is the share of True values."),
                    columns=("cases", "lower", "upper"))
