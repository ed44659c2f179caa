"""aitrain.multidimensional (module 02): Alkire-Foster deprivations, the weighted score, and H, A and M0."""

import pandas as pd
import pytest

from aitrain import multidimensional
from aitrain.datasets import load


def _household(**changes):
    row = {"head_education_years": 10, "floor": "tiles", "roof": "concrete", "household_size": 4, "rooms": 2,
           "electricity": True, "piped_water": True, "flush_toilet": True, "owns_tv": True, "owns_fridge": True,
           "owns_mobile": True, "owns_motorbike": False, "owns_car": False}
    return {**row, **changes}


def test_weights_add_up_to_one_and_three_dimensions_weigh_the_same():
    weights = multidimensional.weights()
    assert weights.sum() == pytest.approx(1.0)
    dimensions = pd.Series({name: dim for name, (dim, _points) in multidimensional.INDICATORS.items()})
    assert weights.groupby(dimensions).sum().tolist() == pytest.approx([1 / 3] * 3)


def test_a_household_deprived_only_in_schooling_is_poor_at_exactly_one_third():
    survey = pd.DataFrame([_household(), _household(head_education_years=3), _household(electricity=False)])
    score = multidimensional.deprivation_score(survey)
    assert score.tolist() == [0.0, 1 / 3, 1 / 12]
    headcount, intensity, m0 = multidimensional.alkire_foster(score, 1 / 3)
    assert (headcount, intensity, m0) == (pytest.approx(1 / 3), pytest.approx(1 / 3), pytest.approx(1 / 9))


def test_assets_and_overcrowding_follow_their_definitions():
    survey = pd.DataFrame([_household(owns_tv=False, owns_fridge=False), _household(owns_tv=False, owns_fridge=False,
                           owns_car=True), _household(household_size=7, rooms=2)])
    deprived = multidimensional.deprivations(survey)
    assert deprived["assets"].tolist() == [True, False, False]
    assert deprived["overcrowding"].tolist() == [False, False, True]


def test_m0_is_the_mean_of_the_censored_score_and_nobody_poor_gives_zero():
    score = pd.Series([0.0, 0.25, 0.5, 1.0])
    headcount, intensity, m0 = multidimensional.alkire_foster(score, 0.4)
    assert m0 == pytest.approx(score.where(score >= 0.4, 0).mean())
    assert (headcount, intensity) == (0.5, 0.75)
    assert multidimensional.alkire_foster(score, 1.5) == (0.0, 0.0, 0.0)


def test_on_the_survey_the_index_is_broader_than_consumption_poverty():
    survey = load("household_survey")
    headcount, intensity, _m0 = multidimensional.alkire_foster(multidimensional.deprivation_score(survey), 1 / 3)
    assert survey["poor"].mean() < headcount < 0.5 and 0.4 < intensity < 0.7
