"""aitrain.privacy (module 14): k-anonymity, linkage, generalisation, suppression and Laplace counts."""

import numpy as np
import pandas as pd
import pytest

from aitrain import privacy

QIS = ["village", "age", "sex"]


def _registry():
    return pd.DataFrame({
        "registry_id": [1, 2, 3, 4, 5], "name": ["Ana", "Bek", "Cyn", "Dil", "Erk"],
        "district": ["D1"] * 5, "village": ["V1", "V1", "V1", "V2", "V2"], "age": [34, 34, 61, 45, 82],
        "sex": ["F", "F", "M", "M", "F"], "household_size": [2, 2, 9, 4, 7],
    })


def test_group_sizes_k_anonymity_and_uniques():
    release = privacy.de_identify(_registry())
    assert list(release.columns[:2]) == ["record", "district"] and "name" not in release
    assert privacy.group_sizes(release, QIS).tolist() == [2, 2, 1, 1, 1]
    assert privacy.k_anonymity(release, QIS) == 1 and privacy.k_anonymity(release.head(2), QIS) == 2
    assert privacy.share_unique(release, QIS) == pytest.approx(0.6)


def test_link_names_only_records_with_a_single_match():
    release = privacy.de_identify(_registry())
    public = _registry()[["name", *QIS]]
    linked = privacy.link(release, public, QIS)
    assert linked.columns.tolist() == ["record", "name"]
    assert linked["record"].tolist() == [2, 3, 4] and linked["name"].tolist() == ["Cyn", "Dil", "Erk"]


def test_generalise_bands_ages_top_codes_sizes_and_drops_villages():
    general = privacy.generalise(_registry())
    assert "village" not in general and general["age"].tolist() == ["30-39", "30-39", "60-69", "40-49", "80+"]
    assert general["household_size"].tolist() == ["2", "2", "7+", "4", "7+"]
    kept = privacy.suppress(general, privacy.GENERALISED_QUASI_IDENTIFIERS, 2)
    assert len(kept) == 2 and privacy.k_anonymity(kept, privacy.GENERALISED_QUASI_IDENTIFIERS) >= 2


def test_laplace_counts_repeat_with_the_seed_and_scale_with_epsilon():
    counts = pd.Series([5, 0, 12], index=["V1", "V2", "V3"], name="disabled")
    noisy = privacy.laplace_counts(counts, 1.0, np.random.default_rng(3))
    assert noisy.index.equals(counts.index) and noisy.name == "disabled"
    assert noisy.equals(privacy.laplace_counts(counts, 1.0, np.random.default_rng(3)))
    with pytest.raises(ValueError):
        privacy.laplace_counts(counts, 0, np.random.default_rng(3))
    errors = privacy.private_count_errors(counts.rename_axis("village"), [0.5, 2.0], np.random.default_rng(4), 400)
    assert errors.columns.tolist() == ["village", "epsilon", "true_count", "mean_absolute_error", "relative_error"]
    by_epsilon = errors.groupby("epsilon")["mean_absolute_error"].mean()
    assert by_epsilon[0.5] == pytest.approx(2.0, rel=0.15) and by_epsilon[2.0] == pytest.approx(0.5, rel=0.15)
    assert errors["relative_error"].isna().sum() == 2  # no relative error for a true count of 0
