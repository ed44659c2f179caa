"""The dated legal landscape of module 15: the course's own systems under the EU AI Act, and the dates its
obligations (and two Asian laws' labelling duties) apply.

As known in December 2026 (CURRICULUM.md's "verify before delivery" list, module 15's trainer notes): the
high-risk date is the one of the Digital Omnibus on AI (Annex III moved from 2 August 2026 to 2 December 2027);
check it, and the others, against the official texts before each delivery.
"""

from datetime import date

import pandas as pd

from aitrain.i18n import N_, _

CATEGORIES = ("prohibited", "high-risk", "transparency", "minimal")

# The course's systems (the keys stay in English in every language): what each does, its EU AI Act category
# and the provision that places it there.
SYSTEMS = {
    "02 proxy means test": (N_("Scores households to decide who receives the cash transfer."), "high-risk",
                            "Annex III, point 5(a)"),
    "07 request router": (N_("Sends written requests to a department; an officer answers each one."), "minimal",
                          "-"),
    "08 fraud flags": (N_("Ranks benefit claims for investigation; payments can be stopped and reclaimed."),
                       "high-risk", "Annex III, point 5(a)"),
    "11 road-damage triage": (N_("Ranks drone images of roads so that repair crews see the worst damage first."),
                              "minimal", "-"),
    "16 citizen chatbot": (N_("Answers citizens' questions about benefits in a chat, quoting the rulebook."),
                           "transparency", "Art. 50(1)"),
    "citizen trust score": (N_("A proposal: one score per citizen from fines, debts and social-media posts, used "
                              "by every public office to decide whom to serve first."), "prohibited",
                            "Art. 5(1)(c)"),
}

# When each EU category's obligations (or ban) apply.
EU_DATES = {"prohibited": date(2025, 2, 2), "high-risk": date(2027, 12, 2), "transparency": date(2026, 8, 2)}
EU_ENTRY_INTO_FORCE = date(2024, 8, 1)
EU_HIGH_RISK_BEFORE_OMNIBUS = date(2026, 8, 2)

# When a chatbot like module 16's must tell people it is an AI (and label generated content), by jurisdiction.
LABEL_DATES = {"EU": date(2026, 8, 2), "Korea": date(2026, 1, 22), "Kazakhstan": date(2026, 1, 18)}
# Dates often confused with them: signature or promulgation, not entry into force.
LABEL_DATES_CONFUSED = {"Korea": date(2025, 1, 21), "Kazakhstan": date(2025, 11, 17)}


def shown_values() -> list[str]:
    """The systems, categories and jurisdictions the tables show: typed in English in code, shown in a translation
    by their names in its language (aitrain.category_names), and accepted by those names (`by_key`)."""
    return [*SYSTEMS, *CATEGORIES, *LABEL_DATES]


def by_key(answer: dict, keys) -> dict:
    """`answer` with each key that names one of `keys` as a translation shows it ("02 проверка нуждаемости")
    given as the key itself; other keys unchanged."""
    from aitrain import category_names

    names = {category_names.shown(key): key for key in keys}
    return {names.get(key, key) if isinstance(key, str) else key: value for key, value in answer.items()}


def systems_table() -> pd.DataFrame:
    """The systems to classify, with what each does (in the course's language); not their category."""
    return pd.DataFrame([(name, _(what)) for name, (what, _category, _where) in SYSTEMS.items()],
                        columns=["system", "what it does"])


def category(system: str) -> str:
    """The system's EU AI Act category."""
    return SYSTEMS[system][1]


def applies_from(system: str) -> date | None:
    """The date from which the system's EU obligations (or ban) apply; None for a minimal-risk system."""
    return EU_DATES.get(category(system))


def as_date(value) -> date | None:
    """A date written as 'YYYY-MM-DD', a datetime.date or a pandas Timestamp; None when it is none of these."""
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value.date() if hasattr(value, "hour") else value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
