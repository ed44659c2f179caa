"""Exercises of module 03, classifying households into four poverty levels."""

from functools import cache

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from aitrain import poverty_classes as pl
from aitrain.datasets import load
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    close,
    expect_choice,
    expect_close,
    expect_frame,
    expect_number,
    expect_percent,
    expect_reading,
    expect_share,
    reject_known,
)
from aitrain.i18n import N_, _


@cache
def _levels() -> pd.DataFrame:
    return load("poverty_levels")


@cache
def _logit(seed: int):
    train, test = pl.split_levels(_levels(), seed)
    return pl.fit(pl.make_logit(), train), test


def _check_majority(majority_share):
    counts = _levels()[pl.TARGET].value_counts()
    reject_known(expect_number(majority_share, "majority_share"), [
        Known(counts.max(), N_("This is a number of households, not a share."),
              N_("Divide by the number of households, or use `value_counts(normalize=True)`."), tolerance=0),
    ])
    shares = counts / counts.sum()
    share = expect_share(majority_share, "majority_share", truth=float(shares.max()))
    reject_known(share, [
        Known(s, N_("This is the share of a level, but not of the most common one."),
              N_("Take the largest of the shares with `.max()`."))
        for s in shares.drop(shares.idxmax())
    ])
    expect_close(share, float(shares.max()), 1e-9, _("This is not the share of the most common level."),
                 _("Count each level as a share of all households, then take the largest share."))
    return _("A model that always answers 'non-vulnerable' would already be right this often.")


def _check_macro_f1(macro_f1_logit, seed):
    model, test = _logit(int(seed))
    predicted = model.predict(pl.features(test))
    actual = test[pl.TARGET]
    value = expect_share(macro_f1_logit, "macro_f1_logit", truth=f1_score(actual, predicted, average="macro"))
    reject_known(value, [
        Known(accuracy_score(actual, predicted),
              N_("This is the accuracy (the same as a 'micro' average), not the macro-F1."),
              N_("Use `f1_score(..., average='macro')`.")),
        Known(f1_score(actual, predicted, average="weighted"),
              N_("This F1 weights each level by its number of households, so the large level dominates."),
              N_("Macro-F1 gives each level the same weight: `average='macro'`.")),
    ])
    expect_close(value, float(f1_score(actual, predicted, average="macro")), 1e-9,
                 _("This is not the macro-F1 of the logistic regression on the test households."),
                 _("Give `f1_score` the true levels of the test households first, the predictions second, and the "
                   "macro average."))
    return _("Macro-F1 is far below the accuracy: the small, poorest levels are often missed.")


def _expect_cv(table, name):
    table = expect_frame(table, name, ["accuracy", "macro_f1"])
    if len(table) != pl.FOLDS:
        raise Mistake(_("`{name}` has {len_table} rows; it should have one per fold ({pl_FOLDS}).").format(
                        name=name, len_table=len(table), pl_FOLDS=pl.FOLDS),
                      _("Run the cross-validation cell above again."))
    return table[["accuracy", "macro_f1"]].to_numpy(dtype=float)


def _check_gain(forest_gain, cv_logit, cv_forest):
    gain = expect_number(forest_gain, "forest_gain")
    logit = _expect_cv(cv_logit, "cv_logit").mean(axis=0)
    forest = _expect_cv(cv_forest, "cv_forest").mean(axis=0)
    folds = pl.FOLDS
    reject_known(gain, [
        *[Known(wrong, N_("`forest_gain` adds up the folds' macro-F1 (a sum) where their average is compared."),
                N_("Take the mean of each table's `macro_f1` column, not its sum."))
          for wrong in (folds * forest[1] - logit[1], folds * (forest[1] - logit[1]), forest[1] - folds * logit[1])],
        Known(folds - logit[1], N_("`forest_gain` starts from the number of folds (a count), not from the forest's "
                                   "average macro-F1."), N_("Take the mean of each table's `macro_f1` column.")),
        Known(forest[0] - logit[0], N_("This is the gain in accuracy."), N_("Use the `macro_f1` column."),
              when=not close(forest[0] - logit[0], forest[1] - logit[1])),
        Known(logit[1] - forest[1],
              N_("The sign is reversed: this is how much the logistic regression gains over the forest."),
              N_("Subtract the logistic regression's mean from the forest's mean."), when=not close(gain, 0, 1e-12)),
    ])
    if abs(gain) > 1:
        raise Mistake(_("A gain in macro-F1 cannot be larger than 1."), _("Compare the *means* of the folds."))
    expect_close(gain, float(forest[1] - logit[1]), 1e-9, _("This is not the forest's gain in mean macro-F1."),
                 _("Average the `macro_f1` column of each table of folds, then subtract the logistic regression's "
                  "average from the forest's."))
    return _("A few points: the forest finds some patterns the straight-line model misses, but not many.")


