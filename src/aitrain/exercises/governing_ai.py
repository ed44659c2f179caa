"""Exercises of module 15, governing AI with an algorithmic impact assessment."""

import pandas as pd

from aitrain import impact_assessment as aia
from aitrain import legal_landscape as law
from aitrain.category_names import shown
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    close,
    expect_callable,
    expect_choice,
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
    if not isinstance(assessment_02, aia.Assessment):
        raise Mistake(_("`assessment_02` has been changed."), _("Run the cells above again from the top."))
    truth = assessment_02.current / assessment_02.max_risk
    share = expect_share(share_02, "share_02", truth=truth)
    reject_known(share, [
        Known(assessment_02.mitigation_share, N_("This is the share of the mitigation points, not of the risk points."),
              N_("Divide the current score by the maximum *risk* score.")),
    ])
    expect_close(share, truth, 1e-9, _("`share_02` is not the current score as a share of the maximum risk score."),
                 _("Divide the current score by the maximum risk score: both are in the assessment printed above."))
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
        except NameError as error:  # a name inside the function that is none of its inputs: misspelt, most often
            raise Mistake(_("`current_score({raw}, {mitigation}, {maximum})` stops: Python does not know the name "
                            "`{name}` inside the function (misspelt, or not one of its inputs).").format(
                            raw=raw, mitigation=mitigation, maximum=maximum, name=getattr(error, "name", "?")),
                          _("Use only the three inputs: raw, mitigation and max_mitigation.")) from None
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


def _plan_feedback(plan, name: str, answers):
    """The feedback on a list of mitigation measures that must win the deduction and change the level."""
    expect_written(plan, name)
    if isinstance(plan, str) or not isinstance(plan, list | tuple):
        raise Mistake(_("`{name}` should be a list of question ids, but it is a {type_name}.").format(
                        name=name, type_name=type(plan).__name__),
                      _("Write the ids in square brackets, for example `['notice', 'appeal']`."))
    for item in plan:
        if item in RISK_IDS:
            raise Mistake(_("{item!r} is a risk question, not a mitigation measure.").format(item=item),
                          _("Choose ids from the mitigation table above."))
        if not isinstance(item, str) or item not in MITIGATION_IDS:
            raise Mistake(_("{item!r} is not the id of a mitigation question.").format(item=item),
                          _("Copy the ids exactly from the `id` column of the mitigation table."))
    before = aia.assess(answers)
    after = aia.assess(dict(answers) | {m: "yes" for m in plan})
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


def _check_plan(plan_08, answers_08):
    return _plan_feedback(plan_08, "plan_08", answers_08)


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
                        [N_("Add up the points missing of the measures under each principle: one total per "
                            "principle."),
                         N_("`.groupby(...)` on the principle's column, then select the column of points missing and "
                            "add it up with `.sum()`.")],
                        columns=("points missing",))


# Exercise 5: the course's systems under the EU AI Act. Known confusions: (system, category given) -> what, hint.
_CATEGORY_MISTAKES = [
    Known(("16 citizen chatbot", "high-risk"),
          N_("The chatbot gives information and hands uncertain questions to a person: it decides nobody's "
             "eligibility or benefit."),
          N_("Read the EU AI Act row of the table in section 9: what must a chatbot do?")),
    Known(("16 citizen chatbot", "minimal"), N_("A system that talks with citizens has a duty the others do not."),
          N_("Read the EU AI Act row of the table in section 9: what must a chatbot tell people?")),
    Known(("08 fraud flags", "prohibited"),
          N_("Fraud checks on benefits are not among the practices Art. 5 bans, even with a risk score; they are "
             "regulated instead."),
          N_("Which category requires a fundamental-rights impact assessment before use?")),
    Known(("citizen trust score", "high-risk"),
          N_("One score of citizens' behaviour, used by unrelated public offices, is more than a high-risk "
             "system."),
          N_("Read what the table in section 9 says about social scoring.")),
    Known(("07 request router", "high-risk"),
          N_("The router decides nobody's eligibility or benefit: an officer answers every request."),
          N_("Is sending a letter to a department in Annex III, point 5(a)'s list (eligibility; granting, "
             "reducing, revoking or reclaiming a benefit)?")),
    Known(("11 road-damage triage", "high-risk"),
          N_("The triage ranks images of roads for repair crews: it decides nothing about people and is not a "
             "safety component of traffic management."),
          N_("Ask whether the system decides anything about a person, or talks with one.")),
]
_CATEGORY_STEPS = N_("Ask in order: is it a practice Art. 5 bans? Does it decide eligibility for a public benefit, "
                     "or grant, reduce, revoke or reclaim one (Annex III, point 5(a))? Does it talk with people or "
                     "generate content (Art. 50)? If none of these, it is minimal.")


