"""Exercises of module 16, a chatbot that answers citizens' questions from the rules."""

import re

import pandas as pd

from aitrain import chatbot
from aitrain.datasets import load
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    close,
    expect_choice,
    expect_close,
    expect_first_crossing,
    expect_number,
    expect_reading,
    expect_series,
    expect_share,
    expect_text,
    other_column,
    reject_known,
    same_values,
)
from aitrain.i18n import N_, _, cache_per_language

GENERATED = 200  # questions the language model answers in the notebook (a sample of the test questions)
# Texts with numbers that are not personal ID numbers: a redaction pattern must leave them alone (the feedback
# quotes them in the language of the questions, `not_ids`).
NOT_IDS = (N_("The benefit is 1,200 som per month."), N_("I am 65 years old."), N_("We have 3 children."),
           N_("Tel 07700900123."), N_("The hotline 1255 answers from 8:00 to 20:00."), N_("Within 30 days (CHB-9.1)."))


def not_ids() -> tuple[str, ...]:
    """NOT_IDS in the language of the questions the kernel loads (English, or Russian with the Russian data)."""
    return NOT_IDS if chatbot.rulebook_language() == "English" else tuple(_(text) for text in NOT_IDS)


@cache_per_language
def _generated(seed: int):
    book = load("benefit_rulebook")
    _unused, test = chatbot.load_and_split(seed)
    model = chatbot.train_language_model(chatbot.cited(book), order=3)
    return chatbot.generated_answers(model, test.sample(GENERATED, random_state=seed), book, seed=seed)


@cache_per_language
def _retrieved(seed: int, analyzer: str = "char"):
    book = load("benefit_rulebook")
    validation, test = chatbot.load_and_split(seed)
    retriever = chatbot.fit_retriever(book, analyzer, (3, 5) if analyzer == "char" else (1, 1))
    return validation, test, chatbot.retrieve(retriever, validation["text"]), chatbot.retrieve(retriever, test["text"])


def _check_invented(share_invented, seed):
    answers = _generated(int(seed))
    value = expect_share(share_invented, "share_invented", float((answers["n_unsupported"] > 0).mean()))
    if close(value, (answers["n_unsupported"] > 0).mean()):
        return _("Fluent text is not a source: most of the generated answers state something the rule does not say.")
    reject_known(value, [
        Known((answers["n_nowhere"] > 0).mean(),
              N_("This is the column of numbers and citations found *nowhere* in the rulebook, only part of the "
                 "unsupported ones."),
              N_("An amount copied from another benefit is just as wrong for this question: use "
                 "`n_unsupported`.")),
        Known((answers["n_unsupported"] == 0).mean(), N_("This is the share of answers with *nothing* invented."),
              N_("Count the answers with at least one unsupported number or citation (`> 0`).")),
    ])
    expect_close(value, float((answers["n_unsupported"] > 0).mean()), 1e-9,
                 _("This is not the share of generated answers with at least one unsupported fact."),
                 _("Mark each answer True when it has at least one unsupported fact; the mean of True/False "
                  "values is the share of True."))
    return _("Fluent text is not a source: most of the generated answers state something the rule does not say.")


def _check_top1(top1, seed):
    validation, test, found_validation, found = _retrieved(int(seed))
    truth = float((found["passage_id"] == test["passage_id"]).mean())
    value = expect_share(top1, "top1", truth)
    if close(value, truth):  # the diagnoses below cost time: only for wrong answers
        return _("The right rule comes first for about four questions in five.")
    reject_known(value, [
        Known(chatbot.in_top_k(found, test["passage_id"]).mean(),
              N_("This is the top-3 accuracy: the right passage among the first three."),
              N_("The chatbot quotes only the first passage: compare `found[\"passage_id\"]`.")),
        Known((found_validation["passage_id"] == validation["passage_id"]).mean(),
              N_("This is measured on the validation questions."), N_("Use the test questions: `test` and `found`.")),
        Known(lambda: (_retrieved(int(seed), "word")[-1]["passage_id"] == test["passage_id"]).mean(),
              N_("This is the accuracy of the retriever over whole words."),
              N_("Measure the retriever over letter fragments, whose answers are in `found`.")),
    ])
    expect_close(value, truth, 1e-9, _("This is not the share of test questions whose first passage is the right one."),
                 _("Compare the passage found with the labelled passage, question by question, then take the mean."))
    return _("The right rule comes first for about four questions in five.")


