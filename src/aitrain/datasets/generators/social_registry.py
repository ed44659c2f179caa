"""A synthetic social-registry extract and a public household list, for the data-sharing module (14).

A fictional rural area of 6 districts and 60 villages. Every household has a head (name, age, sex) and a
size. About two households in five are registered in the social registry (poorer, larger and
female-headed households more often); the registry also records whether a member lives with a disability
and the monthly benefit paid. A village health-post household list, posted online for a vaccination
campaign, names about nine heads of household in ten with their village, age, sex and household size, the
same quasi-identifiers as the registry. Ages on the public list are a year off for some heads (it was drawn
up at a different date). Calibrated so that most registry records are unique on village, age, sex and
household size (Sweeney 2000 found 87% of Americans unique on ZIP code, sex and date of birth), while
generalisation to districts and 10-year age bands with a little suppression reaches k = 5.
"""

from functools import cache

import numpy as np
import pandas as pd

from aitrain.datasets.registry import Dataset

SEED = 2026
DISTRICTS = ("Dostuk", "Erkin", "Jayloo", "Nurkent", "Ulan", "Yntymak")
VILLAGE_PREFIXES = ("Ak", "Bel", "Chon", "Jany", "Kara", "Kok", "Kum", "Orto", "Sary", "Tash")
VILLAGE_SUFFIXES = ("Bulak", "Jar", "Kel", "Say", "Dobo", "Kyr")  # no combination is a town or district
MALE_NAMES = (
    "Almaz", "Arman", "Askar", "Azamat", "Bakyt", "Bolot", "Daniyar", "Dastan", "Emil", "Erlan", "Farhod",
    "Ilyas", "Jomart", "Kairat", "Kanat", "Marat", "Nurlan", "Rustam", "Ruslan", "Samat", "Serik", "Talgat",
    "Temir", "Timur", "Ulan", "Zhanibek", "Aibek", "Bekzat", "Chyngyz", "Eldos",
)
FEMALE_NAMES = (
    "Aida", "Aigerim", "Ainura", "Aizhan", "Asel", "Bermet", "Cholpon", "Dilnoza", "Elmira", "Gulnara",
    "Gulzat", "Jamilya", "Kamila", "Madina", "Malika", "Nazira", "Nurgul", "Saltanat", "Saule", "Zarina",
    "Zhyldyz", "Aliya", "Dinara", "Feruza", "Indira", "Kunduz", "Meerim", "Roza", "Sabina", "Umida",
)
SURNAMES = (  # the men's form; a woman's adds "a" (Asanov, Asanova; Ibraev, Ibraeva), as in Russian usage
    "Abdyraev", "Akmatov", "Alimov", "Asanov", "Bakirov", "Baiturov", "Beishenov", "Dzhumabaev", "Esenov",
    "Ibraev", "Imanaliev", "Ismailov", "Jusupov", "Kadyrov", "Kalykov", "Kasymov", "Kerimov", "Kurmanov",
    "Mamatov", "Muratov", "Nazarov", "Omurov", "Osmonov", "Rakhimov", "Sadykov", "Sultanaliev", "Suyunov",
    "Tokonov", "Toktorov", "Orozov", "Yusupov", "Zhakypov",
)
REGISTRY_SHARE = 0.4


def village_names() -> list[str]:
    return [f"{p}-{s}" for p in VILLAGE_PREFIXES for s in VILLAGE_SUFFIXES]


@cache
def _population(seed: int = SEED) -> pd.DataFrame:
    """Every household of the area, with whether it is in the registry and on the public list."""
    rng = np.random.default_rng(seed)
    villages = village_names()
    # Village sizes from hamlets of a few dozen households to small towns (log-normal).
    sizes = np.clip(np.round(rng.lognormal(np.log(140), 0.75, len(villages))), 25, 900).astype(int)
    village = np.repeat(np.arange(len(villages)), sizes)
    n = len(village)
    district = village % len(DISTRICTS)
    female = rng.random(n) < 0.22
    age = np.clip(np.round(rng.normal(47, 14, n)), 18, 92).astype(int)
    size = np.clip(1 + rng.poisson(np.where(age > 65, 1.6, 3.4)), 1, 12)
    disability = rng.random(n) < np.clip(0.05 + 0.004 * (age - 40), 0.03, 0.35)
    # Who is registered: poorer households; larger, female-headed and with a disabled member more often.
    score = -0.9 + 0.25 * (size - 4) + 0.6 * female + 0.9 * disability + rng.normal(0, 1.0, n)
    registered = score > np.quantile(score, 1 - REGISTRY_SHARE)
    benefit = np.where(registered & (rng.random(n) < 0.7),
                       np.round(rng.normal(1200, 250, n) + 150 * size + 800 * disability, -1), 0).astype(int)
    first = np.where(female, rng.choice(FEMALE_NAMES, n), rng.choice(MALE_NAMES, n))
    family = rng.choice(SURNAMES, n)
    surname = np.where(female, np.char.add(family, "a"), family)
    on_list = rng.random(n) < 0.9
    age_shift = np.where(rng.random(n) < 0.1, rng.choice([-1, 1], n), 0)
    return pd.DataFrame({
        "name": np.char.add(np.char.add(first, " "), surname),
        "district": [DISTRICTS[d] for d in district],
        "village": [villages[v] for v in village],
        "age": age,
        "sex": np.where(female, "F", "M"),
        "household_size": size,
        "disability": disability,
        "monthly_benefit_som": benefit,
        "registered": registered,
        "on_list": on_list,
        "list_age": age + age_shift,
    })


def generate_registry(seed: int = SEED) -> pd.DataFrame:
    """The Ministry's registry extract: one row per registered household, with the head's name."""
    pop = _population(seed)
    table = pop.loc[pop["registered"], ["name", "district", "village", "age", "sex", "household_size",
                                        "disability", "monthly_benefit_som"]].reset_index(drop=True)
    table.insert(0, "registry_id", [f"R{i:05d}" for i in range(1, len(table) + 1)])
    return table


def generate_public_list(seed: int = SEED) -> pd.DataFrame:
    """The village health-post household list: head's name, village, age, sex and household size."""
    pop = _population(seed)
    listed = pop.loc[pop["on_list"]]
    table = pd.DataFrame({
        "name": listed["name"], "district": listed["district"], "village": listed["village"],
        "age": listed["list_age"], "sex": listed["sex"], "household_size": listed["household_size"],
    })
    order = np.random.default_rng(seed + 1).permutation(len(table))  # a list is not in registry order
    return table.iloc[order].sort_values(["district", "village"], kind="stable").reset_index(drop=True)


# The parts of the heads' names ("Daniyar Kurmanov"), each shown by its Cyrillic spelling in a Russian table.
NAME_PARTS = (*MALE_NAMES, *FEMALE_NAMES, *SURNAMES, *(f"{surname}a" for surname in SURNAMES))

DATASETS = [
    Dataset("social_registry", "social_registry.csv", generate_registry, categories=("district", "village", "sex"),
            values=NAME_PARTS),
    Dataset("health_household_list", "health_household_list.csv", generate_public_list,
            categories=("district", "village", "sex"), values=NAME_PARTS),
]
