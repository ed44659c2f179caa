"""The synthetic data sets invent people and places: no real public figure, no real province or district, names
formed as people form them, and physically plausible measurements. Checked on the committed data files."""

import re
import subprocess
from pathlib import Path

import pytest

from aitrain.datasets import load
from aitrain.datasets.generators import (
    benefit_rulebook,
    citizen_requests,
    communes,
    dengue_weekly,
    geography,
    social_registry,
)

# Heads of state or government (and a few other well-known figures) of participating countries whose names
# the registry's first names and surnames could form.
PUBLIC_FIGURES = (
    "Daniar Usenov", "Almazbek Atambayev", "Askar Akayev", "Kurmanbek Bakiyev", "Roza Otunbayeva", "Sadyr Japarov",
    "Akylbek Japarov", "Temir Sariyev", "Omurbek Babanov", "Sooronbay Jeenbekov", "Feliks Kulov", "Marat Sultanov",
    "Erlan Abdyldaev", "Kamchybek Tashiev", "Adylbek Kasymaliev", "Kassym-Jomart Tokayev", "Nursultan Nazarbayev",
    "Karim Massimov", "Askar Mamin", "Alikhan Smailov", "Olzhas Bektenov", "Serik Akhmetov", "Bakytzhan Sagintayev",
    "Islam Karimov", "Gulnara Karimova", "Shavkat Mirziyoyev", "Abdulla Aripov", "Utkir Sultanov", "Rustam Azimov",
    "Emomali Rahmon", "Kokhir Rasulzoda", "Akil Akilov", "Jamshed Karimov", "Nikol Pashinyan", "Ilham Aliyev",
)
# Provinces, regions, districts and towns of participating countries that an invented name could hit.
REAL_PLACES = (
    "Chuy", "Talas", "Naryn", "Issyk-Kul", "Osh", "Jalal-Abad", "Batken", "Jaiyl", "Sokuluk", "Kemin", "Karakol",
    "Kara-Suu", "Ak-Suu", "Kara-Balta", "Tokmok", "Kochkor", "Aksy", "Nookat", "Uzgen", "Alay", "Almaty", "Almaly",
    "Aral", "Nura", "Akmola", "Aktobe", "Atyrau", "Jambyl", "Karaganda", "Kostanay", "Kyzylorda", "Pavlodar",
    "Turkistan", "Sughd", "Khatlon", "Andijan", "Bukhara", "Fergana", "Namangan", "Samarkand", "Tashkent", "Khorezm",
    "Attapeu", "Bokeo", "Bolikhamsai", "Champasak", "Houaphanh", "Khammouane", "Luang Namtha", "Namtha", "Nam Tha",
    "Luang Prabang", "Oudomxay", "Phongsaly", "Salavan", "Savannakhet", "Sekong", "Vientiane", "Xayaboury",
    "Battambang", "Kampot", "Kandal", "Kratie", "Mondulkiri", "Pailin", "Pursat", "Ratanakiri", "Siem Reap",
    "Takeo", "Anlong Veng", "Arkhangai", "Bulgan", "Dornod", "Khovd", "Selenge", "Uvs", "Zavkhan",
)


def normal(name: str) -> str:
    """One spelling for the usual transliteration variants (Daniyar/Daniar, -yev/-ev, Zh/J)."""
    text = re.sub(r"[^a-z]", "", name.lower())
    for a, b in (("iy", "i"), ("yev", "ev"), ("ye", "e"), ("dzh", "j"), ("zh", "j"), ("kh", "h")):
        text = text.replace(a, b)
    return text


FIGURES, PLACES = {normal(n) for n in PUBLIC_FIGURES}, {normal(p) for p in REAL_PLACES}


@pytest.fixture(scope="module")
def people():
    return load("social_registry"), load("health_household_list")


def test_no_public_figure_is_in_the_registries(people):
    for table in people:
        names = {normal(n) for n in table["name"]}
        assert not names & FIGURES, sorted(names & FIGURES)


def test_no_public_figure_is_named_in_the_citizen_questions():
    questions = load("citizen_questions")
    names = {normal(n) for n in questions["name"] if n}
    texts = [normal(t) for t in questions["text"]]
    assert not names & FIGURES and not [f for f in FIGURES if any(f in t for t in texts)]


@pytest.mark.parametrize("edition", ["citizen_questions", "citizen_questions_ru"])
def test_phone_and_id_numbers_in_the_citizen_questions_can_be_no_ones(edition):
    questions = load(edition)
    words = {w: str(d) for digits in (benefit_rulebook.DIGIT_WORDS, benefit_rulebook.ru.DIGIT_WORDS)
             for d, w in enumerate(digits)}
    phones = [re.sub(r"\D", "", " ".join(words.get(w, w) for w in p.split())) for p in questions["phone"] if p]
    assert len(phones) > 300
    # +999 is no country's code; 07700 900xxx is Ofcom's drama block (datasets/citizen_questions.md says why).
    assert all(re.fullmatch(r"(999|0)7700900\d{3}", p) for p in phones), [p for p in phones if "7700900" not in p]
    ids = [re.sub(r"\D", "", i) for i in questions["id_number"] if i]
    assert len(ids) > 150 and all(re.fullmatch(r"[89]\d{13}", i) for i in ids), "first digit 8 or 9: no one's"


def test_the_check_would_catch_the_name_it_was_written_for():
    assert normal("Daniyar Usenov") in FIGURES and normal("Chuy") in PLACES and normal("Nam Tha") in PLACES


def test_surnames_take_the_feminine_form_for_women(people):
    registry = people[0]
    surname = registry["name"].str.split(" ").str[-1]
    men, women = surname[registry["sex"] == "M"], surname[registry["sex"] == "F"]
    assert men.str.match(r".*(ov|ev)$").all()
    assert women.isin({m + "a" for m in social_registry.SURNAMES}).all() and not women.isin(set(men)).any()


def test_invented_places_are_not_real_provinces_or_districts():
    names = {
        "the country": (geography.COUNTRY,),
        "the country's provinces": geography.PROVINCE_NAMES,
        "communes provinces": communes.PROVINCE_NAMES,
        "dengue districts": dengue_weekly.DISTRICTS,
        "registry districts": social_registry.DISTRICTS,
        "registry villages": social_registry.village_names(),
        "request places": re.findall(r"[A-Z][a-z]+", " ".join(citizen_requests.PLACES)),
    }
    for where, values in names.items():
        real = sorted(v for v in values if normal(v) in PLACES)
        assert not real, f"{where}: {real} are real places"


def test_measurements_are_physically_plausible():
    co2 = load("building_sensors")["co2_ppm"]
    assert co2.min() >= 400, "indoor CO2 cannot fall below the outdoor air's (about 420 ppm)"
    wind = load("communes")["cyclone_wind_kmh"]
    assert wind.min() >= 50 and wind.max() <= 300, "a 50-year peak gust is a storm, not a breeze"


# The country's former name, which a Russian reader hears as Taurida (Crimea): English and every Russian form.
FORMER_COUNTRY_NAME = re.compile(r"tavri|таври", re.IGNORECASE)


def test_the_former_country_name_is_gone_from_every_tracked_file():
    root = Path(__file__).resolve().parents[1]
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    found = []
    for name in listed.stdout.decode().split("\0"):
        path = root / name
        if not name or name == "tests/test_data_hygiene.py" or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" not in data and FORMER_COUNTRY_NAME.search(data.decode("utf-8", errors="replace")):
            found.append(name)
    assert not found, f"the former country name is still in {found}"
