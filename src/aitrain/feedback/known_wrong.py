"""Known wrong answers as data: an exercise lists the mistakes it recognises, one helper names the one made.

A check declares its known wrong answers as a table, in the order they are tried:

    reject_known(share, [
        Known(1 - truth, N_("This is the share of households that are *not* poor."),
              N_("Which value of the `poor` column marks a poor household?"), tolerance=1e-6),
        Known(lambda: costly_wrong_value(), N_("..."), N_("...")),
    ], truth=truth)

and `reject_known` raises the Mistake of the first row the answer matches. A row's wrong value is
- a number, compared with `close`;
- an array, Series or tuple of numbers, compared with `same_values` (same shape, NaN matches NaN);
- a text, a tuple of texts or a set of labels, compared with `==`;
- or a function of no arguments computing one of those, called only when the rows above did not match.
Rows are plain values, so a function can generate them (one per wrong label, or the usual mistakes of a share).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from aitrain.feedback.checks import Mistake, close, same_values
from aitrain.i18n import _


@dataclass(frozen=True)
class Known:
    """One known wrong answer and what to say about it.

    `what` and `hint` are N_ texts, translated when shown; `fields` fills their {fields}. `when` says whether
    the row applies at all, True/False or a function of no arguments ("the two wrong values differ"); it is
    tried before the wrong value is computed. `same` replaces the comparison: a function (answer, wrong
    value) -> bool, which then ignores `tolerance`.
    """

    wrong: Any
    what: str
    hint: str = ""
    tolerance: float = 1e-9
    when: bool | Callable[[], bool] = True
    fields: Mapping[str, Any] = field(default_factory=dict)
    same: Callable[[Any, Any], bool] | None = None

    def matches(self, value, truth=None) -> bool:
        """True when the row applies (`when`, tried first) and `value` is its wrong answer (and, given the truth,
        is not also the right one)."""
        if not (self.when() if callable(self.when) else self.when):
            return False
        if not self._same(value, self.wrong() if callable(self.wrong) else self.wrong):
            return False
        return truth is None or not self._same(value, truth)

    def mistake(self) -> Mistake:
        """The Mistake this row names, in the current language."""
        return Mistake(self._text(self.what), self._text(self.hint) if self.hint else "", named=True)

    def _same(self, value, wrong) -> bool:
        if self.same is not None:
            return bool(self.same(value, wrong))
        if _is_label(value) or _is_label(wrong):
            return value == wrong
        if np.ndim(value) == 0 and np.ndim(wrong) == 0:
            return close(value, wrong, self.tolerance)
        return same_values(value, wrong, self.tolerance)

    def _text(self, text: str) -> str:
        return _(text).format(**self.fields) if self.fields else _(text)


def either_close(values, wrongs) -> bool:
    """For answers given together (a tuple): True when any one of them is its wrong value (`same=either_close`)."""
    return any(close(value, wrong) for value, wrong in zip(values, wrongs, strict=True))


def _is_label(value) -> bool:
    """A text, a tuple of texts (several choices answered together) or a set of labels: compared with ==."""
    if isinstance(value, tuple):
        return any(isinstance(v, str) for v in value)
    return isinstance(value, str | set | frozenset)


def known_mistake(value, rows: Iterable[Known], truth=None) -> Known | None:
    """The first row whose wrong answer `value` is, or None. With `truth`, a right answer matches no row."""
    return next((row for row in rows if row.matches(value, truth)), None)


def reject_known(value, rows: Iterable[Known], truth=None) -> None:
    """Raise the Mistake of the first row whose wrong answer `value` is (rows tried in order). With `truth`,
    an answer equal to the truth (compared as the row compares) is never called a mistake, even when a wrong
    answer happens to coincide with it."""
    row = known_mistake(value, rows, truth)
    if row is not None:
        raise row.mistake()
