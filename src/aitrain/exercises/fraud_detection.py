"""Exercises of module 08, detecting fraudulent benefit claims."""

from functools import cache

from sklearn.metrics import accuracy_score, average_precision_score, precision_score, recall_score, roc_auc_score

from aitrain import fraud
from aitrain.feedback import (
    Exercise,
    Known,
    Metric,
    Mistake,
    close,
    either_close,
    expect_close,
    expect_first_crossing,
    expect_not_swapped,
    expect_number,
    expect_percent,
    expect_share,
    reject_known,
)
from aitrain.i18n import N_, _


@cache
def _fitted(seed: int):
    train, test = fraud.load_and_split(seed)
    detector = fraud.fit_detector(train, class_weight="balanced")
    return train, test, fraud.fraud_scores(detector, test)


def _check_always_legit(always_legit_accuracy, seed):
    train, test, _unused = _fitted(int(seed))
    truth = float((~test[fraud.LABEL]).mean())
    value = expect_share(always_legit_accuracy, "always_legit_accuracy", truth=truth)
    reject_known(value, [
        Known(1 - truth, N_("This is the share of fraudulent claims, the ones the rule gets wrong."),
              N_("The rule answers 'legitimate' for every claim: it is right for every claim that is *not* "
                 "fraudulent.")),
        Known(float((~train[fraud.LABEL]).mean()), N_("This is computed on the training claims."),
              N_("Use the test claims, `test`."), when=not close(value, truth)),
    ])
    expect_close(value, truth, 1e-9, _("This is not the accuracy of answering 'legitimate' for every test claim."),
                 _("Accuracy is the share of claims classified correctly; `~` (not) before the `fraud` column "
                  "gives True for the legitimate ones."))
    return _("A rule that never finds any fraud is right about 98.5% of the time: accuracy says little here.")


def _check_recall_precision(recall_05, precision_05, seed):
    _unused, test, scores = _fitted(int(seed))
    flagged = scores >= 0.5
    truth_recall = recall_score(test[fraud.LABEL], flagged)
    truth_precision = precision_score(test[fraud.LABEL], flagged)
    recall = expect_share(recall_05, "recall_05", truth=truth_recall)
    precision = expect_share(precision_05, "precision_05", truth=truth_precision)
    # Declared: each is a metric of (the test claims' labels, the flags); swapped arguments give the other metric's
    # value, so the participant's code tells them apart from swapped names.
    for name, function in (("recall_05", recall_score), ("precision_05", precision_score)):
        metric = Metric(function, lambda: (test[fraud.LABEL], flagged), first=N_("the true labels"),
                        second=N_("the flags"), markers=("fraud", "flag"))
        mistake = metric.swapped_in_code(name)
        if mistake:
            raise mistake
    expect_not_swapped((recall, precision), (truth_recall, truth_precision), _("Recall and precision are swapped."),
                       _("Recall: of the fraudulent claims, how many are flagged? Precision: of the flagged claims, "
                        "how many are fraudulent?"))
    accuracy = accuracy_score(test[fraud.LABEL], flagged)
    reject_known((recall, precision), [
        Known((accuracy, accuracy), N_("One of the two is the accuracy."),
              N_("Use `recall_score` and `precision_score`."), same=either_close),
    ])
    expect_close(recall, truth_recall, 1e-9, _("`recall_05` is not right yet."),
                 _("Give `recall_score` the true labels of the test claims first, then the flags."))
    expect_close(precision, truth_precision, 1e-9, _("`precision_05` is not right yet."),
                 _("Give `precision_score` the true labels of the test claims first, then the flags."))
    return _("Most fraud is flagged, but most flagged claims are honest.")