def _check_threshold(threshold, seed, target_precision):
    value = expect_number(threshold, "threshold")
    if not 0 <= value <= 1:
        raise Mistake(_("A threshold on the lead lies between 0 and 1."), _("Pick it from the `threshold` column."))
    validation, test, found_validation, found = _retrieved(int(seed))
    curve = chatbot.handover_curve(found_validation["lead"], found_validation["passage_id"] == validation["passage_id"])
    good = curve[curve["precision"] >= float(target_precision)]
    truth = float(good["threshold"].min())
    if close(value, truth):
        return _("The lowest lead at which nine automatic answers in ten quote the right rule.")
    test_curve = chatbot.handover_curve(found["lead"], found["passage_id"] == test["passage_id"])
    test_good = test_curve[test_curve["precision"] >= float(target_precision)]
    reject_known(value, [
        Known(lambda: float(test_good["threshold"].min()),
              N_("This threshold was chosen on the test questions: the test would no longer be fair."),
              N_("Use the curve of the validation questions, `validation_curve`."), when=not test_good.empty),
        Known(float(good["threshold"].max()),
              N_("This is the *highest* threshold that reaches the precision: it hands almost every question "
                 "to a person."), N_("The ministry wants as many questions as possible answered automatically.")),
    ])
    if value < truth:
        raise Mistake(_("At this threshold the automatic answers are not precise enough."),
                      _("Keep only the rows where `precision` is at least `target_precision`."))
    expect_close(value, truth, 1e-9, _("This threshold reaches the precision but answers fewer questions than it "
                  "could."), _("Among the thresholds that reach the precision, take the lowest."))
    return _("The lowest lead at which nine automatic answers in ten quote the right rule.")


def _check_id_pattern(id_pattern):
    pattern = expect_text(id_pattern, "id_pattern")
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise Mistake(_("`id_pattern` is not a valid regular expression ({error}).").format(error=error),
                      _("Check the brackets and backslashes; write it as a raw string, r\"...\".")) from None
    touched = [text for text in dict.fromkeys([*not_ids(), *NOT_IDS]) if compiled.search(text)]
    if touched:
        raise Mistake(_("The pattern also hides numbers that are not ID numbers, e.g. in \"{touched_0}\".").format(
                        touched_0=touched[0]),
                      _("An ID number has exactly 14 digits: ask for that many, no more and no fewer."))
    ids = load("citizen_questions")["id_number"]
    plain = [i for i in ids if i.isdigit()]
    missed = [i for i in plain if not compiled.fullmatch(i)]
    if missed and not any(compiled.search(i) for i in plain):
        raise Mistake(_("The pattern finds none of the {len_plain} ID numbers, not even a part of one.").format(
                        len_plain=len(plain)),
                      _("Read the pattern character by character: one slip is enough (`\\d` is one digit, `{n}` "
                        "repeats what comes before it exactly n times)."))
    if missed:
        raise Mistake(_("The pattern does not cover the whole ID number in {len_missed} of {len_plain} cases, e.g. "
                        "{missed_0_2}... (14 digits).").format(
                        len_missed=len(missed), len_plain=len(plain), missed_0_2=missed[0][:2]),
                      _("The pattern must match all 14 digits, and nothing is written around them in the ID itself."))
    return _("ID numbers written as 14 digits in a row are redacted; look at the ones written with spaces below.")


invented = Exercise(1, N_("answers with an invented fact"), ["share_invented", "seed"], _check_invented,
                    [N_("An answer invents something when it states at least one number or citation that the right "
                       "rule does not contain."),
                     N_("Use the column `n_unsupported` of `answers`: compare it with 0, then average the True/False "
                       "values.")],
                    columns=("n_unsupported",))
top1 = Exercise(2, N_("top-1 accuracy"), ["top1", "seed"], _check_top1,
                [N_("Top-1 accuracy is the share of test questions whose first passage is the labelled one."),
                 N_("Compare the column `passage_id` of `found` with the same column of `test`, then average the "
                   "True/False values.")],
                columns=("passage_id",))
threshold = Exercise(3, N_("the threshold for the ministry's precision"), ["threshold", "seed", "target_precision"],
                     _check_threshold,
                     [N_("Among the thresholds whose validation precision reaches the target, the ministry wants the "
                        "one that answers the most questions automatically."),
                      N_("Keep the rows of `validation_curve` whose `precision` reaches `target_precision`, then "
                        "look at their `threshold` column.")],
                     columns=("threshold", "precision"))
