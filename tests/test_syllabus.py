"""`aitrain syllabus`: a timed schedule from the modules' metadata, for each track in data/tracks.yaml."""

import dataclasses
import shutil
from pathlib import Path

import nbformat
import pytest
from typer.testing import CliRunner

from aitrain import paths
from aitrain.course import catalogue, syllabus
from aitrain.course.cli import app
from aitrain.errors import AitrainError

runner = CliRunner()
DAY = syllabus.day_settings()


def fake(module_id: str, teaching: int, exercises: int) -> catalogue.Module:
    meta = {"id": module_id, "title": f"Title {module_id}", "story": "A ministry's problem.",
            "minutes": {"teaching": teaching, "exercises": exercises}, "objectives": ["Do a thing"],
            "prerequisites": [], "key_points": ["A point"], "datasets": ["some_data"]}
    return catalogue.module_from_metadata(meta, f"{module_id}-fake", Path(f"{module_id}-fake.ipynb"))


MINUTES = [(30, 40), (35, 45), (40, 45), (45, 50), (40, 50), (45, 45), (40, 50), (45, 50), (40, 40), (40, 50),
           (45, 50), (35, 45), (50, 55), (40, 45), (45, 45), (60, 60)]
SIXTEEN = [fake(f"{i:02d}", *m) for i, m in enumerate(MINUTES)]


def check_day_rules(schedule: syllabus.Schedule) -> None:
    """What a trainer expects of every day: in hours, breaks every 90 minutes, lunch in its window."""
    for items in schedule.days:
        assert items[0].start == DAY.start and items[-1].end <= DAY.end
        assert items[0].kind in ("opening", "recap") and items[-1].kind == "closing"
        assert all(a.end == b.start for a, b in zip(items, items[1:], strict=False)), "no gaps or overlaps"
        stretch = 0
        for item in items:
            stretch = 0 if item.kind in ("break", "lunch") else stretch + item.minutes
            assert stretch <= DAY.max_session_minutes, f"{stretch} minutes without a break"
        lunches = [i for i in items if i.kind == "lunch"]
        assert len(lunches) <= 1
        if items[-1].end > DAY.lunch_latest + 60:
            # (a lunch may take the place of a break due just before its window)
            assert len(lunches) == 1
            assert DAY.lunch_earliest - DAY.break_minutes <= lunches[0].start <= DAY.lunch_latest


def test_tracks_are_data_shipped_with_the_package():
    tracks = syllabus.tracks()
    assert set(tracks) == {"2-day", "5-day"}
    five = tracks["5-day"].modules
    assert tracks["2-day"].days == 2 and five[five.index("07") + 1] == "16"  # the chatbot builds on routing
    assert (paths.PACKAGE_DIR / "data" / "tracks.yaml").is_file()


def test_two_day_workshop_fits_and_keeps_modules_whole():
    schedule = syllabus.build(syllabus.tracks()["2-day"], SIXTEEN)
    assert [m.id for m in schedule.modules] == ["00", "02", "05", "07", "12", "15"]  # "00 or 01": 00 first
    assert schedule.fits and schedule.missing == [] and schedule.problems() == []
    check_day_rules(schedule)
    for m in schedule.modules:  # each module's sessions are on one day and add up to its minutes
        sessions = [(n, i) for n, day in enumerate(schedule.days) for i in day if i.module == m]
        assert len({n for n, _ in sessions}) == 1
        assert sum(i.minutes for _, i in sessions) == m.minutes


def test_five_day_programme_fits_sixteen_modules():
    schedule = syllabus.build(syllabus.tracks()["5-day"], SIXTEEN)
    assert len(schedule.modules) == 16 and schedule.fits
    check_day_rules(schedule)
    placed = [i.module.id for day in schedule.days for i in day if i.kind == "module"]
    assert sorted(set(placed)) == [m.id for m in SIXTEEN] and placed == sorted(placed), "in course order"


def test_a_track_that_does_not_fit_says_so():
    long = [fake(f"{i:02d}", 80, 90) for i in range(16)]
    schedule = syllabus.build(syllabus.tracks()["5-day"], long)
    assert not schedule.fits and len(schedule.days) > 5
    assert any("does not fit in 5 days" in p for p in schedule.problems())
    assert "beyond the track's length" in syllabus.to_markdown(schedule)


