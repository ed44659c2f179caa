"""A first model (module 01): life expectancy from income, a train/test split and a baseline, as plain functions."""

import numpy as np  # noqa: F401 (the formula's np.log is evaluated in this module)
import pandas as pd
import statsmodels.formula.api as smf
from sklearn.model_selection import train_test_split

# Natural logarithm: each 1-unit step is a 2.7-fold increase in GDP per capita.
LIFE_FORMULA = "lifeExp ~ np.log(gdpPercap)"
TEST_SHARE = 0.3


def countries_in(gapminder: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per country for one year."""
    return gapminder[gapminder["year"] == year].reset_index(drop=True)


def split_countries(countries: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training and test countries (70% / 30%), the same for the same seed."""
    return train_test_split(countries, test_size=TEST_SHARE, random_state=seed)


def fit_life_expectancy(countries: pd.DataFrame):
    """OLS of life expectancy (years) on the natural log of GDP per capita."""
    return smf.ols(LIFE_FORMULA, data=countries).fit()

