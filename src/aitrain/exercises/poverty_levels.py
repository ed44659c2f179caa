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
    expect_close,
    expect_frame,
    expect_number,
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
    reject_known(gain, [
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
                    N_("`f1_score(actual, predicted, average='macro')`."),
                    columns=("poverty_level",))
gain = Exercise(3, N_("is the forest worth it?"), ["forest_gain", "cv_logit", "cv_forest"], _check_gain,
                N_("Compare the mean macro-F1 over the folds of the two models."),
                columns=("macro_f1",))
gaming = Exercise(4, N_("gaming a published formula"), ["share_gamed", "seed"], _check_gamed,
                  N_("Predict for the misreported households and take the share predicted below level 4."))
