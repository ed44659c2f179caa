"""Exercises of module 02, targeting social transfers with a proxy means test."""

from functools import cache

import numpy as np
from sklearn.metrics import r2_score

from aitrain import multidimensional, targeting
from aitrain.datasets import load
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    expect_choice,
    expect_close,
    expect_first_crossing,
    expect_not_swapped,
    expect_number,
    expect_percent,
    expect_reading,
    expect_share,
    reject_known,
)
from aitrain.i18n import N_, _


@cache
def _survey():
    return load("household_survey")


@cache
def _split_and_model(seed: int):
    train, test = targeting.split_survey(_survey(), seed)
    model = targeting.fit_pmt(train)
    return train, test, model


def _check_headcount(headcount):
    truth = float(_survey()["poor"].mean())
    share = expect_share(headcount, "headcount", truth=truth)
    reject_known(share, [
        Known(1 - truth, N_("This is the share of households that are *not* poor."),
              N_("Which value of the `poor` column marks a poor household?"), tolerance=1e-6),
    ])
    expect_close(share, truth, 1e-6, _("This is not the share of poor households in the survey."),
                 _("The column `poor` holds True or False; the mean of True/False values is the share of True."))
    return _("About one household in five is below the poverty line.")


def _check_r2(r2_test, seed):
    r2 = expect_number(r2_test, "r2_test")
    train, test, model = _split_and_model(int(seed))
    actual, predicted = np.log(test["consumption_pc"]), model.predict(test)
    truth = r2_score(actual, predicted)
    reject_known(r2, [
        Known(model.rsquared, N_("This is the R\u00b2 on the training households, which the model has already seen."),
              N_("Use the test households: `test` and `predicted_test`."), tolerance=1e-6),
        Known(lambda: r2_score(predicted, actual), N_("The two inputs of `r2_score` are swapped."),
              N_("The actual values go first, the predictions second."), tolerance=1e-6),
    ], truth=truth)
    if r2 < 0:
        raise Mistake(_("A negative R\u00b2 means the predictions are worse than the average."),
                      _("Compare the predictions with the *log* of the test households' consumption (`np.log` of the "
                        "`consumption_pc` column): the model predicts the log."))
    expect_close(r2, truth, 1e-6, _("This is not the out-of-sample R\u00b2 of the proxy means test."),
                 _("Give `r2_score` the actual log consumption of the test households first and their "
                  "predictions second."))
    return _("The proxy means test explains about half of the variation in consumption.")


def _check_errors(exclusion_error, inclusion_error, seed, coverage):
    _unused, test, model = _split_and_model(int(seed))
    selected = targeting.select_lowest(model.predict(test), float(coverage))
    true_exclusion, true_inclusion = targeting.targeting_errors(test["poor"], selected)
    exclusion = expect_share(exclusion_error, "exclusion_error", truth=true_exclusion)
    inclusion = expect_share(inclusion_error, "inclusion_error", truth=true_inclusion)
    poor = test["poor"].to_numpy(dtype=bool)
    chosen = np.asarray(selected, dtype=bool)
    expect_not_swapped((exclusion, inclusion), (true_exclusion, true_inclusion), _("The two errors are swapped."),
                       _("Exclusion: among the *poor*, who is left out? Inclusion: among the *selected*, who is "
                        "not poor?"))
    reject_known(exclusion, [
        Known((poor & ~chosen).mean(), N_("`exclusion_error` is divided by all households, not by the poor."),
              N_("The exclusion error is a share *of the poor*: divide by the number of poor households.")),
    ])
    expect_close(exclusion, true_exclusion, 1e-9, _("`exclusion_error` is not right yet."),
                 _("Divide the number of poor households that are not selected by the number of poor "
                  "households (not by all households)."))
    reject_known(inclusion, [
        Known((chosen & ~poor).mean(), N_("`inclusion_error` is divided by all households, not by the selected ones."),
              N_("The inclusion error is a share *of the selected*: divide by the number selected.")),
        Known((chosen & ~poor).sum() / poor.sum(),
              N_("`inclusion_error` is divided by the number of poor households, not by the selected ones."),
              N_("The inclusion error is a share *of the selected*: divide by the number selected.")),
    ])
    expect_close(inclusion, true_inclusion, 1e-9, _("`inclusion_error` is not right yet."),
                 _("Divide the number of selected households that are not poor by the number of selected "
                  "households."))
    return _("Nearly half of the poor are left out, and nearly half of the transfers go to the non-poor.")


