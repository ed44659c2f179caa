"""`aitrain syllabus`: a timed schedule from the modules' metadata, for each track in data/tracks.yaml."""

import dataclasses
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from markupsafe import escape
from typer.testing import CliRunner

from aitrain import paths
from aitrain.base import catalogue
from aitrain.errors import AitrainError
from aitrain.tooling import syllabus
from aitrain.tooling.cli import app
from aitrain.tooling.syllabus import module_title

runner = CliRunner()
DAY = syllabus.day_settings()
# Two tracks of fixed shape, for the layout rules (the course's own tracks are tested further down).
TWO_DAY = syllabus.Track("2-day", "Two-day workshop", "anyone", 2, ["00", "01", "02", "08"])
FIVE_DAY = syllabus.Track("5-day", "Five-day programme", "anyone", 5, ["00", "01", "02", "03", "07", "16", "08", "12",
                                                                       "15"])
TRACKS = {"2-day-policy", "5-day-programme", "5-day-technical", "full"}
# Modules the policy tracks teach whose policy notebook is not written yet (issue 24): the syllabus says so.
NO_POLICY_NOTEBOOK_YET: dict[str, list[str]] = {"2-day-policy": [], "5-day-programme": []}


def fake(module_id: str, teaching: int, exercises: int, requires: list | None = None) -> catalogue.Module:
    meta = {"id": module_id, "title": f"Title {module_id}", "story": "A ministry's problem.",
            "minutes": {"teaching": teaching, "exercises": exercises}, "objectives": ["Do a thing"],
            "prerequisites": [], "requires": requires or [], "key_points": ["A point"], "datasets": ["some_data"]}
    return catalogue.module_from_metadata(meta, f"{module_id}-fake", Path(f"{module_id}-fake.ipynb"))


MINUTES = [(65, 70), (60, 70), (65, 70), (65, 70), (105, 70), (80, 70), (80, 70), (90, 70), (70, 85), (70, 70),
           (75, 70), (85, 55), (85, 80), (75, 80), (95, 95), (105, 80)]  # honest minutes, as in the notebooks
SIXTEEN = [fake(f"{i:02d}", *m) for i, m in enumerate(MINUTES)]
SEVENTEEN = SIXTEEN + [fake("16", 115, 70, ["00", "07"])]


def check_day_rules(schedule: syllabus.Schedule, day: syllabus.Day = DAY) -> None:
    """What a trainer expects of every day: in hours, breaks every 90 minutes (a visit is one longer session),
    lunch in its window."""
    DAY = day  # noqa: N806 (the day the track keeps)
    for items in schedule.days:
        assert items[0].start == DAY.start and items[-1].end <= DAY.end
        assert items[0].kind in ("opening", "recap") and items[-1].kind == "closing"
        assert items[-2].kind == "open lab" and items[-2].minutes >= DAY.min_open_lab_minutes, "an open lab every day"
        assert all(a.end == b.start for a, b in zip(items, items[1:], strict=False)), "no gaps or overlaps"
        stretch = 0
        for item in items:
            stretch = 0 if item.kind in ("break", "lunch") else stretch + item.minutes
            assert stretch <= max(DAY.max_session_minutes, item.minutes if item.kind == "visit" else 0), \
                f"{stretch} minutes without a break"
        lunches = [i for i in items if i.kind == "lunch"]
        assert len(lunches) <= 1
        if items[-1].end > DAY.lunch_latest + 60:
            # (a lunch may take the place of a break due just before its window)
            assert len(lunches) == 1
            assert DAY.lunch_earliest - DAY.break_minutes <= lunches[0].start <= DAY.lunch_latest


def test_tracks_are_data_shipped_with_the_package():
    tracks = syllabus.tracks()
    assert set(tracks) == TRACKS
    assert (paths.PACKAGE_DIR / "data" / "tracks.yaml").is_file()
    workshop = tracks["2-day-policy"]
    assert (workshop.days, workshop.path) == (2, "policy")
    ids = [m.id for m in syllabus.select(workshop, catalogue.all_modules())[0]]
    assert {"12", "15", "16"} <= set(ids) and "00" not in ids and ids[2] in ("05", "06")
    kinds = [s["kind"] for s in workshop.slots if isinstance(s, dict) and "kind" in s]
    assert kinds[:2] == ["assessment", "group work"] and kinds[-2:] == ["group work", "assessment"]
    technical = tracks["5-day-technical"]
    assert technical.path == "coded" and "14" in technical.slots and tracks["full"].slots == "all"


