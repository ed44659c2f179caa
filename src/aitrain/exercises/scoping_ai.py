"""Exercises of module 01, scoping an AI project: a baseline, a first model and a test set (Gapminder 2007)."""

from functools import cache

import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_error

from aitrain import scoping
from aitrain.datasets import load
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    close,
    expect_choice,
    expect_close,
    expect_frame,
    expect_number,
    expect_reading,
    reject_known,
)
from aitrain.i18n import N_, _


@cache
def _countries():
    return scoping.countries_in(load("gapminder"), 2007)


@cache
def _split(seed: int):
    return scoping.split_countries(_countries(), seed)


def _check_baseline(baseline_prediction, seed):
    value = expect_number(baseline_prediction, "baseline_prediction")
    train, test = _split(int(seed))
    reject_known(value, [
        Known(test["lifeExp"].mean(), N_("This average uses the *test* countries, which the baseline must not see."),
              N_("A fair baseline is built from the training countries only.")),
        Known(train["lifeExp"].median(), N_("This is the median, not the average."), N_("Use `.mean()`.")),
        Known(_countries()["lifeExp"].mean(), N_("This average uses all countries, including the test countries."),
              N_("Use the `train` table only.")),
    ])
    expect_close(value, float(train["lifeExp"].mean()), 1e-9, _("This is not the average life expectancy of the "
                  "training countries."), _("Select the `lifeExp` column of `train` and take its `.mean()`."))
    return _("The baseline predicts the same number for every country.")


def _check_baseline_mae(baseline_mae, seed):
    value = expect_number(baseline_mae, "baseline_mae")
    train, test = _split(int(seed))
    guess = float(train["lifeExp"].mean())
    reject_known(value, [
        Known(float((test["lifeExp"] - guess).mean()), N_("Positive and negative errors cancel out in this average."),
              N_("Take the absolute value of each error with `.abs()` before the mean."),
              same=lambda answer, signed_mean: answer < 0 or close(answer, signed_mean)),
        Known(mean_absolute_error(train["lifeExp"], np.full(len(train), guess)),
              N_("This is the error on the *training* countries."), N_("Measure the error on `test`.")),
    ])
    expect_close(value, mean_absolute_error(test["lifeExp"], np.full(len(test), guess)), 1e-9,
                 _("This is not the baseline's mean absolute error on the test countries."),
                 _("Subtract `baseline_prediction` from `test['lifeExp']`, take `.abs()`, then `.mean()`."))
    return _("Guessing the average is wrong by about ten years for a typical country.")


def _check_slope(slope, r_squared):
    value = expect_number(slope, "slope")
    r2 = expect_number(r_squared, "r_squared")
    right = scoping.fit_life_expectancy(_countries())
    if value < 0.01:
        raise Mistake(_("This slope is tiny: it is years per *dollar* of GDP per capita."),
                      _("Use the logarithm of income in the formula: `np.log(gdpPercap)`."))
    reject_known(value, [
        Known(right.params.iloc[1] * np.log(10), N_("This slope uses the base-10 logarithm."),
              N_("Use the natural logarithm, `np.log`."), tolerance=1e-6),
        Known(right.params.iloc[0], N_("This is the intercept, not the slope."),
              N_("Take the coefficient of `np.log(gdpPercap)`."), tolerance=1e-6),
    ])
    expect_close(value, float(right.params.iloc[1]), 1e-6, _("This is not the slope of the model on all 2007 "
                  "countries."), _("Fit on `countries_2007` and read the coefficient of `np.log(gdpPercap)`."))
    expect_close(r2, float(right.rsquared), 1e-6, _("`r_squared` is not the model's R\u00b2."),
                 _("The fitted model has an attribute `.rsquared`."))
    return _("About 7 more years of life expectancy for each 2.7-fold increase in income.")


def _check_model_mae(model_mae, seed):
    value = expect_number(model_mae, "model_mae")
    train, test = _split(int(seed))
    model = scoping.fit_life_expectancy(train)
    reject_known(value, [
        Known(mean_absolute_error(train["lifeExp"], model.predict(train)),
              N_("This is the error on the *training* countries, which the model has already seen."),
              N_("Predict for `test` and compare with `test['lifeExp']`.")),
        Known(lambda: mean_absolute_error(test["lifeExp"], scoping.fit_life_expectancy(_countries()).predict(test)),
              N_("This model was fitted on all countries, including the test countries."),
              N_("Use `model`, fitted on `train` only.")),
        Known(float((test["lifeExp"] - model.predict(test)).mean()),
              N_("Positive and negative errors cancel out in this average."),
              N_("Take the size of each error (its absolute value) before the mean.")),
    ])
    expect_close(value, mean_absolute_error(test["lifeExp"], model.predict(test)), 1e-9,
                 _("This is not the model's mean absolute error on the test countries."),
                 _("Compare the predictions for the test countries with their actual life expectancy: the average "
                  "size of the differences."))
    return _("The model roughly halves the baseline's error.")