id_pattern = Exercise(4, N_("a pattern for ID numbers"), ["id_pattern"], _check_id_pattern,
                      N_("In a regular expression, `\\d` is one digit and `{n}` repeats what comes before it n times; "
                        "`\\b` marks the edge of a word."))


def _expect_evaluated(evaluated):
    if not isinstance(evaluated, pd.DataFrame) or not {"kind", "language", "expected", "handed_over",
                                                         "right_first"} <= set(evaluated.columns):
        raise Mistake(_("`evaluated` has been changed."), _("Run the cells of section 6 again from the top."))
    return evaluated


def _check_refusal(appropriate_refusal, false_refusal, evaluated):
    table = _expect_evaluated(evaluated)
    handed = table["handed_over"].astype(bool)
    should_hand_over, should_answer = table["expected"] == "hand over", table["expected"] == "answer"
    truth_appropriate, truth_false = float(handed[should_hand_over].mean()), float(handed[should_answer].mean())
    appropriate = expect_share(appropriate_refusal, "appropriate_refusal", truth_appropriate)
    wrong = expect_share(false_refusal, "false_refusal", truth_false)
    for value, truth, name in ((appropriate, truth_appropriate, "appropriate_refusal"),
                               (wrong, truth_false, "false_refusal")):
        if close(value, truth):
            continue
        reject_known(value, [
            Known(truth_false if name == "appropriate_refusal" else truth_appropriate,
                  N_("`{name}` holds the other rate: the two are swapped."),
                  N_("Appropriate refusals are counted among the questions that *should* be handed over; false "
                     "refusals among those that should be answered."), fields={"name": name}),
            Known(1 - truth, N_("`{name}` is the share *answered*, not the share handed over."),
                  N_("Average the column `handed_over`, not its opposite."), fields={"name": name}),
            Known(float(handed.mean()), N_("`{name}` is computed over every question of the set."),
                  N_("Keep only the rows whose `expected` value is the one this rate is about."),
                  fields={"name": name}),
            Known(float(handed[table["expected"] != "answer"].mean()),
                  N_("`{name}` also counts the adversarial questions, whose expected value is 'resist'."),
                  N_("Select the rows whose `expected` is exactly 'hand over'."), fields={"name": name},
                  when=name == "appropriate_refusal"),
        ], truth=truth)
        raise Mistake(_("`{name}` is not the right share.").format(name=name),
                      _("Select the rows by their `expected` value, then take the mean of `handed_over`."))
    return _("The chatbot hands over {appropriate:.0%} of the questions it should hand over, and refuses "
             "{wrong:.0%} of those it should answer.").format(appropriate=truth_appropriate, wrong=truth_false)


def _check_by_language(accuracy_by_language, evaluated):
    table = _expect_evaluated(evaluated)
    series = expect_series(accuracy_by_language, "accuracy_by_language")
    in_scope = table[table["kind"] == "in scope"]
    truth = in_scope.groupby("language")["right_first"].mean()
    if set(series.index) != set(truth.index):
        raise Mistake(_("`accuracy_by_language` should have one value per language: {languages}.").format(
                        languages=", ".join(map(repr, truth.index))),
                      _("Group by the column 'language'."))
    values = pd.to_numeric(series, errors="coerce").reindex(truth.index)
    if same_values(values, truth):
        return _("Accuracy falls from {best:.0%} in English to {worst:.0%}: the rulebook speaks one language.").format(
            best=truth.max(), worst=truth.min())
    reject_known(values, [
        Known(table.groupby("language")["right_first"].mean(),
              N_("This counts every kind of question, including those that have no right passage."),
              N_("Keep only the questions whose `kind` is 'in scope' before grouping.")),
        Known(in_scope.groupby("language")["right_first"].sum(), N_("These are counts, not shares."),
              N_("Use `.mean()` instead of `.sum()`.")),
        Known(in_scope.groupby("language")["handed_over"].mean(), N_("This is the share handed over, by language."),
              N_("Accuracy is about the column `right_first`.")),
        Known(1 - in_scope.groupby("language")["handed_over"].mean(), N_("This is the share answered, by language."),
              N_("Accuracy is about the column `right_first`.")),
    ])
    raise Mistake(_("These are not the shares of in-scope questions whose first passage is right, by language."),
                  _("Select the in-scope questions, group them by 'language', then average 'right_first'."))