def test_the_five_day_programme_has_visits_talks_daily_group_work_and_a_capstone():
    track = syllabus.tracks()["5-day-programme"]
    schedule = syllabus.build(track, catalogue.all_modules())
    assert schedule.fits and len(schedule.days) == 5
    check_day_rules(schedule, syllabus.day_settings(track))
    visits = {s.sheet: s.module for s in schedule.slots if s.kind == "visit"}
    assert visits == {"smart-building-lab": "10", "drone-company": "11", "payments-company": "08"}
    for day in schedule.days:
        assert any(i.kind == "group work" for i in day), "group work every day"
        for visit in (i for i in day if i.kind == "visit"):  # after the module it illustrates, the same day
            assert any(i.module is not None and i.module.id == visit.slot.module for i in day[:day.index(visit)])
    assert any(i.kind == "talk" for day in schedule.days for i in day)
    assert schedule.days[-1][-4].title.startswith("Capstone presentations"), "the capstone ends the programme"
    assert all(m.path == "policy" for m in schedule.modules)
    markdown = syllabus.to_markdown(schedule)
    assert "## Visits" in markdown and "Companion sheet: docs/visits/drone-company.md. With module 11." in markdown


def test_policy_tracks_name_the_modules_without_a_policy_notebook():
    """Modules may sit in a policy track before their policy notebook exists; the syllabus says which, and
    times them from their coded notebook read as on the policy path."""
    for name, expected in NO_POLICY_NOTEBOOK_YET.items():
        track = syllabus.tracks()[name]
        schedule = syllabus.build(track, catalogue.all_modules())
        assert schedule.fits, name
        check_day_rules(schedule, syllabus.day_settings(track))
        missing = [m.id for m in schedule.unavailable()]
        assert missing == expected, f"{name}: without a policy notebook now {missing}; update this list"
        notes = [p for p in schedule.problems() if p.startswith("The policy notebook is not yet available")]
        assert len(notes) == (1 if missing else 0) and all(f"module {i}" in notes[0] for i in missing)
        markdown = syllabus.to_markdown(schedule)
        for module in schedule.modules:
            mark = "policy path" if module.has_path("policy") else "policy path: not yet available"
            assert f"{module_title(module)}" in markdown and mark in module_title(module)
            folder = "policy/" if module.has_path("policy") else ""
            assert f"Notebook: `{folder}{module.slug}/{module.notebook_name}`" in markdown
            if module.has_path("policy"):
                assert module.minutes == sum(module.policy[:2]), "a policy notebook's own minutes"
    reserved = {m.id: m.minutes for m in syllabus.build(syllabus.tracks()["2-day-policy"],
                                                        catalogue.all_modules()).modules}
    assert (reserved["16"], reserved["15"]) == (110, 120), "the minutes the workshop reserves for 16 and 15"


def test_prerequisites_are_checked_per_path():
    modules = catalogue.all_modules()
    with pytest.raises(AitrainError, match="module 02 needs module 00 before it"):
        syllabus.build(syllabus.Track("c", "Coded", "anyone", 1, ["02"]), modules)
    policy = syllabus.build(syllabus.Track("p", "Policy", "anyone", 1, ["01", "02"], path="policy"), modules)
    assert [m.id for m in policy.modules] == ["01", "02"], "the policy path needs no programming module"
    with pytest.raises(AitrainError, match="module 12 needs module 02 before it"):
        syllabus.build(syllabus.Track("p", "Policy", "anyone", 1, ["12"], path="policy"), modules)
    mixed = syllabus.Track("m", "Mixed", "anyone", 2, ["01", {"module": "00", "path": "coded"}, "02"], path="policy")
    assert [m.path for m in syllabus.build(mixed, modules).modules] == ["policy", "coded", "policy"]


def test_a_malformed_slot_is_named():
    bad = syllabus.Track("x", "X", "anyone", 1, ["01", {"kind": "visit", "title": "A visit", "minutes": 60}])
    with pytest.raises(AitrainError, match="Track x: the slot .* is not a module"):
        syllabus.build(bad, catalogue.all_modules())
    with pytest.raises(AitrainError, match="no 'scenic' path"):
        syllabus.Track("x", "X", "anyone", 1, ["01"], path="scenic")


