"""The data sets: committed files match their generators, cards exist, and the loader explains problems."""

import pandas as pd
import pytest

from aitrain import datasets
from aitrain.datasets.registry import to_csv_bytes
from aitrain.errors import AitrainError


def test_committed_files_match_generators():
    bad = [o for o in datasets.check() if not o.ok]
    assert bad == [], "run 'aitrain datasets build' and write the missing data cards"


@pytest.mark.parametrize("name", [n for n, d in datasets.DATASETS.items() if d.generate])
def test_generators_are_deterministic(name):
    generate = datasets.DATASETS[name].generate
    assert to_csv_bytes(generate()) == to_csv_bytes(generate())


@pytest.mark.parametrize("name", list(datasets.DATASETS))
def test_card_describes_the_data(name):
    card = datasets.get(name).card.read_text(encoding="utf-8")
    table = datasets.load(name)
    for column in table.columns:
        assert f"`{column}`" in card, f"the data card of {name} does not describe column {column}"


def test_load_from_any_folder(elsewhere):
    assert isinstance(datasets.load("household_survey"), pd.DataFrame)


def test_unknown_name_lists_the_data_sets():
    with pytest.raises(AitrainError, match="household_survey"):
        datasets.load("househld_survey")


def test_missing_file_says_how_to_rebuild(tmp_path, monkeypatch):
    monkeypatch.setenv("AITRAIN_DATASETS", str(tmp_path))
    with pytest.raises(AitrainError, match="aitrain datasets build"):
        datasets.load("household_survey")


def test_build_restores_a_deleted_file(tmp_path, monkeypatch):
    monkeypatch.setenv("AITRAIN_DATASETS", str(tmp_path))
    assert [o.status for o in datasets.build(["household_survey"])] == ["written"]
    assert [o.status for o in datasets.build(["household_survey"])] == ["unchanged"]


def test_household_survey_schema():
    survey = datasets.load("household_survey")
    assert 5500 <= len(survey) <= 6500
    assert survey["province"].nunique() == 25
    assert survey["poor"].dtype == bool and survey["consumption_pc"].gt(0).all()