def _check_aucs(roc_auc, pr_auc, seed):
    _unused, test, scores = _fitted(int(seed))
    truth_roc = roc_auc_score(test[fraud.LABEL], scores)
    truth_pr = average_precision_score(test[fraud.LABEL], scores)
    roc = expect_share(roc_auc, "roc_auc", truth=truth_roc)
    pr = expect_share(pr_auc, "pr_auc", truth=truth_pr)
    expect_not_swapped((roc, pr), (truth_roc, truth_pr), _("The two areas are swapped."),
                       _("`roc_auc_score` for ROC, `average_precision_score` for PR."))
    flagged = scores >= 0.5
    reject_known((roc, pr), [
        Known((roc_auc_score(test[fraud.LABEL], flagged), average_precision_score(test[fraud.LABEL], flagged)),
              N_("You gave the functions flags (True/False at one threshold), not scores."),
              N_("The curves sweep every threshold: pass the scores themselves, `scores`."), same=either_close),
    ])
    expect_close(roc, truth_roc, 1e-9, _("`roc_auc` is not right yet."),
                 _("Give `roc_auc_score` the true labels of the test claims and the scores (not the flags)."))
    expect_close(pr, truth_pr, 1e-9, _("`pr_auc` is not right yet."),
                 _("Give `average_precision_score` the true labels of the test claims and the scores (not the flags)."))
    return _("The same detector: excellent by ROC, only fair by precision-recall.")


def _check_capacity(precision_at_capacity, fraud_found_share, seed, capacity):
    _unused, test, scores = _fitted(int(seed))
    flagged = fraud.flag_top(scores, int(capacity))
    is_fraud = test[fraud.LABEL]
    truth_precision = float(is_fraud[flagged].mean())
    truth_found = float(flagged[is_fraud].mean())
    precision = expect_share(precision_at_capacity, "precision_at_capacity", truth=truth_precision)
    found = expect_share(fraud_found_share, "fraud_found_share", truth=truth_found)
    expect_not_swapped((precision, found), (truth_precision, truth_found), _("The two shares are swapped."),
                       _("Precision: among the *flagged* claims. Share found: among the *fraudulent* claims."))
    reject_known(precision, [
        Known(float(flagged.mean()), N_("`precision_at_capacity` is the share of all claims that are flagged."),
              N_("Look only at the flagged claims: what share of them is fraudulent?")),
        Known(float(is_fraud.mean()), N_("`precision_at_capacity` is the share of fraud among all the test claims, "
                                         "not among the flagged ones."),
              N_("Select the flagged claims first, then take the share of them that is fraudulent.")),
    ])
    expect_close(precision, truth_precision, 1e-9, _("`precision_at_capacity` is not right yet."),
                 _("Among the flagged claims only, what share is fraudulent?"))
    expect_close(found, truth_found, 1e-9, _("`fraud_found_share` is not right yet."),
                 _("Among the fraudulent claims only, what share is flagged?"))
    return _("The investigators' time goes to the claims most likely to be fraudulent.")


def _check_number_wrongly_flagged(honest_flagged, seed, capacity):
    value = expect_number(honest_flagged, "honest_flagged")
    _unused, test, scores = _fitted(int(seed))
    flagged = fraud.flag_top(scores, int(capacity))
    truth = int((flagged & ~test[fraud.LABEL]).sum())
    reject_known(value, [
        Known(int(capacity) - truth, N_("This counts the flagged claims that *are* fraudulent."),
              N_("Count the honest ones: `~`."), when=truth * 2 != int(capacity)),
        Known(int((~test[fraud.LABEL]).sum()), N_("This counts all honest claims, flagged or not."),
              N_("Count only the claims that are both flagged and honest.")),
        Known(int(flagged.sum()), N_("This counts every flagged claim, the fraudulent ones as well as the honest "
                                     "ones."), N_("Count only the claims that are both flagged and honest.")),
    ])
    expect_close(value, truth, 1e-9, _("This is not the number of honest claims flagged."),
                 _("Count the claims that are both flagged *and* not fraudulent."))
    return _("Each of these is an honest family under investigation.")


always_legit = Exercise(1, N_("the accuracy of never finding fraud"), ["always_legit_accuracy", "seed"],
                        _check_always_legit, N_("The mean of a True/False column is the share of True values."),
                        columns=("fraud",))
