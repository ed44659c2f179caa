"""Real data: the Gapminder excerpt (142 countries, 1952 to 2007), committed as datasets/gapminder.csv.

Nothing is generated: the file is the `gapminder` excerpt by Jennifer Bryan, as bundled by the plotly package
(plotly/package_data/datasets/gapminder.csv.gz), keeping its six original columns. Licence CC BY 4.0,
Gapminder Foundation; see datasets/gapminder.md.
"""

from aitrain.datasets.registry import Dataset

DATASETS = [Dataset("gapminder", "gapminder.csv", categories=("country", "continent"))]
