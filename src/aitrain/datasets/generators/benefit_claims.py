"""Synthetic online claims for social benefits, a few of them fraudulent, for modules 08, 12 and 15.

Each row is a claim submitted through a (fictional) national e-government portal, with what the portal logs
about it (how old the account is, whether the payout account was just changed, how many claims came from the
same device or phone, the time of day, the distance between the login and the registered address) and the
result of a later investigation. About 1.5% of claims are fraudulent: accounts taken over by scammers who
redirect the payment, invented claimants, duplicate claims. Most fraudulent claims look unusual; some are
carefully made to look ordinary.

Sensitive attributes (region, minority language, age group, sex) are not causes of fraud here: fraud is
equally rare in every group. But some honest claimants look unusual for innocent reasons: older people and
speakers of minority languages more often claim with the help of an agent at a help desk, from a shared
device; families of migrant workers abroad log in from far away. A detector that uses these signals flags
honest claimants of these groups more often, which module 12 audits.
"""

import numpy as np
import pandas as pd

from aitrain.datasets.generators.geography import REGIONS
from aitrain.datasets.registry import Dataset

SEED = 808
N_CLAIMS = 18000
FRAUD_RATE = 0.015
AGE_GROUPS = ("18-34", "35-59", "60+")
BENEFITS = ("child benefit", "disability allowance", "low-income assistance", "unemployment benefit", "pension")
SOPHISTICATED_SHARE = 0.4  # fraudulent claims made to look ordinary
SOPHISTICATED, CRUDE = (0.3, 0.6), (0.5, 1.0)  # how unusual they look (0: not at all)


def generate(seed: int = SEED, n: int = N_CLAIMS) -> pd.DataFrame:
    """Return the claims as a table, one row per claim."""
    rng = np.random.default_rng(seed)
    region = rng.integers(0, len(REGIONS), size=n)
    minority = rng.random(n) < np.where(np.isin(region, (3, 4)), 0.30, 0.06)
    age = rng.choice(len(AGE_GROUPS), size=n, p=(0.34, 0.44, 0.22))
    female = rng.random(n) < 0.55
    benefit = np.where(age == 2, 4, rng.choice(4, size=n, p=(0.40, 0.15, 0.30, 0.15)))
    fraud = rng.random(n) < FRAUD_RATE
    # How unusual a fraudulent claim looks: 0 for carefully disguised ones, up to about 1.5 for crude ones.
    crude = np.where(fraud, np.where(rng.random(n) < SOPHISTICATED_SHARE, rng.uniform(*SOPHISTICATED, n),
                                     rng.uniform(*CRUDE, n)), 0.0)

    # Honest reasons to look unusual.
    assisted = rng.random(n) < 0.05 + 0.30 * (age == 2) + 0.25 * minority
    migrant_family = rng.random(n) < 0.03 + 0.10 * np.isin(region, (3, 4)) + 0.05 * minority

    # The portal opened ten years ago.
    account_days = np.exp(rng.normal(6.3, 0.9, n) - 2.2 * crude - 0.5 * assisted)
    account_days = np.clip(np.round(account_days), 1, 3650).astype(int)
    payout_changed = rng.random(n) < np.clip(0.03 + 0.05 * (age == 2) + 0.45 * crude, 0, 0.95)
    same_device = rng.poisson(0.2 + 2.2 * assisted + 3.0 * crude)
    same_phone = rng.poisson(0.1 + 0.4 * assisted + 1.6 * crude)
    hour = np.where(rng.random(n) < 0.05 + 0.35 * crude, rng.integers(0, 6, n), rng.integers(6, 24, n))
    distance = np.round(np.exp(rng.normal(1.8, 1.0, n) + 2.6 * migrant_family + 2.0 * crude), 1)
    documents = rng.poisson(np.clip(3.2 - 1.3 * crude, 0.3, None))
    claims_last_year = rng.poisson(1.0 + 0.8 * crude)
    typical_amount = np.array([900, 1500, 1100, 1300, 1800])[benefit]
    amount = np.round(typical_amount * np.exp(rng.normal(0.0, 0.25, n) + 0.35 * crude), -1)

    return pd.DataFrame({
        "claim_id": [f"C{i:05d}" for i in range(1, n + 1)],
        "benefit": [BENEFITS[b] for b in benefit],
        "amount": amount.astype(int),
        "account_age_days": account_days,
        "payout_account_changed": payout_changed,
        "claims_same_device": same_device,
        "claims_same_phone": same_phone,
        "submission_hour": hour,
        "login_distance_km": distance,
        "documents_uploaded": documents,
        "claims_last_year": claims_last_year,
        "region": [REGIONS[r] for r in region],
        "minority_language": minority,
        "age_group": [AGE_GROUPS[a] for a in age],
        "female": female,
        "fraud": fraud,
    })


DATASETS = [Dataset("benefit_claims", "benefit_claims.csv", generate,
                    categories=("benefit", "region"),
                    values=("majority language", "minority language"))]  # module 08's labels of minority_language
