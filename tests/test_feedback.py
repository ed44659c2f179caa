"""The in-notebook feedback helpers: type and shape before values, plain messages, never the answer."""

import numpy as np
import pandas as pd
import pytest

from aitrain.feedback import (
    Exercise,
    Mistake,
    NotYet,
    close,
    expect_array,
    expect_choice,
    expect_frame,
    expect_not_swapped,
    expect_number,
    expect_series,
    expect_share,
    expect_text,
    same_values,
)


class Sneaky:
    """An object that claims to equal anything."""

    def __eq__(self, other):
        return True

    def __float__(self):
        return 0.18

    __lt__ = __le__ = __gt__ = __ge__ = __eq__
    __hash__ = object.__hash__


@pytest.mark.parametrize("value, says", [
    (Sneaky(), "should be a single number"), (True, "True/False"), (np.bool_(True), "True/False"),
    ([0.18], "several values"), (np.array([0.18]), "several values"), ("0.18", "text in quotes"),
    (None, "None"), (pd.DataFrame({"a": [1]}), "whole table"), (pd.Series([1.0, 2.0]), "several values")])
def test_number_rejects_what_is_not_a_number_and_says_what_it_is(value, says):
    with pytest.raises(Mistake, match=says):
        expect_number(value, "headcount")


def test_number_accepts_numpy_and_python_numbers():
    assert expect_number(np.float32(0.5), "x") == 0.5
    assert type(expect_number(np.int64(3), "x")) is float


def test_placeholder_is_named():
    with pytest.raises(Mistake, match="placeholder"):
        expect_number(..., "x")


def test_share_names_a_percentage_only_when_it_is_one():
    with pytest.raises(Mistake, match="a percentage"):
        expect_share(18.34, "headcount", truth=0.1834)
    with pytest.raises(Mistake, match="above 1") as info:
        expect_share(18.5, "headcount")  # no truth given: no guess
    assert "percentage" not in info.value.what
    with pytest.raises(Mistake, match="upside down"):
        expect_share(4.0, "share", truth=0.25)
    with pytest.raises(Mistake, match="a count"):
        expect_share(300, "share", truth=0.25)
    with pytest.raises(Mistake, match="negative"):
        expect_share(-0.1, "headcount")


def test_choice_accepts_other_spellings():
    assert expect_choice("False-positive  Rate", "m", ["recall", "false positive rate"]) == "false positive rate"
    with pytest.raises(Mistake, match="not one of the choices"):
        expect_choice("precision", "m", ["recall", "false positive rate"])


def test_containers_check_type_and_shape():
    with pytest.raises(Mistake, match="pandas Series"):
        expect_series([1, 2], "s")
    with pytest.raises(Mistake, match="3 values"):
        expect_series(pd.Series([1, 2, 3]), "s", length=4)
    with pytest.raises(Mistake, match="missing the column"):
        expect_frame(pd.DataFrame({"a": [1]}), "t", columns=["a", "b"])
    with pytest.raises(Mistake, match="shape"):
        expect_array(np.zeros(3), "a", shape=(4,))
    with pytest.raises(Mistake, match="hold numbers"):
        expect_array(np.array(["a"]), "a")


def _exercise():
    def check(answer):
        value = expect_share(answer, "answer")
        if abs(value - 0.1834) > 1e-9:
            raise Mistake("This is not the share.", "Use the mean.")
        return "Well done."

    return Exercise(1, "a share", ["answer"], check, "General hint.")


def test_exercise_reports_missing_variable():
    with pytest.raises(NotYet, match="`answer` does not exist yet"):
        _exercise().check({})


def test_exercise_feedback_never_contains_the_answer(capsys):
    with pytest.raises(NotYet) as info:
        _exercise().check({"answer": 0.5})
    assert "0.1834" not in str(info.value) and "Hint: Use the mean." in str(info.value)


