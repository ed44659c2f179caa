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
    close,
    expect_choice,
    expect_close,
    expect_number,
    expect_series,
    expect_share,
    other_column,
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
        Known(rain.shift(6).to_numpy(dtype=float) / 100,
              N_("`rain_6_weeks_before` is 100 times too small, as if divided by 100."),
              N_("Keep the rainfall in millimetres, as the column holds it.")),
        Known(rain.shift(6).to_numpy(dtype=float) * 100,
              N_("`rain_6_weeks_before` is 100 times too large, as if multiplied by 100."),
              N_("Keep the rainfall in millimetres, as the column holds it.")),
    ])
    if not same_values(values, rain.shift(6).to_numpy(dtype=float), tolerance=0):
        raise Mistake(_("This is not the rainfall of six weeks before, district by district."),
                      _("Shift each district's rainfall on its own: group the table by district first, then "
                        "shift the rainfall column."))
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
    wrong_column = other_column(("cases", "lower", "upper"), ("interval_coverage",)) \
        if not close(value, float(np.mean(inside))) else None
    if wrong_column is not None:  # before the rows below, which its value may match
        raise wrong_column
    reject_known(value, [
        Known(np.mean((cases >= lower) | (cases <= upper)),
              N_("Almost every week is above the lower bound *or* below the upper bound."),
              N_("A week is inside when it is above the lower bound *and* below the upper bound: use `&`.")),
        *[Known(np.mean(one), N_("`interval_coverage` compares the cases with one bound only; a week inside the "
                                 "interval is also within the other bound."),
                N_("Write both comparisons, each in round brackets, and combine them with `&`."),
                when=not np.array_equal(one, inside))
          for one in (cases >= lower, cases <= upper)],
    ])
    expect_close(value, float(np.mean(inside)), 1e-9, _("This is not the share of weeks inside the interval."),
                 _("A week is inside when it is within both bounds; the mean of True/False values is a share."))
    return _("Check the interval on weeks it was not built from: that is the only honest test.")


lag = Exercise(1, N_("a lagged rainfall feature"), ["rain_6_weeks_before", "seed"], _check_lag,
               [N_("A lag moves each district's rainfall down its own rows by a number of weeks, so that each week "
                   "holds the rain of an earlier one."),
                N_("Group the table by its `district` column with `.groupby(...)`, select the rainfall column, then "
                   "`.shift(...)` it by the number of weeks asked for.")],
               columns=("rainfall_mm",))
naive = Exercise(2, N_("the seasonal-naive baseline"), ["naive_mae", "seed", "horizon"], _check_naive,
                 N_("The mean absolute error is the average size of the errors, ignoring their sign."),
                 columns=("cases", "naive"))
improvement = Exercise(3, N_("the gain over the baseline"), ["improvement", "model_mae", "naive_mae"],
                       _check_improvement, N_("A reduction from 10 to 7 is a reduction of 30%, or 0.3."))
coverage = Exercise(4, N_("the coverage of the interval"), ["interval_coverage", "evaluation"], _check_coverage,
                    N_("The mean of a True/False column is the share of True values."),
                    columns=("cases", "lower", "upper"))


# The policy path: values read off the charts and the printed errors (aitrain.base.path_cells).

DELAYS = range(0, 13)  # the delays (weeks) the chart of links shows
PLANS = ("lower bound", "forecast", "upper bound")


@cache
def links(seed) -> pd.Series:
    """For each delay in weeks, the correlation of unusual rain with unusual cases that many weeks later."""
    dengue = history(int(seed))
    logs = np.log1p(dengue[["cases", "rainfall_mm"]])
    unusual = logs - logs.groupby([dengue["district"], dengue["week"]]).transform("mean")
    return pd.Series([unusual["cases"].corr(unusual.groupby(dengue["district"])["rainfall_mm"].shift(k))
                      for k in DELAYS], index=list(DELAYS))