def _check_poisoned(share_poisoned, found_poisoned, poisoned_ids, threshold):
    if not isinstance(found_poisoned, pd.DataFrame) or "lead" not in found_poisoned:
        raise Mistake(_("`found_poisoned` has been changed."), _("Run the cells of section 7 again from the top."))
    hit = found_poisoned["passage_id"].isin(list(poisoned_ids))
    answered = found_poisoned["lead"] >= float(threshold)
    truth = float((hit & answered).mean())
    value = expect_share(share_poisoned, "share_poisoned", truth)
    if close(value, truth):
        return _("About {share:.0%} of the test questions would get the scam, quoted with a real citation.").format(
            share=truth)
    wrong_column = other_column(("passage_id", "lead"), ("share_poisoned",))
    if wrong_column is not None:  # before the rows below, which its value may match
        raise wrong_column
    reject_known(value, [
        Known(float(hit.mean()), N_("This counts the questions whose first passage is poisoned, including those "
                                    "handed to an officer."),
              N_("A question handed over never reaches the citizen: also require a lead of at least `threshold`.")),
        Known(float((hit & answered).sum() / max(answered.sum(), 1)),
              N_("This is a share of the questions answered automatically, not of all test questions."),
              N_("Take the mean over every test question.")),
    ], truth=truth)
    raise Mistake(_("This is not the share of test questions answered automatically with a poisoned passage."),
                  _("Combine two True/False columns with `&`: the passage is poisoned, and the lead reaches the "
                    "threshold. Then take the mean."))


def _check_cost(monthly_cost, questions_per_month, share_answered, officer_minutes, officer_cost_per_hour,
                hosting_per_month, upkeep_hours_per_month):
    value = expect_number(monthly_cost, "monthly_cost")
    parts = dict(questions_per_month=questions_per_month, officer_minutes=officer_minutes,
                 officer_cost_per_hour=officer_cost_per_hour, hosting_per_month=hosting_per_month,
                 upkeep_hours_per_month=upkeep_hours_per_month)
    handover = 1 - float(share_answered)
    truth = chatbot.monthly_cost(handover_share=handover, **parts)
    if close(value, truth, 1e-6 * max(1.0, abs(truth))):
        return _("The chatbot costs {cost:,.0f} som a month.").format(cost=truth)
    officers = questions_per_month * handover * officer_minutes / 60 * officer_cost_per_hour
    upkeep = upkeep_hours_per_month * officer_cost_per_hour
    reject_known(value, [
        Known(chatbot.monthly_cost(handover_share=float(share_answered), **parts),
              N_("This prices the questions answered automatically; officers handle those handed over."),
              N_("The share handed over is 1 minus `share_answered`.")),
        Known(chatbot.monthly_cost(handover_share=float(share_answered) - 1, **parts),
              N_("The share handed over is below zero: its subtraction is the wrong way round."),
              N_("A share handed over lies between 0 and 1: what is left of 1 once the share answered is taken "
                 "away.")),
        Known(officers * 60 + hosting_per_month + upkeep, N_("The officer minutes are priced as hours."),
              N_("Divide the minutes by 60 before multiplying by the cost per hour.")),
        Known(officers + upkeep, N_("The hosting is missing."), N_("Add `hosting_per_month`.")),
        Known(officers + hosting_per_month, N_("The upkeep of the rulebook and the tests is missing."),
              N_("Add the upkeep hours, priced at the officers' cost per hour.")),
        Known(officers + hosting_per_month + upkeep_hours_per_month,
              N_("The upkeep is counted in hours, not in som."),
              N_("Multiply the upkeep hours by the cost per hour.")),
    ], truth=truth)
    raise Mistake(_("`monthly_cost` is not the chatbot's monthly cost."),
                  _("Add three parts: questions per month x share handed over x officer minutes / 60 x cost per "
                    "hour; the hosting; the upkeep hours x cost per hour."))


refusal = Exercise(5, N_("appropriate and false refusals"), ["appropriate_refusal", "false_refusal", "evaluated"],
                   _check_refusal,
                   [N_("The appropriate-refusal rate is the share handed over among the questions that should be "
                       "handed over; the false-refusal rate, among those that should be answered."),
                    N_("Select rows with `evaluated[\"expected\"] == ...`, then average their `handed_over` "
                       "column.")],
                   columns=("handed_over", "expected"))
by_language = Exercise(6, N_("accuracy by language"), ["accuracy_by_language", "evaluated"], _check_by_language,
                       [N_("Accuracy: among the in-scope questions, the share whose first passage is right."),
                        N_("Keep the rows whose `kind` is 'in scope', then `.groupby('language')` and average the "
                           "column `right_first`.")],
                       columns=("right_first", "kind"))
