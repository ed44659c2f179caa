"""Exercises of module 00, Python and pandas for policy analysts (World Bank fertility data)."""

from functools import cache

import pandas as pd

from aitrain.datasets import load
from aitrain.datasets.generators.fertility import PARTICIPATING
from aitrain.feedback import (
    Exercise,
    Mistake,
    close,
    expect_close,
    expect_frame,
    expect_number,
    expect_series,
    expect_share,
    same_values,
)


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
    if year == years.min():
        raise Mistake("This is the *first* year in the table.", "Which method gives the largest value?")
    if year == len(years) or year == years.count():
        raise Mistake("This is the number of rows, not a year.", "Look for the largest value in the column.")
    expect_close(year, float(years.max()), 0, "This is not the last year in the table.",
                 "Select the `year` column and take its largest value.")
    return "The table ends in 2011; the World Bank had no values for later years in this release."


def _check_ours_1960(ours_1960):
    table = expect_frame(ours_1960, "ours_1960", ["country", "year", "fertility_rate"])
    if not table["country"].isin(PARTICIPATING).all():
        raise Mistake("`ours_1960` holds countries that are not participating.",
                      "Start from the table `ours`, not from `fertility`.")
    if not (table["year"] == 1960).all():
        raise Mistake("`ours_1960` holds rows for years other than 1960.",
                      "Keep the rows where the `year` column equals 1960 (with `==`).")
    if len(table) != len(PARTICIPATING):
        raise Mistake(f"`ours_1960` has {len(table)} rows; it should have one per participating country.",
                      "Filter `ours` on the year only.")
    return "One row per participating country, all for 1960."


def _check_average_by_year(average_by_year):
    truth = by_year("mean")
    series = expect_series(average_by_year, "average_by_year")
    if len(series) == len(PARTICIPATING):
        raise Mistake("`average_by_year` has one value per country, not one per year.",
                      "Group by the `year` column.")
    if len(series) != len(truth) or not series.index.equals(truth.index):
        raise Mistake(f"`average_by_year` should have one value per year ({len(truth)} years, 1960 to 2011).",
                      "Start from `ours` and group by `year`.")
    if same_values(series, by_year("max")):
        raise Mistake("These are the highest values of each year, not the averages.", "Use `.mean()`.")
    if not same_values(series, truth):
        raise Mistake("These are not the average fertility rates of the participating countries.",
                      "Select the `fertility_rate` column after grouping, then take `.mean()`.")
    return "One average per year: now we can see the trend."


def _check_decline_share(decline_share):
    truth = average_by_year()
    value = expect_number(decline_share, "decline_share")
    if close(value, truth[1960] - truth[2011]):
        raise Mistake("This is the fall in births per woman, not a share of the 1960 level.",
                      "Divide the fall by the 1960 average.")
    if close(value, truth[2011] / truth[1960]):
        raise Mistake("This is the share of the 1960 level that *remains* in 2011, not the share that was lost.",
                      "Subtract it from 1.")
    share = expect_share(value, "decline_share")
    expect_close(share, 1 - truth[2011] / truth[1960], 1e-9, "This is not the share by which the average fell.",
                 "Use `average_by_year[1960]` and `average_by_year[2011]`: 1 minus the ratio of the new to the old.")
    return "Fertility fell by more than half in two generations."


latest_year = Exercise(1, "the last year", ["latest_year"], _check_latest_year,
                       "`fertility['year'].max()` gives the largest value of a column.")
ours_1960 = Exercise(2, "filtering rows", ["ours_1960"], _check_ours_1960,
                     "A filter looks like `table[table['column'] == value]`.")
average = Exercise(3, "grouping", ["average_by_year"], _check_average_by_year,
                   "`table.groupby('a')['b'].mean()` gives the mean of column b for each value of column a.")
decline = Exercise(4, "quantifying the decline", ["decline_share"], _check_decline_share,
                   "A fall from 6 to 3 is a decline of 1 - 3/6 = 0.5, that is 50%.")
