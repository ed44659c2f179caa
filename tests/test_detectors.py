"""The shared detectors (aitrain.feedback.detectors) and the mutant generator (aitrain.tooling.mutants), without a
kernel: the mutants' runs in a kernel are in tests/test_beginner_mistakes.py."""

import ast
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from sklearn.metrics import precision_score, recall_score

from aitrain.feedback import Metric, Mistake, Ratio, detectors, expect_close, known_mistake, scaled
from aitrain.tooling import mutants


def test_a_value_100_times_too_large_or_small_is_named_by_the_fallback():
    with pytest.raises(Mistake, match="100 times too large"):
        expect_close(52.5, 0.525, 1e-9, "not right", "hint")
    with pytest.raises(Mistake, match="100 times too small"):
        expect_close(0.42, 42.0, 1e-9, "not right", "hint")
    with pytest.raises(Mistake, match="not right"):
        expect_close(0.3, 0.525, 1e-9, "not right", "hint")
    assert scaled(np.array([10.0, 20.0]), np.array([0.1, 0.2])) is not None
    assert scaled(0.0, 0.0) is None  # a zero answer: nothing to tell


def test_a_ratio_names_percent_count_upside_down_and_another_whole():
    ratio = Ratio(part=lambda: 30, whole=lambda: 120, of="the poor", others={"all": lambda: 300},
                  wrong_wholes={"all": "all households"})
    rows = ratio.rows("share")
    assert "percentage" in known_mistake(25.0, rows).mistake().what
    assert "count" in known_mistake(30, rows).mistake().what
    assert "upside down" in known_mistake(4.0, rows).mistake().what
    assert "all households" in known_mistake(0.1, rows).mistake().what
    assert known_mistake(0.25, rows, truth=0.25) is None


def test_a_metric_names_swapped_arguments_and_the_training_set():
    truth, flags = np.array([1, 1, 0, 0, 1, 1]), np.array([1, 0, 1, 0, 0, 1])
    metric = Metric(recall_score, lambda: (truth, flags), training=lambda: (truth[1:], flags[1:]))
    rows = metric.rows("recall")
    assert "swapped" in known_mistake(recall_score(flags, truth), rows).mistake().what
    assert "training set" in known_mistake(recall_score(truth[1:], flags[1:]), rows).mistake().what


def _history(monkeypatch, *cells):
    shell = SimpleNamespace(user_ns={"In": ["", *cells]})
    monkeypatch.setattr(detectors, "ipython_shell", lambda: shell)


def test_swapped_arguments_are_read_from_the_code_where_the_value_cannot_tell(monkeypatch):
    metric = Metric(recall_score, lambda: ((), ()), markers=("fraud", "flag"))
    _history(monkeypatch, 'recall_05 = recall_score(flagged_05, test["fraud"])')
    assert "swapped" in metric.swapped_in_code("recall_05").what
    _history(monkeypatch, 'recall_05 = recall_score(test["fraud"], flagged_05)')
    assert metric.swapped_in_code("recall_05") is None
    assert recall_score([1, 0, 1], [1, 1, 0]) == precision_score([1, 1, 0], [1, 0, 1])  # why the code is read


def test_the_denominator_is_read_from_the_last_cell_that_stored_the_answer(monkeypatch):
    ratio = Ratio(part=lambda: 1, whole=lambda: 2, of="the poorest", wrong_wholes={"flagged": "the flagged"})
    _history(monkeypatch, "found = (a & flagged).sum() / truly.sum()", "found = (a & flagged).sum() / flagged.sum()")
    assert "the flagged" in ratio.divided_by_wrong_whole("found").what
    _history(monkeypatch, "found = (a & flagged).sum() / truly.sum()")
    assert ratio.divided_by_wrong_whole("found") is None


SOLUTION = """### BEGIN SOLUTION
flagged = test["score"] <= np.quantile(test["score"], 0.2)
share = (test["poor"] & flagged).sum() / test["poor"].sum()
rate = test[test["region"] == "North"][["poor"]].mean()
### END SOLUTION"""


def test_each_kind_of_mistake_is_generated_from_a_solution():
    ctx = mutants.Context(answers=("share", "rate"), defined={"test", "train", "np", "flagged"},
                          columns={"test": {"score": "f", "income": "f", "poor": "b", "region": "O", "rich": "b"}},
                          masks={"flagged"}, numeric={"share"})
    found = mutants.generate(SOLUTION, ctx)
    kinds = {m.kind for m in found}
    assert kinds >= {"swapped arguments", "x100", "/100", "training set", "whole table", "aggregate",
                     "quantile x100", "quantile 1-q", "filter dropped", "other column", "capitals", "= for ==",
                     "missing bracket", "missing quote", "single brackets", "typo", "renamed"}
    by_kind = {m.kind: m.code for m in reversed(found)}
    assert "np.quantile(test['score'], 20.0)" in by_kind["quantile x100"]
    assert "Share = " in by_kind["renamed"]
    assert "['income']" in by_kind["other column"]
    for mutant in found:
        if mutant.kind not in ("= for ==", "missing bracket", "missing quote"):
            ast.parse(mutant.code)
    assert len({m.code for m in found}) == len(found)