poison = Exercise(7, N_("answers that quote a poisoned passage"),
                  ["share_poisoned", "found_poisoned", "poisoned_ids", "threshold"], _check_poisoned,
                  [N_("A citizen reads the poisoned sentence when the first passage is poisoned *and* the chatbot "
                      "answers (its lead reaches the threshold)."),
                   N_("The method `.isin(poisoned_ids)` on the `passage_id` column of `found_poisoned` marks the "
                      "poisoned passages; compare its `lead` column with `threshold`.")],
                  columns=("lead", "passage_id"))
cost = Exercise(8, N_("the chatbot's monthly cost"),
                ["monthly_cost", "questions_per_month", "share_answered", "officer_minutes", "officer_cost_per_hour",
                 "hosting_per_month", "upkeep_hours_per_month"], _check_cost,
                [N_("Three parts: the officers' time on the questions handed over, the hosting, and the upkeep."),
                 N_("The officers' part is questions per month x share handed over x minutes per question, "
                    "converted to hours, x cost per hour.")])


# The policy path: values read off the charts and tables (aitrain.base.path_cells).

LANGUAGES_TABLE = ("right passage first", "handed to an officer")


@cache_per_language
def validation_threshold(seed, target_precision) -> float:
    """The lowest threshold on the lead whose precision on the validation questions reaches the target."""
    validation, _unused, found_validation, _unused = _retrieved(int(seed))
    return float(chatbot.lead_threshold(found_validation["lead"],
                                        found_validation["passage_id"] == validation["passage_id"],
                                        float(target_precision)))


def _check_handover_threshold(handover_threshold, seed, target_precision):
    value = expect_number(handover_threshold, "handover_threshold")
    truth = validation_threshold(seed, target_precision)
    validation, _unused, found_validation, _unused = _retrieved(int(seed))
    curve = chatbot.handover_curve(found_validation["lead"], found_validation["passage_id"] == validation["passage_id"])
    answered = curve[curve["auto_share"] >= float(target_precision)]["threshold"].max()
    reject_known(value, [
        *(Known(target, N_("This is the ministry's target precision (the dotted line), not a threshold."),
                N_("The threshold is read on the horizontal axis, below the point where the blue line reaches the "
                   "dotted line.")) for target in (float(target_precision), 100 * float(target_precision))),
        Known(float(answered), N_("This is where the *dashed* line (the share answered) crosses the dotted line; the "
                                  "target is about the precision."),
              N_("Follow the solid blue line, the precision of the automatic answers."), tolerance=0.002),
    ], truth=truth)
    if value < 0 or value > 0.15:
        raise Mistake(_("A threshold on this chart lies between 0 and 0.15."),
                      _("Read the threshold on the horizontal axis."))
    expect_first_crossing(value, truth, (0.005, 0.01),
                          short=(_("At this threshold the precision of the automatic answers is still below the "
                                   "target."),
                                 _("Move right along the solid blue line until it reaches the dotted line.")),
                          long=(_("This threshold reaches the precision, but a lower one would too: more questions "
                                  "than needed go to an officer."),
                                _("Find the *first* point, from the left, where the solid blue line reaches the "
                                  "dotted line.")))
    return _("The lowest threshold that meets the ministry's precision: most questions are answered, nine in ten "
             "correctly.")


@cache_per_language
def _evaluated(seed, target_precision):
    book = load("benefit_rulebook")
    return chatbot.evaluate(chatbot.fit_retriever(book), load("assistant_evaluation"),
                            validation_threshold(seed, target_precision))


def by_language_table(seed, target_precision) -> pd.DataFrame:
    """Among the in-scope questions of the evaluation set, by language: right passage first, and handed over."""
    in_scope = _evaluated(seed, target_precision).query("kind == 'in scope'")
    return pd.DataFrame({LANGUAGES_TABLE[0]: in_scope.groupby("language")["right_first"].mean(),
                         LANGUAGES_TABLE[1]: in_scope.groupby("language")["handed_over"].mean()})


def _check_least_served(least_served, seed, target_precision):
    table = by_language_table(seed, target_precision)
    language = expect_choice(least_served, "least_served", list(table.index))
    worst = table[LANGUAGES_TABLE[0]].idxmin()
    best = table[LANGUAGES_TABLE[0]].idxmax()
    reject_known(language, [
        Known(name, N_("Its citizens get the right rule most often, and are rarely sent to an officer."),
              N_("Look for the *lowest* share in the column 'right passage first'."))
        if name == best else
        Known(name, N_("Its citizens are poorly served too, but the citizens of another language even less."),
              N_("Compare the column 'right passage first' across the languages: which share is the lowest?"))
        for name in table.index if name != worst
    ], truth=worst)
    return _("The false refusals fall on one group of citizens: those who do not write in the rulebook's language.")