FIRST_WAVE = 5


def _top(scores: pd.Series, ascending: bool = False) -> set[str]:
    table = scoping.proposals()
    return set(table.loc[scores.sort_values(ascending=ascending, kind="stable").index[:FIRST_WAVE], "id"])


def wave_ids(first_wave) -> set[str]:
    """The ids of the proposals in `first_wave`: names or ids, in a list, a column or the selected rows."""
    table = scoping.proposals()
    if isinstance(first_wave, pd.DataFrame):
        first_wave = first_wave["id"] if "id" in first_wave.columns else first_wave.index.map(table["id"])
    if isinstance(first_wave, pd.Series) and first_wave.dtype == bool:
        raise Mistake(_("`first_wave` is a column of True/False values, not the chosen proposals."),
                      _("Sort the table by `priority` and keep the first rows."))
    if not pd.api.types.is_list_like(first_wave) or isinstance(first_wave, dict):
        raise Mistake(_("`first_wave` should hold the proposals chosen: a list, a column or the rows of the table."),
                      _("Sort `ranked` by `priority`, keep the first {n} rows, and take their `id` column.").format(
                          n=FIRST_WAVE))
    by_name = dict(zip(table["proposal"], table["id"], strict=True))
    ids = {by_name.get(str(v), str(v)) for v in first_wave}
    if not ids <= set(table["id"]):
        raise Mistake(_("`first_wave` holds values that are neither ids nor names of proposals."),
                      _("Take the `id` column (or the `proposal` column) of the rows you keep."))
    return ids


def _check_roadmap(ranked, first_wave):
    table = expect_frame(ranked, "ranked", ["id", "value", "feasibility", "risk"])
    if "priority" not in table.columns:
        raise Mistake(_("`ranked` has no column `priority` yet."),
                      _("Create it with `ranked[\"priority\"] = ...`: value plus feasibility minus risk."))
    right = scoping.priority(scoping.proposals())
    if len(table) != len(right) or set(table["id"]) != set(scoping.proposals()["id"]):
        raise Mistake(_("`ranked` should still have one row per proposal ({n}).").format(n=len(right)),
                      _("Add the column to the whole table; filter and sort later, into `first_wave`."))
    table = table.set_index("id").loc[scoping.proposals()["id"]]  # in the original order, even if sorted
    given = pd.to_numeric(table["priority"], errors="coerce").to_numpy(dtype=float)
    reject_known(given, [
        Known((table["value"] + table["feasibility"]).to_numpy(dtype=float),
              N_("`priority` leaves out the risk."),
              N_("A risky proposal should rank lower: subtract `risk`.")),
        Known((table["value"] + table["feasibility"] + table["risk"]).to_numpy(dtype=float),
              N_("`priority` adds the risk, so the riskiest proposals rank highest."),
              N_("Subtract `risk` instead of adding it.")),
        Known((table["risk"] - table["value"] - table["feasibility"]).to_numpy(dtype=float),
              N_("`priority` has the signs the wrong way round."),
              N_("Value and feasibility raise the priority; risk lowers it.")),
    ], truth=right.to_numpy(dtype=float))
    if not np.allclose(given, right.to_numpy(dtype=float), equal_nan=False):
        raise Mistake(_("`priority` is not value plus feasibility minus risk."),
                      _("Combine the three columns of `ranked`: `value` + `feasibility` - `risk`."))
    chosen = wave_ids(first_wave)
    table_right = scoping.proposals()
    reject_known(chosen, [
        Known(lambda: _top(right, ascending=True), N_("`first_wave` holds the proposals with the *lowest* priority."),
              N_("Sort from the highest priority down: `ascending=False`.")),
        Known(lambda: _top(table_right["value"] + table_right["feasibility"]),
              N_("`first_wave` is ranked without the risk."), N_("Rank by the `priority` column.")),
        Known(lambda: _top(table_right["value"]), N_("`first_wave` is ranked by value alone."),
              N_("Rank by the `priority` column.")),
    ], truth=_top(right))
    if len(chosen) != FIRST_WAVE:
        raise Mistake(_("`first_wave` holds {count} proposals; the first wave has {n}.").format(
                        count=len(chosen), n=FIRST_WAVE),
                      _("Keep the first {n} rows after sorting: `.head({n})`.").format(n=FIRST_WAVE))
    if chosen != _top(right):
        raise Mistake(_("`first_wave` is not the {n} proposals with the highest priority.").format(n=FIRST_WAVE),
                      _("Sort `ranked` by `priority` from the highest down, then keep the first {n} rows.").format(
                          n=FIRST_WAVE))
    return _("Routing requests, hospital forecasts, road damage, dengue warnings and energy savings come first: "
             "useful, feasible and low in risk.")


