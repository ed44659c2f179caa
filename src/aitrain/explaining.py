"""Explaining models (module 13): permutation importance, partial dependence and reason codes.

Plain functions over the models of module 02 (aitrain.targeting, a statsmodels formula) and module 03
(aitrain.poverty_classes, scikit-learn pipelines). The statsmodels model is wrapped so that
sklearn.inspection can use it like any regressor.
"""

from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.inspection import partial_dependence, permutation_importance

from aitrain import targeting
from aitrain.i18n import N_, _
from aitrain.memo import remembered
from aitrain.threads import one_thread, two_at_a_time


def formula_inputs(formula: str = targeting.PMT_FORMULA) -> list[str]:
    """The survey columns on the right of a formula, e.g. 'C(floor)' -> 'floor'."""
    terms = [t.strip() for t in formula.split("~")[1].split("+")]
    return [t[2:-1] if t.startswith("C(") else t for t in terms]


def design_matrix(spec, X: pd.DataFrame) -> np.ndarray | None:
    """The design matrix patsy builds from a table for a formula of main effects (columns, True/False columns,
    C(column)), without its per-value work; None for any other formula or value, which patsy then handles."""
    if not hasattr(spec, "term_slices"):
        return None
    design = np.empty((len(X), len(spec.column_names)), order="F")  # the layout patsy gives statsmodels
    for term, where in spec.term_slices.items():
        if not term.factors:
            design[:, where] = 1.0
            continue
        if len(term.factors) != 1 or len(spec.term_codings[term]) != 1:
            return None
        factor = term.factors[0]
        code = factor.name()
        column = code[2:-1] if code.startswith("C(") and code.endswith(")") else code
        info = spec.factor_infos[factor]
        if column not in X.columns:
            return None
        values = X[column].to_numpy()
        if pd.isna(values).any():
            return None
        if info.type == "numerical":
            if info.num_columns != 1 or not np.issubdtype(values.dtype, np.number):
                return None
            design[:, where] = values.astype(float)[:, None]
        else:
            codes = pd.Index(info.categories).get_indexer(values)
            if (codes < 0).any():
                return None
            design[:, where] = spec.term_codings[term][0].contrast_matrices[factor].matrix[codes]
    return design


class FittedFormula(RegressorMixin, BaseEstimator):
    """A fitted statsmodels formula model seen as a scikit-learn regressor (it is never refitted).

    Permutation importance and partial dependence predict many times: the design matrix is built directly
    (`design_matrix`) and multiplied by the coefficients as statsmodels does, once checked to give exactly
    statsmodels' predictions.
    """

    def __init__(self, result=None):
        self.result = result

    def fit(self, X, y=None):
        return self

    def predict(self, X):
        spec = getattr(self.result.model, "model_spec", None) or self.result.model.data.model_spec
        design = design_matrix(spec, X) if isinstance(X, pd.DataFrame) else None
        if design is None or getattr(self, "checked_", None) is False:
            return np.asarray(self.result.predict(X), dtype=float)
        predicted = np.dot(design, np.asarray(self.result.params))
        if not hasattr(self, "checked_"):
            self.checked_ = bool(np.array_equal(predicted, np.asarray(self.result.predict(X), dtype=float)))
            return self.predict(X)
        return predicted

    def __sklearn_is_fitted__(self):
        return True


@remembered
def permutation_table(model, X: pd.DataFrame, y, scoring: str, seed: int, repeats: int = 5) -> pd.DataFrame:
    """How much the score drops when each column is shuffled (mean and spread over repeats), largest first.

    Computed once per content of the model and data: the hidden tests ask again with an equal model."""
    with one_thread(), two_at_a_time():
        result = permutation_importance(model, X, y, scoring=scoring, n_repeats=repeats, random_state=seed)
    table = pd.DataFrame({"importance": result.importances_mean, "spread": result.importances_std},
                         index=pd.Index(X.columns, name="feature"))
    return table.sort_values("importance", ascending=False)