def cost_options(seed, target_precision, questions_per_month, officer_minutes, officer_cost_per_hour,
                 hosting_per_month, upkeep_hours_per_month) -> pd.Series:
    """The monthly cost of answering every question by phone, of the chatbot on the test questions, and of the
    chatbot when three citizens in ten write in Russian or the state language."""
    found = _retrieved(int(seed))[-1]
    handover = 1 - float((found["lead"] >= validation_threshold(seed, target_precision)).mean())
    evaluated = _evaluated(seed, target_precision)
    others = float(evaluated[(evaluated["kind"] == "in scope") & (evaluated["language"] != chatbot.rulebook_language())]
                   ["handed_over"].mean())
    parts = dict(questions_per_month=questions_per_month, officer_minutes=officer_minutes,
                 officer_cost_per_hour=officer_cost_per_hour, hosting_per_month=hosting_per_month,
                 upkeep_hours_per_month=upkeep_hours_per_month)
    return pd.Series([questions_per_month * officer_minutes / 60 * officer_cost_per_hour,
                      chatbot.monthly_cost(handover_share=handover, **parts),
                      chatbot.monthly_cost(handover_share=0.7 * handover + 0.3 * others, **parts)],
                     index=["today", "chatbot", "chatbot, 30% other languages"])


def _check_monthly_saving(monthly_saving, seed, target_precision, questions_per_month, officer_minutes,
                          officer_cost_per_hour, hosting_per_month, upkeep_hours_per_month):
    value = expect_number(monthly_saving, "monthly_saving")
    costs = cost_options(seed, target_precision, questions_per_month, officer_minutes, officer_cost_per_hour,
                         hosting_per_month, upkeep_hours_per_month)
    today, english, mixed = costs.to_list()
    truth = today - mixed
    reject_known(value, [
        Known(today - english, N_("This is the saving on the test questions, which are all in English."),
              N_("Use the last line of the table: three citizens in ten write in Russian or the state language."),
              tolerance=1000),
        Known(mixed, N_("This is what the chatbot costs a month, not what it saves."),
              N_("The saving is today's cost minus the chatbot's cost."), tolerance=1000),
        Known(today, N_("This is today's cost, with every question answered by an officer."),
              N_("Subtract the chatbot's cost from it."), tolerance=1000),
        Known(-truth, N_("The subtraction is the wrong way round."), N_("Today's cost minus the chatbot's cost."),
              tolerance=1000),
    ], truth=truth)
    expect_reading(value, truth, 2000,
                   _("`monthly_saving` is not the difference between today's cost and the chatbot's, when three "
                        "citizens in ten write in Russian or the state language."),
                      _("Take the first line of the table (today) minus the last line, in som."))
    return _("The chatbot saves money, but most of the saving goes when citizens write in other languages.")


handover_threshold = Exercise(1, N_("when the chatbot hands over"), ["handover_threshold", "seed", "target_precision"],
                              _check_handover_threshold,
                              [N_("A higher threshold makes the automatic answers more precise, but sends more "
                                  "questions to an officer: the ministry wants the lowest one that is precise enough."),
                               N_("Follow the solid blue line (precision) from the left to where it first reaches the "
                                  "dotted line, and read the threshold below that point.")],
                              # a reading within the check's tolerance of the crossing is the same threshold
                              same_answer=lambda value, truth: truth - 0.005 <= value <= truth + 0.01)
least_served = Exercise(2, N_("who is failed"), ["least_served", "seed", "target_precision"], _check_least_served,
                        [N_("A citizen is served when the chatbot quotes the right rule; a false refusal sends the "
                            "question to an officer although the rulebook answers it."),
                         N_("Write, in quotes, the language with the lowest share in the column 'right passage "
                            "first'.")])
monthly_saving = Exercise(3, N_("what the chatbot saves"),
                          ["monthly_saving", "seed", "target_precision", "questions_per_month", "officer_minutes",
                           "officer_cost_per_hour", "hosting_per_month", "upkeep_hours_per_month"],
                          _check_monthly_saving,
                          [N_("The saving is what answering every question by phone costs, minus what the chatbot "
                              "costs."),
                           N_("Take the first line of the table minus the line for three citizens in ten writing in "
                              "Russian or the state language.")])