baseline = Exercise(1, N_("a baseline"), ["baseline_prediction", "seed"], _check_baseline,
                    N_("The simplest prediction is the average of the training countries."),
                    columns=("lifeExp",))
baseline_mae = Exercise(2, N_("the baseline's error"), ["baseline_mae", "seed"], _check_baseline_mae,
                        N_("The mean absolute error is the average size of the errors, ignoring their sign."),
                        columns=("lifeExp",))
slope = Exercise(3, N_("a first model"), ["slope", "r_squared"], _check_slope,
                 [N_("The fitted model holds the intercept, the slope and the R\u00b2."),
                  N_("`fit.params` lists the intercept and the slope by name; the R\u00b2 is an attribute of `fit` "
                    "too (see the summary above).")],
                 columns=("np.log(gdpPercap)",))
model_mae = Exercise(4, N_("the model's error on new countries"), ["model_mae", "seed"], _check_model_mae,
                     N_("Compare predictions for the test countries with their actual life expectancy."),
                     columns=("lifeExp",))
roadmap = Exercise(5, N_("a roadmap from twenty proposals"), ["ranked", "first_wave"], _check_roadmap,
                   [N_("Each proposal's priority is its value plus its feasibility minus its risk; the first wave is "
                       "the five with the highest priority."),
                    N_("Add a column to the copy with `ranked[\"priority\"] = ...`; then sort the rows by it from "
                       "the highest down (`.sort_values` has an option for the order) and keep the first five with "
                       "`.head(...)`.")],
                   columns=("priority", "id", "risk", "value", "feasibility"))


# The policy path: readings off the charts and the director's ranking rule (aitrain.base.path_cells).

LINE_READING = 2.5  # years: how closely a value read off the line must match
ERROR_READING = 1.0  # years: how closely a bar's height must be read
RULES = ("value alone", "value and feasibility", "value, feasibility and risk")
HIGH_RISK = 4


def _line_at(*incomes: float) -> list[float]:
    return list(scoping.fit_life_expectancy(_countries()).predict({"gdpPercap": list(incomes)}))


def _check_read_line(years_at_1000, years_at_10000):
    low = expect_number(years_at_1000, "years_at_1000")
    high = expect_number(years_at_10000, "years_at_10000")
    at_1000, at_10000 = _line_at(1000, 10000)

    def near(value, target):
        return abs(value - target) <= LINE_READING

    reject_known((low, high), [
        Known((at_10000, at_1000), N_("The two readings are swapped: the line is higher at the larger income."),
              N_("`years_at_1000` is read above 1,000 on the horizontal axis, `years_at_10000` above 10,000."),
              same=lambda value, wrong: near(value[0], wrong[0]) and near(value[1], wrong[1])),
        Known((at_1000, at_1000), N_("`years_at_10000` is the line's height at 1,000 dollars, not at 10,000."),
              N_("Each labelled step of the horizontal axis multiplies the income: find the label 10,000."),
              same=lambda value, wrong: near(value[1], wrong[1])),
        Known((at_10000, at_10000), N_("`years_at_1000` is the line's height at 10,000 dollars, not at 1,000."),
              N_("Each labelled step of the horizontal axis multiplies the income: find the label 1,000."),
              same=lambda value, wrong: near(value[0], wrong[0])),
    ])
    for value, target, name, income in ((low, at_1000, "years_at_1000", "1,000"),
                                        (high, at_10000, "years_at_10000", "10,000")):
        if not 0 < value < 120:
            raise Mistake(_("`{name}` is not a life expectancy in years.").format(name=name),
                          _("Read the height of the blue line on the vertical axis, in years."))
        if not near(value, target):
            raise Mistake(_("`{name}` is not the blue line's height at {income} dollars.").format(
                            name=name, income=income),
                          _("Find {income} on the horizontal axis, go straight up to the blue line (not to a "
                            "country's dot), and read its height on the vertical axis.").format(income=income))
    return _("Ten times the income goes with about 17 more years on the line: an average, not a promise for any "
             "one country.")