recall_precision = Exercise(2, N_("recall and precision at 0.5"), ["recall_05", "precision_05", "seed"],
                            _check_recall_precision,
                            [N_("Recall: among the real frauds, the share flagged. Precision: among the flagged "
                                "claims, the share that are fraud."),
                             N_("`recall_score` and `precision_score` each take the true labels first and the flags "
                                "second.")],
                            columns=("fraud",))
aucs = Exercise(3, N_("ROC-AUC and PR-AUC"), ["roc_auc", "pr_auc", "seed"], _check_aucs,
                N_("Both functions take the true labels first, then the scores."),
                columns=("fraud",))
capacity = Exercise(4, N_("precision at the investigators' capacity"),
                    ["precision_at_capacity", "fraud_found_share", "seed", "capacity"], _check_capacity,
                    [N_("Precision at capacity: among the claims investigated, the share that are fraud. Fraud found: "
                       "among the fraudulent claims, the share that were investigated."),
                     N_("`flagged` is True for the claims investigated, the `fraud` column of `test` for the "
                       "fraudulent ones: select one with the other in square brackets, then average.")],
                    columns=("fraud",))
honest = Exercise(5, N_("honest claimants under investigation"), ["honest_flagged", "seed", "capacity"],
                  _check_number_wrongly_flagged, N_("`&` means 'and', `~` means 'not', `.sum()` counts True values."),
                  columns=("fraud",), test_set="test", aggregate="sum")


# The policy path: values read off the printed counts and the charts (aitrain.base.path_cells).

CHECKS = range(20, 501, 10)  # the numbers of claims checked that the capacity chart shows
AIM = 0.6  # the Minister's aim: at least 6 fraudulent claims in 10 found


def _check_lazy_accuracy(lazy_accuracy, seed):
    _train, test, _scores = _fitted(int(seed))
    truth = 100 * float((~test[fraud.LABEL]).mean())
    if abs(expect_number(lazy_accuracy, "lazy_accuracy") - truth / 100) < 0.002:
        raise Mistake(_("`lazy_accuracy` is a share between 0 and 1; the question asks for a percentage."),
                      _("Multiply the share by 100."))
    value = expect_percent(lazy_accuracy, "lazy_accuracy")
    reject_known(value, [
        Known(100 - truth, N_("This is the share of fraudulent claims, the ones the rule gets wrong."),
              N_("The rule answers 'legitimate' for every claim: it is right for every claim that is *not* "
                 "fraudulent."), tolerance=0.2),
        Known(float(test[fraud.LABEL].sum()), N_("This is the number of fraudulent test claims, not a percentage."),
              N_("Divide the claims the rule gets right by all the test claims, and multiply by 100."),
              when=abs(float(test[fraud.LABEL].sum()) - truth) > 1),
    ])
    if abs(value - truth) > 0.2:
        raise Mistake(_("{value:g}% is not the share of test claims that the lazy rule gets right.").format(
                        value=value),
                      _("The rule is right for every legitimate claim: subtract the fraudulent test claims from all "
                        "the test claims, divide by all the test claims, and multiply by 100."))
    return _("A rule that finds no fraud at all looks almost perfect by accuracy.")


@cache
def found_by_checks(seed) -> dict:
    """For each number of claims checked on the chart, the share of the fraudulent test claims found (0 to 1)."""
    _train, test, scores = _fitted(int(seed))
    return {k: float(fraud.flag_top(scores, k)[test[fraud.LABEL]].mean()) for k in CHECKS}


def fewest_checks(seed) -> int:
    """The smallest number of claims checked on the chart that finds the Minister's share of the fraud."""
    found = found_by_checks(int(seed))
    return min((k for k in CHECKS if found[k] >= AIM), default=max(CHECKS))