def test_exercise_praises_a_right_answer(capsys):
    _exercise().check({"answer": 0.1834})
    assert "Correct: Exercise 1 (a share). Well done." in capsys.readouterr().out


def test_a_passed_answer_is_not_checked_again_until_its_content_changes(capsys):
    checked = []

    def check(table, scale):
        checked.append(1)
        frame = expect_frame(table, "table", ["poor"])
        if frame["poor"].sum() * scale != 2:
            raise Mistake("Not the poor households.", "Filter on `poor`.")
        return "Well done."

    exercise = Exercise(1, "a table", ["table", "scale"], check, "General hint.")
    table = pd.DataFrame({"poor": [True, True, False]})
    exercise.check({"table": table, "scale": 1})
    exercise.needed({"table": table.copy(), "scale": 1})  # the same content: not checked again
    assert exercise.is_done({"table": table, "scale": 1}) and len(checked) == 1
    table.loc[2, "poor"] = True  # changed in place: checked again, and now wrong
    assert not exercise.is_done({"table": table, "scale": 1}) and len(checked) == 2
    assert not exercise.is_done({"table": table, "scale": 1}) and len(checked) == 3  # a failure is not remembered
    assert not exercise.is_done({"table": table.iloc[:2], "scale": 2}) and len(checked) == 4  # another scale
    with pytest.raises(NotYet):
        exercise.check({"table": table, "scale": 1})


def test_answers_that_are_not_plain_data_are_checked_each_time():
    checked = []

    def check(function):
        checked.append(1)
        if function(2) != 4:
            raise Mistake("Not the square.", "Multiply the number by itself.")

    exercise = Exercise(1, "a function", ["function"], check, "General hint.")

    def square(x):
        return x * x

    assert exercise.is_done({"function": square}) and exercise.is_done({"function": square})
    assert len(checked) == 2

    def square(x):  # noqa: F811 (redefined, as a participant does: same name, other behaviour)
        return x + x + 1

    assert not exercise.is_done({"function": square})


def test_expect_text():
    assert expect_text("rooms", "x") == "rooms"
    assert expect_text(np.str_("rooms"), "x") == "rooms"
    for wrong in (Ellipsis, 3.0, ["rooms"], pd.Series(["rooms"])):
        with pytest.raises(Mistake):
            expect_text(wrong, "x")


def test_expect_choice():
    assert expect_choice(" Recall ", "m", ["recall", "accuracy"]) == "recall"
    with pytest.raises(Mistake):
        expect_choice(1, "m", ["recall"])
    with pytest.raises(Mistake):
        expect_choice("precision", "m", ["recall"])



def test_a_choice_is_accepted_in_russian_and_listed_in_the_course_language():
    """Module 12's exercise 2: «полнота» and «доля ложных срабатываний» are the English options in Russian."""
    from aitrain import i18n
    from aitrain.exercises import fairness_audit

    options = fairness_audit.METRIC_CHOICES
    assert expect_choice("Полнота", "m", options) == "recall"  # in either edition
    assert expect_choice("доля  ложных срабатываний", "m", options) == "false positive rate"
    assert expect_choice("False-positive rate", "m", options) == "false positive rate"
    try:
        i18n.use_language("ru")
        assert expect_choice("доля верных ответов", "m", options) == "accuracy"
        with pytest.raises(Mistake) as raised:
            expect_choice("точность", "m", options)
    finally:
        i18n.use_language("en")
    assert "«полнота»" in raised.value.hint or '"полнота"' in raised.value.hint, raised.value.hint
    assert "recall" not in raised.value.hint
    with pytest.raises(Mistake) as raised:
        expect_choice("точность", "m", options)
    assert '"recall"' in raised.value.hint and "полнота" not in raised.value.hint


