"""aitrain.fraud (module 08): a fraud detector that ignores sensitive attributes, and flagging to capacity."""

import pandas as pd
import pytest

from aitrain import fraud


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


def test_flag_top_says_when_its_arguments_are_swapped():
    scores = pd.Series([0.1, 0.9, 0.5])
    assert fraud.flag_top(scores, 2).tolist() == [False, True, True]
    with pytest.raises(TypeError, match="swapped: give the scores first"):
        fraud.flag_top(2, scores)
