"""Exercises of module 13, explaining decisions: permutation importance, partial dependence, reason codes."""

from functools import cache

import numpy as np
import pandas as pd

from aitrain import explaining, targeting
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
    expect_text,
    reject_known,
    whole_table,
)
from aitrain.i18n import N_, _


@cache
def _pmt(seed: int):
    train, test = targeting.split_survey(load("household_survey"), seed)
    model = targeting.fit_pmt(train)
    return model, test


def _selected(seed: int, coverage: float) -> pd.Series:
    model, test = _pmt(seed)
    return targeting.select_lowest(model.predict(test), coverage)


def _check_top_driver(top_pmt_driver, importance_pmt):
    name = expect_text(top_pmt_driver, "top_pmt_driver")
    table = expect_frame(importance_pmt, "importance_pmt", ["importance"])
    columns = explaining.formula_inputs()
    if sorted(map(str, table.index)) != sorted(columns):
        raise Mistake(_("`importance_pmt` has been changed."), _("Run the cells above again from the top."))
    ranked = table["importance"].astype(float).sort_values(ascending=False)
    if name not in columns:
        raise Mistake(_("'{name}' is not one of the model's characteristics.").format(name=name),
                      _("Take the name of the first row of `importance_pmt` (it is sorted, largest first)."))
    reject_known(name, [
        Known(ranked.index[-1], N_("This is the *least* important characteristic."),
              N_("The table is sorted largest first.")),
    ])
    if name != ranked.index[0]:
        raise Mistake(_("This characteristic matters, but another one matters more."),
                      _("Look for the largest drop in R\u00b2."))
    return _("Shuffling household size costs the model the most: the generator makes consumption fall with size.")


def _check_peak_age(peak_age, pd_age):
    age = expect_number(peak_age, "peak_age")
    curve = expect_frame(pd_age, "pd_age", ["value", "prediction"])
    values = curve["value"].to_numpy(dtype=float)
    predictions = curve["prediction"].to_numpy(dtype=float)
    if len(curve) < 2 or not np.all(np.diff(values) > 0) or not np.all((predictions >= 0) & (predictions <= 1)):
        raise Mistake(_("`pd_age` has been changed."), _("Run the cells above again from the top."))
    if 0 <= age <= 1:
        raise Mistake(_("This is a probability, not an age."),
                      _("Take the `value` of the row where `prediction` is largest."))
    reject_known(age, [
        Known(values.max(), N_("This is the oldest age on the curve (the largest number in the column of ages), not "
                               "the age where the curve peaks."),
              N_("Find the row with the largest `prediction` first.")),
    ])
    expect_close(age, float(values[np.argmax(predictions)]), 1e-9,
                 _("This is not the age at which the curve is highest."),
                 _("Find the label of the row with the largest `prediction`, then read that row's `value`."))
    return _("Households whose head is in mid-life look best-off: the forest found the life-cycle curve.")


def _check_refused(refused, seed, coverage):
    table = expect_frame(refused, "refused", ["poor"])
    _unused, test = _pmt(int(seed))
    selected = _selected(int(seed), float(coverage))
    if not table.index.isin(test.index).all() or len(table) > len(test):
        raise Mistake(_("`refused` holds households that are not test households."), _("Start from `test`."))
    mistake = whole_table(table, test, "refused", N_("the poor households that were not selected"))
    if mistake:
        raise mistake
    chosen = pd.Series(test.index.isin(table.index), index=test.index)
    reject_known(chosen, [
        *[Known(households, N_("These households were *selected*; we want the poor households the model refused."),
                N_("Use `~selected` (not selected)."), same=pd.Series.equals)
          for households in (test["poor"] & selected, ~test["poor"] & selected)],
        Known(~test["poor"] & ~selected, N_("These households are not poor."),
              N_("Keep the households where `test['poor']` is True."), same=pd.Series.equals),
    ])
    if not chosen.equals(test["poor"] & ~selected):
        raise Mistake(_("`refused` should hold exactly the poor test households that were not selected."),
                      _("Combine the two conditions with `&` (and), with `~` (not) before the one that must be "
                        "False."))
    return _("Each of these families needed the transfer and was refused by the formula.")


def _check_size_effect(size_effect, seed, coverage, household):
    value = expect_number(size_effect, "size_effect")
    model, test = _pmt(int(seed))
    selected = _selected(int(seed), float(coverage))
    if not isinstance(household, pd.Series) or "household_size" not in household.index:
        raise Mistake(_("`household` has been changed."), _("Run the cells above again from the top."))
    size = float(household["household_size"])
    coef = float(model.params["household_size"])
    reference = float(test.loc[selected, "household_size"].mean())
    reject_known(value, [
        Known(coef * size, N_("This is the effect of the household's size compared with zero members."),
              N_("Compare with the average size of the households that qualified.")),
        Known(-coef * (size - reference), N_("The sign is reversed."),
              N_("Household value minus the qualified households' average."), when=not close(value, 0, 1e-12)),
    ])
    expect_close(value, coef * (size - reference), 1e-9, _("This is not the contribution of household size."),
                 _("Multiply the coefficient by (the household's size minus the qualified households' average size)."))
    return _("A smaller family than those who qualified lowers the household's chance of being selected.")


top_driver = Exercise(1, N_("the top driver of the proxy means test"), ["top_pmt_driver", "importance_pmt"],
                      _check_top_driver, [N_("The table is sorted: the top driver is the name of its first row."),
                                         N_("A table's `.index` holds its row names; the first has position 0.")])
