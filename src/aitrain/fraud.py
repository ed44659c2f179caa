"""Detecting fraudulent benefit claims (module 08), as plain functions other modules reuse.

A detector is a scikit-learn pipeline: the claim's logged features, scaled (numbers) or one-hot encoded
(the benefit), then a logistic regression. Sensitive attributes (region, minority language, age group, sex)
are not used as features; module 12 audits whether the detector's errors still differ between those groups.
"""

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from aitrain.datasets import load
from aitrain.i18n import _
from aitrain.memo import remembered

TEST_SHARE = 0.3
LABEL = "fraud"
NUMERIC = ["amount", "account_age_days", "claims_same_device", "claims_same_phone", "login_distance_km",
           "documents_uploaded", "claims_last_year"]
FLAGS = ["payout_account_changed", "night_submission"]
CATEGORIES = ["benefit"]
FEATURES = NUMERIC + FLAGS + CATEGORIES
SENSITIVE = ["region", "minority_language", "age_group", "female"]


def add_night(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims with a True/False column `night_submission` (submitted between midnight and 6 a.m.)."""
    return claims.assign(night_submission=claims["submission_hour"] < 6)


@remembered
def load_and_split(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training and test claims (70% / 30%, same share of fraud in each), the same for the same seed (read and
    split once per seed: modules 08, 12 and 15 and their checks ask again)."""
    claims = add_night(load("benefit_claims"))
    return train_test_split(claims, test_size=TEST_SHARE, random_state=seed, stratify=claims[LABEL])


def make_detector(class_weight: str | dict | None = "balanced") -> Pipeline:
    """An unfitted detector; `class_weight="balanced"` makes the rare fraud cases count as much as the rest."""
    columns = ColumnTransformer([
        # Counts, days, km and som are skewed: their logarithm works better in a linear model.
        ("numbers", Pipeline([("log", FunctionTransformer(np.log1p)), ("scale", StandardScaler())]), NUMERIC),
        ("flags", "passthrough", FLAGS),
        ("categories", OneHotEncoder(handle_unknown="ignore"), CATEGORIES),
    ])
    return Pipeline([("columns", columns),
                     ("model", LogisticRegression(class_weight=class_weight, max_iter=1000))])


@remembered
def fit_detector(train: pd.DataFrame, class_weight: str | dict | None = "balanced") -> Pipeline:
    """Fit a detector on training claims (the FEATURES columns and `fraud`), once per content of the claims."""
    return make_detector(class_weight).fit(train[FEATURES].astype({f: int for f in FLAGS}), train[LABEL])


def fraud_scores(detector: Pipeline, claims: pd.DataFrame) -> pd.Series:
    """The detector's score for each claim (its probability of fraud, 0 to 1)."""
    scores = detector.predict_proba(claims[FEATURES].astype({f: int for f in FLAGS}))[:, 1]
    return pd.Series(scores, index=claims.index, name="score")


def flag_top(scores: pd.Series, k: int) -> pd.Series:
    """True for the `k` claims with the highest scores: the ones investigators can check."""
    if isinstance(k, pd.Series | np.ndarray) and not isinstance(scores, pd.Series | np.ndarray):
        raise TypeError(_("The two arguments are swapped: give the scores first, then the number of claims to "
                          "check."))
    order = np.argsort(-scores.to_numpy(), kind="stable")
    flagged = np.zeros(len(scores), dtype=bool)
    flagged[order[:k]] = True
    return pd.Series(flagged, index=scores.index, name="flagged")


def precision_at_k(fraud: pd.Series, scores: pd.Series, k: int) -> float:
    """The share of fraud among the `k` claims with the highest scores."""
    return float(fraud.to_numpy()[flag_top(scores, k).to_numpy()].mean())
