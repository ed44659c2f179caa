"""Real data: World Bank total fertility rates, 1960 to 2011, as shipped inside statsmodels (no file here).

statsmodels bundles the World Development Indicators series "Fertility rate, total (births per woman)"
(SP.DYN.TFRT.IN) in wide form, one column per year. `read` returns it as a tidy table, one row per country and
year, without the years that have no value (2012 and 2013 are empty in this release).
"""

import importlib.util
from pathlib import Path

import pandas as pd

from aitrain.datasets.registry import Dataset

# The participating countries, spelled as the World Bank spells them.
PARTICIPATING = (
    "Armenia", "Azerbaijan", "Georgia", "Kazakhstan", "Kyrgyz Republic", "Tajikistan", "Uzbekistan",
    "Bangladesh", "Cambodia", "Lao PDR", "Mongolia", "Philippines",
)


def _wide() -> pd.DataFrame:
    """statsmodels' fertility table as its load_pandas() gives it, read from the CSV file statsmodels ships
    (importing statsmodels.datasets would import statsmodels and SciPy's linear algebra: 0.2 s in a notebook)."""
    spec = importlib.util.find_spec("statsmodels")
    shipped = Path(spec.origin).parent / "datasets" / "fertility" / "fertility.csv" if spec and spec.origin else None
    if shipped is None or not shipped.is_file():  # another layout: statsmodels' own loader
        from statsmodels.datasets import fertility

        return fertility.load_pandas().data
    return pd.read_csv(shipped)


def read() -> pd.DataFrame:
    """The fertility series as a table: country, country_code, year, fertility_rate."""
    wide = _wide()
    years = [c for c in wide.columns if str(c).isdigit()]
    tidy = wide.melt(id_vars=["Country Name", "Country Code"], value_vars=years, var_name="year",
                     value_name="fertility_rate")
    tidy = tidy.rename(columns={"Country Name": "country", "Country Code": "country_code"})
    tidy["year"] = tidy["year"].astype(int)
    tidy = tidy.dropna(subset=["fertility_rate"]).sort_values(["country", "year"], kind="stable")
    return tidy.reset_index(drop=True)


DATASETS = [Dataset("fertility", read=read, values=PARTICIPATING)]