def test_two_day_workshop_fits_and_keeps_modules_whole():
    schedule = syllabus.build(TWO_DAY, SIXTEEN)
    assert [m.id for m in schedule.modules] == ["00", "01", "02", "08"]
    assert schedule.fits and schedule.missing == [] and schedule.problems() == []
    assert [len([i for i in day if i.kind == "module"]) for day in schedule.days] == [4, 4], "two modules a day"
    check_day_rules(schedule)
    for m in schedule.modules:  # each module's sessions are on one day and add up to its minutes
        sessions = [(n, i) for n, day in enumerate(schedule.days) for i in day if i.module == m]
        assert len({n for n, _ in sessions}) == 1
        assert sum(i.minutes for _, i in sessions) == m.minutes


def test_five_day_programme_fits_and_names_the_further_modules():
    track = FIVE_DAY
    schedule = syllabus.build(track, SEVENTEEN)
    assert schedule.fits and schedule.missing == []
    check_day_rules(schedule)
    placed = [i.module.id for day in schedule.days for i in day if i.kind == "module"]
    assert list(dict.fromkeys(placed)) == track.slots, "in the track's order"
    assert sorted(m.id for m in schedule.modules + schedule.further) == sorted(m.id for m in SEVENTEEN)
    assert all(module_title(m) in syllabus.to_markdown(schedule) for m in schedule.further)


def test_a_track_that_does_not_fit_says_so():
    long = [fake(f"{i:02d}", 80, 90) for i in range(16)]
    schedule = syllabus.build(FIVE_DAY, long)
    assert not schedule.fits and len(schedule.days) > 5
    assert any("does not fit in 5 days" in p for p in schedule.problems())
    assert "beyond the track's length" in syllabus.to_markdown(schedule)


def test_missing_modules_are_named():
    schedule = syllabus.build(TWO_DAY, [fake("01", 30, 30), fake("02", 40, 45)])
    assert [m.id for m in schedule.modules] == ["01", "02"]
    assert schedule.missing == ["00", "08"]
    assert "module 00, module 08" in schedule.problems()[0]
    track = syllabus.Track("x", "X", "anyone", 2, [["00", "01"], "02"])  # a list of ids: the first that exists
    assert syllabus.build(track, [fake("02", 30, 30)]).missing[0] == "00 or 01"
    assert [m.id for m in syllabus.build(track, [fake("01", 30, 30)]).modules] == ["01"]


def test_a_track_that_breaks_a_prerequisite_is_refused():
    track = syllabus.Track("old", "Old workshop", "anyone", 2, ["00", "02", "12", "15"])
    modules = [fake("00", 60, 70), fake("02", 60, 70, ["00"]), fake("07", 60, 70, ["00", ["02", "03"]]),
               fake("08", 70, 85, ["00", ["02", "03"]]), fake("12", 75, 80, ["02", "08"]),
               fake("15", 105, 80, ["02", "07", "08"])]
    with pytest.raises(AitrainError) as info:
        syllabus.build(track, modules)
    assert str(info.value).startswith(
        "The old workshop (old) breaks prerequisites: module 12 needs module 08 before it; module 15 needs module "
        "07 before it; module 15 needs module 08 before it.")
    reordered = syllabus.Track("new", "New", "anyone", 5, ["00", "02", "08", "07", "12", "15"])
    assert syllabus.build(reordered, modules).modules[-1].id == "15"
    alternatives = syllabus.Track("alt", "Alt", "anyone", 5, ["00", "08"])
    with pytest.raises(AitrainError, match="module 08 needs module 02 or 03 before it"):
        syllabus.build(alternatives, modules)


def test_a_module_longer_than_a_session_is_split_across_a_break():
    long = fake("03", 60, 80)
    schedule = syllabus.build(FIVE_DAY, [long])
    day = schedule.days[0]
    sessions = [i for i in day if i.module == long]
    assert [i.minutes for i in sessions] == [60, 80], "the first part fills the session after the opening"
    assert "part 1 of 2" in sessions[0].title and "part 2 of 2" in sessions[1].title
    assert "interleaved: each exercise straight after the section it practises" in syllabus.to_markdown(schedule)
    between = day[day.index(sessions[0]) + 1]
    assert between.kind in ("break", "lunch")
    check_day_rules(schedule)
    very_long = fake("04", 150, 40)  # teaching alone is too long: equal parts
    assert [size for size, _ in syllabus.parts(very_long, 90)] == [64, 63, 63]