def _check_cutoff(cutoff_10, predicted_test, coverage):
    cutoff = expect_number(cutoff_10, "cutoff_10")
    scores = predicted_test.to_numpy(dtype=float) if hasattr(predicted_test, "to_numpy") else None
    if scores is None:
        raise Mistake(_("`predicted_test` has been changed."), _("Run the cells above again from the top."))
    reject_known(cutoff, [
        Known(np.quantile(scores, 0.90), N_("This cut-off selects the 10% with the *highest* predicted consumption."),
              N_("The poorest households have the lowest predictions.")),
        Known(np.quantile(scores, float(coverage)),
              N_("This is the cut-off for the first budget ({float_coverage:.0%} coverage)."),
              N_("The budget now covers 10% of households."), fields={"float_coverage": float(coverage)}),
    ])
    if cutoff > 1 and cutoff > np.max(scores):
        raise Mistake(_("The cut-off should be on the same scale as `predicted_test` (log consumption)."),
                      _("Use the quantile of `predicted_test`, not of consumption itself."))
    expect_close(cutoff, float(np.quantile(scores, 0.10)), 1e-9, _("This cut-off does not select 10%."),
                 _("A quantile splits the values: `.quantile(q)` gives the value below which a share q lies."))
    return _("A smaller budget means a stricter cut-off.")


@cache
def _score():
    return multidimensional.deprivation_score(_survey())


def _check_mpi(H, A, M0, k):
    score, cut = _score(), float(k)
    true_h, true_a, true_m0 = multidimensional.alkire_foster(score, cut)
    headcount = expect_share(H, "H", truth=true_h)
    reject_known(headcount, [
        Known(lambda: float((score > cut).mean()),
              N_("`H` leaves out the households whose score is exactly `k`."),
              N_("A household is poor when its score is *at least* `k`: use `>=`, not `>`.")),
        Known(lambda: float((score > 0).mean()),
              N_("`H` counts every household deprived in at least one indicator."),
              N_("Compare each household's score with the cut-off `k`.")),
        Known(lambda: float(_survey()["poor"].mean()),
              N_("This is the consumption headcount of Exercise 1, not the multidimensional one."),
              N_("Use the deprivation `score`, not the `poor` column.")),
    ], truth=true_h)
    expect_close(headcount, true_h, 1e-9, _("`H` is not the share of households with a score of at least `k`."),
                 _("Compare each household's score with the cut-off `k` (a score equal to `k` counts as poor), then "
                   "take the mean of the True/False result."))
    intensity = expect_share(A, "A", truth=true_a)
    reject_known(intensity, [
        Known(lambda: float(score.mean()), N_("`A` averages the score of *all* households."),
              N_("The intensity is the average score of the poor only: select the scores of households with a "
                 "score of at least `k` first.")),
        Known(lambda: float(score[score > cut].mean()),
              N_("`A` leaves out the poor households whose score is exactly `k`."),
              N_("Select the scores with `>=`, as for `H`.")),
        Known(true_m0, N_("`A` holds the adjusted headcount M0, not the intensity."),
              N_("A is the average score among the poor; M0 comes next.")),
    ], truth=true_a)
    expect_close(intensity, true_a, 1e-9, _("`A` is not the average score of the poor households."),
                 _("Keep only the scores of the poor households (select them with the same comparison as for `H`), "
                   "then take their mean."))
    m0 = expect_share(M0, "M0", truth=true_m0)
    reject_known(m0, [
        Known(lambda: float(score.mean()),
              N_("`M0` averages the score of every household, including those below the cut-off."),
              N_("M0 counts only the deprivations of the poor: multiply H by A.")),
        Known(true_h + true_a, N_("`M0` adds H and A."), N_("M0 is a product.")),
    ], truth=true_m0)
    expect_close(m0, true_m0, 1e-9, _("`M0` is not the adjusted headcount."),
                 _("M0 is H multiplied by A."))
    return _("More than a third of households are poor in several dimensions at once, twice the consumption "
             "headcount.")


headcount = Exercise(1, N_("poverty headcount"), ["headcount"], _check_headcount,
                     N_("The mean of a True/False column is the share of True values."),
                     columns=("poor",))