def test_the_choices_of_02_and_04_are_typed_in_russian_with_a_hyphen_or_a_dash():
    from aitrain.exercises import district_poverty_map, proxy_means_test

    assert expect_choice("Текущий бюджет", "chosen_option", proxy_means_test.OPTIONS) == "current budget"
    assert expect_choice("current budget", "chosen_option", proxy_means_test.OPTIONS) == "current budget"
    for typed in ("оценка Фэя–Херриота", "оценка Фэя-Херриота", "Fay–Herriot"):
        assert expect_choice(typed, "publish_small", district_poverty_map.ESTIMATES) == "Fay-Herriot"
    assert expect_choice("прямая оценка", "publish_small", district_poverty_map.ESTIMATES) == "direct"


def test_the_choices_of_03_and_05_are_typed_in_russian_and_listed_in_the_courses_language():
    from aitrain import i18n
    from aitrain.exercises import poverty_from_space, poverty_levels

    misreports = list(poverty_levels.STRATEGIES)
    for choices in (poverty_levels.MODELS, misreports, poverty_from_space.MODELS):
        assert all(len(i18n.every_language(choice)) == 2 for choice in choices), choices  # each has its Russian
    assert expect_choice("Логистическая регрессия", "agency_model", poverty_levels.MODELS) == "logistic regression"
    assert expect_choice("Random forest", "agency_model", poverty_levels.MODELS) == "random forest"
    assert expect_choice("указать плохое состояние жилья", "verify_first", misreports) == "declare a bad dwelling"
    assert expect_choice("hide the car", "verify_first", misreports) == "hide the car"
    assert expect_choice("все признаки (гребневая регрессия)", "map_model",
                         poverty_from_space.MODELS) == "all features (ridge)"
    with pytest.raises(Mistake) as raised:
        expect_choice("всё сразу", "verify_first", misreports)  # the chart's bar of every misreport is no choice
    assert "not one of the choices" in raised.value.what
    try:
        i18n.use_language("ru")
        with pytest.raises(Mistake) as raised:
            expect_choice("лес", "agency_model", poverty_levels.MODELS)
    finally:
        i18n.use_language("en")
    assert '"случайный лес"' in raised.value.hint and "forest" not in raised.value.hint, raised.value.hint


def test_a_share_written_as_a_rounded_percentage_is_called_a_percentage():
    """Review #4: 55 or 54.6 for 0.5457 is a percentage, not a count to divide by the group size."""
    for typed in (55, 54.6, 54.57):
        with pytest.raises(Mistake) as raised:
            expect_share(typed, "decline_share", truth=0.5457)
        assert "percentage" in raised.value.what and "count" not in raised.value.what, raised.value.what
    with pytest.raises(Mistake) as raised:
        expect_share(60, "decline_share", truth=0.5457)
    assert "count" in raised.value.what  # a whole number far from the percentage stays a count
    with pytest.raises(Mistake) as raised:
        expect_share(55, "x")  # no truth to compare with: both readings are offered
    assert "percentage" in raised.value.hint and "count" in raised.value.hint


def test_a_method_stored_without_brackets_is_told_so():
    """Review #20: `.mean` without `()` is the method itself, not 'an object of type method'."""
    column = pd.Series([1.0, 2.0])
    for check in (lambda v: expect_number(v, "x"), lambda v: expect_series(v, "x"), lambda v: expect_array(v, "x")):
        with pytest.raises(Mistake) as raised:
            check(column.mean)
        assert "`.mean` itself" in raised.value.what and "`()`" in raised.value.hint, raised.value.what

def test_close_and_same_values_compare_within_a_tolerance():
    assert close(0.1 + 0.2, 0.3) and not close(0.3001, 0.3) and close(0.3001, 0.3, 1e-3)
    assert not close(float("nan"), float("nan"))
    assert same_values(pd.Series([0.1 + 0.2, np.nan]), [0.3, np.nan])
    assert not same_values([0.3, 0.3], [0.3]) and not same_values([0.3001], [0.3])


