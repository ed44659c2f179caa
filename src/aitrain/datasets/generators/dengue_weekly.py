"""Synthetic weekly dengue cases and rainfall for 12 districts over six years (module 09, forecasting).

Cases follow a monsoon season that peaks in late July, scaled by each district's population. Rain above the
usual for the time of year raises cases about six weeks later (mosquitoes breed in standing water), and a
slowly drifting district-level intensity makes one year's season unlike the last. Counts are negative
binomial (over-dispersed), as surveillance counts are. Calibrated so that a ridge forecast four weeks ahead,
on lagged cases and rainfall, has a mean absolute error about 30% below the seasonal-naive forecast.
"""

import numpy as np
import pandas as pd

from aitrain.datasets.registry import Dataset

SEED = 2027
FIRST_YEAR = 2020
N_YEARS = 6
WEEKS_PER_YEAR = 52  # a simplified calendar: every year has 52 weeks
# Invented names in the style of the region; none is a real province or district (tests/test_data_hygiene.py).
DISTRICTS = ("Anlong", "Bokhan", "Champa", "Dara", "Ekpa", "Khanh", "Luang", "Mekong", "Nam Siang", "Phonsa",
             "Ratana", "Sekhan")
DISPERSION = 8.0  # negative binomial size: smaller means noisier counts
RAIN_EFFECT = 0.8  # log change in cases per unit of log rainfall anomaly, six weeks earlier
DRIFT_SD = 0.10  # weekly shocks to transmission intensity
DRIFT_PERSISTENCE = 0.93


def generate(seed: int = SEED) -> pd.DataFrame:
    """Return one row per district and week: population, rainfall (mm) and reported dengue cases."""
    rng = np.random.default_rng(seed)
    n_weeks = WEEKS_PER_YEAR * N_YEARS
    t = np.arange(n_weeks)
    week = t % WEEKS_PER_YEAR
    season = np.exp(1.1 * np.cos(2 * np.pi * (week - 30) / WEEKS_PER_YEAR))  # peak in week 31 (late July)
    usual_rain = 10 + 70 * np.clip(np.sin(np.pi * (week - 16) / 26), 0, None)  # monsoon, May to October
    year_rain = rng.normal(1.0, 0.25, N_YEARS)  # wet and dry years, shared by all districts
    tables = []
    for name in DISTRICTS:
        population = int(rng.integers(80_000, 600_000))
        base = population / 100_000 * rng.uniform(4, 9)  # weekly cases at the seasonal mean
        rain = np.round(usual_rain * year_rain[t // WEEKS_PER_YEAR] * rng.lognormal(0, 0.45, n_weeks)
                        * rng.uniform(0.8, 1.2), 1)
        anomaly = np.log((rain + 5) / (usual_rain + 5))
        lagged = pd.Series(anomaly).rolling(4, min_periods=1).mean().shift(6).fillna(0).to_numpy()
        drift = np.zeros(n_weeks)  # slowly changing transmission intensity (immunity, serotypes, control)
        shocks = rng.normal(0, DRIFT_SD, n_weeks)
        for i in range(1, n_weeks):
            drift[i] = DRIFT_PERSISTENCE * drift[i - 1] + shocks[i]
        mean = base * season * np.exp(RAIN_EFFECT * lagged + drift)
        cases = rng.negative_binomial(DISPERSION, DISPERSION / (DISPERSION + mean))
        tables.append(pd.DataFrame({
            "district": name,
            "year": FIRST_YEAR + t // WEEKS_PER_YEAR,
            "week": week + 1,
            "population": population,
            "rainfall_mm": rain,
            "cases": cases,
        }))
    return pd.concat(tables, ignore_index=True)


DATASETS = [Dataset("dengue_weekly", "dengue_weekly.csv", generate, categories=("district",))]
