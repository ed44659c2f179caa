"""The model-building functions of modules 07, 08 and 12 (aitrain.triage, aitrain.fraud, aitrain.fairness)."""

import numpy as np
import pandas as pd
import pytest

from aitrain import fairness, fraud, triage
from aitrain.feedback import Mistake, expect_choice


def test_automation_curve_and_threshold():
    confidence = np.array([0.2, 0.4, 0.6, 0.8, 0.9])
    correct = np.array([False, True, False, True, True])
    curve = triage.automation_curve(confidence, correct, thresholds=[0.0, 0.5, 0.7])
    assert curve["auto_share"].tolist() == [1.0, 0.6, 0.4]
    assert curve["precision"].tolist() == pytest.approx([0.6, 2 / 3, 1.0])
    assert triage.threshold_for_precision(confidence, correct, 0.95) == pytest.approx(0.61)


def test_router_routes_every_request_to_a_known_department():
    train, test = triage.load_and_split(2026)
    assert len(test) == 1500 and set(train[triage.LABEL]) == set(test[triage.LABEL])
    routes = triage.route(triage.fit_router(train), test[triage.TEXT])
    assert routes.index.equals(test.index)
    assert routes["confidence"].between(0.1, 1).all()
    assert (routes["predicted"] == test[triage.LABEL]).mean() > 0.8


def test_flag_top_and_precision_at_k():
    scores = pd.Series([0.9, 0.1, 0.8, 0.3], index=[10, 11, 12, 13])
    is_fraud = pd.Series([True, False, False, True], index=scores.index)
    assert fraud.flag_top(scores, 2).tolist() == [True, False, True, False]
    assert fraud.precision_at_k(is_fraud, scores, 2) == 0.5


def test_detector_ignores_sensitive_attributes():
    assert not set(fraud.FEATURES) & set(fraud.SENSITIVE)
    train, test = fraud.load_and_split(2026)
    scores = fraud.fraud_scores(fraud.fit_detector(train), test.drop(columns=fraud.SENSITIVE))
    assert scores.between(0, 1).all() and len(scores) == len(test)


def test_equal_recall_cutoffs_keep_the_budget_and_equalise_recall():
    rng = np.random.default_rng(0)
    groups = pd.Series(np.where(rng.random(4000) < 0.3, "town", "village"))
    scores = pd.Series(rng.normal(0, 1, 4000) + np.where(groups == "town", 0.8, 0.0))
    poor = scores + rng.normal(0, 0.5, 4000) < -0.5
    cutoffs = fairness.equal_recall_cutoffs(scores, poor, groups, scores, groups, 0.2)
    selected = fairness.select_below(scores, groups, cutoffs)
    assert selected.mean() == pytest.approx(0.2, abs=0.005)
    assert fairness.gap(fairness.audit(poor, selected, groups), "recall") < 0.02


def test_expect_choice():
    assert expect_choice(" Recall ", "m", ["recall", "accuracy"]) == "recall"
    with pytest.raises(Mistake):
        expect_choice(1, "m", ["recall"])
    with pytest.raises(Mistake):
        expect_choice("precision", "m", ["recall"])
