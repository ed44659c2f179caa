"""Showing feedback in the notebook: rich HTML in Jupyter, plain text elsewhere.

Messages are written with a light markup: `code`, **bold** and *stressed* words.
"""

import html
import re

STRESSED = re.compile(r"(?<![*\w`])\*([^*\s`][^*`]*?)\*(?![*\w])")  # *word*, not ** nor a product a*b


def ipython_shell():
    """The running IPython shell, or None outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with Jupyter
        return None
    return get_ipython()


def show(html_text: str, plain: str) -> None:
    """Display `html_text` in a notebook (with `plain` as its text form), or print `plain` outside IPython."""
    shell = ipython_shell()
    if shell is None:
        print(plain)
        return
    from IPython.display import display

    display({"text/html": html_text, "text/plain": plain}, raw=True)


def as_html(text: str) -> str:
    """Escape text and show `code` as code, **bold** as bold and *stressed* words in italics."""
    text = html.escape(text)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", text)
    return STRESSED.sub(r"<i>\1</i>", text)


def as_plain(text: str) -> str:
    """The text for a plain-text error line: a *stressed* word loses its asterisks (code keeps its own)."""
    return STRESSED.sub(r"\1", text)


def series_as_tables() -> None:
    """In a translated notebook's kernel, show a pandas Series as a table, as a DataFrame is shown, rather than as
    pandas' text with its English 'Name: …, dtype: float64' line, and a NumPy number as the number alone (not
    `np.int64(1960)`). An English notebook keeps the libraries' own."""
    shell = ipython_shell()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    import numpy as np
    import pandas as pd

    shell.display_formatter.formatters["text/html"].for_type(pd.Series, series_html)
    plain = shell.display_formatter.formatters["text/plain"]
    for number_type in {t for t in np.sctypeDict.values() if issubclass(t, np.number | np.bool_)}:
        plain.for_type(number_type, _number_text)  # each type: IPython stops at the first class with a __repr__


def _number_text(number, printer, cycle) -> None:
    from aitrain import i18n

    printer.text(repr(number) if i18n.language() == "en" else str(number))


def series_html(series) -> str | None:
    """A Series as an HTML table (its name as the column's header), in a translated notebook; None in English."""
    from aitrain import category_names, i18n

    if i18n.language() == "en":
        return None
    return category_names.html(series)  # the data's values and pandas' words in the language
