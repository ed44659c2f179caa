"""aitrain.poverty_classes (module 03): four poverty levels, and what a household that games the test changes."""

from aitrain import poverty_classes
from aitrain.datasets import load


def test_poverty_levels_are_four_unbalanced_levels():
    levels = load("poverty_levels")
    shares = levels["poverty_level"].value_counts(normalize=True).sort_index()
    assert list(shares.index) == [1, 2, 3, 4] and shares.idxmax() == 4
    assert set(poverty_classes.FEATURES) < set(levels.columns)


def test_declare_poorer_changes_only_what_is_asked():
    levels = load("poverty_levels").head(50)
    gamed = poverty_classes.declare_poorer(levels, extra_members=2)
    assert (gamed["household_size"] == levels["household_size"] + 2).all()
    assert (gamed["overcrowding"] >= levels["overcrowding"]).all()
    assert gamed["wall_condition"].equals(levels["wall_condition"])
    assert levels.equals(load("poverty_levels").head(50)), "the original table is not modified"
