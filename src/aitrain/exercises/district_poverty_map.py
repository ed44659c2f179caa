"""Exercises of module 04, district poverty maps with small area estimation."""

from functools import cache

import numpy as np
import pandas as pd

from aitrain import small_area
from aitrain.datasets import load
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    expect_array,
    expect_choice,
    expect_labelled,
    expect_percent,
    expect_series,
    reject_known,
    same_values,
)
from aitrain.i18n import N_, _


@cache
def _survey() -> pd.DataFrame:
    return load("district_survey")


@cache
def _map() -> pd.DataFrame:
    return small_area.poverty_map(load("districts"), _survey())


def _by_district(value, name: str) -> np.ndarray:
    """A Series with one value per district, returned in the order of the districts table."""
    series = expect_series(value, name, len(_map()))
    if set(series.index) != set(_map().index):
        raise Mistake(_("`{name}` should have one value per district, labelled by the district's name.").format(
                        name=name),
                      _("Group the survey by the `district` column."))
    return expect_array(series.reindex(_map().index), name)


def _check_direct(direct):
    values = _by_district(direct, "direct")
    truth = _map()["direct"]
    survey = _survey()
    reject_known(values, [
        Known(survey.groupby("district")["poor"].sum().reindex(truth.index),
              N_("These are counts of poor households, not shares."),
              N_("The share of poor households is the *mean* of the True/False column `poor`.")),
        Known(1 - truth, N_("These are the shares of households that are *not* poor."),
              N_("Use the `poor` column as it is.")),
    ])
    if np.nanmax(values) > 1:
        raise Mistake(_("Some values are above 1, so they are not shares of households."),
                      _("Average the True/False column `poor`, not `consumption_pc`."))
    if not same_values(values, truth):
        raise Mistake(_("These are not the shares of surveyed households that are poor in each district."),
                      _("Group by `district`, select the `poor` column, and take the mean."))
    return _("Each district now has a direct estimate, from its own surveyed households only.")


def _check_cv(cv):
    values = expect_labelled(cv, "cv", _map().index)
    table = _map()
    reject_known(values, [
        Known(table["se"], N_("This is the standard error, not yet the coefficient of variation."),
              N_("Divide the standard error by the estimate itself, `table['direct']`.")),
        Known(table["se"] ** 2 / table["direct"],
              N_("The square root is missing: p (1 - p) / n is the variance, not the standard error."),
              N_("Use `np.sqrt(...)` around the variance.")),
        Known(table["direct"] / table["se"], N_("The division is upside down."), N_("CV = standard error / estimate.")),
    ])
    if not same_values(values, table["cv"]):
        raise Mistake(_("`cv` is not right yet."),
                      _("First the standard error of each district's estimate (the formula above the exercise), "
                        "then divide it by the estimate itself."))
    return _("The smaller the sample, the larger the CV.")


def _check_gamma(gamma):
    values = expect_labelled(gamma, "gamma", _map().index)
    table = _map()
    sigma2_u = table.attrs["sigma2_u"]
    reject_known(values, [
        Known(1 - table["gamma"], N_("This is the weight of the regression prediction, not of the direct estimate."),
              N_("The direct estimate's weight is large when its variance `psi` is *small*.")),
        Known(sigma2_u / table["psi"], N_("Some weights are above 1: the denominator should add the two variances."),
              N_("Divide `sigma2_u` by `sigma2_u + psi`.")),
    ])
    if np.nanmin(values) < 0 or np.nanmax(values) > 1:
        raise Mistake(_("A shrinkage weight is between 0 and 1."), _("Divide `sigma2_u` by `sigma2_u + psi`."))
    if not same_values(values, table["gamma"]):
        raise Mistake(_("`gamma` is not right yet."),
                      _("Use the model variance `sigma2_u` and each district's sampling variance `table['psi']`."))
    return _("Districts with few surveyed households give little weight to their own survey.")


def _check_eblup(eblup):
    values = expect_labelled(eblup, "eblup", _map().index)
    table = _map()
    reject_known(values, [
        Known((1 - table["gamma"]) * table["direct"] + table["gamma"] * table["synthetic"],
              N_("The weights are swapped."),
              N_("`gamma` is the weight of the direct estimate; `1 - gamma` goes to the synthetic one.")),
        Known(table["gamma"] * table["direct"] + (table["gamma"] - 1) * table["synthetic"],
              N_("The synthetic estimate's weight has the wrong sign: the subtraction in it is the other way round."),
              N_("The two weights of a weighted average are both positive and add up to 1.")),
        Known((table["direct"] + table["synthetic"]) / 2,
              N_("This is a plain average: every district gets the same weights."),
              N_("Weight the direct estimate by `gamma` and the synthetic estimate by `1 - gamma`.")),
    ])
    if not same_values(values, table["eblup"]):
        raise Mistake(_("`eblup` is not right yet."),
                      _("A weighted average: the direct estimate weighted by `gamma`, the synthetic one by what is "
                        "left of 1."))
    return _("Each district's estimate now borrows strength from the census, as much as its survey needs.")


direct = Exercise(1, N_("direct estimates"), ["direct"], _check_direct,
                  N_("Group the survey by district and take the mean of the True/False column `poor` in each group."),
                  columns=("poor",))
