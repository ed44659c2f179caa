"""Routing citizen requests to departments (module 07), as plain functions other modules reuse.

A router is a scikit-learn pipeline: TF-IDF over the words of the text followed by a multinomial logistic
regression. Its confidence in a request is the
probability of the department it predicts; requests below a confidence threshold go to a person.
"""

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split
from sklearn.pipeline import Pipeline

from aitrain.datasets import load
from aitrain.memo import remembered

TEST_SHARE = 0.25
TEXT, LABEL = "text", "department"


def load_and_split(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training and test requests (75% / 25%, same share of each department), the same for the same seed."""
    requests = load("citizen_requests")
    return train_test_split(requests, test_size=TEST_SHARE, random_state=seed, stratify=requests[LABEL])


def make_router(analyzer: str = "word", ngram_range: tuple[int, int] = (1, 1), C: float = 1.0) -> Pipeline:
    """An unfitted router: TF-IDF over words (or `analyzer="char_wb"`: fragments of words) and logistic
    regression."""
    return Pipeline([
        ("tfidf", TfidfVectorizer(analyzer=analyzer, ngram_range=ngram_range, sublinear_tf=True, min_df=2,
                                  lowercase=True)),
        ("model", LogisticRegression(C=C, solver="newton-cg", max_iter=1000)),
    ])


@remembered
def fit_router(train: pd.DataFrame, **options) -> Pipeline:
    """Fit a router on training requests (columns `text` and `department`)."""
    return make_router(**options).fit(train[TEXT], train[LABEL])


def route(router: Pipeline, texts: pd.Series) -> pd.DataFrame:
    """The predicted department of each text and the router's confidence in it (its probability, 0 to 1)."""
    probabilities = router.predict_proba(texts)
    best = probabilities.argmax(axis=1)
    index = texts.index if isinstance(texts, pd.Series) else None
    return pd.DataFrame({"predicted": router.classes_[best], "confidence": probabilities.max(axis=1)},
                        index=index)


@remembered
def cross_validated_routes(train: pd.DataFrame, seed: int, folds: int = 5, **options) -> pd.DataFrame:
    """Routes for the training requests, each predicted by a router that did not see it (cross-validation)."""
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    router = make_router(**options)
    probabilities = cross_val_predict(router, train[TEXT], train[LABEL], cv=cv, method="predict_proba")
    classes = np.unique(train[LABEL])
    return pd.DataFrame({"predicted": classes[probabilities.argmax(axis=1)],
                         "confidence": probabilities.max(axis=1)}, index=train.index)


def automation_curve(confidence, correct, thresholds=None) -> pd.DataFrame:
    """For each threshold: the share of requests routed automatically and the precision among them."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    if thresholds is None:
        thresholds = np.round(np.arange(0.0, 1.0, 0.01), 2)
    rows = []
    for t in thresholds:
        auto = confidence >= t
        precision = float(correct[auto].mean()) if auto.any() else np.nan
        rows.append((float(t), float(auto.mean()), precision))
    return pd.DataFrame(rows, columns=["threshold", "auto_share", "precision"])


def threshold_for_precision(confidence, correct, target: float = 0.95, thresholds=None) -> float:
    """The lowest confidence threshold at which the automatically routed requests reach `target` precision."""
    curve = automation_curve(confidence, correct, thresholds)
    good = curve[curve["precision"] >= target]
    if good.empty:
        return 1.0
    return float(good["threshold"].min())
