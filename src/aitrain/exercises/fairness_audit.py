"""Exercises of module 12, auditing the fairness of a targeting model and of a fraud detector."""

from functools import cache

from fairlearn.metrics import MetricFrame, false_negative_rate, false_positive_rate, selection_rate
from sklearn.metrics import precision_score, recall_score

from aitrain import fairness, fraud, targeting
from aitrain.datasets import load
from aitrain.feedback import (
    Exercise,
    Known,
    Metric,
    Mistake,
    close,
    expect_choice,
    expect_close,
    expect_not_swapped,
    expect_number,
    expect_percent,
    expect_reading,
    expect_share,
    reject_known,
)
from aitrain.i18n import N_, _

# The options of exercise 2, which may also be typed in the course's language (translated in the catalogue).
METRIC_CHOICES = (N_("accuracy"), N_("selection rate"), N_("recall"), N_("false positive rate"),
                  N_("false discovery rate"))


@cache
def _pmt(seed: int, coverage: float):
    train, test = targeting.split_survey(load("household_survey"), seed)
    model = targeting.fit_pmt(train)
    predicted = model.predict(test)
    return train, test, model, predicted, targeting.select_lowest(predicted, coverage)


@cache
def _flags(seed: int, capacity: int):
    train, test = fraud.load_and_split(seed)
    scores = fraud.fraud_scores(fraud.fit_detector(train), test)
    return test, fraud.flag_top(scores, capacity)


def _difference(metric, y_true, y_pred, groups) -> float:
    return float(MetricFrame(metrics=metric, y_true=y_true, y_pred=y_pred, sensitive_features=groups).difference())


def _ratio(metric, y_true, y_pred, groups, name: str) -> Known:
    """The known mistake of taking the MetricFrame's ratio instead of its difference."""
    frame = MetricFrame(metrics=metric, y_true=y_true, y_pred=y_pred, sensitive_features=groups)
    return Known(float(frame.ratio()),
                 N_("This is the ratio of the smallest to the largest {name}, not the difference."),
                 N_("Use `.difference()`."), fields={"name": name})


def _check_recall_gap(recall_gap_region, seed, coverage):
    value = expect_number(recall_gap_region, "recall_gap_region")
    _unused, test, _unused, _unused, selected = _pmt(int(seed), float(coverage))
    poor, region = test["poor"], test["region"]
    truth = _difference(recall_score, poor, selected, region)
    # Declared: the recall of (the poor, the selected); swapped, it is the precision: the code tells which.
    mistake = Metric(recall_score, tuple, first=N_("`y_true`, the households that are poor,"),
                     second=N_("`y_pred`, the households selected,"), markers=("poor", "selected"),
                     call="MetricFrame").swapped_in_code("recall_gap_region")
    if mistake:
        raise mistake
    reject_known(value, [
        Known(lambda: _difference(precision_score, poor, selected, region),
              N_("This is the gap in *precision* (share of the selected who are poor)."),
              N_("Use `recall_score`, and give `y_true=test[\"poor\"]` and `y_pred=selected` in that order."),
              when=not close(value, truth)),
        Known(lambda: _difference(selection_rate, poor, selected, region),
              N_("This is the gap in the share of households selected, whether poor or not."),
              N_("The programme is for the poor: compare the share of *poor* households selected (recall)."),
              when=not close(value, truth)),
        _ratio(recall_score, poor, selected, region, "recall"),
        Known(_difference(recall_score, poor, selected, test["head_female"]),
              N_("This is the gap between households headed by women and by men, not between regions."),
              N_("Use the region as the sensitive feature.")),
    ])
    if value < 0 or value > 1:
        raise Mistake(_("A gap between two recalls lies between 0 and 1."),
                      _("Use `.difference()` on the MetricFrame."))
    expect_close(value, truth, 1e-9, _("This is not the largest gap in recall between regions."),
                 _("Build the MetricFrame like the one for female heads above, with the region as the sensitive "
                  "feature, and take its largest difference."))
    return _("The poor of one region are much less likely to be selected than the poor of another.")


