"""Exercises of module 16, a chatbot that answers citizens' questions from the rules."""

import re
from functools import cache

from aitrain import chatbot
from aitrain.datasets import load
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    close,
    expect_close,
    expect_number,
    expect_share,
    expect_text,
    reject_known,
)
from aitrain.i18n import N_, _

GENERATED = 200  # questions the language model answers in the notebook (a sample of the test questions)
# Texts with numbers that are not personal ID numbers: a redaction pattern must leave them alone.
NOT_IDS = ("The benefit is 1,200 som per month.", "I am 65 years old.", "We have 3 children.",
           "Tel 07700900123.", "The hotline 1255 answers from 8:00 to 20:00.", "Within 30 days (CHB-9.1).")


@cache
def _generated(seed: int):
    book = load("benefit_rulebook")
    _unused, test = chatbot.load_and_split(seed)
    model = chatbot.train_language_model(chatbot.cited(book), order=3)
    return chatbot.generated_answers(model, test.sample(GENERATED, random_state=seed), book, seed=seed)


@cache
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
              N_("This counts only the numbers and citations found *nowhere* in the rulebook."),
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
    touched = [text for text in NOT_IDS if compiled.search(text)]
    if touched:
        raise Mistake(_("The pattern also hides numbers that are not ID numbers, e.g. in \"{touched_0}\".").format(
                        touched_0=touched[0]),
                      _("An ID number has exactly 14 digits: ask for that many, no more and no fewer."))
    ids = load("citizen_questions")["id_number"]
    plain = [i for i in ids if i.isdigit()]
    missed = [i for i in plain if not compiled.fullmatch(i)]
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
                       "values.")])
top1 = Exercise(2, N_("top-1 accuracy"), ["top1", "seed"], _check_top1,
                [N_("Top-1 accuracy is the share of test questions whose first passage is the labelled one."),
                 N_("Compare the column `passage_id` of `found` with the same column of `test`, then average the "
                   "True/False values.")])
threshold = Exercise(3, N_("the threshold for the ministry's precision"), ["threshold", "seed", "target_precision"],
                     _check_threshold,
                     [N_("Among the thresholds whose validation precision reaches the target, the ministry wants the "
                        "one that answers the most questions automatically."),
                      N_("Keep the rows of `validation_curve` whose `precision` reaches `target_precision`, then "
                        "look at their `threshold` column.")])
id_pattern = Exercise(4, N_("a pattern for ID numbers"), ["id_pattern"], _check_id_pattern,
                      N_("In a regular expression, `\\d` is one digit and `{n}` repeats what comes before it n times; "
                        "`\\b` marks the edge of a word."))
