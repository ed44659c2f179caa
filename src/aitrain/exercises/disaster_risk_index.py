"""Exercises of module 06, a disaster risk and vulnerability index for communes."""

from functools import cache

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

from aitrain import risk_index
from aitrain.datasets import load
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    close,
    expect_array,
    expect_labelled,
    expect_number,
    expect_share,
    reject_known,
    same_values,
)
from aitrain.i18n import N_, _


@cache
def _communes() -> pd.DataFrame:
    return load("communes").set_index("commune")


@cache
def _dimensions() -> pd.DataFrame:
    return risk_index.dimension_scores(risk_index.normalised_indicators(_communes()))


def _check_warning(warning_score):
    values = expect_labelled(warning_score, "warning_score", _communes().index)
    coverage = _communes()["early_warning_coverage"]
    reject_known(values, [
        Known(risk_index.normalise(coverage, higher_is_worse=True),
              N_("The scale runs the wrong way: the best-covered commune gets 10."),
              N_("More early-warning coverage means *less* risk: subtract from the maximum, not the minimum.")),
        Known(risk_index.normalise(coverage, higher_is_worse=False) / 10,
              N_("The scores run from 0 to 1, not from 0 to 10."), N_("Multiply by 10.")),
    ])
    if values.min() < -1e-9 or values.max() > 10 + 1e-9:
        raise Mistake(_("Some scores are outside 0 to 10."),
                      _("Divide by the range of the column: maximum minus minimum."))
    if not same_values(values, risk_index.normalise(coverage, higher_is_worse=False)):
        raise Mistake(_("`warning_score` is not right yet."),
                      _("10 \u00d7 (maximum \u2212 value) / (maximum \u2212 minimum)."))
    return _("The commune with the best coverage scores 0 (least risk), the worst 10.")


def _check_risk(risk):
    values = expect_labelled(risk, "risk", _communes().index)
    dims = _dimensions()
    he, v, lcc = (dims[c].to_numpy() for c in risk_index.DIMENSIONS)
    reject_known(values, [
        Known((he + v + lcc) / 3, N_("This is the arithmetic mean (adding up), not the geometric mean."),
              N_("Multiply the three scores, then take the cube root: `** (1 / 3)`.")),
        Known(he * v * lcc, N_("The product is not yet on the 0 to 10 scale."),
              N_("Take the cube root of the product: `** (1 / 3)`.")),
        Known(he * v * lcc / 3, N_("`** 1/3` is read as `(** 1) / 3`: Python computes the power before the division."),
              N_("Put the exponent in brackets: `** (1 / 3)`.")),
    ])
    if not same_values(values, risk_index.geometric_index(dims)):
        raise Mistake(_("`risk` is not right yet."),
                      _("Multiply the three dimension scores and take the cube root."))
    return _("A commune with no hazard, or no vulnerability, now has little risk whatever its other scores.")


def _check_changed(changed_share, top_equal, top_hazard):
    top_equal, top_hazard = list(top_equal), list(top_hazard)
    if len(top_equal) == 0 or len(top_equal) != len(top_hazard):
        raise Mistake(_("`top_equal` or `top_hazard` has been changed."), _("Run the cells above again from the top."))
    dims = _dimensions()
    truth = risk_index.turnover(risk_index.top_share(risk_index.geometric_index(dims)),
                                risk_index.top_share(risk_index.geometric_index(dims, (2, 1, 1))))
    share = expect_share(changed_share, "changed_share", truth=truth)
    reject_known(share, [
        Known(1 - truth, N_("This is the share of communes that *stay* in the list."), N_("Subtract it from 1."),
              when=not close(truth, 0.5)),
        Known(truth * len(top_equal) / len(_communes()),
              N_("You divided by all communes; the question is about the list of the top 10%."),
              N_("Divide by the length of the list, `len(top_equal)`.")),
    ])
    if not close(share, truth):
        raise Mistake(_("This is not the share of the list that changes."),
                      _("1 \u2212 (communes in both lists) / (communes in one list)."))
    return _("A quarter of the priority list depends on a choice of weights, not on the data.")


def _check_typology(typology, seed):
    labels = expect_array(typology, "typology", (len(_communes()),))
    Z = StandardScaler().fit_transform(_communes()[risk_index.INDICATORS])
    truth = KMeans(n_clusters=4, n_init=10, random_state=int(seed)).fit_predict(Z)
    groups = len(np.unique(labels))
    if groups != 4:
        raise Mistake(_("`typology` has {groups} groups; the Committee asked for 4 types of commune.").format(
                        groups=groups),
                      _("Set `n_clusters=4`."))
    expect_number(adjusted_rand_score(truth, labels), "agreement")
    if not close(adjusted_rand_score(truth, labels), 1):
        raise Mistake(_("These groups differ from k-means on the standardised indicators."),
                      _("Fit on `Z` (each indicator standardised), with `n_init=10` and `random_state=seed`."))
    return _("Four types of commune, each calling for a different kind of help.")


warning = Exercise(1, N_("normalising an indicator"), ["warning_score"], _check_warning,
                   N_("Higher coverage is better, so it must give a *lower* risk score."),
                   columns=("early_warning_coverage",))
risk = Exercise(2, N_("the geometric mean"), ["risk"], _check_risk,
                N_("The geometric mean of three numbers is the cube root of their product."),
                columns=("lack_of_coping", "hazard_exposure", "vulnerability"))
changed = Exercise(3, N_("how much the top list changes"), ["changed_share", "top_equal", "top_hazard"], _check_changed,
                   N_("`set(a) & set(b)` keeps the elements that are in both a and b; `len(...)` counts them."))
typology = Exercise(4, N_("a typology with k-means"), ["typology", "seed"], _check_typology,
                    [N_("k-means puts districts whose standardised indicators are alike in one group: ask it for the "
                       "number of groups the exercise gives, with the notebook's random seed so that the "
                       "result can be repeated."),
                     N_("A `KMeans` model with `n_clusters`, `n_init=10` and `random_state=seed`, then "
                       "its `.fit_predict` on the standardised table `Z`.")])
