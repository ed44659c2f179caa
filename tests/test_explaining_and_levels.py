"""Package functions behind modules 00, 01, 03 and 13: real data loaders, poverty levels, explanations."""

import numpy as np
import pandas as pd
import pytest

from aitrain import explaining, poverty_levels, scoping, targeting
from aitrain.datasets import load
from aitrain.datasets.generators.fertility import PARTICIPATING
from aitrain.feedback import Mistake, expect_text


def test_fertility_covers_the_participating_countries():
    fertility = load("fertility")
    assert set(PARTICIPATING) <= set(fertility["country"])
    assert fertility["fertility_rate"].notna().all() and fertility["year"].between(1960, 2013).all()


def test_gapminder_2007_regression():
    fit = scoping.fit_life_expectancy(scoping.countries_in(load("gapminder"), 2007))
    assert abs(fit.rsquared - 0.65) < 0.01 and abs(fit.params.iloc[1] - 7.2) < 0.05


def test_poverty_levels_are_four_unbalanced_levels():
    levels = load("poverty_levels")
    shares = levels["poverty_level"].value_counts(normalize=True).sort_index()
    assert list(shares.index) == [1, 2, 3, 4] and shares.idxmax() == 4
    assert set(poverty_levels.FEATURES) < set(levels.columns)


def test_declare_poorer_changes_only_what_is_asked():
    levels = load("poverty_levels").head(50)
    gamed = poverty_levels.declare_poorer(levels, extra_members=2)
    assert (gamed["household_size"] == levels["household_size"] + 2).all()
    assert (gamed["overcrowding"] >= levels["overcrowding"]).all()
    assert gamed["wall_condition"].equals(levels["wall_condition"])
    assert levels.equals(load("poverty_levels").head(50)), "the original table is not modified"


def test_contributions_of_a_linear_model_add_up():
    survey = load("household_survey")
    train, test = targeting.split_survey(survey, 0)
    model = targeting.fit_pmt(train)
    columns = explaining.formula_inputs()
    reference = test.head(200)
    household = test.iloc[300]
    contrib = explaining.contributions(model.predict, household, reference[columns], columns)
    gap = float(model.predict(household.to_frame().T.astype(reference.dtypes.to_dict())).iloc[0]
                - model.predict(reference).mean())
    assert abs(contrib["contribution"].sum() - gap) < 1e-6
    size = model.params["household_size"] * (household["household_size"] - reference["household_size"].mean())
    assert abs(contrib.loc["household_size", "contribution"] - size) < 1e-9
    reasons = explaining.reason_codes(contrib, reference)
    assert 1 <= len(reasons) <= 3 and all("recorded as" in r for r in reasons)


def test_formula_inputs_are_survey_columns():
    assert set(explaining.formula_inputs()) <= set(load("household_survey").columns)
    assert "floor" in explaining.formula_inputs() and "C(floor)" not in explaining.formula_inputs()


def test_expect_text():
    assert expect_text("rooms", "x") == "rooms"
    assert expect_text(np.str_("rooms"), "x") == "rooms"
    for wrong in (Ellipsis, 3.0, ["rooms"], pd.Series(["rooms"])):
        with pytest.raises(Mistake):
            expect_text(wrong, "x")
