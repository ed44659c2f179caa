"""The Fay-Herriot functions of module 04 on simulated data where the answer is known."""

import numpy as np
import pandas as pd

from aitrain import small_area


def _simulated(m=400, sigma2_u=0.004, seed=1):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(m), rng.uniform(0, 1, m)])
    theta = X @ np.array([0.3, -0.2]) + rng.normal(0, np.sqrt(sigma2_u), m)
    psi = rng.uniform(0.001, 0.03, m)
    return X, theta, theta + rng.normal(0, np.sqrt(psi)), psi


def _restricted_loglik(y, X, psi, sigma2):
    v = sigma2 + psi
    w = 1 / v
    xtwx = X.T @ (X * w[:, None])
    beta = np.linalg.solve(xtwx, X.T @ (w * y))
    r = y - X @ beta
    return -0.5 * (np.log(v).sum() + np.linalg.slogdet(xtwx)[1] + (w * r * r).sum())


def test_reml_maximises_the_restricted_likelihood():
    X, _, y, psi = _simulated()
    estimate = small_area.reml_variance(y, X, psi)
    grid = np.linspace(0.0005, 0.02, 400)
    best = grid[np.argmax([_restricted_loglik(y, X, psi, s) for s in grid])]
    assert abs(estimate - best) < 0.0001
    assert _restricted_loglik(y, X, psi, estimate) >= max(_restricted_loglik(y, X, psi, s) for s in grid) - 1e-9


def test_eblup_beats_direct_and_weights_follow_the_sampling_variance():
    X, theta, y, psi = _simulated()
    fit = small_area.fit_fay_herriot(y, X, psi)
    assert small_area.rmse(fit.eblup, theta) < 0.8 * small_area.rmse(y, theta)
    assert np.all(np.diff(fit.gamma[np.argsort(psi)]) <= 1e-12)  # larger psi, smaller weight
    assert np.allclose(fit.eblup, fit.gamma * y + (1 - fit.gamma) * fit.synthetic)
    assert np.all(fit.mse > fit.gamma * psi)  # g2 and g3 add to g1


def test_no_model_variance_gives_the_synthetic_estimate():
    X, _, _, psi = _simulated()
    y = X @ np.array([0.3, -0.2])  # direct estimates exactly on the regression line
    fit = small_area.fit_fay_herriot(y, X, psi)
    assert fit.sigma2_u == 0 and np.allclose(fit.eblup, fit.synthetic)


def test_direct_estimates_and_pooled_variance():
    survey = pd.DataFrame({"area": ["a"] * 4 + ["b"] * 2, "poor": [1, 0, 0, 0, 0, 0]})
    table = small_area.direct_estimates(survey, "area", "poor")
    assert table.loc["a", "direct"] == 0.25 and table.loc["a", "n"] == 4
    assert np.isclose(table.loc["a", "cv"], np.sqrt(0.25 * 0.75 / 4) / 0.25)
    assert np.isnan(table.loc["b", "cv"])
    psi = small_area.pooled_sampling_variance(table["direct"], table["n"], pd.Series(["p", "p"], index=table.index))
    assert np.isclose(psi["b"], (1 / 6) * (5 / 6) / 2)  # pooled rate 1/6, never 0


def test_allocation_and_misallocation():
    ideal = small_area.allocate(100, [10, 30, 60])
    assert np.allclose(ideal, [10, 30, 60]) and small_area.misallocated_share(ideal, ideal) == 0
    assert np.isclose(small_area.misallocated_share([20, 20, 60], ideal), 0.10)