peak_age = Exercise(2, N_("reading a partial dependence curve"), ["peak_age", "pd_age"], _check_peak_age,
                    N_("`.idxmax()` gives the row label of the largest value."),
                    columns=("value", "prediction"))
refused = Exercise(3, N_("the refused poor households"), ["refused", "seed", "coverage"], _check_refused,
                   N_("`test[condition]` keeps the rows where the condition is True."),
                   columns=("poor",))
size_effect = Exercise(4, N_("one reason code by hand"), ["size_effect", "seed", "coverage", "household"],
                       _check_size_effect, N_("coefficient × (household value − average of the qualified)."),
                       columns=("household_size",))



# The policy path: values read off the charts and tables (aitrain.base.path_cells).

AGE_READING = 5  # years: how closely an age read off the curve must match
YES_NO = ("yes", "no")


@cache
def pmt_importance(seed) -> pd.DataFrame:
    """The proxy means test's permutation importance on the test households, as the notebook computes it."""
    model, test = _pmt(int(seed))
    columns = explaining.formula_inputs()
    return explaining.permutation_table(explaining.FittedFormula(model), test[columns],
                                        np.log(test["consumption_pc"]), "r2", int(seed), repeats=3)


def _check_pmt_top_driver(pmt_top_driver, seed):
    ranked = list(pmt_importance(seed).index)
    name = expect_choice(pmt_top_driver, "pmt_top_driver", ranked)
    reject_known(name, [
        Known(ranked[-1], N_("This is the *least* important characteristic."),
              N_("Look at the left chart, the proxy means test: its longest bar is at the top.")),
    ], truth=ranked[0])
    if name != ranked[0]:
        raise Mistake(_("This characteristic matters, but another one matters more."),
                      _("On the left chart, the proxy means test's, find the longest bar."))
    return _("Shuffling household size costs the model the most: the generator makes consumption fall with size.")


def _check_peak_age_reading(peak_age_reading, pd_age):
    age = expect_number(peak_age_reading, "peak_age_reading")
    curve = expect_frame(pd_age, "pd_age", ["value", "prediction"])
    values = curve["value"].to_numpy(dtype=float)
    truth = float(values[np.argmax(curve["prediction"].to_numpy(dtype=float))])
    if 0 <= age <= 1:
        raise Mistake(_("This is a probability, not an age."),
                      _("The age is read on the horizontal axis, below the top of the curve."))
    reject_known(age, [
        Known(values.max(), N_("This is the oldest age on the curve, not the age where it peaks."),
              N_("Find the highest point of the orange curve first."), tolerance=2),
        Known(values.min(), N_("This is the youngest age on the curve, not the age where it peaks."),
              N_("Find the highest point of the orange curve first."), tolerance=2),
    ], truth=truth)
    if abs(age - truth) > AGE_READING:
        raise Mistake(_("The orange curve is not at its highest at this age."),
                      _("Find the highest point of the orange curve, then read the age below it on the horizontal "
                        "axis."))
    return _("Households whose head is in mid-life look best-off: the forest found the life-cycle curve.")


def refused_family(seed, coverage):
    """The refused poor test household closest to the cut-off: its score, the cut-off and its recorded facts."""
    model, test = _pmt(int(seed))
    predicted = model.predict(test)
    selected = _selected(int(seed), float(coverage))
    family_id = predicted[test["poor"] & ~selected].idxmin()
    return test.loc[family_id], float(predicted[family_id]), float(predicted[selected].max())


def one_more_child_qualifies(seed, coverage) -> bool:
    """Whether the refused family would have been selected with one more child under 15 recorded (one more
    member too)."""
    model, test = _pmt(int(seed))
    family, _unused, cutoff = refused_family(seed, coverage)
    corrected = test.loc[[family.name]].copy()
    corrected["children"] += 1
    corrected["household_size"] += 1
    return float(model.predict(corrected).iloc[0]) <= cutoff


def _check_one_more_child(one_more_child, seed, coverage):
    answer = expect_choice(one_more_child, "one_more_child", YES_NO)
    truth = "yes" if one_more_child_qualifies(seed, coverage) else "no"
    if answer != truth:
        raise Mistake(_("Compare again: the gap to the cut-off, and how much one more child and one more member "
                        "change the score."),
                      _("Add the two effects printed above; if they lower the score by more than the gap, the family "
                        "would have qualified."))
    return _("A recorded fact that is wrong can decide a refusal: the letter must say how to correct it.")


pmt_top_driver = Exercise(1, N_("what the proxy means test relies on most"), ["pmt_top_driver", "seed"],
                          _check_pmt_top_driver,
                          [N_("The longer a bar, the more the model's score drops when that characteristic is "
                              "shuffled."),
                           N_("On the left chart, the proxy means test's, write the name of the longest bar, in "
                              "quotes.")])
peak_age_reading = Exercise(2, N_("reading the peak of the curve"), ["peak_age_reading", "pd_age"],
                            _check_peak_age_reading,
                            [N_("The orange curve is the forest's probability of non-vulnerable for each age of the "
                                "head."),
                             N_("Find the highest point of the orange curve and read the age below it.")])
one_more_child = Exercise(3, N_("would a correction change the decision?"), ["one_more_child", "seed", "coverage"],
                          _check_one_more_child,
                          [N_("The family qualifies when its score falls to the cut-off or below."),
                           N_("Add the effects of one more child and one more member; compare the total with the gap "
                              "to the cut-off.")])
