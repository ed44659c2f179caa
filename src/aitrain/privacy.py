"""Sharing registry data safely (module 14): k-anonymity, generalisation, suppression, linkage, Laplace counts.

Plain functions on pandas tables. k-anonymity follows Sweeney (2002): every combination of quasi-identifiers
in a release is shared by at least k records. The Laplace mechanism follows Dwork, McSherry, Nissim and
Smith (2006): a count changes by at most 1 when one household is added or removed (sensitivity 1), so noise
drawn from a Laplace distribution of scale 1/epsilon makes the published count epsilon-differentially private.
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from aitrain.i18n import _

QUASI_IDENTIFIERS = ["village", "age", "sex", "household_size"]
AGE_EDGES = (18, 30, 40, 50, 60, 70, 80)


def group_sizes(table: pd.DataFrame, quasi_identifiers: Sequence[str]) -> pd.Series:
    """For each record, how many records of the table share its combination of quasi-identifiers."""
    if isinstance(quasi_identifiers, pd.DataFrame) and not isinstance(table, pd.DataFrame):
        raise TypeError(_("The two arguments are swapped: give the table first, then the list of quasi-identifiers."))
    sizes = table.groupby(list(quasi_identifiers), observed=True, dropna=False)[quasi_identifiers[0]]
    return sizes.transform("size").rename("group_size")


def k_anonymity(table: pd.DataFrame, quasi_identifiers: Sequence[str]) -> int:
    """The k of a release: the size of its smallest group of records sharing their quasi-identifiers."""
    return int(group_sizes(table, quasi_identifiers).min()) if len(table) else 0


def share_unique(table: pd.DataFrame, quasi_identifiers: Sequence[str]) -> float:
    """Share of records that no other record shares on the quasi-identifiers (k = 1)."""
    return float((group_sizes(table, quasi_identifiers) == 1).mean())


def de_identify(registry: pd.DataFrame, direct_identifiers: Sequence[str] = ("registry_id", "name")) -> pd.DataFrame:
    """The naive release: direct identifiers removed, records numbered in a new column `record`."""
    release = registry.drop(columns=list(direct_identifiers)).reset_index(drop=True)
    release.insert(0, "record", np.arange(len(release)))
    return release


def link(release: pd.DataFrame, public: pd.DataFrame, quasi_identifiers: Sequence[str]) -> pd.DataFrame:
    """A linkage attack: the release records that match exactly one person on the public list, with the name.

    Returns one row per such record: `record` and the `name` the public list gives it.
    """
    candidates = release[["record", *quasi_identifiers]].merge(public[[*quasi_identifiers, "name"]],
                                                              on=list(quasi_identifiers))
    matches = candidates.groupby("record")["name"].count()
    single = candidates[candidates["record"].isin(matches.index[matches == 1])]
    return single[["record", "name"]].sort_values("record").reset_index(drop=True)


def age_bands(ages: pd.Series, edges: Sequence[int] = AGE_EDGES) -> pd.Series:
    """Ages as bands such as '30-39', the last one open ('80+')."""
    labels = [f"{lo}-{hi - 1}" for lo, hi in zip(edges[:-1], edges[1:], strict=True)] + [f"{edges[-1]}+"]
    bands = pd.cut(ages, [*edges, np.inf], right=False, labels=labels)
    return bands.astype(str).rename(ages.name)


GENERALISED_QUASI_IDENTIFIERS = ["district", "age", "sex", "household_size"]


def generalise(table: pd.DataFrame, age_edges: Sequence[int] = AGE_EDGES, max_household_size: int = 7,
               drop_village: bool = True) -> pd.DataFrame:
    """A coarser copy: ages in bands, household size top-coded (for example '7+'), and no village column
    (only the district remains) unless drop_village is False."""
    out = table.drop(columns=["village"]) if drop_village else table.copy()
    out["age"] = age_bands(out["age"], age_edges)
    sizes = out["household_size"].clip(upper=max_household_size).astype(str)
    out["household_size"] = sizes.where(out["household_size"] < max_household_size, f"{max_household_size}+")
    return out


def suppress(table: pd.DataFrame, quasi_identifiers: Sequence[str], k: int) -> pd.DataFrame:
    """The records whose combination of quasi-identifiers at least k records share (the others are removed)."""
    return table[group_sizes(table, quasi_identifiers) >= k]


def laplace_counts(counts: pd.Series, epsilon: float, rng: np.random.Generator) -> pd.Series:
    """Counts with Laplace noise of scale 1/epsilon (sensitivity 1): epsilon-differentially private."""
    if isinstance(epsilon, pd.Series) and not isinstance(counts, pd.Series):
        raise TypeError(_("The two arguments are swapped: give the counts first, then epsilon."))
    if epsilon <= 0:
        raise ValueError(_("epsilon must be positive"))
    noise = rng.laplace(0.0, 1.0 / epsilon, size=len(counts))
    return (counts.astype(float) + noise).rename(counts.name)


def private_count_errors(counts: pd.Series, epsilons: Sequence[float], rng: np.random.Generator,
                         repeats: int = 200) -> pd.DataFrame:
    """Absolute error of Laplace counts, per area and epsilon, averaged over many independent releases.

    Returns one row per (area, epsilon): the true count, the mean absolute error and the mean relative
    error (error divided by the true count, for counts above 0).
    """
    rows = []
    for epsilon in epsilons:
        noisy = np.stack([laplace_counts(counts, epsilon, rng).to_numpy() for _repeat in range(repeats)])
        error = np.abs(noisy - counts.to_numpy(dtype=float)).mean(axis=0)
        for area, true, err in zip(counts.index, counts.to_numpy(), error, strict=True):
            rows.append((area, epsilon, int(true), float(err), float(err / true) if true > 0 else np.nan))
    return pd.DataFrame(rows, columns=[counts.index.name or "area", "epsilon", "true_count",
                                       "mean_absolute_error", "relative_error"])