def _check_checks_needed(checks_needed, seed, capacity):
    checks = expect_number(checks_needed, "checks_needed")
    right = fewest_checks(seed)
    _train, test, scores = _fitted(int(seed))
    precision_line = max((k for k in CHECKS if fraud.precision_at_k(test[fraud.LABEL], scores, k) >= AIM),
                         default=min(CHECKS))
    reject_known(checks, [
        Known(float(capacity), N_("This is the investigators' capacity today (the dotted line): it finds less than "
                                  "6 in 10 of the fraud."),
              N_("Follow the solid blue line (fraud found) up to 60%, and read the number of claims below."),
              when=abs(float(capacity) - right) > 10),
        Known(100 * AIM, N_("60 is the aim, read on the vertical axis; the answer is a number of claims checked, on "
                            "the horizontal axis."),
              N_("Find where the solid blue line reaches 60%, and read the number of claims below that point."),
              when=abs(100 * AIM - right) > 10),
        Known(float(precision_line), N_("This is where the dashed red line (precision) falls to 60%; the aim is about "
                                        "the fraud *found*, the solid blue line."),
              N_("Follow the solid blue line (fraud found) instead."), tolerance=10,
              when=abs(precision_line - right) > 20),
    ])
    expect_first_crossing(checks, right, 10,
                          short=(_("With {checks:g} claims checked, less than 6 in 10 of the fraudulent claims are "
                                   "found.").format(checks=checks),
                                 _("Move right along the solid blue line until it reaches 60%.")),
                          long=(_("{checks:g} checks find 6 in 10 of the fraud, but fewer checks would too, and every "
                                  "extra check falls mostly on an honest family.").format(checks=checks),
                                _("Find the *first* point, from the left, where the solid blue line reaches 60%.")))
    return _("Each extra fraud case found costs more and more checks of honest families.")


@cache
def honest_flag_rates(seed, capacity) -> dict:
    """The share of honest claimants flagged at the capacity, for the minority language (True) and the others."""
    _train, test, scores = _fitted(int(seed))
    honest = ~test[fraud.LABEL]
    flagged = fraud.flag_top(scores, int(capacity))
    return flagged[honest].groupby(test.loc[honest, "minority_language"]).mean().to_dict()


def _check_times_more(times_more, seed, capacity):
    value = expect_number(times_more, "times_more")
    rates = honest_flag_rates(int(seed), int(capacity))
    ratio = rates[True] / rates[False]
    reject_known(value, [
        Known(rates[False] / rates[True], N_("This is the ratio the other way round: the majority bar divided by the "
                                             "minority bar."),
              N_("Divide the taller bar (minority language) by the shorter one."), tolerance=0.1),
        Known(100 * (rates[True] - rates[False]), N_("This is the difference between the two bars, in points of "
                                                     "percent; the question asks how many times taller one is."),
              N_("Divide the height of the minority-language bar by the height of the other bar."), tolerance=0.2,
              when=abs(100 * (rates[True] - rates[False]) - ratio) > 0.7),
        Known(100 * rates[True], N_("This is the height of the minority-language bar alone."),
              N_("Divide it by the height of the other bar."), tolerance=0.2,
              when=abs(100 * rates[True] - ratio) > 0.7),
    ])
    if abs(value - ratio) > 0.5:
        raise Mistake(_("{value:g} is not how many times taller the minority-language bar is.").format(value=value),
                      _("Read both bars on the vertical axis, then divide the taller by the shorter."))
    return _("The detector never sees the language, and still puts these families under suspicion more often.")


lazy_accuracy = Exercise(1, N_("the accuracy of never finding fraud"), ["lazy_accuracy", "seed"], _check_lazy_accuracy,
                         [N_("The lazy rule is right for every claim that is not fraudulent."),
                          N_("Take the test claims that are not fraudulent as a share of all test claims, in "
                             "percent.")])
checks_needed = Exercise(2, N_("how many claims to check"), ["checks_needed", "seed", "capacity"], _check_checks_needed,
                         [N_("The solid blue line is the share of all fraud found for each number of claims checked."),
                          N_("Go from left to right along that line and stop at the first point at or above 60%; "
                             "read the number of claims below it.")])
times_more = Exercise(3, N_("who is suspected more often"), ["times_more", "seed", "capacity"], _check_times_more,
                      [N_("Each bar is the share of the honest claimants of one language group who are flagged."),
                       N_("Divide the height of the minority-language bar by the height of the other bar.")])
