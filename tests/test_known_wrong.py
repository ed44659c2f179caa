"""aitrain.feedback.known_wrong: an exercise's known wrong answers as a table, read by one helper."""

import numpy as np
import pandas as pd
import pytest

from aitrain import i18n
from aitrain.feedback import Known, Mistake, close, either_close, known_mistake, reject_known
from aitrain.i18n import N_

SHARE_ROWS = [
    Known(0.82, N_("This is the share of households that are *not* poor."), N_("Use the `poor` column as it is.")),
    Known(18.0, N_("`{name}` is a percentage; the answer is a share between 0 and 1."),
          N_("Do not multiply by 100 (or divide your percentage by 100)."), fields={"name": "headcount"}),
]


def test_the_first_matching_row_names_the_mistake():
    rows = [Known(0.5, "first"), Known(0.5, "second")]
    with pytest.raises(Mistake) as raised:
        reject_known(0.5, rows)
    assert raised.value.what == "first" and raised.value.hint == ""
    assert known_mistake(0.5, rows) is rows[0]


def test_an_answer_that_is_no_known_mistake_passes():
    reject_known(0.18, SHARE_ROWS)
    assert known_mistake(0.18, SHARE_ROWS) is None


def test_numbers_match_within_the_rows_tolerance():
    rows = [Known(0.82, "not poor", tolerance=1e-6)]
    assert known_mistake(0.82 + 5e-7, rows) is rows[0]
    assert known_mistake(0.82 + 5e-6, rows) is None
    assert known_mistake(3.0, [Known(3, "exact", tolerance=0)]) is not None
    assert known_mistake(3.0000001, [Known(3, "exact", tolerance=0)]) is None


def test_arrays_and_series_match_with_same_values():
    row = Known(pd.Series([1.0, np.nan, 3.0]), "counts")
    assert known_mistake(np.array([1.0, np.nan, 3.0]), [row]) is row, "NaN matches NaN"
    assert known_mistake(np.array([1.0, 2.0, 3.0]), [row]) is None
    assert known_mistake(np.array([1.0, np.nan]), [row]) is None, "a different shape never matches"


def test_texts_tuples_of_texts_and_sets_of_labels_match_exactly():
    assert known_mistake("recall", [Known("recall", "least important")]) is not None
    assert known_mistake("Recall", [Known("recall", "least important")]) is None
    swapped = Known(("false positive rate", "recall"), "swapped")
    assert known_mistake(("false positive rate", "recall"), [swapped]) is swapped
    assert known_mistake(("recall", "false positive rate"), [swapped]) is None
    assert known_mistake({"North", "South"}, [Known({"South", "North"}, "by region")]) is not None


def test_a_wrong_value_given_as_a_function_is_computed_only_when_the_rows_above_do_not_match():
    computed = []

    def costly():
        computed.append(True)
        return 0.4

    rows = [Known(0.82, "not poor"), Known(costly, "costly")]
    assert known_mistake(0.82, rows) is rows[0] and computed == []
    assert known_mistake(0.4, rows) is rows[1] and computed == [True]


def test_a_condition_is_tried_before_the_wrong_value():
    rows = [Known(lambda: 1 / 0, "never computed", when=False), Known(0.5, "applies", when=lambda: True)]
    assert known_mistake(0.5, rows) is rows[1]


def test_with_the_truth_a_right_answer_is_never_called_a_mistake():
    rows = [Known(0.25, "a wrong formula that happens to give the right value here")]
    assert known_mistake(0.25, rows, truth=0.25) is None
    assert known_mistake(0.25, rows, truth=0.3) is rows[0]
    reject_known(0.25, rows, truth=0.25)


def test_a_custom_comparison_replaces_close_and_same_values():
    either = Known((0.9, 0.9), "one of the two is the accuracy", same=either_close)
    assert known_mistake((0.9, 0.3), [either]) is either
    assert known_mistake((0.2, 0.9), [either]) is either
    assert known_mistake((0.2, 0.3), [either]) is None
    signed = Known(1.5, "signed", same=lambda answer, wrong: answer < 0 or close(answer, wrong))
    assert known_mistake(-2.0, [signed]) is signed and known_mistake(1.5, [signed]) is signed
    assert known_mistake(2.0, [signed]) is None


def test_generated_rows_keep_their_own_values():
    rows = [Known(lambda e=e: e / 10, N_("These counts were made with epsilon = {epsilon:g}."),
                  fields={"epsilon": e}) for e in (1, 100)]
    with pytest.raises(Mistake) as raised:
        reject_known(10.0, rows)
    assert raised.value.what == "These counts were made with epsilon = 100."


def test_messages_are_translated_when_shown_and_their_fields_filled():
    with pytest.raises(Mistake) as raised:
        reject_known(18.0, SHARE_ROWS)
    assert raised.value.what == "`headcount` is a percentage; the answer is a share between 0 and 1."
    i18n.use_language("ru")
    try:
        with pytest.raises(Mistake) as raised:
            reject_known(18.0, SHARE_ROWS)
    finally:
        i18n.use_language("en")
    assert "`headcount`" in raised.value.what and raised.value.what != SHARE_ROWS[1].what.format(name="headcount")
    assert raised.value.hint == i18n.translations("ru")["Do not multiply by 100 (or divide your percentage by 100)."]
