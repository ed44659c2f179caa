"""Small area estimation (module 04): direct estimates and the Fay-Herriot model, as plain numpy functions.

The Fay-Herriot (1979) area-level model, as in Rao and Molina (2015), chapters 6 and 7:
    direct_d = theta_d + e_d,  e_d ~ N(0, psi_d)       (sampling error, psi_d known)
    theta_d  = x_d' beta + u_d,  u_d ~ N(0, sigma2_u)   (what the covariates do not explain)
The EBLUP of theta_d is gamma_d * direct_d + (1 - gamma_d) * x_d' beta, with the shrinkage weight
gamma_d = sigma2_u / (sigma2_u + psi_d): the noisier the direct estimate, the more it is pulled towards the
regression (synthetic) estimate. sigma2_u is estimated by REML with Fisher scoring.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd


def direct_estimates(survey: pd.DataFrame, area: str, outcome: str) -> pd.DataFrame:
    """Per area: surveyed units `n`, the sample mean `direct`, its standard error `se` and `cv` (se / direct).

    Assumes a simple random sample within each area. The cv is missing where the estimate is 0.
    """
    grouped = survey.groupby(area)[outcome]
    table = pd.DataFrame({"n": grouped.size(), "direct": grouped.mean().astype(float)})
    table["se"] = np.sqrt(table["direct"] * (1 - table["direct"]) / table["n"])
    table["cv"] = table["se"] / table["direct"].where(table["direct"] > 0)
    return table


def sampling_variance(rate, n):
    """Variance of a proportion estimated from n households by simple random sampling: rate (1 - rate) / n."""
    rate = np.asarray(rate, dtype=float)
    return rate * (1 - rate) / np.asarray(n, dtype=float)


def pooled_sampling_variance(direct, n, groups) -> pd.Series:
    """psi_d = p_g (1 - p_g) / n_d, with p_g the pooled rate of the area's group (for example its province).

    A simple smoothing of the sampling variance: p_d (1 - p_d) / n_d itself is 0 wherever a small sample
    happens to find no poor household, which would make the model trust that estimate completely.
    """
    direct, n, groups = pd.Series(direct, dtype=float), pd.Series(n, dtype=float), pd.Series(groups)
    pooled = (direct * n).groupby(groups).sum() / n.groupby(groups).sum()
    return pd.Series(sampling_variance(groups.map(pooled).to_numpy(), n.to_numpy()), index=direct.index)


def shrinkage_weights(sigma2_u: float, psi) -> np.ndarray:
    """gamma_d = sigma2_u / (sigma2_u + psi_d): the weight the EBLUP gives to the direct estimate."""
    psi = np.asarray(psi, dtype=float)
    return sigma2_u / (sigma2_u + psi)


def _gls(y, X, psi, sigma2_u):
    """Weighted least squares with weights 1 / (sigma2_u + psi): beta, (X'WX)^-1 and the projection P."""
    w = 1.0 / (sigma2_u + psi)
    xtwx_inv = np.linalg.inv(X.T @ (X * w[:, None]))
    beta = xtwx_inv @ (X.T @ (w * y))
    P = np.diag(w) - (X * w[:, None]) @ xtwx_inv @ (X * w[:, None]).T
    return beta, xtwx_inv, P


def reml_variance(y, X, psi, tol: float = 1e-10, max_iter: int = 100) -> float:
    """REML estimate of sigma2_u by Fisher scoring (Rao and Molina 2015, section 6.1.2), truncated at 0."""
    y, X, psi = np.asarray(y, float), np.asarray(X, float), np.asarray(psi, float)
    sigma2 = float(np.var(y))  # a start well above the answer
    for _ in range(max_iter):
        _, _, P = _gls(y, X, psi, sigma2)
        Py = P @ y
        score = -0.5 * np.trace(P) + 0.5 * Py @ Py
        information = 0.5 * np.sum(P * P)
        new = max(sigma2 + score / information, 0.0)
        if abs(new - sigma2) < tol:
            return new
        sigma2 = new
    return sigma2


@dataclass
class FayHerriot:
    """A fitted Fay-Herriot model: coefficients, model variance, and per-area results."""

    beta: np.ndarray
    sigma2_u: float
    synthetic: np.ndarray  # x_d' beta, the regression prediction
    gamma: np.ndarray  # shrinkage weights
    eblup: np.ndarray  # gamma * direct + (1 - gamma) * synthetic
    mse: np.ndarray  # Prasad-Rao estimate of the EBLUP's mean squared error


def fit_fay_herriot(direct, X, psi) -> FayHerriot:
    """Fit the Fay-Herriot model to direct estimates with known sampling variances psi.

    X is the table of area covariates, including a column of ones for the intercept.
    """
    y, X, psi = np.asarray(direct, float), np.asarray(X, float), np.asarray(psi, float)
    sigma2_u = reml_variance(y, X, psi)
    beta, xtwx_inv, _ = _gls(y, X, psi, sigma2_u)
    synthetic = X @ beta
    gamma = shrinkage_weights(sigma2_u, psi)
    eblup = gamma * y + (1 - gamma) * synthetic
    # Prasad-Rao MSE for REML: g1 (model), g2 (estimating beta), g3 (estimating sigma2_u), Rao-Molina (6.2.14).
    g1 = gamma * psi
    g2 = (1 - gamma) ** 2 * np.einsum("ij,jk,ik->i", X, xtwx_inv, X)
    var_sigma2 = 2.0 / np.sum(1.0 / (sigma2_u + psi) ** 2)
    g3 = psi**2 / (sigma2_u + psi) ** 3 * var_sigma2
    return FayHerriot(beta, sigma2_u, synthetic, gamma, eblup, g1 + g2 + 2 * g3)


COVARIATES = ["urban_share", "secondary_education_share", "agriculture_share", "distance_to_capital_km"]


def poverty_map(districts: pd.DataFrame, survey: pd.DataFrame, covariates=COVARIATES) -> pd.DataFrame:
    """Module 04's whole analysis: one row per district with direct, psi, synthetic, gamma, eblup and their CVs."""
    table = districts.set_index("district")
    table = table.join(direct_estimates(survey, "district", "poor"))
    table["psi"] = pooled_sampling_variance(table["direct"], table["n"], table["province"])
    X = np.column_stack([np.ones(len(table)), table[list(covariates)].to_numpy(float)])
    fit = fit_fay_herriot(table["direct"], X, table["psi"])
    table["synthetic"], table["gamma"], table["eblup"] = fit.synthetic, fit.gamma, fit.eblup
    table["eblup_cv"] = np.sqrt(fit.mse) / table["eblup"]
    table.attrs["sigma2_u"] = fit.sigma2_u
    return table


def rmse(estimate, truth) -> float:
    """Root mean squared error of estimates against true values."""
    estimate, truth = np.asarray(estimate, float), np.asarray(truth, float)
    return float(np.sqrt(np.mean((estimate - truth) ** 2)))


def allocate(budget: float, poor_counts) -> np.ndarray:
    """Share a budget among areas in proportion to their (estimated) number of poor households."""
    poor_counts = np.clip(np.asarray(poor_counts, float), 0, None)
    return budget * poor_counts / poor_counts.sum()


def misallocated_share(allocation, ideal) -> float:
    """Share of the budget that goes to the wrong areas: half the total absolute gap to the ideal allocation."""
    allocation, ideal = np.asarray(allocation, float), np.asarray(ideal, float)
    return float(0.5 * np.abs(allocation - ideal).sum() / ideal.sum())