def _check_gamed(share_gamed, seed):
    value = expect_number(share_gamed, "share_gamed")
    model, test = _logit(int(seed))
    honest = test[model.predict(pl.features(test)) == 4]
    gamed = model.predict(pl.features(pl.declare_poorer(honest, bad_dwelling=True, extra_members=2)))
    reject_known(value, [
        Known(float((gamed < 4).sum()), N_("This is a number of households, not a share."),
              N_("Use `.mean()` instead of `.sum()`."), when=len(honest) > 1),
    ])
    share = expect_share(value, "share_gamed", truth=float(np.mean(gamed < 4)))
    reject_known(share, [
        Known(0, N_("No household changed level: the model was probably given the honest answers."),
              N_("Predict for `gamed`, the households after they misreport."), tolerance=0),
        Known(1, N_("Every household counts: the condition keeps level 4 too."),
              N_("Count the households now predicted *below* level 4 (`< 4`)."), tolerance=0),
    ])
    expect_close(share, float(np.mean(gamed < 4)), 1e-9, _("This is not the share of households that now look poor "
                  "or vulnerable."), _("Predict the level of `gamed` with `logit`, then the share below level 4."))
    return _("Misreporting two easy things moves many better-off households into the programme.")


majority = Exercise(1, N_("the majority level"), ["majority_share"], _check_majority,
                    N_("`value_counts(normalize=True)` gives the share of each level."),
                    columns=("poverty_level",))
macro_f1 = Exercise(2, N_("macro-F1"), ["macro_f1_logit", "seed"], _check_macro_f1,
                    [N_("Macro-F1 averages the F1 of each level, every level with the same weight, on the test "
                        "households."),
                     N_("`f1_score` takes the true levels first, the predictions second, and the option `average=` "
                        "(which one is in the score's name).")],
                    columns=("poverty_level",))
gain = Exercise(3, N_("is the forest worth it?"), ["forest_gain", "cv_logit", "cv_forest"], _check_gain,
                N_("Compare the mean macro-F1 over the folds of the two models."),
                columns=("macro_f1",))
gaming = Exercise(4, N_("gaming a published formula"), ["share_gamed", "seed"], _check_gamed,
                  N_("Predict for the misreported households and take the share predicted below level 4."))


# The policy path: readings off the charts, the model under the Agency's rule, and the item to verify first
# (aitrain.base.path_cells).

PERCENT_READING = 4  # points of percent: how closely a value read off a chart must match
MODELS = (N_("logistic regression"), N_("random forest"))  # typed in any language
GAIN_RULE = 5  # points of mean macro-F1 the forest must gain to replace the simpler model
STRATEGIES = {  # the misreports, typed in any language
    N_("hide TV, computer, tablet"): dict(hide_assets=True),
    N_("hide the car"): dict(hide_car=True),
    N_("declare a bad dwelling"): dict(bad_dwelling=True),
    N_("register 2 more members"): dict(extra_members=2),
}
EVERY_MISREPORT = N_("all of these")  # the chart's bar of the four misreports at once (shown, not a choice)


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= PERCENT_READING


def _check_majority_percent(majority_percent):
    value = expect_percent(majority_percent, "majority_percent")
    shares = 100 * _levels()[pl.TARGET].value_counts(normalize=True)
    truth = float(shares.max())
    reject_known(value, [
        Known(float(s), N_("This is the bar of another level, not of the most common one."),
              N_("Find the tallest bar and read its height on the vertical axis."), same=_near)
        for s in shares.drop(shares.idxmax()) if not _near(float(s), truth)
    ])
    expect_reading(value, truth, _near,
                   _("`majority_percent` is not the height of the tallest bar."),
                      _("Go across from the top of the tallest bar to the vertical axis and read the percentage."))
    return _("A rule that calls every family non-vulnerable would be right this often, and find no poor family.")


def _recall_matrix(seed) -> np.ndarray:
    model, test = _logit(int(seed))
    predicted = model.predict(pl.features(test))
    actual = test[pl.TARGET].to_numpy()
    return 100 * np.array([[np.mean(predicted[actual == t] == p) for p in pl.LEVELS] for t in pl.LEVELS])


