"""aitrain.scoping (module 01): one row per country, a reproducible split, and the life-expectancy model."""

from aitrain import scoping
from aitrain.datasets import load


def test_countries_in_gives_one_row_per_country():
    countries = scoping.countries_in(load("gapminder"), 2007)
    assert countries["country"].is_unique and (countries["year"] == 2007).all()
    assert list(countries.index) == list(range(len(countries)))


def test_split_is_seventy_thirty_and_reproducible():
    countries = scoping.countries_in(load("gapminder"), 2007)
    train, test = scoping.split_countries(countries, 3)
    assert len(test) == round(0.3 * len(countries)) and len(train) + len(test) == len(countries)
    assert not set(train["country"]) & set(test["country"])
    assert scoping.split_countries(countries, 3)[1]["country"].tolist() == test["country"].tolist()
    assert scoping.split_countries(countries, 4)[1]["country"].tolist() != test["country"].tolist()


def test_gapminder_2007_regression():
    fit = scoping.fit_life_expectancy(scoping.countries_in(load("gapminder"), 2007))
    assert abs(fit.rsquared - 0.65) < 0.01 and abs(fit.params.iloc[1] - 7.2) < 0.05


def test_the_twenty_proposals_have_scores_from_1_to_5_and_a_first_wave_without_ties():
    table = scoping.proposals()
    assert len(table) == 20 and table["id"].is_unique
    assert table[["value", "feasibility", "risk"]].isin(range(1, 6)).all().all()
    ranked = scoping.priority(table).sort_values(ascending=False)
    assert ranked.iloc[4] > ranked.iloc[5]  # the 5 highest are well defined


def test_the_proposals_are_shown_in_russian_in_the_russian_edition():
    from aitrain.i18n import language, use_language

    english, before = scoping.proposals(), language()
    try:
        use_language("ru")
        russian = scoping.proposals()
    finally:
        use_language(before)
    assert (english["proposal"] != russian["proposal"]).all() and (english["ministry"] != russian["ministry"]).all()