def _check_tree(assistive_metric, punitive_metric):
    assistive = expect_choice(assistive_metric, "assistive_metric", METRIC_CHOICES)
    punitive = expect_choice(punitive_metric, "punitive_metric", METRIC_CHOICES)
    reject_known((assistive, punitive), [
        Known(("false positive rate", "recall"), N_("The two choices are swapped."),
              N_("A transfer helps: whom does a mistake hurt? An investigation punishes: whom does a mistake "
                 "hurt?")),
    ])
    if assistive in ("accuracy", "selection rate") or punitive in ("accuracy", "selection rate"):
        raise Mistake(_("Accuracy and selection rate do not look at who is *wrongly* treated."),
                      _("Follow the tree: for each programme, which people does a mistake harm?"))
    if assistive != "recall":
        raise Mistake(_("`assistive_metric` is not the one the Fairness Tree suggests here."),
                      _("The transfer is meant for the poor: among the poor, who is left out?"))
    if punitive != "false positive rate":
        raise Mistake(_("`punitive_metric` is not the one the Fairness Tree suggests here."),
                      _("The Agency cares about everyone who did nothing wrong, not only those it investigates."))
    return _("Recall (or its mirror, the false-negative rate) for help; the false-positive rate for punishment.")


def _check_fpr_gap(fpr_gap_language, seed, capacity):
    value = expect_number(fpr_gap_language, "fpr_gap_language")
    test, flagged = _flags(int(seed), int(capacity))
    y, language = test[fraud.LABEL], test["minority_language"]
    truth = _difference(false_positive_rate, y, flagged, language)
    mistake = Metric(false_positive_rate, tuple, first=N_("`y_true`, the claims that are fraudulent,"),
                     second=N_("`y_pred`, the claims flagged,"), markers=("fraud", "flag"),
                     call="MetricFrame").swapped_in_code("fpr_gap_language")
    if mistake:
        raise mistake
    reject_known(value, [
        Known(lambda: _difference(false_negative_rate, y, flagged, language),
              N_("This is the gap in the false-*negative* rate (fraud missed)."),
              N_("The harm here falls on honest claimants flagged: `false_positive_rate`."),
              when=not close(value, truth)),
        Known(lambda: _difference(selection_rate, y, flagged, language),
              N_("This is the gap in the share of all claims flagged, fraudulent or not."),
              N_("Compare only honest claimants: `false_positive_rate`."), when=not close(value, truth)),
        _ratio(false_positive_rate, y, flagged, language, "false-positive rate"),
        Known(_difference(false_positive_rate, y, flagged, test["region"]),
              N_("This is the gap between regions, not between language groups."),
              N_("Use the claimants' language as the sensitive feature.")),
    ])
    expect_close(value, truth, 1e-9, _("This is not the gap in false-positive rate between language groups."),
                 _("Build a MetricFrame of the false-positive rate of the flags, with the claimants' language as "
                  "the sensitive feature, and take its largest difference."))
    return _("Honest minority-language claimants carry more of the suspicion.")


def _check_cost(exclusion_fair, leakage_fair, leakage_cost, seed, coverage):
    exclusion = expect_share(exclusion_fair, "exclusion_fair")
    leakage = expect_share(leakage_fair, "leakage_fair")
    cost = expect_number(leakage_cost, "leakage_cost")
    train, test, model, predicted, selected = _pmt(int(seed), float(coverage))
    cutoffs = fairness.equal_recall_cutoffs(model.predict(train), train["poor"], train["region"], predicted,
                                            test["region"], float(coverage))
    fair = fairness.select_below(predicted, test["region"], cutoffs)
    true_exclusion, true_leakage = targeting.targeting_errors(test["poor"], fair)
    _unused, leakage_before = targeting.targeting_errors(test["poor"], selected)
    exclusion_before, _unused = targeting.targeting_errors(test["poor"], selected)
    reject_known((exclusion, leakage), [
        Known((exclusion_before, leakage_before),
              N_("These are the errors *before* the group cut-offs (with `selected`)."),
              N_("Measure the selection with group cut-offs, `selected_fair`.")),
    ])
    expect_not_swapped((exclusion, leakage), (true_exclusion, true_leakage),
                       _("`exclusion_fair` and `leakage_fair` are swapped."),
                       _("`targeting.targeting_errors` gives the exclusion error first, then the inclusion error."))
    expect_close(exclusion, true_exclusion, 1e-9, _("`exclusion_fair` is not right yet."),
                 _("Measure the errors of the selection with group cut-offs, `selected_fair`, on the test households."))
    expect_close(leakage, true_leakage, 1e-9, _("`leakage_fair` is not right yet."),
                 _("Measure the errors of the selection with group cut-offs, `selected_fair`, on the test households."))
    change = true_leakage - leakage_before
    reject_known(cost, [
        Known(true_leakage, N_("`leakage_cost` is the leakage with group cut-offs, not its change."),
              N_("Subtract the leakage before the change.")),
        Known(100 * change, N_("`leakage_cost` is in percentage points; give the change as a share, like the errors."),
              N_("Do not multiply by 100."), tolerance=1e-7, when=not close(change, 0)),
        Known(-change, N_("`leakage_cost` has the wrong sign."),
              N_("Subtract the leakage *before* from the leakage *after*."), when=not close(change, 0)),
    ])
    expect_close(cost, true_leakage - leakage_before, 1e-9, _("`leakage_cost` is not right yet."),
                 _("The change in leakage: the leakage after the change minus the leakage before."))
    return _("Closing the gap between regions costs a little more leakage.")


