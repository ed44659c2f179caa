"""A synthetic population of 150 districts, the population behind the district poverty map (module 04).

The same fictional country as the household survey (25 provinces, 5 regions), now split into 150 districts.
Each district has a true poverty rate, known here because the data are invented, and area covariates that a
census or administrative registers provide for every district. A household survey samples 8 to 80
households per district, too few for a reliable direct estimate in the small ones. Calibrated so that the
direct estimate's coefficient of variation is about 0.4 in small districts and a Fay-Herriot model
(Fay and Herriot 1979) roughly halves the error (root mean squared error against the true rates).

Two data sets: `district_survey` (one row per surveyed household) and `districts` (one row per district).
"""

from functools import cache
from statistics import NormalDist

import numpy as np
import pandas as pd

from aitrain.datasets.generators import geography
from aitrain.datasets.generators.geography import PROVINCE_NAMES
from aitrain.datasets.registry import Dataset

SEED = 403
DISTRICTS_PER_PROVINCE = 6
POVERTY_LINE = 3800.0  # som per person per month
CONSUMPTION_SPREAD = 0.55  # standard deviation of log consumption within a district
NATIONAL_RATE = 0.29  # poverty rate of a district with average covariates
DISTRICT_EFFECT_SD = 0.065  # what the covariates do not explain, in rate points


def _logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


@cache
def _population(seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n_prov = geography.N_PROVINCES
    province = geography.by_province(DISTRICTS_PER_PROVINCE)
    m = len(province)
    # District centroids: each province is a square of the grid; the capital is in Alaman, the first.
    x, y = geography.place_in_provinces(province, rng, margin=8)
    distance = np.hypot(x - 50, y - 50)

    # Development: falls with remoteness, varies by province and by district.
    development = (1.2 - distance / 250 + rng.normal(0, 0.35, n_prov)[province] + rng.normal(0, 0.45, m))
    urban = np.clip(_logistic(-1.2 + 1.1 * development + rng.normal(0, 0.4, m)), 0.02, 0.98)
    education = np.clip(_logistic(-0.2 + 0.7 * development + rng.normal(0, 0.2, m)), 0.05, 0.97)
    agriculture = np.clip(_logistic(0.4 - 0.9 * development + rng.normal(0, 0.35, m)), 0.03, 0.95)
    households = np.round(np.exp(rng.normal(9.3, 0.5, m) + 0.5 * urban)).astype(int)

    # The true poverty rate: linear in what the census shows, plus what no covariate captures (the
    # Fay-Herriot model's assumptions hold by construction).
    shown = (-0.30 * (education - 0.42) - 0.15 * (urban - 0.24) + 0.20 * (agriculture - 0.62)
             + 0.00025 * (distance - 320))
    true_rate = np.clip(NATIONAL_RATE + shown + rng.normal(0, DISTRICT_EFFECT_SD, m), 0.03, 0.9)

    # The survey: more households in bigger districts, 8 to 80 in all.
    size_rank = (np.argsort(np.argsort(households + rng.normal(0, 4000, m))) + 0.5) / m
    sampled = np.round(np.exp(np.log(8) + size_rank * np.log(10))).astype(int)

    names = [f"{PROVINCE_NAMES[p]}-{k + 1}" for p in range(n_prov) for k in range(DISTRICTS_PER_PROVINCE)]
    districts = pd.DataFrame({
        "district": names,
        **geography.names(province),
        "x_km": np.round(x, 1),
        "y_km": np.round(y, 1),
        "households": households,
        "urban_share": np.round(urban, 3),
        "secondary_education_share": np.round(education, 3),
        "agriculture_share": np.round(agriculture, 3),
        "distance_to_capital_km": np.round(distance, 1),
        "true_poverty_rate": np.round(true_rate, 4),
    })

    # Each surveyed household's consumption: log-normal around a district level set by the true rate.
    district_of = np.repeat(np.arange(m), sampled)
    z_rate = np.array([NormalDist().inv_cdf(float(r)) for r in true_rate])
    centre = np.log(POVERTY_LINE) - CONSUMPTION_SPREAD * z_rate
    log_c = centre[district_of] + rng.normal(0, CONSUMPTION_SPREAD, len(district_of))
    consumption = np.round(np.exp(log_c), 1)
    survey = pd.DataFrame({
        "household_id": [f"DS{i:05d}" for i in range(1, len(district_of) + 1)],
        "district": [names[d] for d in district_of],
        "consumption_pc": consumption,
        "poor": consumption < POVERTY_LINE,
    })
    return districts, survey


def generate_districts(seed: int = SEED) -> pd.DataFrame:
    """One row per district: centroid, census covariates and the true poverty rate."""
    return _population(seed)[0].copy()


def generate_survey(seed: int = SEED) -> pd.DataFrame:
    """One row per surveyed household: district, consumption and poverty status."""
    return _population(seed)[1].copy()


DATASETS = [
    Dataset("districts", "districts.csv", generate_districts, categories=("district", "province", "region")),
    Dataset("district_survey", "district_survey.csv", generate_survey, categories=("district",)),
]