def _expect_dict(value, name: str, keys, what_keys: str, names=()) -> dict:
    """`value` as a dictionary with an entry for each of `keys`, its keys given by their English names (a key
    of `names` may be typed as the translation shows it)."""
    expect_written(value, name)
    if not isinstance(value, dict):
        raise Mistake(_("`{name}` should be a dictionary, but it is a {type_value}.").format(
                        name=name, type_value=type(value).__name__),
                      _("Write it in curly brackets: `{{'name': value, ...}}`, one entry per {what_keys}.").format(
                        what_keys=_(what_keys)))
    value = law.by_key(value, names or keys)
    missing = [k for k in keys if k not in value]
    if missing:
        raise Mistake(_("`{name}` has no entry for {key!r}.").format(name=name, key=missing[0]),
                      _("Copy the names exactly as they are written above, in quotes."))
    return value


def _check_eu_category(eu_category):
    answer = _expect_dict(eu_category, "eu_category", law.SYSTEMS, N_("system"))
    unknown = [k for k in answer if k not in law.SYSTEMS]
    if unknown:
        raise Mistake(_("{key!r} is not one of the systems of the table.").format(key=unknown[0]),
                      _("Copy the names exactly from the `system` column of the table above."))
    given = {system: expect_choice(value, f"eu_category[{system!r}]", law.CATEGORIES)
             for system, value in answer.items()}
    wrong = [system for system in law.SYSTEMS if given[system] != law.category(system)]
    if wrong:
        system = wrong[0]
        reject_known((system, given[system]), _CATEGORY_MISTAKES)
        raise Mistake(_("{right} of {total} systems are right; {system!r} is not {category!r}.").format(
                        right=len(law.SYSTEMS) - len(wrong), total=len(law.SYSTEMS), system=shown(system),
                        category=shown(given[system])),
                      _(_CATEGORY_STEPS))
    return _("Two of the course's systems are high-risk: under the EU AI Act, a public body would need a "
             "fundamental-rights impact assessment before using them.")


def _date(value, name: str):
    day = law.as_date(value)
    if day is None:
        raise Mistake(_("{name} should be a date written as text, 'YYYY-MM-DD', but it is {value!r}.").format(
                        name=name, value=value),
                      _("Write the year, month and day with hyphens, in quotes: for example '2030-01-31'."))
    return day


def _check_eu_dates(eu_from, label_from):
    needed = [s for s in law.SYSTEMS if law.applies_from(s) is not None]
    answer = _expect_dict(eu_from, "eu_from", needed, N_("system that is not minimal"), law.SYSTEMS)
    for system, value in answer.items():
        if system not in law.SYSTEMS:
            raise Mistake(_("{key!r} is not one of the systems of the table.").format(key=system),
                          _("Copy the names exactly from the `system` column of the table above."))
        if law.applies_from(system) is None:
            if value is not None:
                raise Mistake(_("{system!r} is a minimal-risk system: the EU AI Act sets it no date of its "
                                "own.").format(system=shown(system)),
                              _("Leave minimal-risk systems out of `eu_from`."))
            continue
        day, truth = _date(value, f"eu_from[{system!r}]"), law.applies_from(system)
        if day == truth:
            continue
        reject_known(day.isoformat(), [  # dates compared as 'YYYY-MM-DD' texts
            Known(law.EU_ENTRY_INTO_FORCE.isoformat(),
                  N_("{system}: 1 August 2024 is when the Act entered into force, not when this obligation "
                     "applies."),
                  N_("The Act applies in steps: find this category's step in the table of section 9."),
                  fields={"system": shown(system)}),
            Known(law.EU_HIGH_RISK_BEFORE_OMNIBUS.isoformat(),
                  N_("{system}: 2 August 2026 was the date for high-risk systems before the Digital Omnibus on AI."),
                  N_("Read the EU AI Act row again: what did the Omnibus change?"), fields={"system": shown(system)},
                  when=law.category(system) == "high-risk"),
            Known(law.EU_DATES["high-risk"].isoformat(), N_("{system}: the Digital Omnibus moved only the high-risk "
                                                "obligations."),
                  N_("Find this category's own date in the EU AI Act row."), fields={"system": shown(system)}),
        ], truth=truth.isoformat())
        raise Mistake(_("The date for {system!r} is not right.").format(system=shown(system)),
                      _("Use the category you found in Exercise 5, then the date of that category's step in the "
                        "EU AI Act row of section 9."))
    labels = _expect_dict(label_from, "label_from", law.LABEL_DATES, N_("jurisdiction"))
    for where, truth in law.LABEL_DATES.items():
        day = _date(labels[where], f"label_from[{where!r}]")
        if day != truth:
            reject_known(day.isoformat(), [
                Known(str(law.LABEL_DATES_CONFUSED.get(where)),
                      N_("{where}: this is when the law was signed or promulgated, not when it came into force."),
                      N_("Look for the date the law entered into force."), fields={"where": shown(where)},
                      when=where in law.LABEL_DATES_CONFUSED)])
            raise Mistake(_("The date for {where} is not right.").format(where=shown(where)),
                          _("Find {where}'s row in the table of section 9: the date its rules started to "
                            "apply.").format(where=shown(where)))
    return _("The chatbot's duty to tell people they are talking to an AI started first in Kazakhstan and Korea, "
             "months before the EU's.")