def _check_strongest_delay(strongest_delay, seed, horizon):
    delay = expect_number(strongest_delay, "strongest_delay")
    link = links(int(seed))
    best = int(link.idxmax())
    reject_known(delay, [
        Known(float(link.max()), N_("This is the height of the tallest bar (a correlation); the question asks for its "
                                    "delay, in weeks."),
              N_("Read the delay on the horizontal axis, below the tallest bar."), tolerance=0.02),
        Known(float(horizon), N_("This is how far ahead the Ministry forecasts, not the delay of the strongest link."),
              N_("Find the tallest bar and read its delay on the horizontal axis."), when=abs(int(horizon) - best) > 1),
        Known(0, N_("Rain does not bring dengue the same week: the bar at 0 is low."),
              N_("Find the tallest bar and read its delay on the horizontal axis."), when=best > 1),
    ])
    if delay != int(delay) or not 0 <= delay <= max(DELAYS):
        raise Mistake(_("`strongest_delay` should be a whole number of weeks, from 0 to 12."),
                      _("Read the delay on the horizontal axis, below the tallest bar."))
    if abs(delay - best) > 1:
        raise Mistake(_("The bar at {delay:g} weeks is not the tallest.").format(delay=delay),
                      _("Compare the heights of all the bars and find the tallest."))
    return _("Rain that fell two months ago is already known today: a forecast can use it.")


def _check_error_cut(error_cut, seed, horizon):
    results = _backtest(int(seed), int(horizon))
    naive_error = forecasting.mae(results["cases"], results["naive"])
    model_error = forecasting.mae(results["cases"], results["forecast"])
    truth = 100 * (1 - model_error / naive_error)
    if abs(expect_number(error_cut, "error_cut") - truth / 100) < 0.005:
        raise Mistake(_("`error_cut` is a share between 0 and 1; the question asks for a percentage."),
                      _("Multiply the share by 100."))
    value = expect_number(error_cut, "error_cut")
    reject_known(value, [
        Known(100 * model_error / naive_error, N_("This is the model's error as a percentage of the baseline's: the "
                                                  "share that is left, not the share removed."),
                   N_("Subtract it from 100."), tolerance=1),
        Known(naive_error - model_error, N_("This is the difference in cases per week, not a percentage of the "
                                            "baseline's error."),
              N_("Divide the difference by the baseline's error, then multiply by 100."), tolerance=0.2,
              when=abs(naive_error - model_error - truth) > 2),
        Known(100 * (naive_error / model_error - 1), N_("This compares with the model's error; the question is how "
                                                        "much of the *baseline's* error the model removes."),
              N_("Divide the difference by the baseline's error (the larger number)."), tolerance=1,
              when=abs(100 * (naive_error / model_error - 1) - truth) > 3),
    ])
    if abs(value - truth) > 2:
        raise Mistake(_("{value:g}% is not how much smaller the model's error is than the baseline's.").format(
                        value=value),
                      _("Subtract the model's error from the baseline's, divide by the baseline's error, and multiply "
                        "by 100."))
    return _("The model is worth its cost only because it beats the simple baseline.")


def _check_stock_plan(stock_plan):
    plan = expect_choice(stock_plan, "stock_plan", list(PLANS))
    reject_known(plan, [
        Known("forecast", N_("The actual cases are above the forecast in about half of the weeks: the kits would run "
                             "short every other week."),
              N_("Only one number of the interval is exceeded in just 1 week in 10.")),
        Known("lower bound", N_("The actual cases are above the lower bound in about 9 weeks in 10."),
              N_("Only one number of the interval is exceeded in just 1 week in 10.")),
    ], truth="upper bound")
    return _("Planning on the top of the range costs some unused kits, and keeps the shortages rare.")


strongest_delay = Exercise(1, N_("the delay of the strongest link"), ["strongest_delay", "seed", "horizon"],
                           _check_strongest_delay,
                           [N_("Each bar is one delay: its height is how closely unusual rain goes with unusual cases "
                               "that many weeks later."),
                            N_("Find the tallest bar and read its delay on the horizontal axis.")],
                           # a bar next to the tallest is the same reading: the two are nearly as tall
                           same_answer=lambda delay, best: abs(delay - best) <= 1)
error_cut = Exercise(2, N_("how much the model cuts the error"), ["error_cut", "seed", "horizon"], _check_error_cut,
                     [N_("The question is what share of the baseline's error the model removes."),
                      N_("Take the difference between the two errors, divide it by the baseline's error, and multiply "
                         "by 100.")])
stock_plan = Exercise(3, N_("the number to plan the test kits on"), ["stock_plan"], _check_stock_plan,
                      [N_("An 80% interval leaves 1 week in 10 below it and 1 week in 10 above it."),
                       N_("The kits run short only in the weeks when the cases are above the number you plan on.")])