def test_a_decision_gets_another_option_a_typo_and_a_scale():
    """A policy decision (one value in a cell whose comment lists the options) is mutated as a reader would slip."""
    decision = '# One of "arithmetic mean", "geometric mean"\n### BEGIN SOLUTION\ncombination = "geometric mean"\n' \
               "### END SOLUTION"
    ctx = mutants.Context(answers=("combination",), options=mutants.options_of(decision))
    by_kind = {m.kind: m.code for m in mutants.generate(decision, ctx)}
    assert by_kind["other option"] == "combination = 'arithmetic mean'"
    assert by_kind["text typo"] == "combination = 'geometirc mean'"
    assert by_kind["renamed"] == "Combination = 'geometric mean'"
    number = mutants.generate("visits_percent = 31", mutants.Context(answers=("visits_percent",),
                                                                     numeric={"visits_percent"}))
    assert {m.kind for m in number} >= {"x100", "/100", "renamed", "other option"}
    assert "visits_percent = 39" in [m.code for m in number]
    verdict = mutants.classify("other option", "x = 'a'", "✗ Not yet: Exercise 1 (a). The arithmetic mean lets a "
                               "low hazard hide a high one.", passed=False, same=False, crashed=False, raw=False,
                               code=[], values=[])[0]
    assert verdict == "specific"
    verdict = mutants.classify("other option", "x = 'a'", "✗ Not yet: Exercise 1 (a). `x` is not right yet.",
                               passed=False, same=False, crashed=False, raw=False, code=[], values=[])[0]
    assert verdict == "generic"


def test_misleading_judgements_are_well_formed():
    """tests/misleading.yaml: each message a reader judged misleading for one mutant names its module, exercise,
    the mutant's code, the phrase that must not come back and why (read by test_beginner_mistakes)."""
    import yaml

    from aitrain.base import catalogue

    judged = yaml.safe_load((Path(__file__).parent / "misleading.yaml").read_text(encoding="utf-8"))
    slugs = {m.slug for m in catalogue.all_modules()} | {"WELCOME"}
    assert judged, "no judgement recorded"
    for entry in judged:
        assert set(entry) == {"module", "exercise", "mutant", "phrase", "why"}, entry
        assert entry["module"] in slugs and entry["phrase"].strip() and len(entry["why"]) > 20, entry


def test_feedback_is_classified_by_what_it_names():
    def verdict(kind, feedback, **kw):
        options = dict(passed=False, same=False, crashed=False, raw=False, code=["test['poor'].mean()"],
                       values=["0.25"])
        return mutants.classify(kind, "x = 1", feedback, **{**options, **kw})[0]

    assert verdict("x100", "✗ Not yet: Exercise 1 (a). `x` is a percentage; the answer is a share.") == "specific"
    assert verdict("x100", "✗ Not yet: Exercise 1 (a). `x` is not right yet.") == "generic"
    assert verdict("x100", "✗ Not yet: Exercise 1 (a). The two inputs are swapped.") == "misleading"
    assert verdict("x100", "✗ Not yet: Exercise 1 (a). `x` is above 1; a share lies between 0 and 1.") == "generic"
    assert verdict("x100", "✗ Not yet: Exercise 1 (a). `x` is not right yet.\n💡 Hint: is it a percentage?") == \
        "generic", "a kind named only in the hint does not make the message specific"
    assert verdict("training set", "⚠ Line 1 of this cell: f1(train['y'], p)\nWhat went wrong: The two lists do not "
                   "have the same length.\nTry: use the test set for both.") == "generic"
    assert verdict("training set", "⚠ Line 1 of this cell: f1(train['y'], p)\nWhat went wrong: One comes from the "
                   "training set, the other from the test set.\nTry: use the test set for both.") == "specific"
    assert verdict("x100", "✗ Not yet: Exercise 1 (a). Use test['poor'].mean() here.") == "leak"
    assert verdict("x100", "✗ Not yet: Exercise 1 (a). It should be 0.25.") == "leak"
    assert verdict("x100", "", passed=True, same=True) == "same"
    assert verdict("x100", "", passed=True) == "accepted"
    assert verdict("x100", "KeyError", crashed=True) == "crash"


