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
    expect_choice,
    expect_labelled,
    expect_number,
    expect_share,
    reject_known,
    same_partition,
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


def _one_dimension_twice(*dimensions) -> list[np.ndarray]:
    """The geometric means with one dimension's scores in place of another's."""
    return [np.cbrt(np.prod([dimensions[j] if k == i else d for k, d in enumerate(dimensions)], axis=0))
            for i in range(3) for j in range(3) if i != j]


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
        Known((he * v * lcc) ** 3, N_("The exponent is upside down: this cubes the product instead of taking its cube "
                                      "root."), N_("The cube root is the power one third, not three.")),
        Known(_one_dimension_twice(he, v, lcc),
              N_("`risk` uses the column of one dimension twice and leaves another dimension's column out."),
              N_("Multiply the three different dimension scores: hazard and exposure, vulnerability, and lack of "
                 "coping capacity, each once."),
              same=lambda value, wrong: any(same_values(value, w) for w in wrong)),
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
                       "its `.fit_predict` on the standardised table `Z`.")],
                    same_answer=same_partition)  # the same groups numbered otherwise are the same typology


# The policy path: how to combine the dimensions, how much more hazards may count, and which type of commune
# gets sirens first (aitrain.base.path_cells).

COMBINATIONS = ("arithmetic mean", "geometric mean")
EXAMPLES = ("Khemara-31", "Alun-11")  # little hazard but very vulnerable; more hazard, less vulnerable
HAZARD_WEIGHTS = (1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4)  # the chart's weights of hazard and exposure
MOST_MOVED = 5  # the social-protection member's limit: communes of the top 40 replaced


def _check_combination(combination):
    choice = expect_choice(combination, "combination", COMBINATIONS)
    reject_known(choice, [
        Known("arithmetic mean", N_("With the arithmetic mean, a commune with little hazard enters the top 40 on its "
                                    "vulnerability alone."),
              N_("Compare the places of the two communes of the table: which mean keeps the commune with the lower "
                 "hazard score out of the top 40?")),
    ], truth="geometric mean")
    return _("The geometric mean keeps the index about disasters: a high score in one dimension cannot make up "
             "for a low one.")


def communes_moved(dimensions: pd.DataFrame, hazard_weight: float) -> int:
    """Communes of the equal-weights top 40 replaced when hazard and exposure count `hazard_weight` times."""
    equal = risk_index.top_share(risk_index.geometric_index(dimensions))
    weighted = risk_index.top_share(risk_index.geometric_index(dimensions, (float(hazard_weight), 1, 1)))
    return len(set(equal) - set(weighted))


def largest_weight(dimensions: pd.DataFrame) -> float:
    """The largest weight of the chart that replaces at most MOST_MOVED communes."""
    return max(w for w in HAZARD_WEIGHTS if communes_moved(dimensions, w) <= MOST_MOVED)


def _check_hazard_weight(hazard_weight):
    weight = expect_number(hazard_weight, "hazard_weight")
    dims = _dimensions()
    best = largest_weight(dims)
    if weight <= 0 or weight > 10:
        raise Mistake(_("`hazard_weight` should be a weight like those on the horizontal axis, from 1 to 4."),
                      _("Read the weight on the horizontal axis, not the number of communes."))
    reject_known(weight, [
        Known(2, N_("With hazards counting double, more than 5 communes are replaced."),
              N_("Follow the line from the left and stop at the last point at 5 or below."), when=best != 2),
        Known(MOST_MOVED, N_("5 is the number of communes the member accepts, on the vertical axis; the answer is a "
                             "weight, on the horizontal axis."),
              N_("Find the last point at 5 or below, then read its weight below it.")),
        Known(1, N_("Equal weights replace no commune, but the hydrometeorology member wants hazards to count as "
                    "much more as possible."),
              N_("Move right along the line while it stays at 5 or below.")),
    ], truth=best)
    if communes_moved(dims, weight) > MOST_MOVED:
        raise Mistake(_("With hazards weighted {weight:g}, more than 5 communes of the list are replaced.").format(
                        weight=weight),
                      _("Follow the line from the left and stop at the last point at 5 or below."))
    if weight < best:
        raise Mistake(_("Hazards weighted {weight:g} keep within the limit, but a larger weight on the chart does "
                        "too.").format(weight=weight),
                      _("Move right along the line while it stays at 5 or below."))
    return _("A weight that looks small already moves communes: agree the weights before seeing the list.")


@cache
def _types(seed: int) -> np.ndarray:
    standard = StandardScaler().fit_transform(_communes()[risk_index.INDICATORS])
    return KMeans(n_clusters=4, n_init=10, random_state=int(seed)).fit_predict(standard)


def most_exposed_type(seed) -> int:
    """The k-means type whose communes have the highest mean hazard-and-exposure score."""
    return int(_dimensions()["hazard_exposure"].groupby(_types(int(seed))).mean().idxmax())


def _check_sirens_type(sirens_type, seed):
    value = expect_number(sirens_type, "sirens_type")
    best = most_exposed_type(seed)
    if value not in (0, 1, 2, 3):
        raise Mistake(_("`sirens_type` should be the number of a type: 0, 1, 2 or 3."),
                      _("Read the type's number in the first column of the table, not a score."))
    by_type = pd.concat([_dimensions(), risk_index.geometric_index(_dimensions()).rename("index")], axis=1).groupby(
        _types(int(seed))).mean()
    reject_known(int(value), [
        Known(int(by_type["index"].idxmax()), N_("This type has the highest risk index, not the highest hazard."),
              N_("Sirens protect from a hazard: look at the column `hazard_exposure` only."),
              when=int(by_type["index"].idxmax()) != best),
        Known(int(by_type["vulnerability"].idxmax()), N_("This type is the most vulnerable, not the most exposed."),
              N_("Look at the column `hazard_exposure`."), when=int(by_type["vulnerability"].idxmax()) != best),
    ], truth=best)
    if int(value) != best:
        raise Mistake(_("This type does not have the highest hazard-and-exposure score."),
                      _("Find the largest number in the column `hazard_exposure` and read the type in its row."))
    return _("Sirens and shelters for the exposed; roads, health posts and social protection for the vulnerable.")


combining = Exercise(1, N_("how to combine the dimensions"), ["combination"], _check_combination,
                     [N_("Apply the principle to the table: no hazard, no disaster risk."),
                      N_("Look at the commune with the lower hazard score: under which mean does it stay out of "
                         "the top 40?")])
weighting = Exercise(2, N_("how much more hazards may count"), ["hazard_weight"], _check_hazard_weight,
                     [N_("The weight is on the horizontal axis; the communes replaced on the vertical axis."),
                      N_("Follow the line from the left and take the last weight whose point is at 5 or "
                         "below.")])
sirens = Exercise(3, N_("which type gets sirens first"), ["sirens_type", "seed"], _check_sirens_type,
                  [N_("Sirens protect from a hazard: the column to read is `hazard_exposure`."),
                   N_("Find the largest value in that column and read the type's number in its row.")])