cv = Exercise(2, N_("coefficient of variation"), ["cv"], _check_cv,
              [N_("Two steps for each district: first the standard error of its estimate (the formula above the "
                  "exercise), then that standard error divided by the estimate itself."),
               N_("`table['direct']` is p and `table['n']` is n; `np.sqrt(...)` takes the square root of a whole "
                  "column at once.")],
              columns=("direct", "n"))
gamma = Exercise(3, N_("shrinkage weights"), ["gamma"], _check_gamma,
                 [N_("A district's weight is large when its own sampling variance is small: the formula above the "
                     "exercise, one value per district."),
                  N_("The model variance `sigma2_u` is one number and the sampling variances are the column `psi` of "
                     "`table`; keep the sum in the denominator together with round brackets.")],
                 columns=("psi",))
eblup = Exercise(4, N_("the Fay-Herriot estimate"), ["eblup"], _check_eblup,
                 N_("A weighted average of two estimates, with weights gamma and 1 - gamma."),
                 columns=("gamma", "direct", "synthetic"))


# The policy path: decisions read off the notebook's tables, with their checks.

SHOWN = ("Bulak-1", "Chyrak-5", "Gulzar-3", "Mayli-5", "Yntymak-3", "Zhany-1")  # small samples, as in the table
READING = 1  # points of percent: how closely a value read off a table must match
ESTIMATES = (N_("direct"), N_("synthetic (census regression)"), N_("Fay-Herriot"))  # typed in any language
_COLUMNS = {"direct": "direct", "synthetic (census regression)": "synthetic", "Fay-Herriot": "eblup"}


def _check_least_reliable(least_reliable):
    choice = expect_choice(least_reliable, "least_reliable", SHOWN)
    shown = _map().loc[list(SHOWN)]
    worst = shown["cv"].idxmax()
    reject_known(choice, [
        Known(shown["direct"].idxmax(), N_("This district has the highest poverty rate, not the least reliable one."),
              N_("Compare the CV column, not the direct estimate.")),
        Known(shown["cv"].idxmin(), N_("This district has the *smallest* CV: its estimate is the most reliable of "
                                       "the six."),
              N_("A larger CV means a less reliable estimate.")),
    ], truth=worst)
    if choice != worst:
        raise Mistake(_("Another of the six districts has a less reliable estimate."),
                      _("Compare the CV column: the larger the CV, the less reliable the estimate."))
    return _("With a CV near 1, this district's figure is typically off by as much as its own value.")


def _check_bulak(bulak_fh_percent):
    value = expect_percent(bulak_fh_percent, "bulak_fh_percent")
    row = _map().loc["Bulak-6"]

    def near(a, b):
        return abs(a - b) <= READING

    reject_known(value, [
        Known(100 * row["direct"], N_("This is Bulak-6's direct estimate, from its 13 surveyed households."),
              N_("Read the Fay-Herriot column."), same=near),
        Known(100 * row["synthetic"], N_("This is the synthetic estimate, the census regression alone."),
              N_("Read the Fay-Herriot column."), same=near),
        Known(100 * row["gamma"], N_("This is Bulak-6's shrinkage weight, not an estimate."),
              N_("Read the Fay-Herriot column."), same=near),
    ])
    if not near(value, 100 * row["eblup"]):
        raise Mistake(_("`bulak_fh_percent` is not Bulak-6's Fay-Herriot estimate."),
                      _("Find the row of Bulak-6 and read the column `Fay-Herriot (%)`."))
    return _("The model keeps about a fifth of Bulak-6's own survey and takes the rest from the census.")


def rmse_small(estimate: str) -> float:
    """The distance to the true rates of one estimate, in districts with fewer than 20 surveyed households."""
    table = _map()
    small = table["n"] < 20
    return small_area.rmse(table.loc[small, _COLUMNS[estimate]], table.loc[small, "true_poverty_rate"])


def _check_publish(publish_small):
    choice = expect_choice(publish_small, "publish_small", ESTIMATES)
    best = min(ESTIMATES, key=rmse_small)
    reject_known(choice, [
        Known("direct", N_("The direct estimates are the furthest from the truth in small districts."),
              N_("Compare the three bars: the shortest is the closest to the truth.")),
        Known("synthetic (census regression)",
              N_("The census regression ignores what each district's own survey found."),
              N_("Compare the three bars again: one estimate is closer still.")),
    ], truth=best)
    return _("Publish the Fay-Herriot estimates, each with its CV.")


least_reliable = Exercise(1, N_("the least reliable district figure"), ["least_reliable"], _check_least_reliable,
                          [N_("The coefficient of variation (CV) measures how unreliable an estimate is."),
                           N_("In the table, find the district with the largest CV.")])
bulak = Exercise(2, N_("Bulak-6's Fay-Herriot estimate"), ["bulak_fh_percent"], _check_bulak,
                 [N_("The table has one row per district and one column per estimate."),
                  N_("Find the row of Bulak-6 and read the column `Fay-Herriot (%)`.")])
publish = Exercise(3, N_("which estimate to publish"), ["publish_small"], _check_publish,
                   [N_("The Ministry's rule: publish the estimate closest to the truth in small districts."),
                    N_("On the chart, the shortest bar is the estimate closest to the truth.")])
