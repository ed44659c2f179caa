"""A synthetic household consumption survey, the population behind the poverty-targeting modules.

About 6,000 households in 25 provinces of a fictional lower-middle-income country. Log per-capita
consumption depends on an unobserved household welfare level, which the observable characteristics a proxy
means test uses (dwelling, assets, education, household composition) reveal only in part. Calibrated so that
an OLS proxy means test explains about half of the variance of log consumption out of sample, and a
targeting rule built on it reproduces the exclusion and inclusion errors reported in the literature (Brown,
Ravallion and van de Walle 2018; Kidd and Athias 2019).

The same population logic (`_population`) with another seed makes a second survey, `poverty_levels`, in the
schema of the IDB Costa Rican poverty-level challenge, for module 03.
"""

import numpy as np
import pandas as pd

from aitrain.datasets.generators import geography
from aitrain.datasets.generators.geography import REGIONS
from aitrain.datasets.registry import Dataset

SEED = 2026
N_HOUSEHOLDS = 6000
POVERTY_HEADCOUNT = 0.18  # share of households below the poverty line, by construction


def _logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def _population(rng: np.random.Generator, n: int) -> dict:
    """Draw n households of the population: every characteristic, the unobserved welfare and consumption.

    The order of the random draws is part of the data: household_survey.csv depends on it.
    """
    province = rng.integers(0, geography.N_PROVINCES, size=n)
    region = geography.region_index(province)
    prov_effect = rng.normal(0.0, 0.12, size=geography.N_PROVINCES)
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
    return {
        "n": n, "province": province, "region": region, "urban": urban, "minority": minority, "welfare": welfare,
        "head_female": head_female, "head_age": head_age, "education": education, "size": size,
        "children": children, "elderly": elderly, "disability": disability, "electricity": electricity,
        "piped_water": piped_water, "flush_toilet": flush_toilet, "tv": tv, "fridge": fridge, "mobile": mobile,
        "motorbike": motorbike, "car": car, "floor": floor, "roof": roof, "rooms": rooms, "land": land,
        "livestock": livestock, "log_c": log_c, "consumption": consumption,
    }


def generate(seed: int = SEED, n: int = N_HOUSEHOLDS) -> pd.DataFrame:
    """Return the survey as a table, one row per household."""
    h = _population(np.random.default_rng(seed), n)
    n, consumption = h["n"], h["consumption"]
    line = float(np.quantile(consumption, POVERTY_HEADCOUNT))

    return pd.DataFrame({
        "household_id": [f"HH{i:05d}" for i in range(1, n + 1)],
        **geography.names(h["province"]),
        "urban": h["urban"],
        "household_size": h["size"],
        "children": h["children"],
        "elderly": h["elderly"],
        "head_female": h["head_female"],
        "head_age": h["head_age"],
        "head_education_years": h["education"],
        "minority": h["minority"],
        "disability": h["disability"],
        "rooms": h["rooms"],
        "floor": h["floor"],
        "roof": h["roof"],
        "electricity": h["electricity"],
        "piped_water": h["piped_water"],
        "flush_toilet": h["flush_toilet"],
        "owns_tv": h["tv"],
        "owns_fridge": h["fridge"],
        "owns_mobile": h["mobile"],
        "owns_motorbike": h["motorbike"],
        "owns_car": h["car"],
        "land_ha": h["land"],
        "livestock": h["livestock"],
        "consumption_pc": consumption,
        "poor": consumption < line,
    })





# ---------------------------------------------------------------------------------------------------------
# A second survey of the same population, in the schema of the IDB Costa Rican Household Poverty Level
# Prediction challenge (module 03): dwelling condition, overcrowding, assets, education, four poverty levels.

