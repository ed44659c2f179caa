"""A synthetic population of 3,000 villages seen from space, the population behind module 05.

The same fictional country (25 provinces on a 5 x 5 grid of 100 km squares). Each village has what satellite
imagery and maps can measure (night-time lights, distance to the nearest road, building density, vegetation,
population density) and its average consumption per person, as a survey would measure it. Consumption
depends on these features only in part, and on a province-wide level (history, markets, policies) that no
image shows, so villages of the same province are alike. Night lights are zero where the sensor sees no
light, in about 30% of villages, and mostly measure density rather than welfare.

Calibrated so that night lights alone explain 10 to 15% of the variance of log consumption and all the
features 45 to 60%, as in studies that predict village poverty from satellite data (Jean et al. 2016;
Engstrom, Hersh and Newhouse 2022), and so that a model cross-validated on random villages looks better than
one tested on provinces it has not seen.
"""

import numpy as np
import pandas as pd

from aitrain.datasets.generators import geography
from aitrain.datasets.registry import Dataset

SEED = 508
VILLAGES_PER_PROVINCE = 120
PROVINCE_EFFECT_SD = 0.2  # province-wide differences in log consumption that no image shows
VILLAGE_NOISE_SD = 0.17  # village differences that no image shows


def generate(seed: int = SEED) -> pd.DataFrame:
    """Return one row per village."""
    rng = np.random.default_rng(seed)
    n_prov = geography.N_PROVINCES
    province = geography.by_province(VILLAGES_PER_PROVINCE)
    m = len(province)
    x, y = geography.place_in_provinces(province, rng, margin=2)

    # Province character: climate (greener or drier), road network, and a welfare level no image shows.
    climate = rng.normal(0, 1, n_prov)
    roads = rng.normal(0, 1, n_prov)
    province_effect = rng.normal(0, PROVINCE_EFFECT_SD, n_prov)

    remoteness = rng.normal(0, 1, m)
    distance_to_road = np.exp(0.9 + 0.75 * remoteness - 0.35 * roads[province] + rng.normal(0, 0.45, m))
    log_density = 4.4 - 0.55 * remoteness + 0.25 * roads[province] + rng.normal(0, 0.75, m)
    population_density = np.exp(log_density)

    # Household welfare: what a survey would measure (log of som per person per month).
    vegetation_local = rng.normal(0, 1, m)
    log_consumption = (8.45 + 0.15 * (log_density - 4.4) - 0.15 * np.log(distance_to_road)
                       + 0.04 * vegetation_local + province_effect[province] + rng.normal(0, VILLAGE_NOISE_SD, m))
    welfare = log_consumption - 8.45 - province_effect[province]  # what is visible in the village itself

    # Building density: more and bigger buildings where people are many and better off.
    building_density = np.exp(1.0 + 0.55 * (log_density - 4.4) + 1.1 * welfare + rng.normal(0, 0.35, m))
    vegetation = np.clip(0.45 + 0.15 * climate[province] + 0.015 * vegetation_local - 0.01 * (log_density - 4.4)
                         + rng.normal(0, 0.01, m), 0.05, 0.9)

    # Night lights: a village is dark to the sensor unless it is electrified and dense enough to be seen.
    lit = rng.random(m) < 1 / (1 + np.exp(-(2.0 + 0.9 * (log_density - 4.4) - 0.5 * np.log(distance_to_road))))
    radiance = np.exp(-0.6 + 0.6 * (log_density - 4.4) + 0.6 * welfare + rng.normal(0, 1.2, m))
    night_lights = np.where(lit & (radiance > 0.08), radiance, 0.0)

    return pd.DataFrame({
        "village_id": [f"V{i:04d}" for i in range(1, m + 1)],
        **geography.names(province),
        "x_km": np.round(x, 1),
        "y_km": np.round(y, 1),
        "night_lights": np.round(night_lights, 2),
        "distance_to_road_km": np.round(distance_to_road, 2),
        "building_density": np.round(building_density, 2),
        "vegetation": np.round(vegetation, 3),
        "population_density": np.round(population_density, 1),
        "consumption_pc": np.round(np.exp(log_consumption), 1),
    })


DATASETS = [Dataset("villages", "villages.csv", generate, categories=("province", "region"))]
