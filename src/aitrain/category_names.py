"""The data's category values in the reader's language: a display layer.

The data and the code keep one spelling, the English of the data files ("Capital", "Gulzar-3", "web form"):
checks compare those values and participants type them. What a reader sees goes through this layer: in a
translated notebook (aitrain.i18n.use_language) tables displayed by IPython show their category cells, their
index and a pivot's column labels by their names in the language, and figures show them in tick labels,
legends and bar labels, at draw time. The DataFrame and the figure's texts stay as they were.

The names are a gettext catalogue, src/aitrain/locale/<language>/data_values.po: one entry per value, made by
`aitrain translate` from the columns and values each data set declares (Dataset.categories, Dataset.values).
A numbered place ("Gulzar-3", "Namsok-18") is its base name's translation and the same number.
"""

import re
import sys
from functools import cache

from aitrain import i18n, library_output
from aitrain.i18n import N_, _

CATALOGUE = "data_values"
ALSO_A_COLUMN = "also a column's name: renamed only among other values"
SHORT_LABEL = re.compile(r"^[A-Za-z][\w '()-]{0,40}$")  # a cell that may be made of values (not a sentence)
SPELLING_HEADER = (N_("as written in code"), N_("name of the value"))
NUMBERED = re.compile(r"^(?P<base>.*[^\d\s-])-(?P<number>\d+)$")  # "Kyzyl-Suu-4": base "Kyzyl-Suu", number 4


def catalogue_path(language: str):
    return i18n.LOCALE_DIR / language / f"{CATALOGUE}.po"


def base_name(value: str) -> str:
    """The name a value is translated by: "Gulzar" for "Gulzar-3", the value itself otherwise."""
    match = NUMBERED.match(value)
    return match["base"] if match else value


@cache
def _catalogue(language: str) -> tuple[dict[str, str], frozenset[str]]:
    path = catalogue_path(language)
    if language == "en" or not path.is_file():
        return {}, frozenset()
    import polib

    entries = [e for e in polib.pofile(str(path), wrapwidth=0) if e.msgstr and not e.fuzzy and not e.obsolete]
    return ({e.msgid: e.msgstr for e in entries},
            frozenset(e.msgid for e in entries if ALSO_A_COLUMN in (e.comment or "")))


def names(language: str) -> dict[str, str]:
    """English value -> its name in `language`, from the catalogue (fuzzy and empty entries left out)."""
    return _catalogue(language)[0]


def _name(value: str, table: dict[str, str]) -> str | None:
    if value in table:
        return table[value]
    match = NUMBERED.match(value)
    if match and match["base"] in table:
        return f"{table[match['base']]}-{match['number']}"
    return None


def renamed(labels, language: str | None = None) -> dict[str, str]:
    """The shown name of each text among `labels` (a column, an index, a figure's tick labels) that is a
    category value. A value that is also a column's name ("electricity": a department, and a column of the
    household survey) is renamed only among other values, not among column names."""
    language = language or i18n.language()
    table, ambiguous = _catalogue(language)
    if not table:
        return {}
    found = {label: name for label in set(labels) if type(label) is str and (name := _name(label, table))}
    if any(label in ambiguous for label in found) and not any(label not in ambiguous for label in found):
        found = {}
    return found


def shown(value, language: str | None = None):
    """`value` as a reader of `language` (the course's language by default) sees it; anything that is not a
    category value of the data, unchanged."""
    return renamed([value], language).get(value, value) if type(value) is str else value


def spellings(values):
    """The values a participant types in code ("Kyrgyz Republic") for reading: Markdown with each in code font
    and, in a translated course, its name in the language beside it."""
    from IPython.display import Markdown

    quoted = [f'`"{value}"`' for value in values]
    if i18n.language() == "en":
        return Markdown(", ".join(quoted))
    rows = [f"| {code} | {shown(value)} |" for code, value in zip(quoted, values, strict=True)]
    header = "| " + " | ".join(_(words) for words in SPELLING_HEADER) + " |"
    return Markdown("\n".join([header, "|---|---|", *rows]))


def shown_index(index, language: str | None = None):
    """An index (or MultiIndex) with its text labels shown in the language; the same object when none changes."""
    import pandas as pd

    if isinstance(index, pd.MultiIndex):
        levels = [shown_index(level, language) for level in index.levels]
        if all(new is old for new, old in zip(levels, index.levels, strict=True)):
            return index
        return index.set_levels(levels)
    if index.dtype != object and not isinstance(index.dtype, pd.CategoricalDtype | pd.StringDtype):
        return index
    names_of = renamed(index, language)
    language = language or i18n.language()
    labels = [names_of.get(label, _values_within(label, language)) if type(label) is str else label
              for label in index]
    if labels == list(index):
        return index
    if index.is_unique and len(set(labels)) < len(labels):  # two values with one name: keep them apart
        return index
    return pd.Index(labels, name=index.name)


def _shown_cells(column, language):
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = shown_index(column.cat.categories, language)
        return column if categories is column.cat.categories else column.cat.rename_categories(categories)
    if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
        values = column.unique()
        changed = renamed(values, language)
        language = language or i18n.language()
        changed |= {v: within for v in values if type(v) is str and v not in changed and SHORT_LABEL.match(v)
                    and (within := _values_within(v, language)) != v}  # a name of values: "Daniyar Kurmanov"
        if changed:
            return column.map(lambda v: changed.get(v, v) if type(v) is str else v)
    return column


