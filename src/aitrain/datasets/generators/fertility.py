"""Real data: World Bank total fertility rates, 1960 to 2011, as shipped inside statsmodels (no file here).

statsmodels bundles the World Development Indicators series "Fertility rate, total (births per woman)"
(SP.DYN.TFRT.IN) in wide form, one column per year. `read` returns it as a tidy table, one row per country and
year, without the years that have no value (2012 and 2013 are empty in this release).
"""

import pandas as pd

from aitrain.datasets.registry import Dataset

# The participating countries, spelled as the World Bank spells them.
PARTICIPATING = (
    "Armenia", "Azerbaijan", "Georgia", "Kazakhstan", "Kyrgyz Republic", "Tajikistan", "Uzbekistan",
    "Bangladesh", "Cambodia", "Lao PDR", "Mongolia", "Philippines",
)


def read() -> pd.DataFrame:
    """The fertility series as a table: country, country_code, year, fertility_rate."""
    from statsmodels.datasets import fertility

    wide = fertility.load_pandas().data
    years = [c for c in wide.columns if str(c).isdigit()]
    tidy = wide.melt(id_vars=["Country Name", "Country Code"], value_vars=years, var_name="year",
                     value_name="fertility_rate")
    tidy = tidy.rename(columns={"Country Name": "country", "Country Code": "country_code"})
    tidy["year"] = tidy["year"].astype(int)
    tidy = tidy.dropna(subset=["fertility_rate"]).sort_values(["country", "year"], kind="stable")
    return tidy.reset_index(drop=True)


DATASETS = [Dataset("fertility", read=read)]