def _check_extreme_recall(extreme_recall_percent, seed):
    value = expect_percent(extreme_recall_percent, "extreme_recall_percent")
    matrix = _recall_matrix(seed)
    truth = matrix[0, 0]
    reject_known(value, [
        Known(matrix[-1, -1], N_("This is the non-vulnerable households found: the bottom-right square."),
              N_("Take the first row (true level: extreme) and its first column."), same=_near,
              when=not _near(matrix[-1, -1], truth)),
        Known(matrix[0, 1], N_("This is the share of the extreme poor put in the moderate level."),
              N_("Take the square where the true and the predicted level are both 'extreme'."), same=_near,
              when=not _near(matrix[0, 1], truth)),
        Known(100 - truth, N_("This is the share of the extreme poor the model *misses*."),
              N_("Read the square itself, not what is left of its row."), same=_near,
              when=not _near(100 - truth, truth)),
    ])
    if not _near(value, truth):
        raise Mistake(_("`extreme_recall_percent` is not the top-left square of the matrix."),
                      _("Find the row 'extreme' (true level) and the column 'extreme' (predicted level): read the "
                        "percentage where they cross."))
    return _("The model finds only a minority of the families in extreme poverty: most get a smaller benefit.")


def forest_gain_points(seed) -> float:
    """The forest's gain in mean macro-F1 over the five folds, in points of percent."""
    levels = _levels()
    forest = pl.cross_validated(pl.make_forest(int(seed)), levels, int(seed))["macro_f1"].mean()
    return float(100 * (forest - pl.cross_validated(pl.make_logit(), levels, int(seed))["macro_f1"].mean()))


def ruled_model(seed) -> str:
    """The model the Agency's rule picks: the forest only if it gains at least GAIN_RULE points."""
    return MODELS[1] if forest_gain_points(seed) >= GAIN_RULE else MODELS[0]


def _check_agency_model(agency_model, seed):
    choice = expect_choice(agency_model, "agency_model", MODELS)
    truth = ruled_model(seed)
    other = MODELS[1] if truth == MODELS[0] else MODELS[0]
    reject_known(choice, [
        Known(other, N_("The forest scores better, but the rule asks whether it gains at least 5 points.")
              if truth == MODELS[0] else N_("The forest gains at least 5 points: the rule says to switch."),
              N_("Subtract the logistic regression's mean macro-F1 from the forest's, and compare the difference "
                 "with 5 points.")),
    ], truth=truth)
    return _("Under the Agency's rule, a gain of a few points does not pay for a model that is harder to explain.")


def moved_percent(seed) -> dict[str, float]:
    """% of the households classified non-vulnerable that each misreport moves below level 4."""
    model, test = _logit(int(seed))
    honest = test[model.predict(pl.features(test)) == 4]
    return {name: 100 * float(np.mean(model.predict(pl.features(pl.declare_poorer(honest, **change))) < 4))
            for name, change in STRATEGIES.items()}


def _check_verify_first(verify_first, seed):
    choice = expect_choice(verify_first, "verify_first", list(STRATEGIES))
    moved = moved_percent(seed)
    ranked = sorted(moved, key=moved.get, reverse=True)
    reject_known(choice, [
        Known(ranked[1], N_("This misreport moves many households, but another moves more."),
              N_("Compare the lengths of the bars and take the longest, leaving out 'all of these'.")),
        Known(ranked[-1], N_("This misreport moves the fewest households: checking it would change little."),
              N_("Take the longest bar of the chart, leaving out 'all of these'.")),
        Known(ranked[-2], N_("This misreport barely moves anyone."),
              N_("Take the longest bar of the chart, leaving out 'all of these'.")),
    ], truth=ranked[0])
    return _("Verify first what the formula weighs most and an official cannot see on the form.")


majority_percent = Exercise(1, N_("the majority level"), ["majority_percent"], _check_majority_percent,
                            [N_("Each bar is a poverty level; its height is its share of the households."),
                             N_("Go across from the top of the tallest bar to the vertical axis.")])
extreme_recall = Exercise(2, N_("how many of the extreme poor are found?"), ["extreme_recall_percent", "seed"],
                          _check_extreme_recall,
                          [N_("Rows are the true levels, columns the predicted ones; each row adds up to 100%."),
                           N_("Read the square where the row 'extreme' crosses the column 'extreme'.")])
agency_model = Exercise(3, N_("the model under the Agency's rule"), ["agency_model", "seed"], _check_agency_model,
                        [N_("The table gives each model's mean macro-F1 over the five folds, in percent."),
                         N_("Subtract the logistic regression's from the forest's and compare with 5 points.")])
verify_first = Exercise(4, N_("which misreport to verify first"), ["verify_first", "seed"], _check_verify_first,
                        [N_("Each bar is a misreport; its length is the share of households it moves into the "
                            "programme."),
                         N_("Leave out 'all of these' and take the longest bar.")])
