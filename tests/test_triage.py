"""aitrain.triage (module 07): routing requests to departments, and how many to route automatically."""

import numpy as np
import pytest

from aitrain import triage


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
