"""Classifying households into four poverty levels (module 03), as plain functions module 13 reuses.

Two models on the same observable characteristics: a multinomial logistic regression and a random forest,
each a scikit-learn pipeline that one-hot encodes the dwelling conditions and the region.
"""

import numpy as np
import pandas as pd
from joblib import parallel_config
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_validate, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from aitrain.memo import remembered

TARGET = "poverty_level"
LEVELS = {1: "extreme", 2: "moderate", 3: "vulnerable", 4: "non-vulnerable"}
CATEGORICAL = ["region", "wall_condition", "roof_condition", "floor_condition"]
NUMERIC = [
    "urban", "household_size", "children", "elderly", "head_female", "head_age", "head_education_years",
    "adult_education_mean", "rooms", "overcrowding", "electricity", "piped_water", "flush_toilet", "owns_fridge",
    "owns_tv", "owns_computer", "owns_tablet", "owns_car", "mobile_phones",
]
FEATURES = CATEGORICAL + NUMERIC
TEST_SHARE = 0.3
FOLDS = 5


def features(table: pd.DataFrame) -> pd.DataFrame:
    """The observable characteristics a model may use (True/False as 1/0)."""
    x = table[FEATURES].copy()
    for column in NUMERIC:
        x[column] = x[column].astype(float)
    return x


def split_levels(table: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training and test households (70% / 30%), with the same share of each level in both."""
    return train_test_split(table, test_size=TEST_SHARE, random_state=seed, stratify=table[TARGET])


def _encoder(scale: bool) -> ColumnTransformer:
    numeric = StandardScaler() if scale else "passthrough"
    return ColumnTransformer([("categories", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
                              ("numbers", numeric, NUMERIC)])


def make_logit() -> Pipeline:
    """Multinomial logistic regression on standardised features."""
    return Pipeline([("encode", _encoder(scale=True)), ("model", LogisticRegression(max_iter=2000))])


def make_forest(seed: int) -> Pipeline:
    """A random forest of 50 trees, leaves of at least 10 households, half the features tried at each split."""
    forest = RandomForestClassifier(n_estimators=50, min_samples_leaf=10, max_features=0.5, random_state=seed,
                                    n_jobs=1)
    return Pipeline([("encode", _encoder(scale=False)), ("model", forest)])


def one_thread():
    """Run linear algebra on one thread: on these small tables it is faster, above all on a busy machine."""
    return threadpool_limits(limits=1, user_api="blas")


def two_at_a_time():
    """Compute independent pieces of work (cross-validation folds, the columns of a permutation importance) two
    at a time, in threads: each piece is computed as it would be alone, so the numbers are the same."""
    return parallel_config(backend="threading", n_jobs=2)


@remembered
def _fitted(model: Pipeline, train: pd.DataFrame) -> Pipeline:
    with one_thread():
        return model.fit(features(train), train[TARGET])


def fit(model: Pipeline, train: pd.DataFrame) -> Pipeline:
    """Fit a pipeline on training households (the same pipeline on the same households is fitted once)."""
    model.__dict__.update(_fitted(model, train).__dict__)  # `model` itself is the fitted pipeline, as with .fit
    return model


def scores(actual, predicted) -> dict[str, float]:
    """Accuracy and macro-F1 (the average of the four levels' F1, each level counting equally)."""
    return {"accuracy": float(accuracy_score(actual, predicted)),
            "macro_f1": float(f1_score(actual, predicted, average="macro"))}


@remembered
def cross_validated(model: Pipeline, table: pd.DataFrame, seed: int, folds: int = FOLDS) -> pd.DataFrame:
    """Accuracy and macro-F1 on each of `folds` stratified folds, one row per fold."""
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    with one_thread(), two_at_a_time():
        result = cross_validate(model, features(table), table[TARGET], cv=splitter,
                                scoring={"accuracy": "accuracy", "macro_f1": "f1_macro"})
    return pd.DataFrame({"fold": np.arange(1, folds + 1), "accuracy": result["test_accuracy"],
                         "macro_f1": result["test_macro_f1"]})


def declare_poorer(table: pd.DataFrame, hide_assets: bool = False, bad_dwelling: bool = False,
                   extra_members: int = 0, hide_car: bool = False) -> pd.DataFrame:
    """The same households after they misreport what a self-declared form asks, to look poorer.

    hide_assets: no TV, computer or tablet and one mobile phone; bad_dwelling: walls, roof and floor in bad
    condition; extra_members: relatives registered as members (overcrowding follows); hide_car: no car.
    """
    gamed = table.copy()
    if hide_assets:
        gamed[["owns_tv", "owns_computer", "owns_tablet"]] = False
        gamed["mobile_phones"] = np.minimum(gamed["mobile_phones"], 1)
    if bad_dwelling:
        gamed[["wall_condition", "roof_condition", "floor_condition"]] = "bad"
    if extra_members:
        gamed["household_size"] = gamed["household_size"] + extra_members
        gamed["overcrowding"] = (gamed["household_size"] / gamed["rooms"]).round(2)
    if hide_car:
        gamed["owns_car"] = False
    return gamed
