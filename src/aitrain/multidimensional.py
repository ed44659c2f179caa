"""A multidimensional poverty index (module 02): Alkire and Foster's (2011) counting method on the household survey.

Each household is deprived or not in seven indicators grouped in three equally weighted dimensions, as in the
global MPI (which has health instead of housing; the survey has no health questions). Weights are in twelfths so
that a score of exactly one third compares equal to the cut-off k = 1/3.
"""

import pandas as pd

# indicator: (dimension, weight in twelfths)
INDICATORS = {
    "schooling": ("education", 4),
    "housing_materials": ("housing", 2),
    "overcrowding": ("housing", 2),
    "electricity": ("services and assets", 1),
    "drinking_water": ("services and assets", 1),
    "sanitation": ("services and assets", 1),
    "assets": ("services and assets", 1),
}
SMALL_ASSETS = ["owns_tv", "owns_fridge", "owns_mobile", "owns_motorbike"]


def deprivations(survey: pd.DataFrame) -> pd.DataFrame:
    """One True/False column per indicator: True when the household is deprived in it."""
    return pd.DataFrame({
        "schooling": survey["head_education_years"] < 6,
        "housing_materials": (survey["floor"] == "earth") | (survey["roof"] == "thatch"),
        "overcrowding": survey["household_size"] / survey["rooms"] > 3,
        "electricity": ~survey["electricity"],
        "drinking_water": ~survey["piped_water"],
        "sanitation": ~survey["flush_toilet"],
        "assets": (survey[SMALL_ASSETS].sum(axis=1) <= 1) & ~survey["owns_car"],
    }, index=survey.index)


def weights() -> pd.Series:
    """The weight of each indicator (they add up to 1)."""
    return pd.Series({name: twelfths / 12 for name, (_dimension, twelfths) in INDICATORS.items()})


def deprivation_score(survey: pd.DataFrame) -> pd.Series:
    """The weighted share of indicators in which each household is deprived, from 0 to 1."""
    points = pd.Series({name: twelfths for name, (_dimension, twelfths) in INDICATORS.items()})
    counted = deprivations(survey)[points.index].astype(int)
    return (counted @ points) / 12  # whole twelfths divided once: 4/12 == 1/3 exactly


def alkire_foster(score: pd.Series, k: float) -> tuple[float, float, float]:
    """Headcount H (share with a score of at least k), intensity A (their mean score) and M0 = H x A."""
    poor = score >= k
    headcount = float(poor.mean())
    intensity = float(score[poor].mean()) if poor.any() else 0.0
    return headcount, intensity, headcount * intensity
