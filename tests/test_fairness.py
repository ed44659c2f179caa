"""aitrain.fairness (module 12): auditing a selection by group, and cut-offs that equalise recall."""

import numpy as np
import pandas as pd
import pytest

from aitrain import fairness


def test_equal_recall_cutoffs_keep_the_budget_and_equalise_recall():
    rng = np.random.default_rng(0)
    groups = pd.Series(np.where(rng.random(4000) < 0.3, "town", "village"))
    scores = pd.Series(rng.normal(0, 1, 4000) + np.where(groups == "town", 0.8, 0.0))
    poor = scores + rng.normal(0, 0.5, 4000) < -0.5
    cutoffs = fairness.equal_recall_cutoffs(scores, poor, groups, scores, groups, 0.2)
    selected = fairness.select_below(scores, groups, cutoffs)
    assert selected.mean() == pytest.approx(0.2, abs=0.005)
    assert fairness.gap(fairness.audit(poor, selected, groups), "recall") < 0.02
