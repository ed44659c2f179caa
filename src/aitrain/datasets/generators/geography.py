"""The fictional country most data sets are set in: 25 provinces on a 5 x 5 grid of 100 km squares, 5 regions.

Province i lies in grid square (i mod 5, i div 5) and in region i mod 5; the capital is in Alaman, the first
province. The household survey, the districts and the villages share this map (the communes of module 06
belong to another country).
"""

import numpy as np

# Invented: no real country, region or city, nor a well-known fictional country (datasets/districts.md says what
# was checked); Russian: Веридия, declined like Индия (Веридии, Веридию, Веридией; веридийский).
COUNTRY = "Veridia"
REGIONS = ("Capital", "North", "South", "East", "West")
# Invented names made of common Kyrgyz words; none is a real province or district (tests/test_data_hygiene.py).
PROVINCE_NAMES = (
    "Alaman", "Bereke", "Chinar", "Dostuk", "Erkin", "Gulzar", "Jaidar", "Kamysh", "Kokjar", "Kyzyl-Suu",
    "Mayli", "Nurkent", "Orto", "Sary-Tash", "Suusamyr", "Tamchy", "Tash-Bulak", "Toguz", "Ulan", "Ur-Maral",
    "Yntymak", "Zhany", "Arash", "Bulak", "Chyrak",
)
N_PROVINCES = len(PROVINCE_NAMES)
GRID_SIDE = 5  # provinces per row of the grid
PROVINCE_KM = 100  # side of a province's square


def region_index(province: np.ndarray) -> np.ndarray:
    """The region (index into REGIONS) of each province index."""
    return province % len(REGIONS)


def by_province(per_province: int) -> np.ndarray:
    """Province indices for `per_province` places in each province, province by province."""
    return np.repeat(np.arange(N_PROVINCES), per_province)


def place_in_provinces(province: np.ndarray, rng: np.random.Generator, margin: float) -> tuple[np.ndarray, np.ndarray]:
    """Random coordinates (km) of places inside their province's square, at least `margin` km from its edges.

    Draws x for every place, then y: the order of the draws is part of the data.
    """
    m = len(province)
    x = (province % GRID_SIDE) * PROVINCE_KM + rng.uniform(margin, PROVINCE_KM - margin, m)
    y = (province // GRID_SIDE) * PROVINCE_KM + rng.uniform(margin, PROVINCE_KM - margin, m)
    return x, y


def names(province: np.ndarray) -> dict[str, list[str]]:
    """The `province` and `region` columns for an array of province indices."""
    return {"province": [PROVINCE_NAMES[p] for p in province],
            "region": [REGIONS[r] for r in region_index(province)]}