recall_gap = Exercise(1, N_("the recall gap between regions"), ["recall_gap_region", "seed", "coverage"],
                      _check_recall_gap, N_("Build a MetricFrame with `recall_score` and take `.difference()`."),
                      columns=("poor", "region"))
tree = Exercise(2,
                N_("choosing the metric with the Fairness Tree"), ["assistive_metric", "punitive_metric"], _check_tree,
                N_("For each programme: is it assistive or punitive, and whose mistakes matter most?"))
fpr_gap = Exercise(3, N_("the false-positive-rate gap by language"), ["fpr_gap_language", "seed", "capacity"],
                   _check_fpr_gap, N_("Build a MetricFrame with `false_positive_rate` and take `.difference()`."),
                   columns=("fraud", "minority_language"))
cost = Exercise(4, N_("the cost of group cut-offs"), ["exclusion_fair", "leakage_fair", "leakage_cost", "seed",
                                                   "coverage"], _check_cost,
                N_("`exclusion, inclusion = targeting.targeting_errors(poor, selected)`."),
                columns=("poor",), test_set="test")


# The policy path: values read off the charts and tables (aitrain.base.path_cells).

LIMIT = 0.02  # the Ombudsperson's limit: at most 2% of the honest claimants of any language group investigated
CHECKS = range(10, 301, 5)  # the numbers of checks the chart shows
READING = 5  # points of percent: how closely a value read off a chart must match


def _check_capital_recall(capital_recall, seed, coverage):
    recall = expect_percent(capital_recall, "capital_recall")
    _train, test, _model, _predicted, selected = _pmt(int(seed), float(coverage))
    poor = test["poor"]
    by_region = 100 * fairness.audit(poor, selected, test["region"]).by_group["recall"]
    truth = float(by_region["Capital"])
    margin = 100 * 1.96 * (truth / 100 * (1 - truth / 100) / poor[test["region"] == "Capital"].sum()) ** 0.5
    everyone = 100 * float((poor & selected).sum() / poor.sum())
    reject_known(recall, [
        Known(100 - truth, N_("This is the share of the Capital's poor who are *left out*; the bars show those "
                              "selected."), N_("Read the top of the Capital's bar itself."), tolerance=2,
              when=abs(100 - 2 * truth) > 4),
        Known((everyone, truth + margin),
              N_("This is above the Capital's bar: the height of the dashed line (all households) or of the top of "
                 "the black line (the margin of error)."),
              N_("Read the top of the coloured bar itself; the black line only shows how uncertain it is."),
              same=lambda value, wrong: min(abs(value - w) for w in wrong) <= 2,
              when=min(everyone, truth + margin) - truth > 4),
    ])
    expect_reading(recall, truth, READING,
                   _("`capital_recall` is not the height of the Capital's bar."),
                      _("Find the bar labelled Capital, and read the height of its top on the vertical axis."))
    return _("Only about four poor households in ten are reached in the Capital.")


