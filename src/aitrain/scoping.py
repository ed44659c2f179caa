"""Module 01: a first model (life expectancy from income, a split and a baseline) and the twenty proposals."""

import numpy as np  # noqa: F401 (the formula's np.log is evaluated in this module)
import pandas as pd
import statsmodels.formula.api as smf
from sklearn.model_selection import train_test_split

from aitrain.i18n import N_, _

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



# Module 01's twenty proposals: (ministry, proposal, value, feasibility, risk), each scored 1 (low) to 5 (high) by
# the Agency's panel. Value: people helped and money saved; feasibility: data, skills and a simple baseline exist;
# risk: harm to people when the system is wrong (rights, benefits, liberty).
PROPOSALS = (
    (N_("Tax Committee"), N_("Chatbot answering questions on the tax portal"), 3, 4, 2),
    (N_("Education Inspectorate"), N_("Ranking schools for inspection"), 4, 3, 3),
    (N_("Ministry of Health"), N_("Forecasting hospital admissions for winter staffing"), 4, 4, 1),
    (N_("Ministry of Social Protection"), N_("Proxy means test for the cash transfer"), 5, 3, 5),
    (N_("Ministry of Social Protection"), N_("Flagging benefit claims for fraud review"), 4, 3, 5),
    (N_("Digital Government Agency"), N_("Routing citizens' requests to the right department"), 4, 5, 1),
    (N_("Ministry of Public Works"), N_("Finding road damage in drone images"), 4, 4, 2),
    (N_("Ministry of Health"), N_("Early warning of dengue outbreaks by district"), 5, 3, 2),
    (N_("Ministry of Interior"), N_("Facial recognition at border posts"), 3, 2, 5),
    (N_("Ministry of Justice"), N_("Translating forms into minority languages"), 3, 4, 2),
    (N_("Ministry of Labour"), N_("Scoring job seekers' chances of finding work"), 3, 3, 4),
    (N_("Ministry of Energy"), N_("Saving energy in public buildings from sensor data"), 3, 4, 1),
    (N_("Statistics Office"), N_("Poverty map from satellite images"), 4, 3, 2),
    (N_("Tax Committee"), N_("Predicting which taxpayers will pay late"), 3, 4, 3),
    (N_("National Archives"), N_("Reading handwritten archive records"), 2, 4, 1),
    (N_("Ministry of Interior"), N_("Predicting crime hotspots for police patrols"), 3, 2, 5),
    (N_("Parliament Office"), N_("Summarising comments from public consultations"), 3, 4, 2),
    (N_("Ministry of Social Protection"), N_("Automatic decisions on disability allowances"), 4, 2, 5),
    (N_("Ministry of Education"), N_("Early warning of pupils dropping out of school"), 4, 3, 3),
    (N_("Ministry of Social Protection"), N_("Chatbot answering questions on social benefits"), 4, 3, 3),
)


def proposals() -> pd.DataFrame:
    """The twenty proposals in the course's language: id, ministry, proposal, value, feasibility, risk."""
    rows = [(f"P{i:02d}", _(ministry), _(proposal), value, feasible, risk)
            for i, (ministry, proposal, value, feasible, risk) in enumerate(PROPOSALS, start=1)]
    return pd.DataFrame(rows, columns=["id", "ministry", "proposal", "value", "feasibility", "risk"])


def priority(table: pd.DataFrame) -> pd.Series:
    """The roadmap's score: value plus feasibility minus risk."""
    return table["value"] + table["feasibility"] - table["risk"]