LEVELS_SEED = 2027
LEVEL_NAMES = ("extreme", "moderate", "vulnerable", "non-vulnerable")
# Cumulative shares of households at or below levels 1, 2 and 3: 10% extreme, 17% moderate, 21% vulnerable
# and 52% non-vulnerable (the IDB challenge's households are more often non-vulnerable, about 65%).
LEVEL_SHARES = (0.10, 0.27, 0.48)
CONDITIONS = ("bad", "regular", "good")
TERTIARY_PREMIUM, CROWDING_PENALTY, CAR_PREMIUM, LIFE_CYCLE, INCOME_NOISE = 0.8, 0.6, 0.5, 0.4, 0.35


def _condition(rng, welfare, n, low, high, noise=1.1):
    """bad / regular / good, depending on welfare with noise."""
    score = welfare + rng.normal(0, noise, n)
    return np.select([score < low, score < high], CONDITIONS[:2], CONDITIONS[2])


def generate_poverty_levels(seed: int = LEVELS_SEED, n: int = N_HOUSEHOLDS) -> pd.DataFrame:
    """Return the poverty-level survey, one row per household, with its level 1 (extreme) to 4."""
    rng = np.random.default_rng(seed)
    h = _population(rng, n)
    welfare, size, urban = h["welfare"], h["size"], h["urban"]
    wall = _condition(rng, welfare, n, -1.0, 0.5)
    roof = _condition(rng, welfare, n, -1.1, 0.4)
    floor = _condition(rng, welfare, n, -0.9, 0.6)
    computer = rng.random(n) < _logistic(-1.6 + 1.1 * welfare + 1.0 * urban + rng.normal(0, 0.6, n))
    tablet = rng.random(n) < _logistic(-2.2 + 0.9 * welfare + 0.6 * urban + rng.normal(0, 0.6, n))
    phones = np.minimum(rng.poisson(np.exp(0.1 + 0.2 * welfare + 0.5 * np.log(size))), 10)
    adult_education = np.clip(np.round(h["education"] + rng.normal(0.5, 2.0, n), 1), 0, 18)
    overcrowding = np.round(size / h["rooms"], 2)
    # The level is set from income per adult equivalent: consumption plus the premium of educated urban
    # households, the penalty of crowded dwellings, and measurement noise. Thresholds, not lines.
    income = (h["log_c"] + TERTIARY_PREMIUM * (urban & (adult_education >= 13))
              - CROWDING_PENALTY * (urban & (overcrowding > 2)) + CAR_PREMIUM * (~urban & h["car"])
              - LIFE_CYCLE * ((h["head_age"] - 45) / 15) ** 2
              + rng.normal(0, INCOME_NOISE, n))
    level = 1 + np.searchsorted(np.quantile(income, LEVEL_SHARES), income, side="right")

    return pd.DataFrame({
        "household_id": [f"PL{i:05d}" for i in range(1, n + 1)],
        "region": [REGIONS[r] for r in h["region"]],
        "urban": urban,
        "household_size": size,
        "children": h["children"],
        "elderly": h["elderly"],
        "head_female": h["head_female"],
        "head_age": h["head_age"],
        "head_education_years": h["education"],
        "adult_education_mean": adult_education,
        "rooms": h["rooms"],
        "overcrowding": overcrowding,
        "wall_condition": wall,
        "roof_condition": roof,
        "floor_condition": floor,
        "electricity": h["electricity"],
        "piped_water": h["piped_water"],
        "flush_toilet": h["flush_toilet"],
        "owns_fridge": h["fridge"],
        "owns_tv": h["tv"],
        "owns_computer": computer,
        "owns_tablet": tablet,
        "owns_car": h["car"],
        "mobile_phones": phones,
        "poverty_level": level,
    })


DATASETS = [
    Dataset("household_survey", "household_survey.csv", generate, categories=("region", "province", "floor", "roof")),
    Dataset("poverty_levels", "poverty_levels.csv", generate_poverty_levels,
            categories=("region", "wall_condition", "roof_condition", "floor_condition"),
            values=("extreme", "moderate", "vulnerable", "non-vulnerable")),  # poverty_classes.LEVELS, by code
]