r2 = Exercise(2, N_("out-of-sample R\u00b2"), ["r2_test", "seed"], _check_r2,
              N_("R\u00b2 compares predictions with actual values on households the model has not seen."),
              columns=("consumption_pc",))
errors = Exercise(3, N_("exclusion and inclusion errors"), ["exclusion_error", "inclusion_error", "seed", "coverage"],
                  _check_errors, N_("Use `&` for 'and', `~` for 'not', and `.sum()` to count True values."),
                  columns=("poor",), test_set="test", aggregate="sum")
cutoff = Exercise(4, N_("a cut-off for a smaller budget"), ["cutoff_10", "predicted_test", "coverage"], _check_cutoff,
                  [N_("The cut-off is the value below which the lowest 10% of the predictions lie: a quantile."),
                   N_("Use the `.quantile(...)` method of `predicted_test`; a quantile is asked for as a share "
                     "between 0 and 1.")])
mpi = Exercise(5, N_("a multidimensional poverty index"), ["H", "A", "M0", "k"], _check_mpi,
              [N_("H is a share of households, A an average score among the poor, and M0 combines the two."),
               N_("Compare `score` with `k` to find the poor; the mean of a True/False column is a share, and "
                  "`score[condition]` keeps the scores of the rows where the condition is True.")])


# The policy path: decisions read off the error curve and the Minister's options (aitrain.base.path_cells).

OPTIONS = (N_("small budget"), N_("current budget"), N_("large budget"))  # typed in any language
AIM = 0.40  # the Minister's aim: at most 40% of the poor left out
READING = 5  # points of percent: how closely a value read off the chart must match
GRID = np.arange(0.05, 0.51, 0.01)  # the coverages of the chart


def _curve(seed: int, coverages):
    _unused, test, model = _split_and_model(int(seed))
    return targeting.error_curve(test["poor"], model.predict(test), list(coverages))


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= READING


def _check_read_errors(exclusion_at_10, inclusion_at_10, seed, coverage):
    exclusion = expect_percent(exclusion_at_10, "exclusion_at_10")
    inclusion = expect_percent(inclusion_at_10, "inclusion_at_10")
    at_10, at_first = (100 * _curve(seed, [share]).iloc[0] for share in (0.10, float(coverage)))
    true_exclusion, true_inclusion = at_10["exclusion_error"], at_10["inclusion_error"]
    reject_known((exclusion, inclusion), [
        Known((true_inclusion, true_exclusion), N_("The two errors are swapped."),
              N_("The red line is the exclusion error (the poor left out); the dashed blue line is the inclusion "
                 "error."), same=lambda value, wrong: _near(value[0], wrong[0]) and _near(value[1], wrong[1]),
              when=not _near(true_inclusion, true_exclusion)),
        Known((at_first["exclusion_error"], at_first["inclusion_error"]),
              N_("These are the errors of the first budget, not of a budget for 10% of households."),
              N_("Find 10 on the horizontal axis (coverage) and read the two lines straight above it."),
              same=lambda value, wrong: _near(value[0], wrong[0]) and _near(value[1], wrong[1]),
              when=not _near(at_first["exclusion_error"], true_exclusion)),
        Known((100 - true_exclusion, true_inclusion),
              N_("`exclusion_at_10` is the share of the poor who are *reached*, not of those left out."),
              N_("The exclusion error counts the poor left out: read the red line itself."),
              same=lambda value, wrong: _near(value[0], wrong[0]),
              when=not _near(100 - true_exclusion, true_exclusion)),
    ])
    expect_reading(exclusion, true_exclusion, _near,
                   _("`exclusion_at_10` is not what the red line shows at 10% coverage."),
                      _("Find 10 on the horizontal axis, go straight up to the red line, and read its height on the "
                        "vertical axis."))
    expect_reading(inclusion, true_inclusion, _near,
                   _("`inclusion_at_10` is not what the dashed blue line shows at 10% coverage."),
                      _("Find 10 on the horizontal axis, go straight up to the dashed blue line, and read its height "
                        "on the vertical axis."))
    return _("With money for one household in ten, six poor families in ten are left out, and about a third of "
             "the money goes to families above the poverty line.")


