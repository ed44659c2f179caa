"""A synthetic household consumption survey, the population behind the poverty-targeting modules.

About 6,000 households in 25 provinces of a fictional lower-middle-income country. Log per-capita
consumption depends on an unobserved household welfare level, which the observable characteristics a proxy
means test uses (dwelling, assets, education, household composition) reveal only in part. Calibrated so that
an OLS proxy means test explains about half of the variance of log consumption out of sample, and a
targeting rule built on it reproduces the exclusion and inclusion errors reported in the literature (Brown,
Ravallion and van de Walle 2018; Kidd and Athias 2019).
"""

import numpy as np
import pandas as pd

from aitrain.datasets.registry import Dataset

SEED = 2026
N_HOUSEHOLDS = 6000
POVERTY_HEADCOUNT = 0.18  # share of households below the poverty line, by construction
REGIONS = ("Capital", "North", "South", "East", "West")
PROVINCE_NAMES = (
    "Almaly", "Bereke", "Chinar", "Dostuk", "Erkin", "Gulzar", "Jaiyl", "Kamysh", "Kokjar", "Kyzyl-Suu",
    "Mayli", "Nura", "Orto", "Sary-Tash", "Suusamyr", "Tamchy", "Tash-Bulak", "Toguz", "Ulan", "Ur-Maral",
    "Yntymak", "Zhany", "Aral", "Bulak", "Chuy",
)


def _logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def generate(seed: int = SEED, n: int = N_HOUSEHOLDS) -> pd.DataFrame:
    """Return the survey as a table, one row per household."""
    rng = np.random.default_rng(seed)
    n_prov = len(PROVINCE_NAMES)
    province = rng.integers(0, n_prov, size=n)
    region = province % len(REGIONS)
    prov_effect = rng.normal(0.0, 0.12, size=n_prov)
    # Provinces of the remote West and East are poorer; minorities live mostly there.
    region_effect = np.array([0.15, 0.0, 0.0, -0.10, -0.15])
    urban = rng.random(n) < np.where(region == 0, 0.55, 0.17)
    minority = rng.random(n) < np.where(np.isin(region, (3, 4)), 0.28, 0.05)

    # Unobserved welfare: what the survey measures as consumption but a proxy means test cannot see.
    welfare = rng.normal(0.0, 1.0, size=n) + 0.55 * urban - 0.25 * minority + region_effect[region]

    head_female = rng.random(n) < 0.22
    head_age = np.clip(rng.normal(46, 13, size=n), 19, 90).round().astype(int)
    education = np.clip(np.round(8.5 + 2.2 * welfare + 1.5 * urban + rng.normal(0, 2.6, n)), 0, 18).astype(int)
    size = np.clip(1 + rng.poisson(np.clip(3.6 - 0.45 * welfare - 0.6 * urban, 0.5, None)), 1, 12)
    children = rng.binomial(size - 1, np.clip(0.42 - 0.05 * welfare, 0.05, 0.9))
    elderly = np.minimum(rng.binomial(2, np.where(head_age >= 60, 0.6, 0.08)), size - children)
    disability = rng.random(n) < 0.09

    def owns(intercept, slope, urban_shift=0.0):
        return rng.random(n) < _logistic(intercept + slope * welfare + urban_shift * urban +
                                          rng.normal(0, 0.6, n))

    electricity = owns(2.6, 1.2, 2.0)
    piped_water = owns(-0.3, 0.9, 2.2)
    flush_toilet = owns(-1.4, 1.1, 2.0)
    tv = owns(0.6, 1.1, 0.8)
    fridge = owns(-0.7, 1.2, 1.0)
    mobile = owns(2.0, 1.0, 0.5)
    motorbike = owns(-1.1, 0.8, -0.3)
    car = owns(-2.6, 1.2, 0.6)
    floor = np.select(
        [welfare + rng.normal(0, 0.9, n) < -0.6, welfare + rng.normal(0, 0.9, n) < 0.7],
        ["earth", "wood"], "tiles")
    roof = np.select(
        [welfare + rng.normal(0, 1.0, n) < -0.9, welfare + rng.normal(0, 1.0, n) < 0.8],
        ["thatch", "metal"], "concrete")
    rooms = np.clip(np.round(1.2 + 0.25 * size + 0.5 * welfare + rng.normal(0, 0.8, n)), 1, 8).astype(int)
    land = np.where(urban, 0.0, np.round(rng.lognormal(-0.6 + 0.25 * welfare, 0.8), 2))
    livestock = np.where(urban, 0, rng.poisson(np.exp(0.6 + 0.2 * welfare)))

    # Consumption: welfare, household composition, province, and what no survey captures.
    log_c = (8.6 + 0.42 * welfare + 0.22 * urban - 0.09 * (size - 4) - 0.06 * children
             + prov_effect[province] + rng.normal(0.0, 0.54, n))
    consumption = np.round(np.exp(log_c), 1)
    line = float(np.quantile(consumption, POVERTY_HEADCOUNT))

    return pd.DataFrame({
        "household_id": [f"HH{i:05d}" for i in range(1, n + 1)],
        "province": [PROVINCE_NAMES[p] for p in province],
        "region": [REGIONS[r] for r in region],
        "urban": urban,
        "household_size": size,
        "children": children,
        "elderly": elderly,
        "head_female": head_female,
        "head_age": head_age,
        "head_education_years": education,
        "minority": minority,
        "disability": disability,
        "rooms": rooms,
        "floor": floor,
        "roof": roof,
        "electricity": electricity,
        "piped_water": piped_water,
        "flush_toilet": flush_toilet,
        "owns_tv": tv,
        "owns_fridge": fridge,
        "owns_mobile": mobile,
        "owns_motorbike": motorbike,
        "owns_car": car,
        "land_ha": land,
        "livestock": livestock,
        "consumption_pc": consumption,
        "poor": consumption < line,
    })


DATASETS = [Dataset("household_survey", "household_survey.csv", generate)]