def test_missing_modules_are_named():
    schedule = syllabus.build(syllabus.tracks()["2-day"], [fake("01", 30, 30), fake("02", 40, 45)])
    assert [m.id for m in schedule.modules] == ["01", "02"]
    assert schedule.missing == ["05", "07", "12", "15"]
    assert "module 05, module 07, module 12, module 15" in schedule.problems()[0]
    assert syllabus.build(syllabus.tracks()["2-day"], [fake("05", 30, 30)]).missing[0] == "00 or 01"


def test_a_module_longer_than_a_session_is_split_across_a_break():
    long = fake("03", 60, 70)
    schedule = syllabus.build(syllabus.tracks()["5-day"], [long])
    day = schedule.days[0]
    sessions = [i for i in day if i.module == long]
    assert [i.minutes for i in sessions] == [60, 70]
    assert "teaching" in sessions[0].title and "exercises" in sessions[1].title
    between = day[day.index(sessions[0]) + 1]
    assert between.kind in ("break", "lunch")
    check_day_rules(schedule)
    very_long = fake("04", 150, 40)  # teaching alone is too long: equal parts
    assert [size for size, _ in syllabus.parts(very_long, 90)] == [64, 63, 63]


def test_markdown_and_html_list_objectives_key_points_and_datasets():
    module = catalogue.find_modules(["02"])[0]
    schedule = syllabus.build(syllabus.tracks()["2-day"], [module])
    markdown, page = syllabus.to_markdown(schedule), syllabus.to_html(schedule)
    for text in (*module.objectives, *module.key_points, *module.datasets):
        assert text in markdown and text.replace("'", "&#x27;") in page
    assert "| 09:00–09:30 |" in markdown and "@media print" in page and "@page" in page


def test_cli_writes_both_tracks(tmp_path):
    result = runner.invoke(app, ["syllabus", "-o", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for name in ("2-day", "5-day"):
        assert (tmp_path / f"syllabus-{name}.md").is_file() and (tmp_path / f"syllabus-{name}.html").is_file()
    assert "Not available yet" in result.output or len(catalogue.all_modules()) >= 6


def test_cli_unknown_track():
    result = runner.invoke(app, ["syllabus", "--track", "3-day"], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and "Unknown track '3-day'" in result.output


@pytest.mark.parametrize("field,value,message", [
    ("objectives", [], "'objectives' is empty"),
    ("minutes", {"teaching": 30}, "'minutes' needs whole numbers"),
])
def test_cli_names_the_module_with_bad_metadata(tmp_path, monkeypatch, field, value, message):
    home = tmp_path / "course"
    shutil.copytree(paths.solutions_dir(), home / "solutions")
    module = catalogue.all_modules()[0]
    notebook = home / "solutions" / module.slug / module.notebook_name
    nb = nbformat.read(notebook, as_version=4)
    nb.metadata["aitrain"][field] = value
    nbformat.write(nb, notebook)
    monkeypatch.setenv("AITRAIN_HOME", str(home))
    result = runner.invoke(app, ["syllabus", "-o", str(tmp_path / "out")], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert module.slug in result.output and message in result.output and "Traceback" not in result.output


def test_a_module_longer_than_a_day_continues_the_next_day():
    schedule = syllabus.build(syllabus.tracks()["5-day"], [fake("09", 400, 400)])
    assert len(schedule.days) >= 2 and schedule.overnight() == ["09"]
    assert any("continue(s) the next morning" in p for p in schedule.problems())
    check_day_rules(schedule)


def test_a_day_too_short_for_a_session_is_an_error():
    short = dataclasses.replace(DAY, end=DAY.start + 60)
    with pytest.raises(AitrainError, match="09-fake"):
        syllabus.build(syllabus.tracks()["5-day"], [fake("09", 40, 45)], short)


def test_cli_says_clearly_when_a_track_does_not_fit(tmp_path, monkeypatch):
    monkeypatch.setattr(syllabus.catalogue, "all_modules", lambda: [fake(f"{i:02d}", 80, 90) for i in range(16)])
    result = runner.invoke(app, ["syllabus", "--track", "5-day", "-o", str(tmp_path)], env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert "does not fit in 5 days" in result.output and "need 9 days" in result.output
    assert "does not fit in 5 days" in (tmp_path / "syllabus-5-day.html").read_text()
