"""aitrain.targeting (module 02): the proxy means test, selecting the lowest scores, and targeting errors."""

import numpy as np
import pandas as pd
import pytest

from aitrain import targeting
from aitrain.datasets import load


def test_select_lowest_takes_the_lowest_scores_in_a_stable_order():
    scores = pd.Series([3.0, 1.0, 2.0, 1.0, 5.0], index=list("abcde"))
    selected = targeting.select_lowest(scores, 0.4)
    assert selected.index.equals(scores.index) and selected.name == "selected"
    assert selected.tolist() == [False, True, False, True, False]
    assert targeting.select_lowest(scores, 0.2).tolist() == [False, True, False, False, False]  # first of a tie
    assert not targeting.select_lowest(scores, 0.0).any() and targeting.select_lowest(scores, 1.0).all()


def test_targeting_errors_are_exclusion_then_inclusion():
    poor = pd.Series([True, True, True, True, False, False])
    selected = pd.Series([True, True, True, False, True, False])
    exclusion, inclusion = targeting.targeting_errors(poor, selected)
    assert exclusion == pytest.approx(1 / 4) and inclusion == pytest.approx(1 / 4)
    assert targeting.targeting_errors(poor, poor) == (0.0, 0.0)


def test_error_curve_has_one_row_per_coverage_and_fewer_exclusions_with_more_coverage():
    rng = np.random.default_rng(0)
    scores = pd.Series(rng.normal(size=500))
    poor = scores + rng.normal(0, 0.5, 500) < -0.8
    curve = targeting.error_curve(poor, scores, [0.1, 0.2, 0.4])
    assert curve.columns.tolist() == ["coverage", "exclusion_error", "inclusion_error"]
    assert curve["coverage"].tolist() == [0.1, 0.2, 0.4]
    assert curve["exclusion_error"].is_monotonic_decreasing


def test_split_and_proxy_means_test_on_the_survey():
    survey = load("household_survey")
    train, test = targeting.split_survey(survey, 7)
    assert len(test) == round(0.3 * len(survey)) and not set(train.index) & set(test.index)
    assert targeting.split_survey(survey, 7)[1].index.equals(test.index)
    model = targeting.fit_pmt(train)
    predicted = model.predict(test)
    r2 = 1 - ((np.log(test["consumption_pc"]) - predicted) ** 2).sum() / \
        ((np.log(test["consumption_pc"]) - np.log(test["consumption_pc"]).mean()) ** 2).sum()
    assert 0.35 < r2 < 0.65  # the survey is calibrated so that the test explains about half the variance


def test_term_names_read_the_models_terms_in_the_readers_words():
    from aitrain import i18n

    terms = ["Intercept", "C(floor)[T.tiles]", "owns_fridge[T.True]", "C(region)[T.East]", "household_size"]
    assert list(targeting.term_names(terms)) == ["intercept (the reference household)", "floor: tiles", "owns_fridge",
                                                 "region: East", "household_size"]
    try:
        i18n.use_language("ru")
        russian = list(targeting.term_names(terms))
    finally:
        i18n.use_language("en")
    assert russian == ["свободный член (эталонное домохозяйство)", "floor: плитка", "owns_fridge", "region: Восточный",
                       "household_size"]  # the column a participant types stays as it is


def test_the_formula_shown_in_02_is_the_one_the_model_uses():
    """02 shows the formula as code in a Markdown cell (not printed): it must not drift from PMT_FORMULA."""
    import json
    from pathlib import Path

    notebook = json.loads(Path(__file__).parents[1].joinpath(
        "solutions/02-proxy-means-test/02-proxy-means-test.ipynb").read_text(encoding="utf-8"))
    shown = [" ".join("".join(cell["source"]).split()) for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
    assert any(" ".join(targeting.PMT_FORMULA.split()) in text for text in shown)