def test_expect_not_swapped_names_two_answers_in_the_wrong_order():
    expect_not_swapped((0.8, 0.3), (0.8, 0.3), "swapped", "hint")
    with pytest.raises(Mistake, match="swapped"):
        expect_not_swapped((0.3, 0.8), (0.8, 0.3), "swapped", "hint")
    expect_not_swapped((0.5, 0.5), (0.5, 0.5), "swapped", "hint")  # equal truths: right, not swapped


def test_a_cell_stores_only_what_its_targets_name():
    """The names inside a target's brackets are read, not stored: after `flags[order[:n]] = True` the answer `n`
    is not one the cell changed (a guard that stopped it would otherwise be blamed on `n`)."""
    from aitrain.feedback import assigned_names

    assert assigned_names("flags[order[:n]] = True") == ["flags"]
    assert assigned_names('table["direct"] = direct') == ["table"]
    assert assigned_names("a, (b, *c) = 1, (2, 3)\nmodel.coef_ += 1") == ["a", "b", "c", "model"]
    assert assigned_names("x = (1,\n") == ["x"]  # does not parse: read line by line


def test_a_missing_value_is_explained_by_rows_that_do_not_match_and_infinity_by_a_division():
    """A nan (what pandas gives where two columns' rows do not match) is not blamed on a division by zero."""
    with pytest.raises(Mistake) as nan:
        expect_number(float("nan"), "model_mae")
    assert "rows do not match" in nan.value.hint and "division" not in nan.value.hint
    with pytest.raises(Mistake) as infinite:
        expect_number(float("inf"), "rate")
    assert "division by zero" in infinite.value.hint


def test_expect_first_crossing_tells_too_early_from_later_than_needed():
    """The shared 'first point where the curve reaches the aim' check of 02, 05, 07, 08, 10 and 16."""
    from aitrain.feedback import expect_first_crossing

    short, long = ("not reached yet", "go right"), ("a smaller one reaches it too", "take the first")
    for value in (40, 42.4, 43.4):  # within (2.5 below, 3.5 above)
        expect_first_crossing(value, 40, (2.5, 3.5), short, long)
    with pytest.raises(Mistake, match="not reached yet") as raised:
        expect_first_crossing(37, 40, (2.5, 3.5), short, long)
    assert raised.value.hint == "go right"
    with pytest.raises(Mistake, match="a smaller one") as raised:
        expect_first_crossing(44, 40, (2.5, 3.5), short, long)
    assert raised.value.hint == "take the first"
    with pytest.raises(Mistake, match="not reached yet"):
        expect_first_crossing(0.29, 0.3, 0, short, long)


def test_same_partition_is_the_same_groups_numbered_otherwise():
    """06's typology: k-means labels times 100 or renumbered are the same clusters (Exercise.same_answer)."""
    from aitrain.feedback import same_partition

    labels = np.array([0, 0, 1, 2, 2, 1])
    assert same_partition(labels * 100, labels) and same_partition(labels / 100, labels)
    assert same_partition(np.array([2, 2, 0, 1, 1, 0]), labels)
    assert not same_partition(np.array([0, 0, 1, 1, 2, 2]), labels)
    assert not same_partition(np.array([0, 0, 0, 0, 0, 0]), labels) and not same_partition(labels[:5], labels)


def test_a_reading_off_a_chart_says_which_way_it_is_off_never_by_how_much():
    from aitrain.feedback import expect_reading

    expect_reading(43, 42, 1.5, "not the bar", "read again")  # within the reading tolerance
    expect_reading(43, 42, lambda value, truth: abs(value - truth) < 2, "not the bar", "read again")
    with pytest.raises(Mistake) as raised:
        expect_reading(52.5, 42, 1.5, "`x` is not the height of the bar.", "read again")
    assert raised.value.what == "`x` is not the height of the bar. Your reading is higher than that."
    assert "42" not in raised.value.what + raised.value.hint
    with pytest.raises(Mistake, match="lower than that"):
        expect_reading(30, 42, 1.5, "`x` is not the height of the bar.", "read again")
