"""A synthetic population of 400 communes with disaster-risk indicators, the population behind module 06.

A fictional lowland-and-mountain country of the Mekong region: a cyclone-prone coast in the south, a large
river crossing the plains, mountains in the north and a dry plateau in the west. Each commune has twelve
indicators of the kind an INFORM-style risk index uses (INFORM, Marin-Ferrer, Vernaccini and Poljansek
2017), four for each dimension: hazard and exposure, vulnerability, and lack of coping capacity. Hazards
follow geography; vulnerability and coping capacity follow remoteness and poverty, only loosely tied to the
hazards, so that which communes rank as most at risk depends visibly on how the dimensions are weighted.
"""

import numpy as np
import pandas as pd

from aitrain.datasets.registry import Dataset

SEED = 603
N_PROVINCES = 8
COMMUNES_PER_PROVINCE = 50
PROVINCE_NAMES = ("Alun", "Bokvan", "Chaleun", "Dokmai", "Khemara", "Lanhsa", "Namsok", "Sovanna")


def _share(x):
    return 1.0 / (1.0 + np.exp(-x))


def generate(seed: int = SEED) -> pd.DataFrame:
    """Return one row per commune."""
    rng = np.random.default_rng(seed)
    m = N_PROVINCES * COMMUNES_PER_PROVINCE
    province = np.repeat(np.arange(N_PROVINCES), COMMUNES_PER_PROVINCE)
    # Provinces are 4 columns x 2 rows of 100 x 150 km blocks (south row first).
    x = (province % 4) * 100 + rng.uniform(3, 97, m)
    y = (province // 4) * 150 + rng.uniform(3, 147, m)

    coast = np.exp(-y / 60)  # 1 on the southern coast, fading inland
    river = np.exp(-((y - (70 + 0.25 * x)) / 25) ** 2)  # a river crossing the plains
    mountain = _share((y - 210) / 20)  # the northern mountains
    plateau = _share((90 - x) / 20) * (1 - mountain)  # the dry western plateau

    flood = np.clip(_share(-2.4 + 3.5 * river + 1.5 * coast + rng.normal(0, 1.0, m)) - 0.02, 0, 1)
    # Peak gusts expected once in 50 years: a storm anywhere (above about 55 km/h), up to about 275 km/h on the
    # cyclone coast (the strongest typhoons of the region gust above 250 km/h).
    wind = 105 + 130 * coast + 20 * rng.normal(0, 1, m)
    landslide = np.clip(0.08 + 0.7 * mountain + rng.normal(0, 0.15, m), 0, 1)
    drought = np.clip(3 + 18 * plateau + rng.normal(0, 5, m), 0, None)

    # Remoteness: far from the capital (south-east) and up in the mountains; poverty follows it loosely.
    remoteness = (0.004 * np.hypot(x - 380, y - 40) + 0.5 * mountain + 0.5 * plateau - 0.8 * coast - 0.6 * river
                  + rng.normal(0, 0.5, m))
    poverty = _share(-1.6 + 0.8 * remoteness + rng.normal(0, 0.8, m))
    dependency = 48 + 22 * poverty + rng.normal(0, 6, m)
    housing = _share(-1.8 + 3.2 * poverty + rng.normal(0, 0.6, m))
    travel = np.exp(3.0 + 0.35 * remoteness + rng.normal(0, 0.45, m))
    warning = _share(1.2 - 0.5 * remoteness + 1.2 * coast + rng.normal(0, 0.7, m))
    shelters = np.exp(2.2 - 0.25 * remoteness + 0.6 * coast + rng.normal(0, 0.5, m))
    roads = _share(1.5 - 0.7 * remoteness + rng.normal(0, 0.6, m))
    population = np.round(np.exp(rng.normal(8.9, 0.5, m) - 0.3 * remoteness)).astype(int)

    return pd.DataFrame({
        "commune": [f"{PROVINCE_NAMES[p]}-{k + 1:02d}" for p in range(N_PROVINCES)
                    for k in range(COMMUNES_PER_PROVINCE)],
        "province": [PROVINCE_NAMES[p] for p in province],
        "x_km": np.round(x, 1),
        "y_km": np.round(y, 1),
        "population": population,
        "flood_exposed_share": np.round(flood, 3),
        "cyclone_wind_kmh": np.round(wind, 0),
        "landslide_susceptibility": np.round(landslide, 3),
        "drought_months_per_decade": np.round(drought, 1),
        "poverty_rate": np.round(poverty, 3),
        "dependency_ratio": np.round(dependency, 1),
        "nondurable_housing_share": np.round(housing, 3),
        "travel_time_health_min": np.round(travel, 0),
        "early_warning_coverage": np.round(warning, 3),
        "shelter_places_per_1000": np.round(shelters, 1),
        "all_weather_road_share": np.round(roads, 3),
    })


DATASETS = [Dataset("communes", "communes.csv", generate, categories=("commune", "province"))]