@cache
def _chances(seed: int):
    """For each number of checks, the share of honest claimants investigated in each language group."""
    train, test = fraud.load_and_split(int(seed))
    scores = fraud.fraud_scores(fraud.fit_detector(train), test)
    honest = ~test["fraud"]
    groups = {True: test["minority_language"], False: ~test["minority_language"]}
    return {n: {language: float((fraud.flag_top(scores, n) & honest & group).sum() / (honest & group).sum())
                for language, group in groups.items()} for n in CHECKS}


def largest_within_limit(seed, group: bool | None = None) -> int:
    """The largest number of checks on the chart within the Ombudsperson's limit for every language group (or for
    one group only: True for the minority language)."""
    chances = _chances(int(seed))
    within = [n for n in CHECKS
              if (max(chances[n].values()) if group is None else chances[n][group]) <= LIMIT]
    return max(within)


def _check_investigations(investigations, seed):
    checks = expect_number(investigations, "investigations")
    largest = largest_within_limit(seed)
    others = largest_within_limit(seed, group=False)
    reject_known(checks, [
        Known(others, N_("This keeps the *other* claimants within the limit, but not the honest claimants who write "
                         "in a minority language: the limit applies to every group."),
              N_("Follow the higher line (minority language) down to where it crosses 2%."), tolerance=15,
              when=others - largest > 20),
        Known(100 * LIMIT, N_("2 is the Ombudsperson's limit (in percent), not a number of claims."),
              N_("The number of claims is read on the horizontal axis.")),
    ])
    if checks < 0 or checks != int(checks):
        raise Mistake(_("`investigations` should be a whole number of claims."),
                      _("Read the number of claims checked on the horizontal axis."))
    if checks > largest + 5:
        raise Mistake(_("With {checks:g} claims checked, more than 2% of the honest claimants of one language group "
                        "are investigated.").format(checks=checks),
                      _("Follow the higher of the two lines and stop before it rises above the dotted 2% line."))
    if checks < largest - 15:
        raise Mistake(_("{checks:g} checks keep within the limit, but more checks would too: fraud that could be "
                        "checked is left alone.").format(checks=checks),
                      _("Find the *last* point, from the left, where both lines are still at or below 2%."))
    return _("The limit costs a few fraud cases, and protects honest claimants of every group.")


@cache
def region_changes(seed, coverage):
    """How many poor test households each region gains (or loses) with one cut-off per region."""
    train, test, model, predicted, selected = _pmt(int(seed), float(coverage))
    cutoffs = fairness.equal_recall_cutoffs(model.predict(train), train["poor"], train["region"], predicted,
                                            test["region"], float(coverage))
    fair = fairness.select_below(predicted, test["region"], cutoffs)
    poor = test["poor"]
    return ((poor & fair).groupby(test["region"]).sum() - (poor & selected).groupby(test["region"]).sum()).sort_index()


def _check_losing_region(losing_region, seed, coverage):
    change = region_changes(seed, coverage)
    region = expect_choice(losing_region, "losing_region", list(change.index))
    worst = change.idxmin()
    reject_known(region, [
        Known(name, N_("The poor of this region gain places (or keep them); the question is who loses."),
              N_("Look for the most negative number in the `change` column."))
        if change[name] >= 0 else
        Known(name, N_("This region loses places, but another loses more."),
              N_("Look for the most negative number in the `change` column."))
        for name in change.index if name != worst
    ], truth=worst)
    return _("The gap narrows mostly because the poorest region's poor are selected less often.")


capital_recall = Exercise(1, N_("reading the Capital's recall off the chart"), ["capital_recall", "seed", "coverage"],
                          _check_capital_recall,
                          [N_("Each bar is one region: its height is the share of its poor households selected."),
                           N_("Find the bar labelled Capital and read its top on the vertical axis, in percent.")])
investigations = Exercise(3, N_("how many claims to check"), ["investigations", "seed"], _check_investigations,
                          [N_("The limit applies to every language group: the higher line decides."),
                           N_("Follow the minority-language line to where it crosses the dotted 2% line, and read the "
                              "number of claims below that point.")])
losing_region = Exercise(4, N_("who pays for narrowing the gap"), ["losing_region", "seed", "coverage"],
                         _check_losing_region,
                         [N_("The `change` column counts the places each region's poor gain (+) or lose (-)."),
                          N_("Write, in quotes, the name of the region with the most negative change.")])
