"""The programme's pieces that need no cohort (issue 29): answer checks, small-cell suppression, normalised gain,
the capstone's indicator table, the roster's sex column, the evaluation's grouping."""

import pytest

from aitrain import answer_sheet
from aitrain.feedback import NotYet
from aitrain.grading.capstone_plans import indicators
from aitrain.grading.evaluation_summary import _values, clean, group
from aitrain.grading.funder_report import suppress
from aitrain.grading.learning_gain import gain
from aitrain.grading.roster_profiles import sex_of
from aitrain.i18n import use_language


def test_answer_checks_say_what_form_never_whether_right(capsys):
    assert answer_sheet.choice(" B ") == "b" and answer_sheet.choice("iii", ["I", "II", "III", "IV"]) == "III"
    assert answer_sheet.number("42%", 0, 100) == 42 and answer_sheet.number("4,5", 0, 10) == 4.5
    for value, kwargs, says in [(..., {"choices": "abcd"}, "Not answered yet"), ("e", {"choices": "abcd"}, "one of"),
                                (True, {"lowest": 0, "highest": 100}, "one number"),
                                (120, {"lowest": 0, "highest": 100}, "from 0 to 100"), (..., {}, "a few words")]:
        with pytest.raises(NotYet, match=says):
            answer_sheet.recorded(value, **kwargs)
    answer_sheet.recorded("c", choices="abcd")
    assert "Recorded" in capsys.readouterr().out
    use_language("ru")
    try:
        with pytest.raises(NotYet, match="Ответа пока нет"):
            answer_sheet.recorded(..., choices="abcd")
    finally:
        use_language("en")


def test_small_cells_suppressed_and_not_recoverable_from_the_total():
    assert suppress({"female": 13, "male": 10, "not given": 1}) == {"female": 13, "male": "suppressed",
                                                                   "not given": "<5"}
    assert suppress({"a": 6, "b": 4, "c": 3}) == {"a": 6, "b": "<5", "c": "<5"}, "two hidden: neither recoverable"
    assert suppress({"a": 5, "b": 7}) == {"a": 5, "b": 7}


def test_normalised_gain():
    assert gain(40, 70) == pytest.approx(0.5) and gain(100, 100) is None and gain(60, 50) == pytest.approx(-0.25)


def test_indicator_table_read_from_the_plan():
    text = """Steps first.

| Indicator | baseline | target | source | frequency | owner |
|---|---|---|---|---|---|
| Wrongly refused (%) | 33 | 15 | Visits | Yearly | Social assistance |
| ... | ... | ... | ... | ... | ... |
| Appeals in 30 days (%) | 40 | 90 | Register | Monthly | Appeals unit |

| another | table |
|---|---|
| x | y |"""
    rows = indicators(text)
    assert [r["indicator"] for r in rows] == ["Wrongly refused (%)", "Appeals in 30 days (%)"]
    assert rows[1] == {"indicator": "Appeals in 30 days (%)", "baseline": "40", "target": "90", "source": "Register",
                       "frequency": "Monthly", "owner": "Appeals unit"}


def test_roster_sex_column_read_as_typed():
    assert [sex_of(v) for v in ("F", "ж.", "Woman", "M", "муж", "", "non-binary")] == \
        ["female", "female", "female", "male", "male", "not given", "other"]


def test_evaluation_values_read_never_run():
    assert _values("relevance = 4\npace = 'b'\nhardest = __import__('os').system('x')\nwill_use = ...") == \
        {"relevance": 4, "pace": "b"}
    assert clean({"relevance": "7", "pace": "B", "comments": "  two\nlines "}) == {"pace": "b", "comments": "two lines"}
    assert group(["in 3 months", "Module 5 hard", "модуль 12", "05 maps"]) == {
        "Module 05": ["05 maps", "Module 5 hard"], "Module 12": ["модуль 12"], "general": ["in 3 months"]}