def _test_errors(seed) -> tuple[float, float, float]:
    """The baseline's prediction and the test errors (years) of the baseline and of the model."""
    train, test = _split(int(seed))
    guess = float(train["lifeExp"].mean())
    baseline = mean_absolute_error(test["lifeExp"], np.full(len(test), guess))
    return guess, baseline, mean_absolute_error(test["lifeExp"], scoping.fit_life_expectancy(train).predict(test))


def _check_read_errors(baseline_error, model_error, seed):
    baseline = expect_number(baseline_error, "baseline_error")
    model = expect_number(model_error, "model_error")
    guess, true_baseline, true_model = _test_errors(seed)

    def near(value, target):
        return abs(value - target) <= ERROR_READING

    reject_known((baseline, model), [
        Known((true_model, true_baseline), N_("The two bars are swapped."),
              N_("The orange bar is the baseline; the blue bar is the model."),
              same=lambda value, wrong: near(value[0], wrong[0]) and near(value[1], wrong[1])),
        Known((guess, None), N_("`baseline_error` is the baseline's prediction (the dashed line of the left chart), "
                                "not its error."),
              N_("The errors are on the right chart: read the height of the orange bar."),
              same=lambda value, wrong: abs(value[0] - wrong[0]) <= 2),
    ])
    expect_reading(baseline, true_baseline, near,
                   _("`baseline_error` is not the height of the orange bar."),
                      _("On the right chart, go across from the top of the orange bar to the vertical axis and read "
                        "the number of years."))
    expect_reading(model, true_model, near,
                   _("`model_error` is not the height of the blue bar."),
                      _("On the right chart, go across from the top of the blue bar to the vertical axis and read "
                        "the number of years."))
    return _("The model roughly halves the baseline's error on countries it has not seen.")


def _wave(rule: str) -> pd.DataFrame:
    table = scoping.proposals()
    scores = {RULES[0]: table["value"], RULES[1]: table["value"] + table["feasibility"],
              RULES[2]: scoping.priority(table)}[rule]
    return table.loc[scores.sort_values(ascending=False, kind="stable").index[:FIRST_WAVE]]


def best_rule() -> str:
    """The rule whose first wave has no high-risk proposal and, among those, the most value."""
    allowed = [(-_wave(rule)["value"].sum(), RULES.index(rule), rule) for rule in RULES
               if not (_wave(rule)["risk"] >= HIGH_RISK).any()]
    return min(allowed)[2]


def _check_ranking_rule(ranking_rule):
    choice = expect_choice(ranking_rule, "ranking_rule", RULES)
    best = best_rule()
    reject_known(choice, [
        Known(rule, N_("The first wave of '{rule}' holds a proposal with a risk of 4 or 5."),
              N_("Look at the column 'risk 4 or 5': the director allows none."), fields={"rule": rule})
        if (_wave(rule)["risk"] >= HIGH_RISK).any() else
        Known(rule, N_("'{rule}' keeps to the director's rule, but another rule that keeps to it gives more value."),
              N_("Among the rules with 0 in 'risk 4 or 5', take the one with the most total value."),
              fields={"rule": rule})
        for rule in RULES if rule != best
    ], truth=best)
    return _("Ranked without the risk, the proxy means test would be in the first wave: the rule decides "
             "which risks a ministry takes first.")


read_line = Exercise(1, N_("reading the model's line"), ["years_at_1000", "years_at_10000"], _check_read_line,
                     [N_("The blue line is the model: its height above an income is the life expectancy it "
                         "predicts."),
                      N_("Find the income on the horizontal axis (a log scale: 1,000, then 10,000), go straight up "
                         "to the blue line, and read its height on the vertical axis.")])
read_errors = Exercise(2, N_("reading the errors off the chart"), ["baseline_error", "model_error", "seed"],
                       _check_read_errors,
                       [N_("The right chart shows the average error of each prediction, in years."),
                        N_("Go across from the top of each bar to the vertical axis: orange for the baseline, blue "
                           "for the model.")])
ranking_rule = Exercise(3, N_("the director's ranking rule"), ["ranking_rule"], _check_ranking_rule,
                        [N_("Apply the director's rule in two steps: first the risk, then the value."),
                         N_("Cross out the rules with a proposal of risk 4 or 5 in their first wave; among the "
                            "others, take the one with the most total value.")])