def test_an_answer_right_once_divided_by_100_is_called_a_percentage_whatever_the_check(monkeypatch):
    from aitrain.feedback import Exercise

    def check(rates, seed):
        if not np.allclose(np.asarray(rates), [0.2, 0.4]):
            raise Mistake("These are not the rates.", "hint")

    _history(monkeypatch, "rates = table['poor'] * 100")
    exercise = Exercise(1, "rates", ["rates", "seed"], check, "hint")
    with pytest.raises(AssertionError, match="`rates` is 100 times too large"):
        exercise.check({"rates": np.array([20.0, 40.0]), "seed": 3})
    with pytest.raises(AssertionError, match="`rates` is 100 times too small"):
        exercise.check({"rates": np.array([0.002, 0.004]), "seed": 3})
    with pytest.raises(AssertionError, match="`rates` has the wrong sign"):
        exercise.check({"rates": np.array([-0.2, -0.4]), "seed": 3})
    with pytest.raises(AssertionError, match="`rates` is upside down"):
        exercise.check({"rates": np.array([5.0, 2.5]), "seed": 3})
    with pytest.raises(AssertionError, match="not the rates"):
        exercise.check({"rates": np.array([0.3, 0.4]), "seed": 3})


def test_a_failed_answer_computed_from_an_undeclared_column_is_told_so_without_naming_the_right_one(monkeypatch):
    from aitrain.feedback import Exercise

    def check(share):
        if share != 0.25:
            raise Mistake("This is not the share.", "hint")

    exercise = Exercise(1, "share", ["share"], check, "hint", columns=("poor",))
    _history(monkeypatch, "share = survey['female_head'].mean()")
    with pytest.raises(AssertionError, match="column 'female_head', which this exercise does not use") as error:
        exercise.check({"share": 0.4})
    assert "poor" not in str(error.value)
    _history(monkeypatch, "share = survey['poor'].sum()")
    with pytest.raises(AssertionError, match="not the share"):
        exercise.check({"share": 0.4})


@pytest.mark.parametrize("declared, wrong, told, other", [
    ({"test_set": "test"}, "answer = (flagged & ~train['fraud']).sum()", r"partly on the training set \(`train`\)",
     "answer = (flagged & test['fraud']).sum()"),
    ({"aggregate": "mean"}, "answer = (test['y'] - guess).abs().sum()",
     r"uses `\.sum\(\)`, a total, where the question asks for an average", "answer = (test['y'] - guess).mean()"),
])
def test_a_failed_answer_is_told_what_its_cell_does_against_the_exercise_declaration(monkeypatch, declared, wrong,
                                                                                       told, other):
    """The training set read where the exercise declares its test set; another aggregate than the declared one.
    Another mistake, and the same cell under an exercise that declares nothing, keep the check's own message."""
    from aitrain.feedback import Exercise

    def check(answer):
        if answer != 12:
            raise Mistake("This is not the answer.", "hint")

    _history(monkeypatch, wrong)
    with pytest.raises(AssertionError, match=told):
        Exercise(1, "x", ["answer"], check, "hint", **declared).check({"answer": 0})
    with pytest.raises(AssertionError, match="not the answer"):
        Exercise(1, "x", ["answer"], check, "hint").check({"answer": 0})
    _history(monkeypatch, other)
    with pytest.raises(AssertionError, match="not the answer"):
        Exercise(1, "x", ["answer"], check, "hint", **declared).check({"answer": 0})


def test_the_report_has_a_row_per_module_and_path_and_lists_what_is_not_specific():
    results = [mutants.Result("06-x", "ex1", "x100", "a = 1 * 100", "specific", "percent"),
               mutants.Result("06-x", "p1", "other option", "b = 'c'", "generic", "`b` is not right yet.",
                              path="policy"),
               mutants.Result("06-x", "p1", "renamed", "B = 'c'", "same", "", path="policy")]
    report = mutants.report(results)
    rows = {line.split()[0] + " " + line.split()[1]: line.split() for line in report.splitlines()[1:5]}
    assert rows["06-x coded"][2:4] == ["1", "0"] and rows["06-x policy"][2:4] == ["1", "1"], report
    assert rows["TOTAL policy"][4] == "0.0%" and "TOTAL" in report.splitlines()[5]
    assert "[generic] 06-x p1 (other option)" in report and "[same]" in report


def test_the_report_is_written_with_every_mutant_and_its_feedback(tmp_path):
    import json

    results = [mutants.Result("WELCOME", "practice", "x100", "share = 300 / 1200 * 100", "specific",
                              "`share` is a percentage", path="coded/policy")]
    text, data = mutants.write(results, tmp_path / "results" / "mutants")
    assert text.read_text(encoding="utf-8").startswith(mutants.report(results).splitlines()[0])
    assert json.loads(data.read_text(encoding="utf-8"))[0] == {
        "module": "WELCOME", "grade_id": "practice", "kind": "x100", "code": "share = 300 / 1200 * 100",
        "verdict": "specific", "feedback": "`share` is a percentage", "why": "", "path": "coded/policy"}