def shown_table(table, language: str | None = None):
    """A copy of a DataFrame or Series for display, its category values in the language (the table itself when
    nothing changes). Column labels change only where they are values (a pivot's columns have a name, "region");
    a column a participant types by name keeps it."""
    import pandas as pd

    if not names(language or i18n.language()):
        return table
    if isinstance(table, pd.Series):
        cells = _shown_cells(table, language)
        index = shown_index(table.index, language)
        if cells is table and index is table.index:
            return table
        shown_series = cells.copy() if cells is table else cells
        shown_series.index = index
        return shown_series
    copy = None
    for position in range(table.shape[1]):
        column = table.iloc[:, position]
        cells = _shown_cells(column, language)
        if cells is not column:
            copy = table.copy() if copy is None else copy
            copy.isetitem(position, cells)
    index = shown_index(table.index, language)
    columns = shown_index(table.columns, language) if _values_as_columns(table.columns) else table.columns
    if index is not table.index or columns is not table.columns:
        copy = table.copy() if copy is None else copy
        copy.index, copy.columns = index, columns
    return table if copy is None else copy


def _values_as_columns(columns) -> bool:
    """Whether a table's column labels are values of the data (crosstab, pivot, unstack: the columns have a
    name) rather than names a participant types."""
    return any(name is not None for name in columns.names)


def drawn(text) -> str:
    """What a matplotlib Text draws: its text, with category values named in the course's language (the text
    itself keeps the data's spelling)."""
    written = text.get_text()
    return _figure_text(text, written) if written else written


def _figure_text(text, written: str) -> str:
    """A figure's text as shown: a whole category value (or a line of one) by its name. A value that is also a
    column's name is renamed when the axes' other tick labels or the legend's entries are values."""
    table, ambiguous = _catalogue(i18n.language())
    if not table or written.strip() != written:
        return written
    if "\n" in written:
        return "\n".join(_figure_text(text, line) for line in written.split("\n"))
    if _name(written, table) is None:
        return _values_within(written, i18n.language())
    if written not in ambiguous:
        return _name(written, table)
    return renamed([written, *_neighbours(text)]).get(written, written)


@cache
def _value_pattern(language: str) -> re.Pattern | None:
    table, ambiguous = _catalogue(language)
    values = sorted((v for v in table if len(v) > 1 and v not in ambiguous), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, values)) + r")(?:-(\d+))?(?![\w-])") if values else None


def _values_within(text: str, language: str) -> str:
    """A label made of values and numbers ("1 extreme", "Gulzar-3 (12%)", "crack найдено") with its values
    named; a text with other Latin words (an English sentence, a column's name) unchanged."""
    pattern = _value_pattern(language)
    if pattern is None or re.search(r"[A-Za-z]", pattern.sub("", text)) or not pattern.search(text):
        return text
    table = names(language)
    return pattern.sub(lambda m: table[m[1]] + (f"-{m[2]}" if m[2] else ""), text)


def _neighbours(text) -> list[str]:
    """The texts shown beside a tick label or a legend entry: its axes' tick labels and legend entries."""
    figure = text.get_figure()
    if figure is None:
        return []
    for axes in figure.axes:
        labels = axes.xaxis.get_majorticklabels() + axes.yaxis.get_majorticklabels()
        legend = axes.get_legend()
        entries = legend.get_texts() if legend is not None else []
        if any(text is t for t in labels + entries):
            return [t.get_text() for t in labels + entries]
    return []


def install() -> None:
    """Show category values in the course's language in this IPython kernel from now on: in the tables it
    displays and in matplotlib's figures. Nothing changes while the language is English, nor outside IPython;
    installing twice is harmless."""
    if "IPython" not in sys.modules:  # no kernel (the aitrain command speaking a language): nothing to show
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    _install_figures()
    _install_tables(shell)


def _install_figures() -> None:
    from matplotlib.text import Text

    if getattr(Text.draw, "_aitrain_shown", False):
        return

    def shown_while(method):
        def wrapped(self, *args, **kwargs):
            written = self._text
            text = _figure_text(self, written) if isinstance(written, str) and written else written
            if text == written:
                return method(self, *args, **kwargs)
            self._text = text
            try:
                return method(self, *args, **kwargs)
            finally:
                self._text = written

        wrapped._aitrain_shown = True
        wrapped.__wrapped__ = method
        return wrapped

    # draw, and the layout that sizes a legend's frame or a tight bounding box (offsetbox calls _get_layout)
    for method in ("draw", "get_window_extent", "_get_layout"):
        if hasattr(Text, method):
            setattr(Text, method, shown_while(getattr(Text, method)))


def _install_tables(shell) -> None:
    import pandas as pd

    formatters = shell.display_formatter.formatters
    for kind in (pd.DataFrame, pd.Series):
        formatters["text/html"].for_type(kind, html)
        formatters["text/plain"].for_type(kind, _plain)


def html(table) -> str | None:
    """A DataFrame or Series as a translated notebook shows it: an HTML table (a Series as one column headed by its
    name) with the data's values in the language and pandas' own words too (aitrain.library_output). In English,
    pandas' own (a Series has none)."""
    import pandas as pd

    if i18n.language() == "en":
        return getattr(table, "_repr_html_", lambda: None)()
    shown_copy = shown_table(library_output.described(table))
    if isinstance(shown_copy, pd.Series):
        shown_copy = shown_copy.to_frame(name="" if shown_copy.name is None else shown_copy.name)
    return library_output.html_footer(shown_copy._repr_html_())


def _plain(table, printer, cycle):
    printer.text(library_output.plain_footer(repr(shown_table(library_output.described(table)))))
