"""Poverty from space (module 05): village features, models and cross-validation, as plain functions."""

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.linear_model import Ridge
from sklearn.model_selection import GroupKFold, KFold, cross_val_predict, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from aitrain.memo import remembered

# Skewed measurements enter the models on a log scale; log1p keeps the villages with no light (log1p(0) = 0).
FEATURES = ["log_night_lights", "log_distance_to_road", "log_building_density", "vegetation",
            "log_population_density"]
LIGHTS_ONLY = ["log_night_lights"]
N_SPLITS = 5


def feature_table(villages: pd.DataFrame) -> pd.DataFrame:
    """The model's inputs: the satellite and map measurements, skewed ones on a log scale."""
    return pd.DataFrame({
        "log_night_lights": np.log1p(villages["night_lights"]),
        "log_distance_to_road": np.log(villages["distance_to_road_km"]),
        "log_building_density": np.log(villages["building_density"]),
        "vegetation": villages["vegetation"],
        "log_population_density": np.log(villages["population_density"]),
    }, index=villages.index)


def target(villages: pd.DataFrame) -> pd.Series:
    """What the models predict: the log of average consumption per person."""
    return np.log(villages["consumption_pc"]).rename("log_consumption")


def make_ridge():
    """Ridge regression on standardised features (a linear model with a small penalty on large weights)."""
    return make_pipeline(StandardScaler(), Ridge(alpha=1.0))


def make_forest(seed: int):
    """A random forest: 30 trees, each grown on half of the villages, each leaf holding at least 10 villages."""
    return RandomForestRegressor(n_estimators=30, min_samples_leaf=10, max_features=0.6, max_samples=0.5,
                                 random_state=seed, n_jobs=1)


def random_cv(seed: int) -> KFold:
    """5-fold cross-validation on villages drawn at random."""
    return KFold(n_splits=N_SPLITS, shuffle=True, random_state=seed)


def spatial_cv() -> GroupKFold:
    """5-fold cross-validation that leaves whole provinces out (5 provinces per fold)."""
    return GroupKFold(n_splits=N_SPLITS)


@remembered
def cv_r2(model, X, y, cv, groups=None) -> float:
    """Mean out-of-fold R² over the folds of `cv`."""
    return float(cross_val_score(model, X, y, cv=cv, groups=groups, scoring="r2").mean())


@remembered
def cv_predictions(model, X, y, cv, groups=None) -> np.ndarray:
    """Each village's prediction from the model trained on the folds that leave it out."""
    return cross_val_predict(model, X, y, cv=cv, groups=groups)


def share_found(predicted, actual, share: float = 0.2) -> float:
    """Of the truly poorest `share` of villages, the share that are also among the predicted poorest."""
    predicted, actual = np.asarray(predicted, float), np.asarray(actual, float)
    k = int(round(share * len(actual)))
    truly = np.zeros(len(actual), bool)
    truly[np.argsort(actual, kind="stable")[:k]] = True
    flagged = np.zeros(len(actual), bool)
    flagged[np.argsort(predicted, kind="stable")[:k]] = True
    return float((truly & flagged).sum() / k)
