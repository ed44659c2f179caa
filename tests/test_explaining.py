"""aitrain.explaining (module 13): contributions of each input to a household's score, and reason codes."""

from aitrain import explaining, targeting
from aitrain.datasets import load


def test_contributions_of_a_linear_model_add_up():
    survey = load("household_survey")
    train, test = targeting.split_survey(survey, 0)
    model = targeting.fit_pmt(train)
    columns = explaining.formula_inputs()
    reference = test.head(200)
    household = test.iloc[300]
    contrib = explaining.contributions(model.predict, household, reference[columns], columns)
    gap = float(model.predict(household.to_frame().T.astype(reference.dtypes.to_dict())).iloc[0]
                - model.predict(reference).mean())
    assert abs(contrib["contribution"].sum() - gap) < 1e-6
    size = model.params["household_size"] * (household["household_size"] - reference["household_size"].mean())
    assert abs(contrib.loc["household_size", "contribution"] - size) < 1e-9
    reasons = explaining.reason_codes(contrib, reference)
    assert 1 <= len(reasons) <= 3 and all("recorded as" in r for r in reasons)


def test_formula_inputs_are_survey_columns():
    assert set(explaining.formula_inputs()) <= set(load("household_survey").columns)
    assert "floor" in explaining.formula_inputs() and "C(floor)" not in explaining.formula_inputs()


def test_a_fitted_formula_predicts_exactly_as_statsmodels():
    survey = load("household_survey")
    train, test = targeting.split_survey(survey, 0)
    model = targeting.fit_pmt(train)
    columns = explaining.formula_inputs()
    spec = model.model.data.model_spec
    shuffled = test[columns].copy()
    for column in ("floor", "region", "urban", "head_age"):  # text, True/False and numbers, as permutation does
        shuffled[column] = shuffled[column].sample(frac=1, random_state=1).to_numpy()
    for table in (test[columns], shuffled, test[columns].astype({"household_size": float}).assign(household_size=3.5)):
        assert explaining.design_matrix(spec, table) is not None
        predicted = explaining.FittedFormula(model).predict(table)
        assert (predicted == model.predict(table).to_numpy()).all()
    unseen = test[columns].assign(floor="marble")  # a level the model never saw: statsmodels decides
    assert explaining.design_matrix(spec, unseen) is None
