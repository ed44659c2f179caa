"""Module metadata: read from the notebooks, validated with messages that name the module."""

from pathlib import Path

import pytest

from aitrain.base import catalogue, timing
from aitrain.errors import AitrainError

GOOD = {
    "id": "09", "title": "T", "story": "S", "minutes": {"teaching": 10, "exercises": 20},
    "objectives": ["o"], "prerequisites": [], "key_points": ["k"], "datasets": ["d"],
}


def test_every_module_reads(module):
    assert module.minutes > 0 and module.objectives and module.release.name == module.solution.name


def test_modules_are_in_course_order():
    ids = [m.id for m in catalogue.all_modules()]
    assert ids == sorted(ids) and len(ids) == len(set(ids))


@pytest.mark.parametrize("field,value,message", [
    ("objectives", [], "'objectives' is empty"),
    ("minutes", {"teaching": 10}, "'minutes' needs whole numbers"),
    ("title", "", "'title' is missing"),
    ("id", "10", "does not match the folder"),
    ("requires", ["02", ["03", 4]], "'requires' must list module ids"),
    ("requires", "02", "'requires' must list module ids"),
])
def test_invalid_metadata_names_the_module(field, value, message):
    meta = dict(GOOD, **{field: value})
    with pytest.raises(AitrainError, match=message) as info:
        catalogue.module_from_metadata(meta, "09-forecasting", Path("x.ipynb"))
    assert "09-forecasting" in str(info.value)


def test_unknown_module_lists_the_modules():
    with pytest.raises(AitrainError, match="Unknown module '99'; the modules are"):
        catalogue.find_modules(["99"])


def test_find_by_id_or_folder_name(module):
    assert catalogue.find_modules([module.id]) == catalogue.find_modules([module.slug]) == [module]


def test_malformed_notebook_is_named(tmp_path):
    folder = tmp_path / "05-broken"
    folder.mkdir()
    (folder / "05-broken.ipynb").write_text("{not json")
    with pytest.raises(AitrainError, match="05-broken.ipynb is not a readable notebook"):
        catalogue.read_module(folder)


def test_missing_notebook_is_named(tmp_path):
    folder = tmp_path / "05-empty"
    folder.mkdir()
    with pytest.raises(AitrainError, match="has no notebook named 05-empty.ipynb"):
        catalogue.read_module(folder)


def test_required_modules_exist_and_are_named_in_the_prerequisites(module):
    ids = {m.id for m in catalogue.all_modules()}
    words = " ".join(module.prerequisites)
    for need in module.requires:
        assert set(need) <= ids and all(i < module.id for i in need), need
        assert all(i in words for i in need), f"{module.slug}: prerequisites do not mention module {need}"


def test_minutes_are_those_of_a_first_time_coder(module):
    """The metadata's minutes are at least the estimate from the notebook's words, code and exercises
    (timing.py), so adding content to a module without re-timing it fails here."""
    estimate = timing.estimate(module.solution)
    assert module.teaching_minutes >= estimate.teaching and module.exercise_minutes >= estimate.exercises, (
        f"{module.slug}: metadata {module.teaching_minutes} + {module.exercise_minutes} minutes, estimate "
        f"{estimate.teaching} + {estimate.exercises} ({estimate.counts}); raise the minutes or cut content")
    intro = module.solution.read_text(encoding="utf-8")
    assert f"Time: about {module.minutes} minutes" in intro and f"**Timing ({module.minutes} min).**" in intro