eu_category = Exercise(5, N_("the course's systems under the EU AI Act"), ["eu_category"], _check_eu_category,
                       [N_("Read what each system does in the table, then the EU AI Act row of section 9."),
                        _CATEGORY_STEPS])
eu_dates = Exercise(6, N_("from when the obligations apply"), ["eu_from", "label_from"], _check_eu_dates,
                    [N_("Each category of the EU AI Act applies from its own date: find them in section 9's table."),
                     N_("For the labelling duties, use the date each law entered into force, not the date it was "
                        "signed.")])


# The policy path: decisions read off the tables (aitrain.base.path_cells).

PMT = "02 proxy means test"
CHATBOT = "16 citizen chatbot"


def _check_level_all_safeguards(level_all_safeguards, assessment_02):
    level = expect_choice(level_all_safeguards, "level_all_safeguards", aia.LEVELS)
    if not isinstance(assessment_02, aia.Assessment):
        raise Mistake(_("`assessment_02` has been changed."), _("Run the cells above again from the top."))
    reduced = aia.current_score(assessment_02.raw_risk, assessment_02.max_mitigation, assessment_02.max_mitigation)
    truth = aia.impact_level(reduced / assessment_02.max_risk)
    steps = _("Take 15% off the current score, divide by the maximum risk score, and find the band: I up to 25%, "
              "II up to 50%, III up to 75%, IV above.")
    if level == truth:
        return _("Even every safeguard leaves the proxy means test at level {level}: what it decides sets its level."
                 ).format(level=truth)
    if aia.LEVELS.index(level) < aia.LEVELS.index(truth):
        raise Mistake(_("Level {level} is too low: the deduction takes only 15% off the score, and the score stays "
                        "above the top of level {level}.").format(level=level), steps)
    raise Mistake(_("Level {level} is too high: the safeguards can only lower the score.").format(level=level), steps)


def _check_fraud_plan(fraud_plan, answers_08):
    return _plan_feedback(fraud_plan, "fraud_plan", answers_08)


_POLICY_CATEGORY_MISTAKES = _CATEGORY_MISTAKES + [
    Known((PMT, "prohibited"),
          N_("Selecting families for a benefit with a formula is not among the practices Art. 5 bans; it is "
             "regulated instead."), N_("Which category requires a fundamental-rights impact assessment before use?")),
    Known((PMT, "minimal"), N_("The proxy means test decides who receives a public benefit: the Act lists such "
                               "systems by name."),
          N_("Read Annex III, point 5(a) in the EU AI Act row of the table in section 9.")),
    Known((PMT, "transparency"), N_("The proxy means test does not talk with people: its duty comes from what it "
                                    "decides."),
          N_("Read Annex III, point 5(a) in the EU AI Act row of the table in section 9.")),
    Known((CHATBOT, "prohibited"), N_("A chatbot that quotes the rules is not among the practices Art. 5 bans."),
          N_("Read the EU AI Act row of the table in section 9: what must a chatbot do?")),
]


def _check_categories(pmt_category, chatbot_category):
    for system, name, value in [(PMT, "pmt_category", pmt_category), (CHATBOT, "chatbot_category", chatbot_category)]:
        given = expect_choice(value, name, law.CATEGORIES)
        if given != law.category(system):
            reject_known((system, given), _POLICY_CATEGORY_MISTAKES)
            raise Mistake(_("`{name}` is not the category of the {system}.").format(name=name, system=shown(system)),
                          _(_CATEGORY_STEPS))
    return _("The category follows what a system does: deciding about a benefit makes it high-risk; talking with "
             "people brings a duty to say it is an AI.")


level_all_safeguards = Exercise(1, N_("the proxy means test with every safeguard"),
                                ["level_all_safeguards", "assessment_02"], _check_level_all_safeguards,
                                [N_("The deduction takes 15% off the score when the mitigation score reaches 80% of "
                                    "its maximum; the level comes from the score as a share of the maximum risk "
                                    "score."),
                                 N_("Take 15% off the current score of the assessment above, divide by the maximum "
                                    "risk score, and compare with 25%, 50% and 75%.")])
fraud_plan = Exercise(2, N_("a mitigation plan for the fraud flags"), ["fraud_plan", "answers_08"],
                      _check_fraud_plan,
                      [N_("The plan must bring the mitigation score to 80% of its maximum, counting the measures "
                          "already in place."),
                       N_("List, in square brackets and quotes, the ids of the measures you would add: start with "
                          "those worth 2 points.")])
categories = Exercise(3, N_("two systems under the EU AI Act"), ["pmt_category", "chatbot_category"],
                      _check_categories,
                      [N_("Read what each system does in the table, then the EU AI Act row of section 9."),
                       _CATEGORY_STEPS])
