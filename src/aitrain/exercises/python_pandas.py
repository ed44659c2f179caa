"""Exercises of module 00, Python and pandas for policy analysts (World Bank fertility data)."""

from functools import cache

import pandas as pd

from aitrain.datasets import load
from aitrain.datasets.generators.fertility import PARTICIPATING
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    expect_close,
    expect_frame,
    expect_number,
    expect_series,
    expect_share,
    reject_known,
    same_values,
)
from aitrain.i18n import N_, _


@cache
def _fertility() -> pd.DataFrame:
    return load("fertility")


def participating() -> pd.DataFrame:
    """The rows of the participating countries."""
    table = _fertility()
    return table[table["country"].isin(PARTICIPATING)]


def by_year(statistic: str) -> pd.Series:
    """A statistic ("mean", "max", ...) of the participating countries' fertility rates, year by year."""
    return participating().groupby("year")["fertility_rate"].agg(statistic)


def average_by_year() -> pd.Series:
    """The average fertility rate of the participating countries, year by year."""
    return by_year("mean")


def _check_latest_year(latest_year):
    year = expect_number(latest_year, "latest_year")
    years = _fertility()["year"]
    reject_known(year, [
        Known(years.min(), N_("This is the *first* year in the table."), N_("Which method gives the largest value?"),
              tolerance=0),
        *[Known(rows, N_("This is the number of rows, not a year."), N_("Look for the largest value in the column."),
                tolerance=0) for rows in (len(years), years.count())],
    ])
    expect_close(year, float(years.max()), 0, _("This is not the last year in the table."),
                 _("Select the column of years and take its largest value."))
    return _("The table ends in 2011; the World Bank had no values for later years in this release.")


def _check_ours_1960(ours_1960):
    table = expect_frame(ours_1960, "ours_1960", ["country", "year", "fertility_rate"])
    if not table["country"].isin(PARTICIPATING).all():
        raise Mistake(_("`ours_1960` holds countries that are not participating."),
                      _("Start from the table `ours`, not from `fertility`."))
    if not (table["year"] == 1960).all():
        raise Mistake(_("`ours_1960` holds rows for years other than 1960."),
                      _("Keep the rows where the `year` column equals 1960 (with `==`)."))
    if len(table) != len(PARTICIPATING):
        raise Mistake(_("`ours_1960` has {len_table} rows; it should have one per participating country.").format(
                        len_table=len(table)),
                      _("Filter `ours` on the year only."))
    return _("One row per participating country, all for 1960.")


def _check_average_by_year(average_by_year):
    truth = by_year("mean")
    series = expect_series(average_by_year, "average_by_year")
    if len(series) == len(PARTICIPATING):
        raise Mistake(_("`average_by_year` has one value per country, not one per year."),
                      _("Group by the column of years."))
    if len(series) != len(truth) or not series.index.equals(truth.index):
        raise Mistake(_("`average_by_year` should have one value per year ({len_truth} years).").format(
                        len_truth=len(truth)),
                      _("Start from `ours` and group by the column of years."))
    reject_known(series, [
        Known(by_year("max"), N_("These are the highest values of each year, not the averages."),
              N_("Use the method that gives an average.")),
        Known(by_year("sum"), N_("These are the totals of each year, not the averages."),
              N_("Use the method that gives an average.")),
        Known(_fertility().groupby("year")["fertility_rate"].mean(),
              N_("These are the averages of all countries in the table, not only the participating ones."),
              N_("Start from `ours`, the participating countries.")),
    ])
    if not same_values(series.astype(float), truth):
        raise Mistake(_("These are not the average fertility rates of the participating countries."),
                      _("Select the `fertility_rate` column after grouping, then average it."))
    return _("One average per year: now we can see the trend.")


ROUNDING = 0.005  # exercise 4 is about the idea of a relative decline: values read off rounded are fine


def _check_decline_share(decline_share, first_year, last_year):
    truth = average_by_year()
    old, new = truth[first_year], truth[last_year]
    value = expect_number(decline_share, "decline_share")
    reject_known(value, [
        Known(old - new, N_("This is the fall in births per woman, not a share of the starting level."),
              N_("Divide the fall by the average of the first year."), tolerance=ROUNDING),
        Known(new / old, N_("This is the share of the starting level that *remains* at the end, not the share that "
                            "was lost."), N_("Subtract it from 1."), tolerance=ROUNDING),
        Known(1 - old / new, N_("The ratio is upside down: you divided the old level by the new one."),
              N_("Divide the new level by the old one, then subtract from 1."), tolerance=ROUNDING),
    ])
    share = expect_share(value, "decline_share", truth=1 - new / old)
    expect_close(share, 1 - new / old, ROUNDING, _("This is not the share by which the average fell."),
                 _("Read the averages of {first_year} and {last_year} from `average_by_year`: 1 minus the ratio of "
                   "the new to the old.").format(first_year=first_year, last_year=last_year))
    return _("Fertility fell by more than half in two generations.")


latest_year = Exercise(1, N_("the last year"), ["latest_year"], _check_latest_year,
                       [N_("The last year is the largest value in the column of years."),
                        N_("Select the `year` column of `fertility` with square brackets, then use the method that "
                          "gives the largest value (the notebook used `.min()` for the smallest).")],
                       columns=("year",))
ours_1960 = Exercise(2, N_("filtering rows"), ["ours_1960"], _check_ours_1960,
                     [N_("Keep the rows of `ours` whose year is 1960: a condition inside square brackets."),
                      N_("Write it like the Mongolia example above: the table, then in square brackets the condition "
                        "on its `year` column, with `==`.")],
                     columns=("year",))
average = Exercise(3, N_("grouping"), ["average_by_year"], _check_average_by_year,
                   [N_("Group the rows of `ours` by year, then average the fertility rate in each group."),
                    N_("`groupby(...)` with the column to group by, then the column to average in square brackets, "
                      "then `.mean()`.")],
                   columns=("fertility_rate",))
decline = Exercise(4, N_("quantifying the decline"), ["decline_share", "first_year", "last_year"],
                   _check_decline_share,
                   [N_("A fall from 6 to 3 is a decline of 1 - 3/6 = 0.5, that is 50%."),
                    N_("Read the two values of `average_by_year` by their years, in square brackets, and use them "
                      "as 6 and 3 are used in the example.")])
