"""What the programme's notebooks check while a participant fills them in (the before-and-after assessment, the
evaluation form, the capstone workbook): that an answer is there and in the form asked for, never whether it is
right. The assessment is scored after it is collected (nbgrader's hidden tests), so nothing here may hint at the
answer; it only says "recorded" or what form is expected.
"""

from aitrain.feedback.stops import NotYet
from aitrain.i18n import _


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().rstrip("%").replace(",", "."))
        except ValueError:
            return None
    return None


def choice(value, choices="abcd") -> str:
    """One of `choices` (letters "abcd", or a list such as ["I", "II"]), in any case and spacing ('B ' -> 'b');
    NotYet otherwise."""
    options = list(choices)
    listed = ", ".join(options)
    if value is Ellipsis or value is None:
        raise NotYet(_("Not answered yet: replace ... with one of {choices}, between quotes.").format(choices=listed))
    found = next((o for o in options if isinstance(value, str) and value.strip().casefold() == o.casefold()), None)
    if found is None:
        raise NotYet(_("Write one of {choices} between quotes, for example \"{first}\".").format(
            choices=listed, first=options[0]))
    return found


def number(value, lowest: float, highest: float) -> float:
    """A number from `lowest` to `highest` (a percentage may keep its % sign); NotYet otherwise."""
    if value is Ellipsis or value is None:
        raise NotYet(_("Not answered yet: replace ... with a number from {lowest:g} to {highest:g}.").format(
            lowest=lowest, highest=highest))
    found = _number(value)
    if found is None or not lowest <= found <= highest:
        raise NotYet(_("Write one number from {lowest:g} to {highest:g}, with no words around it.").format(
            lowest=lowest, highest=highest))
    return found


def text(value) -> str:
    """A few words between quotes; NotYet when still missing."""
    if value is Ellipsis or value is None or (isinstance(value, str) and not value.strip()):
        raise NotYet(_("Not answered yet: replace ... with a few words between quotes."))
    if not isinstance(value, str):
        raise NotYet(_("Write your answer as words between quotes, for example \"the registry\"."))
    return value.strip()


def recorded(value, choices=None, lowest: float | None = None, highest: float | None = None) -> None:
    """Print that the answer is recorded, or raise NotYet (the feedback's 'not yet') saying what form it must take."""
    if choices is not None:
        choice(value, choices)
    elif lowest is not None and highest is not None:
        number(value, lowest, highest)
    else:
        text(value)
    print(_("Recorded. You can change it until you hand the notebook in."))