def test_markdown_and_html_list_objectives_key_points_and_datasets():
    module = catalogue.find_modules(["02"])[0]
    schedule = syllabus.build(TWO_DAY, [module])
    markdown, page = syllabus.to_markdown(schedule), syllabus.to_html(schedule)
    for text in (*module.objectives, *module.key_points, *module.datasets):
        assert text in markdown and text.replace("'", "&#x27;") in page
    assert "| 09:00–09:30 |" in markdown and "@media print" in page and "@page" in page


def test_cli_writes_every_track(tmp_path):
    result = runner.invoke(app, ["syllabus", "-o", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for name in TRACKS:
        assert (tmp_path / f"syllabus-{name}.md").is_file() and (tmp_path / f"syllabus-{name}.html").is_file()
    assert result.exit_code == 0 and "does not fit" not in result.output
    for name, track in syllabus.tracks().items():
        schedule = syllabus.build(track, catalogue.all_modules())
        assert len(schedule.days) == track.days and schedule.fits and schedule.missing == [], name
        check_day_rules(schedule, syllabus.day_settings(track))
        page = (tmp_path / f"syllabus-{name}.html").read_text()
        for item in (i for day in schedule.days for i in day):  # every slot is shown
            assert str(escape(item.title)) in page, item.title
    first_day = (tmp_path / "syllabus-2-day-policy.md").read_text().split("## Day 2")[0]
    assert "Module 01 · Scoping" in first_day and "Open lab" in first_day and "**Starting point:" in first_day


def test_cli_refuses_a_track_whose_module_needs_another_first(tmp_path, monkeypatch):
    """Module 02 made to require module 03, which the technical track teaches after it: a one-line refusal."""
    home = tmp_path / "course"
    shutil.copytree(paths.solutions_dir(), home / "solutions")
    notebook = home / "solutions" / "02-proxy-means-test" / "02-proxy-means-test.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.metadata["aitrain"]["requires"] = ["00", "03"]
    nbformat.write(nb, notebook)
    monkeypatch.setenv("AITRAIN_HOME", str(home))
    result = runner.invoke(app, ["syllabus", "--track", "5-day-technical", "-o", str(tmp_path / "out")],
                           env={"COLUMNS": "300"})
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert ("The five-day technical track (5-day-technical) breaks prerequisites: module 02 needs module 03 before "
            "it.") in result.output
    assert not (tmp_path / "out" / "syllabus-5-day-technical.md").exists()


def test_cli_refuses_a_track_with_none_of_the_courses_modules(tmp_path, monkeypatch):
    home = tmp_path / "course"
    (home / "solutions").mkdir(parents=True)
    shutil.copytree(paths.solutions_dir() / "03-poverty-levels", home / "solutions" / "03-poverty-levels")
    monkeypatch.setenv("AITRAIN_HOME", str(home))
    result = runner.invoke(app, ["syllabus", "--track", "2-day-policy", "-o", str(tmp_path / "out")],
                           env={"COLUMNS": "300"})
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "has none of this course's modules" in result.output


def test_cli_unknown_track():
    result = runner.invoke(app, ["syllabus", "--track", "3-day"], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and "Unknown track '3-day'" in result.output


@pytest.mark.parametrize("field,value,message", [
    ("objectives", [], "'objectives' is empty"),
    ("minutes", {"teaching": 30}, "'minutes' needs whole numbers"),
    ("requires", [["01", None]], "'requires' must list module ids"),
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
    schedule = syllabus.build(FIVE_DAY, [fake("03", 400, 400)])
    assert len(schedule.days) >= 2 and schedule.overnight() == ["03"]
    assert any("continue(s) the next morning" in p for p in schedule.problems())
    check_day_rules(schedule)


def test_a_day_too_short_for_a_session_is_an_error():
    short = dataclasses.replace(DAY, end=DAY.start + 60)
    with pytest.raises(AitrainError, match="03-fake"):
        syllabus.build(FIVE_DAY, [fake("03", 40, 45)], short)


def test_cli_says_clearly_when_a_track_does_not_fit(tmp_path, monkeypatch):
    monkeypatch.setattr(syllabus.catalogue, "all_modules", lambda: [fake(f"{i:02d}", 80, 90) for i in range(16)])
    monkeypatch.setattr(syllabus, "tracks", lambda: {"5-day": FIVE_DAY})
    result = runner.invoke(app, ["syllabus", "--track", "5-day", "-o", str(tmp_path)], env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert "does not fit in 5 days" in result.output and "need 6 days" in result.output
    assert "does not fit in 5 days" in (tmp_path / "syllabus-5-day.html").read_text()


def test_cli_writes_a_schedule_in_russian(tmp_path):
    from aitrain import i18n
    from aitrain.base.edition import Edition
    from aitrain.tooling import translated

    result = runner.invoke(app, ["syllabus", "--lang", "ru", "--track", "5-day-technical", "--track",
                                 "5-day-programme", "-o", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert i18n.language() == "en", "the language is restored after writing"
    markdown = (tmp_path / "syllabus-5-day-technical.ru.md").read_text()
    page = (tmp_path / "syllabus-5-day-technical.ru.html").read_text()
    title = translated.module(catalogue.find_modules(["02"])[0], Edition(language="ru")).title
    assert f"### Модуль 02 · {title}" in markdown and f"<h3>Модуль 02 · {title}</h3>" in page
    assert markdown.startswith("# Пятидневный технический курс: расписание")
    for heading in ("## День 1: 09:00–", "| время | занятие | мин. |", "## Модули", "**Цели.**", "**Главное.**",
                    "*Обед*", "*Перерыв*"):
        assert heading in markdown, heading
    assert '<html lang="ru">' in page and "<th>время</th>" in page and "<strong>Цели.</strong>" in page
    words = re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[1])  # the page's text, without its style sheet
    for english in ("schedule", "Day 1", "| time |", "The modules", "Objectives", "Key points", "Prerequisites",
                    "Lunch", "Break", "Open lab", "Module 0", "minutes", "Generated by"):
        assert english not in markdown and english not in words, english
    assert not (tmp_path / "syllabus-5-day-technical.md").exists(), "the English schedule is not overwritten"
    programme = (tmp_path / "syllabus-5-day-programme.ru.md").read_text()
    assert "## Визиты" in programme and "Памятка: docs/visits/ru/drone-company.md. К модулю 11." in programme
    assert "без программирования" in programme and "**Визит: компания — производитель дронов**" in programme


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_workshops_long_days_and_policy_prerequisites_are_said(tmp_path, lang):
    """Issue 24: a track with its own hours says how many ordinary days its sessions would need; on the policy path
    the prerequisites are the modules its decisions build on, and no programming; every slot is in the page."""
    result = runner.invoke(app, ["syllabus", "--lang", lang, "--track", "2-day-policy", "-o", str(tmp_path)],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    suffix = "" if lang == "en" else ".ru"
    markdown = (tmp_path / f"syllabus-2-day-policy{suffix}.md").read_text()
    page = (tmp_path / f"syllabus-2-day-policy{suffix}.html").read_text()
    track = syllabus.tracks()["2-day-policy"]
    ordinary = syllabus.build(track, catalogue.all_modules(), syllabus.day_settings())
    assert len(ordinary.days) > track.days, "the workshop's long days are needed: else drop them from tracks.yaml"
    said = {"en": f"Its days run from 08:30 to 18:00: in the course's ordinary day (09:00 to 17:00, with the same "
                  f"breaks, lunch and open lab) the same sessions need {len(ordinary.days)} days.",
            "ru": "Дни этой программы длятся с 08:30 до 18:00: в обычный день курса (с 09:00 до 17:00, с теми же "
                  f"перерывами, обедом и самостоятельной работой) на те же занятия понадобилось бы дней: "
                  f"{len(ordinary.days)}."}[lang]
    assert said in markdown and str(escape(said)) in page
    no_programming = {"en": "Module 01. No programming needed.", "ru": "Модуль 01. Программирование не требуется."}
    assert no_programming[lang] in markdown and no_programming[lang] in page, "module 02 on the policy path"
    assert "(loading and filtering a table with pandas)" not in markdown, "no coded prerequisite on the policy path"
    if lang == "ru":
        # Module 16's policy notebook needs no module (it needed 07 while it was timed from its coded notebook).
        assert "needs module" not in markdown and "перед модулем 16 нужен модуль" not in markdown
    kinds = {i.kind for day in syllabus.build(track, catalogue.all_modules()).days for i in day}
    assert {"module", "assessment", "group work", "open lab"} <= kinds