def _smallest_budget(seed) -> float:
    grid = _curve(seed, GRID)
    return 100 * float(grid.loc[grid["exclusion_error"] <= AIM, "coverage"].min())


def _check_budget(budget_percent, seed):
    budget = expect_percent(budget_percent, "budget_percent")
    smallest = _smallest_budget(seed)
    grid = _curve(seed, GRID)
    inclusion_at_aim = 100 * float(grid.loc[grid["inclusion_error"] >= AIM, "coverage"].min())
    reject_known(budget, [
        Known(inclusion_at_aim, N_("This is where the dashed blue line (inclusion) reaches 40%; the Minister's aim "
                                   "is about the poor left out."),
              N_("Follow the red line (exclusion error) instead."), tolerance=1.5,
              when=abs(inclusion_at_aim - smallest) > 3),
        Known(100 * AIM, N_("40 is the Minister's limit on the exclusion error, not a budget."),
              N_("The budget is read on the horizontal axis, below the point where the red line comes down to 40."),
              when=abs(100 * AIM - smallest) > 3),
    ])
    if budget == 0 or float(_curve(seed, [budget / 100])["exclusion_error"].iloc[0]) > AIM + 0.02:
        raise Mistake(_("With a budget for {budget:g}% of households, the formula still leaves out more than 40% of "
                        "the poor.").format(budget=budget),
                      _("Move right along the horizontal axis until the red line is at 40% or below."))
    expect_first_crossing(budget, smallest, (2.5, 3.5),
                          short=(_("A budget for {budget:g}% of households is too small for the aim.").format(
                                     budget=budget),
                                 _("Read where the red line comes down to 40%, on the horizontal axis.")),
                          long=(_("A budget for {budget:g}% of households meets the aim, but a smaller budget meets "
                                  "it too: the Ministry of Finance will ask why you spend more.").format(budget=budget),
                                _("Find the *first* point, from the left, where the red line comes down to 40%.")))
    return _("To leave out at most 4 poor families in 10, the formula needs money for more households than there "
             "are poor ones.")


def _option_rows(seed, coverage):
    """Each option's (exclusion, inclusion) errors, in the order of OPTIONS."""
    curve = _curve(seed, [0.10, float(coverage), 0.30])
    return list(zip(OPTIONS, curve["exclusion_error"], curve["inclusion_error"], strict=True))


def _check_option(chosen_option, seed, coverage):
    choice = expect_choice(chosen_option, "chosen_option", OPTIONS)
    rows = _option_rows(seed, coverage)
    allowed = [(exclusion, name) for name, exclusion, inclusion in rows if inclusion <= 0.5]
    best = min(allowed)[1]
    reject_known(choice, [
        Known(name, N_("In the {name}, more than half of the money goes to families above the poverty line."),
              N_("Look at the column 'paid but not poor (%)': the rule allows at most 50."), fields={"name": _(name)})
        if inclusion > 0.5 else
        Known(name, N_("The {name} keeps to the money rule, but another option that keeps to it reaches more poor "
                       "families."),
              N_("Among the options with at most 50 in 'paid but not poor (%)', take the one with the fewest poor "
                 "left out."), fields={"name": _(name)})
        for name, _exclusion, inclusion in rows if name != best
    ], truth=best)
    return _("The rule, not the formula, decided: write it down, so that it can be defended in public.")


read_errors = Exercise(1, N_("reading the errors off the chart"), ["exclusion_at_10", "inclusion_at_10", "seed",
                                                                   "coverage"], _check_read_errors,
                       [N_("The chart shows both errors for every budget: the budget on the horizontal axis, the "
                           "error on the vertical axis."),
                        N_("Find 10 on the horizontal axis, go straight up to each line, and read its height.")])
budget = Exercise(2, N_("the smallest budget for the Minister's aim"), ["budget_percent", "seed"], _check_budget,
                  [N_("The aim is about the poor left out: the red line."),
                   N_("Find the first point, from the left, where the red line comes down to 40%, and read the "
                      "coverage below it.")])
option = Exercise(3, N_("the Minister's options"), ["chosen_option", "seed", "coverage"], _check_option,
                  [N_("Apply the rule in two steps: first the money, then the poor families reached."),
                   N_("Cross out the options with more than 50 in 'paid but not poor (%)'; among the others, take the "
                      "one with the fewest poor left out.")])
