"""An exercise: the variables it reads, the check of their values, and hints in steps.

What an exercise checks lives in aitrain.exercises.<module>; how the result is shown lives here.
Exercise.check shows a friendly message and, when the answer is not right yet, raises NotYet so that nbgrader
counts the test cell as failed. The message never contains the expected answer. Exercise.hint gives hints in
steps; Exercise.needed stops a teaching cell that uses an unfinished answer with "finish Exercise N first"
(NotReady). An exercise remembers the content of the answers that passed its check, so that the teaching cells
after it do not check the same answer again (a check may refit the module's models).
"""

import html
import inspect
from collections.abc import Callable, Sequence

from aitrain.feedback.checks import Mistake
from aitrain.feedback.detectors import other_column, rescaled, training_set
from aitrain.feedback.display import as_html, as_plain, show
from aitrain.feedback.hooks import install_handler, stopped
from aitrain.feedback.stops import NotReady, NotYet
from aitrain.i18n import _
from aitrain.memo import data_key

PASSES_KEPT = 8  # contents of passed answers an exercise remembers, the most recent


def _caller_namespace() -> dict:
    """The globals of the notebook cell that called a check (two frames up)."""
    return inspect.currentframe().f_back.f_back.f_globals


class Exercise:
    """One exercise: the variables it reads, the check of their values, and hints in steps.

    `hint` is one text or a list of steps: the idea first, then which function or column; never the code.
    `columns` declares the columns the answer is computed from: an answer that fails its check and selects
    another column is told so (aitrain.feedback.detectors). `same_answer(value, truth)` declares the answers that
    are the right one written otherwise (clusters numbered otherwise: `same_partition`), which the check accepts
    rightly: the mutation run (aitrain.tooling.mutants) reports them as the same answer, not as a wrong one
    accepted. `test_set` names the table of test rows the answer is computed on (`"test"`): an answer that fails
    its check and reads the training set (`train`) is told so.
    """

    def __init__(self, number: int, title: str, variables: Sequence[str],
                 check: Callable[..., str | None], hint: str | Sequence[str], columns: Sequence[str] = (),
                 same_answer: Callable[[object, object], bool] | None = None, test_set: str = ""):
        self.number = number
        self.columns = tuple(columns)
        self.test_set = test_set
        self.same_answer = same_answer
        self.title = title
        self.variables = tuple(variables)
        self._check = check
        self.hints = (hint,) if isinstance(hint, str) else tuple(hint)
        self._passed: list[str] = []  # data keys of answers that passed, most recent last

    @property
    def label(self) -> str:
        return _("Exercise {number} ({title})").format(number=self.number, title=_(self.title))

    def _values(self, namespace: dict) -> list:
        """The variables' values, or Mistake saying whether a cell stopped with an error or never stored them."""
        for name in self.variables:
            reason = stopped(name, namespace)
            if reason:
                raise Mistake(_("The cell that should store `{name}` stopped with an error before storing it. What "
                                "went wrong: {reason}").format(
                                name=name, reason=reason),
                              _("Read the message under that cell, correct the line it points to, and run the cell "
                               "again before this check."))
        missing = [v for v in self.variables if v not in namespace]
        if missing:
            names = ", ".join(f"`{v}`" for v in missing)
            what = _("{names} does not exist yet: no cell has stored it.") if len(missing) == 1 else \
                _("{names} do not exist yet: no cell has stored them.")
            raise Mistake(what.format(names=names),
                          _("Write `{missing_0} = ` followed by your code in the exercise cell, then run that cell "
                            "(Shift + Enter). If it comes from an earlier cell, run the cells above first.").format(
                            missing_0=missing[0]))
        return [namespace[v] for v in self.variables]

    def check(self, namespace: dict | None = None) -> None:
        """Check the participant's answer, read from the notebook's variables, and show the result."""
        if namespace is None:
            namespace = _caller_namespace()
        install_handler()
        values = None
        try:
            values = self._values(namespace)
            key = data_key(values)
            praise = self._check(*values)
        except Mistake as mistake:
            if values is not None and not mistake.named:  # what the check could not name, the detectors may
                mistake = rescaled(self._check, self.variables, values) or \
                    other_column(self.columns, self.variables) or training_set(self.test_set, self.variables) or \
                    mistake
            what, hint = as_plain(mistake.what), as_plain(mistake.hint or _(self.hints[0]))
            raise NotYet("\u2717 " + _("Not yet: {exercise}. {what}").format(exercise=self.label, what=what)
                         + "\n\U0001F4A1 " + _("Hint: {hint}").format(hint=hint)) from None
        self._remember(key)
        message = _("Correct: {exercise}.").format(exercise=self.label) + (f" {praise}" if praise else "")
        show(f'<div style="border-left:4px solid #009E73;padding:4px 10px">&#10003; '
                 f"{html.escape(message)}</div>", "\u2713 " + message)

    def is_done(self, namespace: dict | None = None) -> bool:
        """True when the answer passes its check (nothing is shown)."""
        if namespace is None:
            namespace = _caller_namespace()
        try:
            values = self._values(namespace)
            key = data_key(values)
            if key is not None and key in self._passed:
                return True  # the same content passed before: a check depends only on its answers
            self._check(*values)
        except Exception:  # a Mistake, or an answer so odd that the check cannot read it
            return False
        self._remember(key)
        return True

    def _remember(self, key: str | None) -> None:
        """Note that answers of this content passed (nothing for answers that are not plain data)."""
        if key is None:
            return
        if key in self._passed:
            self._passed.remove(key)
        self._passed.append(key)
        del self._passed[:-PASSES_KEPT]

    def needed(self, namespace: dict | None = None) -> None:
        """For a teaching cell that uses this exercise's answer: stop with "finish Exercise N first" unless done."""
        if namespace is None:
            namespace = _caller_namespace()
        install_handler()
        if not self.is_done(namespace):
            # the exercise's label written out, so that a translation can put it mid-sentence in its own case
            raise NotReady("\u23f8 " + _("This cell uses your answer to Exercise {number} ({title}), which is not "
                                          "finished yet. Finish Exercise {number} first (until its check says "
                                          "\u2713 Correct), then run this cell again.").format(
                                              number=self.number, title=_(self.title)))

    def hint(self, step: int = 1) -> None:
        """Show hint number `step` (1: the idea; later steps: which function or column)."""
        step = max(1, min(int(step), len(self.hints)))
        more = " " + _("(For more, run `hint({next})`.)").format(next=step + 1) if step < len(self.hints) else ""
        if len(self.hints) > 1:
            label = _("Hint {step} of {steps} for {exercise}").format(step=step, steps=len(self.hints),
                                                                      exercise=self.label)
        else:
            label = _("Hint for {exercise}").format(exercise=self.label)
        text = _(self.hints[step - 1])
        show(f"&#128161; <i>{html.escape(label)}</i>: {as_html(text)}{as_html(more)}", f"{label}: {text}{more}")
