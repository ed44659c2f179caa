"""Exercises of module 15, governing AI with an algorithmic impact assessment."""

import pandas as pd

from aitrain import impact_assessment as aia
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    close,
    expect_callable,
    expect_close,
    expect_number,
    expect_series,
    expect_share,
    expect_written,
    reject_known,
    same_values,
)
from aitrain.i18n import N_, _

MITIGATION_IDS = tuple(q.id for q in aia.questions() if q.kind == "mitigation")
RISK_IDS = tuple(q.id for q in aia.questions() if q.kind == "risk")


def _check_level(share_02, level_02, assessment_02):
    share = expect_share(share_02, "share_02")
    if not isinstance(assessment_02, aia.Assessment):
        raise Mistake(_("`assessment_02` has been changed."), _("Run the cells above again from the top."))
    truth = assessment_02.current / assessment_02.max_risk
    reject_known(share, [
        Known(assessment_02.mitigation_share, N_("This is the share of the mitigation points, not of the risk points."),
              N_("Divide the current score by the maximum *risk* score.")),
    ])
    expect_close(share, truth, 1e-9, _("`share_02` is not the current score as a share of the maximum risk score."),
                 _("Divide `assessment_02.current` by `assessment_02.max_risk`."))
    if type(level_02) is not str:
        raise Mistake(_("`level_02` should be a text such as 'II', but it is a {type_level_02___name}.").format(
                        type_level_02___name=type(level_02).__name__),
                      _("Use `impact_assessment.impact_level(share_02)`."))
    if level_02 != aia.impact_level(truth):
        raise Mistake(_("`level_02` is not the level for this share."),
                      _("Level I goes up to 25% of the maximum, II up to 50%, III up to 75%, IV above."))
    return _("The proxy means test is a high-impact system: it decides who receives an income.")


def _check_current(current_score):
    function = expect_callable(current_score, "current_score")
    cases = [(40, 8, 10), (40, 7, 10), (40, 10, 10), (42, 6, 23), (30, 19, 23), (30, 18, 23), (0, 0, 23)]
    for raw, mitigation, maximum in cases:
        try:
            value = function(raw, mitigation, maximum)
        except Exception as error:  # the participant's function may fail in any way
            raise Mistake(_("`current_score({raw}, {mitigation}, {maximum})` stops with {type_error___name}.").format(
                            raw=raw, mitigation=mitigation, maximum=maximum, type_error___name=type(error).__name__),
                          _("Use only the three inputs: raw, mitigation and max_mitigation.")) from None
        value = expect_number(value, "the result of current_score")
        truth = aia.current_score(raw, mitigation, maximum)
        if not close(value, truth):
            reject_known(value, [
                Known(0.15 * raw, N_("With enough mitigation your function returns 15% of the raw score."),
                      N_("The deduction *removes* 15%: 85% of the raw score remains."),
                      when=mitigation >= 0.8 * maximum),
            ])
            if mitigation == 0.8 * maximum:
                raise Mistake(_("At exactly 80% of the maximum mitigation, the deduction should apply."),
                              _("'At least 80%' means `>=`, not `>`."))
            raise Mistake(_("`current_score({raw}, {mitigation}, {maximum})` is not right.").format(
                            raw=raw, mitigation=mitigation, maximum=maximum),
                          _("Compare `mitigation` with 80% of `max_mitigation` (not with 0.8 itself); when it is "
                           "at least that, return 85% of `raw`, otherwise `raw`."))
    return _("This is the rule of the Canadian AIA: mitigation can lower the score by at most 15%.")


def _check_plan(plan_08, answers_08):
    expect_written(plan_08, "plan_08")
    if isinstance(plan_08, str) or not isinstance(plan_08, list | tuple):
        raise Mistake(_("`plan_08` should be a list of question ids, but it is a {type_plan_08___name}.").format(
                        type_plan_08___name=type(plan_08).__name__),
                      _("Write the ids in square brackets, for example `['notice', 'appeal']`."))
    for item in plan_08:
        if item in RISK_IDS:
            raise Mistake(_("{item!r} is a risk question, not a mitigation measure.").format(item=item),
                          _("Choose ids from the mitigation table above."))
        if not isinstance(item, str) or item not in MITIGATION_IDS:
            raise Mistake(_("{item!r} is not the id of a mitigation question.").format(item=item),
                          _("Copy the ids exactly from the `id` column of the mitigation table."))
    before = aia.assess(answers_08)
    after = aia.assess(dict(answers_08) | {m: "yes" for m in plan_08})
    if not after.deduction_applied:
        raise Mistake(_("With this plan the mitigation score is {after_mitigation} of {after_max_mitigation} "
                        "({after_mitigation_share:.0%}): not enough for the deduction.").format(
                        after_mitigation=after.mitigation, after_max_mitigation=after.max_mitigation,
                        after_mitigation_share=after.mitigation_share),
                      _("The deduction needs at least 80% of the maximum mitigation score: add more measures, "
                       "starting with those worth 2 points."))
    if after.level == before.level:
        raise Mistake(_("With this plan the level does not change."), _("Check that `answers_08` was not changed."))
    return _("With these measures the fraud-flag system moves from level {before_level} to level "
             "{after_level}.").format(before_level=before.level, after_level=after.level)


def _check_by_principle(missing_by_principle, gaps_08):
    series = expect_series(missing_by_principle, "missing_by_principle")
    if not isinstance(gaps_08, pd.DataFrame) or "SSAFE-D" not in gaps_08:
        raise Mistake(_("`gaps_08` has been changed."), _("Run the cells above again from the top."))
    truth = gaps_08.groupby("SSAFE-D")["points missing"].sum()
    if set(series.index) != set(truth.index):
        raise Mistake(_("`missing_by_principle` should have one value per SSAFE-D principle with gaps."),
                      _("Group by the column 'SSAFE-D'."))
    counts = gaps_08.groupby("SSAFE-D")["points missing"].count()
    values = pd.to_numeric(series, errors="coerce").reindex(truth.index)
    reject_known(values, [
        Known(counts, N_("This counts the missing measures; the question asks for the missing points."),
              N_("Use `.sum()` of the column 'points missing'."), when=not same_values(counts, truth, 0)),
    ])
    if not same_values(values, truth):
        raise Mistake(_("These are not the missing points per principle."),
                      _("Select the column 'points missing' after grouping, then `.sum()`."))
    return _("The principles with the most missing points show where the fraud-flag system must improve first.")


level = Exercise(1, N_("the impact level of the proxy means test"), ["share_02", "level_02", "assessment_02"],
                 _check_level, N_("The level comes from the current score divided by the maximum risk score."))
current = Exercise(2, N_("the mitigation deduction"), ["current_score"], _check_current,
                   [N_("The deduction applies only when the mitigation score reaches 80% of its maximum (80% "
                      "included); it takes 15% off the raw score."),
                    N_("Inside the function: an `if` comparing `mitigation` with 80% of `max_mitigation`, one "
                      "`return` of the reduced score and one of `raw` unchanged.")])
plan = Exercise(3, N_("a mitigation plan for the fraud flags"), ["plan_08", "answers_08"], _check_plan,
                N_("List the ids of the mitigation measures you would put in place."))
by_principle = Exercise(4, N_("gaps by principle"), ["missing_by_principle", "gaps_08"], _check_by_principle,
                        N_("`table.groupby('column')['other column'].sum()` adds up a column per group."))
