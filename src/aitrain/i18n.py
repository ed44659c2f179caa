"""The language of the course's messages: feedback, hints, error explanations.

Every text a participant reads from the package goes through `_` (gettext). English is the source and the
fallback; translations are gettext catalogues in aitrain/locale/<language>/*.po (one per source file), read
with polib. A translated notebook says its language in its metadata ("aitrain": {"language": "ru"}), and
`aitrain release --lang ru` writes the matching `aitrain.use_language("ru")` into its first code cell, so the
kernel speaks the notebook's language in JupyterLab, papermill and nbgrader alike. AITRAIN_LANG sets the
language for a whole session.
"""

import os
import re
from functools import cache, wraps
from pathlib import Path

import polib

LANGUAGES = {"en": "English", "ru": "Русский"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_state = {"language": os.environ.get("AITRAIN_LANG", "en") if os.environ.get("AITRAIN_LANG") in LANGUAGES else "en"}
missing: set[str] = set()  # English messages asked for in another language and not found (tests read it)


_when_translated: list = []  # what a kernel does on switching to a translation (registered by aitrain/__init__)


def when_translated(action):
    """Run `action()` whenever the language becomes a translation: how the modules that show things (category
    names, figure texts) hook in without this bottom module importing them."""
    if action not in _when_translated:
        _when_translated.append(action)
    return action


def use_language(language: str) -> None:
    """Show the course's messages in `language` ("en" or "ru") from now on; in a notebook's kernel, the data's
    category values too (aitrain.category_names)."""
    if language not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise ValueError(f"Unknown language {language!r}; the course speaks {known}.")
    _state["language"] = language
    if language != "en":  # a translated notebook's first cell: its kernel may have inherited aitrain already imported
        for action in _when_translated:
            action()


def language() -> str:
    return _state["language"]


def cache_per_language(function):
    """`functools.cache` that also keys on the kernel's language: a result computed from a data set with an edition
    in each language (aitrain.datasets.registry.edition) is not reused after the language changes."""
    cached = cache(lambda current, *args: function(*args))
    return wraps(function)(lambda *args: cached(language(), *args))


def catalogue_files(language: str) -> list[Path]:
    """The catalogues of the messages (the data's category values have theirs: aitrain.category_names)."""
    return sorted(p for p in (LOCALE_DIR / language).glob("*.po") if p.stem != "data_values")


@cache
def translations(language: str) -> dict[str, str]:
    """English message -> translation, from every catalogue of `language` (fuzzy and empty entries left out)."""
    table: dict[str, str] = {}
    for path in catalogue_files(language):
        for entry in polib.pofile(str(path), wrapwidth=0):
            if entry.msgstr and not entry.fuzzy and not entry.obsolete:
                table.setdefault(_characters(entry.msgid), _characters(entry.msgstr))
    return table


def _characters(text: str) -> str:
    """The text with Python's \\uXXXX escapes as the characters they stand for (xgettext keeps them as written
    in the source, where the running code has the characters)."""
    return re.sub(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})", lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def gettext(message: str) -> str:
    """`message` in the current language (English when there is no translation)."""
    current = _state["language"]
    if current == "en":
        return message
    translated = translations(current).get(message)
    if translated is None:
        missing.add(message)
        return message
    return translated


def N_(message: str) -> str:
    """Mark a message for translation where it is defined (at import); `_` translates it where it is shown."""
    return message


_ = gettext


def every_language(message: str) -> list[str]:
    """`message` in English and in each language that translates it (an answer may be typed in any of them)."""
    found = [message]
    for other in LANGUAGES:
        translated = translations(other).get(message) if other != "en" else None
        if translated and translated not in found:
            found.append(translated)
    return found


def if_translated(text: str) -> str:
    """`text` in the current language where a catalogue translates it, else as it is (for data that may or may not
    be a message, such as a choice's options: not counted as missing)."""
    current = _state["language"]
    return text if current == "en" else translations(current).get(text, text)
