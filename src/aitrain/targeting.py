"""Proxy means test targeting (module 02), as plain functions other modules reuse to rebuild the model."""

import re

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from sklearn.model_selection import train_test_split

from aitrain.category_names import shown
from aitrain.i18n import N_, _

# What a field officer can observe or verify in a household visit; consumption itself is not observable.
PMT_FORMULA = (
    "np.log(consumption_pc) ~ urban + household_size + children + elderly + head_female + head_age"
    " + head_education_years + rooms + C(floor) + C(roof) + electricity + piped_water + flush_toilet"
    " + owns_tv + owns_fridge + owns_mobile + owns_motorbike + owns_car + land_ha + livestock + C(region)"
)
TEST_SHARE = 0.3
INTERCEPT = N_("intercept (the reference household)")
TERM = re.compile(r"^(?:C\((?P<category>\w+)\)|(?P<column>\w+))\[T\.(?P<value>.+)\]$")  # C(floor)[T.tiles]


def split_survey(survey: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training and test households (70% / 30%), the same for the same seed."""
    return train_test_split(survey, test_size=TEST_SHARE, random_state=seed)


def term_names(terms) -> pd.Index:
    """The model's terms as a reader names them, for a table: "floor: tiles" for `C(floor)[T.tiles]` (the value in
    the course's language), "owns_fridge" for `owns_fridge[T.True]`, the intercept in words; the model keeps its
    own names, which code reads (`model.params["owns_fridge[T.True]"]`)."""
    names = []
    for term in terms:
        match = TERM.match(term)
        if term == "Intercept":
            names.append(_(INTERCEPT))
        elif match and match["category"]:
            names.append(f"{match['category']}: {shown(match['value'])}")
        elif match and match["value"] == "True":
            names.append(match["column"])
        else:
            names.append(term)
    return pd.Index(names)


def fit_pmt(train: pd.DataFrame):
    """The proxy means test: OLS of log per-capita consumption on observable characteristics."""
    return smf.ols(PMT_FORMULA, data=train).fit()


def select_lowest(scores: pd.Series, coverage: float) -> pd.Series:
    """True for the households with the lowest scores, as many as `coverage` (a share) allows."""
    n_selected = int(round(coverage * len(scores)))
    order = np.argsort(scores.to_numpy(), kind="stable")
    selected = np.zeros(len(scores), dtype=bool)
    selected[order[:n_selected]] = True
    return pd.Series(selected, index=scores.index, name="selected")


def targeting_errors(poor: pd.Series, selected: pd.Series) -> tuple[float, float]:
    """Exclusion error (share of the poor left out) and inclusion error (share of the selected not poor)."""
    poor, selected = poor.astype(bool), selected.astype(bool)
    exclusion = float((poor & ~selected).sum() / poor.sum())
    inclusion = float((selected & ~poor).sum() / selected.sum())
    return exclusion, inclusion


def error_curve(poor: pd.Series, scores: pd.Series, coverages) -> pd.DataFrame:
    """Exclusion and inclusion errors for each coverage."""
    rows = [(c, *targeting_errors(poor, select_lowest(scores, c))) for c in coverages]
    return pd.DataFrame(rows, columns=["coverage", "exclusion_error", "inclusion_error"])
