"""The words pandas writes around a table, in the reader's language: the row names of `describe()` (count, mean,
std, ...), a long table's "N rows × M columns" line and a Series' "Name: ..., dtype: ..." line.

Used by the display layer of a translated notebook's kernel (aitrain.category_names), on the copy shown: the
table a participant holds keeps pandas' names, which the code reads (`summary.loc["mean"]`).
"""

import re

from aitrain import i18n
from aitrain.i18n import N_, _

DESCRIBE_ROWS = {"count": N_("number of values"), "mean": N_("mean"), "std": N_("standard deviation"),
                 "min": N_("minimum"), "max": N_("maximum"), "unique": N_("distinct values"),
                 "top": N_("most frequent value"), "freq": N_("its frequency")}
PERCENTILE = re.compile(r"^\d+(\.\d+)?%$")
HTML_DIMENSIONS = re.compile(r"<p>(\d+) rows × (\d+) columns</p>")
PLAIN_DIMENSIONS = re.compile(r"^\[(\d+) rows x (\d+) columns\]$", re.MULTILINE)
SERIES_FOOTER = re.compile(r"^(?:Freq: (?P<freq>.*?), )?(?:Name: (?P<name>.*?), )?(?:Length: (?P<length>\d+), )?"
                           r"dtype: (?P<dtype>\S+)$")
FOOTER_WORDS = {"freq": N_("frequency: {value}"), "name": N_("name: {value}"), "length": N_("length: {value}"),
                "dtype": N_("type: {value}")}


def is_description(index) -> bool:
    """Whether an index is the row names of `describe()`: "count" first, then only its statistics and
    percentiles."""
    labels = list(index)
    return (len(labels) > 1 and labels[0] == "count" and getattr(index, "nlevels", 1) == 1
            and all(type(label) is str and (label in DESCRIBE_ROWS or PERCENTILE.match(label)) for label in labels))


def described(table):
    """A table shown with `describe()`'s row names in the language (the table itself when it is not one)."""
    if i18n.language() == "en" or not is_description(table.index):
        return table
    import pandas as pd

    shown = table.copy()
    shown.index = pd.Index([_(DESCRIBE_ROWS[label]) if label in DESCRIBE_ROWS else label for label in table.index],
                           name=table.index.name)
    return shown


def html_footer(html: str) -> str:
    """A table's HTML with its "N rows × M columns" line in the language."""
    return html if i18n.language() == "en" else HTML_DIMENSIONS.sub(lambda m: "<p>" + _dimensions(m) + "</p>", html)


def plain_footer(text: str) -> str:
    """A table's or Series' text with its last line ("[N rows x M columns]", "Name: ..., dtype: ...") in the
    language."""
    if i18n.language() == "en":
        return text
    text = PLAIN_DIMENSIONS.sub(lambda m: "[" + _dimensions(m) + "]", text)
    body, newline, last = text.rpartition("\n")
    match = SERIES_FOOTER.match(last)
    if match is None:
        return text
    parts = [_(FOOTER_WORDS[key]).format(value=value) for key, value in match.groupdict().items() if value is not None]
    return body + newline + ", ".join(parts)


def _dimensions(match) -> str:
    return _("{rows} rows × {columns} columns").format(rows=match[1], columns=match[2])