@remembered
def partial_dependence_table(model, X: pd.DataFrame, feature: str, level=None, points: int = 20) -> pd.DataFrame:
    """The model's average prediction as one feature varies, the others kept as they are.

    For a classifier, the average probability of `level`. Computed once per content of the model and data (the
    hidden tests ask again with an equal forest).
    """
    method = "auto" if level is None else "predict_proba"
    X = X.astype({feature: float})  # scikit-learn draws the grid on floats
    with one_thread():
        result = partial_dependence(model, X, [feature], grid_resolution=points, response_method=method,
                                    kind="average")
    average = result["average"]
    row = 0 if level is None else list(model.classes_).index(level)
    if level is not None and average.shape[0] == 1 and len(model.classes_) == 2:
        row = 0  # binary classifiers report the positive class only
    return pd.DataFrame({"value": result["grid_values"][0], "prediction": average[row]})


def contributions(predict, household: pd.Series, reference: pd.DataFrame, columns) -> pd.DataFrame:
    """Each column's part in the gap between a household's prediction and the reference group's.

    A column's contribution is the household's prediction minus its average prediction when only that column
    takes, in turn, the value of each reference household. For a linear model it is exactly
    coefficient × (household value − reference average), and the contributions add up to the gap.
    """
    dtypes = reference.dtypes.to_dict()
    own = float(np.asarray(predict(household.to_frame().T.astype(dtypes)))[0])
    repeated = pd.DataFrame([household] * len(reference)).astype(dtypes)
    copies = []
    for column in columns:
        copy = repeated.copy()
        copy[column] = reference[column].to_numpy()
        copies.append(copy)
    predicted = predict(pd.concat(copies))  # one call for all the copies: each call costs a lot more than a row
    n = len(reference)
    parts = [predicted.iloc[i * n:(i + 1) * n] if isinstance(predicted, pd.Series)
             else np.asarray(predicted)[i * n:(i + 1) * n] for i in range(len(columns))]
    rows = [(column, household[column], own - float(np.mean(part)))
            for column, part in zip(columns, parts, strict=True)]
    table = pd.DataFrame(rows, columns=["variable", "value", "contribution"]).set_index("variable")
    return table.sort_values("contribution", ascending=False)


class _Shown(Mapping):
    """A read-only {column: description} whose descriptions are given in the course's current language."""

    def __init__(self, messages: dict[str, str]):
        self._messages = messages

    def __getitem__(self, key: str) -> str:
        return _(self._messages[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._messages)

    def __len__(self) -> int:
        return len(self._messages)

    def __repr__(self) -> str:
        return repr(dict(self))


# Plain words for the survey columns (what a letter to a family or a chart says), in the current language.
LABELS = _Shown({
    "urban": N_("lives in a town"), "household_size": N_("number of household members"),
    "children": N_("children under 15"), "elderly": N_("members aged 65 or over"),
    "head_female": N_("the head of household is a woman"), "head_age": N_("age of the head of household"),
    "head_education_years": N_("years of schooling of the head"), "rooms": N_("number of rooms"),
    "floor": N_("floor material"), "roof": N_("roof material"), "electricity": N_("connected to electricity"),
    "piped_water": N_("piped water"), "flush_toilet": N_("flush toilet"), "owns_tv": N_("owns a television"),
    "owns_fridge": N_("owns a refrigerator"), "owns_mobile": N_("owns a mobile phone"),
    "owns_motorbike": N_("owns a motorbike"), "owns_car": N_("owns a car"), "land_ha": N_("farm land (hectares)"),
    "livestock": N_("livestock (units)"), "region": N_("region"),
})


def _shown(value) -> str:
    if isinstance(value, bool | np.bool_):
        return _("yes") if value else _("no")
    if isinstance(value, float | np.floating):
        return f"{value:g}"
    return str(value)


def _typical(values: pd.Series) -> str:
    if values.dtype == bool:
        return _("{share:.0%} answered yes").format(share=values.mean())
    if pd.api.types.is_numeric_dtype(values):
        return _("the average was {mean:.1f}").format(mean=values.mean())
    return _("the most common answer was {answer}").format(answer=values.mode().iloc[0])


def reason_codes(contrib: pd.DataFrame, reference: pd.DataFrame, top: int = 3) -> list[str]:
    """Plain-language reasons, one per characteristic that raised the household's score the most.

    Each states what was recorded, so that the household can check it and contest it if it is wrong.
    """
    reasons = []
    for variable, row in contrib[contrib["contribution"] > 0].head(top).iterrows():
        label = LABELS.get(variable, variable.replace("_", " "))
        reasons.append(_("{label}: recorded as {value}. Among households that qualified, {typical}.").format(
            label=label.capitalize(), value=_shown(row["value"]), typical=_typical(reference[variable])))
    return reasons
