"""Which participant a file belongs to, from the names in its path.

Names come in the participants' own scripts (Cyrillic, Georgian, Armenian, Khmer, Lao, Bengali, Latin with
diacritics) and in transliteration. A path is compared with each participant's id, e-mail and name, one path
part at a time from the file name outwards; the first part that names anybody decides. Names are compared as
whole words, never as substrings, in three steps, the first that names anybody deciding:

1. ids, e-mails, and names written exactly as on the roster (any script, any case);
2. names transliterated to Latin letters by the `anyascii` library ('Айгуль Нурланова' = 'Aygul Nurlanova',
   'Álvarez' = 'Alvarez');
3. the transliterated names with the common spelling variants folded together (y/i, kh/h, zh/j, doubled
   letters, apostrophes), so that a passport spelling 'Nurlanova Aigul' matches too.

A participant matches when every word of their first and last names is a word of the path part (in any order),
or one word of it is their names run together ('AliceNg'). A part that matches two participants is not
placed: the reason lists both (a participant whose name words include all of another's, 'Anna Maria Ivanova'
beside 'Anna Ivanova', is the better match and wins).
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from anyascii import anyascii

APOSTROPHES = re.compile(r"['`ʻʼ’ʹ]")
FOLDS = [(re.compile(p), r) for p, r in [(r"dzh|zh|dj", "j"), (r"kh", "h"), (r"^ye", "e"), (r"y", "i"),
                                         (r"(.)\1+", r"\1")]]


def words(text: str) -> list[str]:
    """The words of a text in its own script: runs of letters, marks and digits, case-folded (NFC)."""
    text = unicodedata.normalize("NFC", text).casefold()
    out, word = [], []
    for ch in text:
        if unicodedata.category(ch)[0] in "LMN":
            word.append(ch)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


def latin_words(text: str) -> list[str]:
    """The words of a text transliterated to lower-case ASCII letters and digits."""
    return [w for w in re.split(r"[^a-z0-9]+", APOSTROPHES.sub("", anyascii(text)).lower()) if w]


def folded_words(text: str) -> list[str]:
    """The transliterated words with common spelling variants folded ('Yuliya' = 'Iuliia')."""
    out = []
    for w in latin_words(text):
        for pattern, repl in FOLDS:
            w = pattern.sub(repl, w)
        out.append(w)
    return out


STEPS = (words, latin_words, folded_words)


@dataclass(frozen=True)
class Person:
    id: str
    id_words: tuple[str, ...]
    email: str
    names: tuple[tuple[str, ...], ...]  # the name's words in each of STEPS

    @classmethod
    def of(cls, row: dict) -> "Person":
        full = f"{row.get('first_name') or ''} {row.get('last_name') or ''}"
        email = (row.get("email") or "").strip().casefold()
        return cls(row["id"], tuple(words(row["id"])), email, tuple(tuple(step(full)) for step in STEPS))


def _id_in(identifier: tuple[str, ...], part_words: list[str]) -> bool:
    """The words of an id, in order and next to each other, among the words of the path part."""
    n = len(identifier)
    return n > 0 and any(tuple(part_words[i:i + n]) == identifier for i in range(len(part_words) - n + 1))


def _email_in(email: str, text: str) -> bool:
    """An e-mail address written whole in the text (not inside a longer address)."""
    return bool(email) and re.search(rf"(?<![\w.+-]){re.escape(email)}(?![\w@+-]|\.\w)", text) is not None


def _name_in(name: tuple[str, ...], part_words: list[str]) -> bool:
    if not name:
        return False
    if set(name) <= set(part_words):
        return True
    return "".join(name) in part_words or "".join(reversed(name)) in part_words


def _best(hits: dict[str, set[str]]) -> list[str]:
    """Drop a match whose name words are all inside another match's name words."""
    return sorted(p for p, ws in hits.items() if not any(ws < other for other in hits.values()))


def _match_part(part: str, people: list[Person]) -> list[str]:
    text = unicodedata.normalize("NFC", part).casefold()
    for step, make in enumerate(STEPS):
        part_words = make(part)
        hits: dict[str, set[str]] = {}
        for p in people:
            if step == 0 and (_id_in(p.id_words, part_words) or _email_in(p.email, text)):
                hits[p.id] = set()
            if _name_in(p.names[step], part_words):
                hits.setdefault(p.id, set()).update(p.names[step])
        if hits:
            return _best(hits)
    return []


def match_student(name: str, roster: list[dict]) -> tuple[str | None, str]:
    """The participant a file name or path belongs to, or None with the reason."""
    people = [Person.of(row) for row in roster]
    parts = [p for p in PurePosixPath(name.replace("\\", "/")).parts if p not in ("/", "")]
    for part in reversed(parts):
        stem = part[: -len(".ipynb")] if part.lower().endswith(".ipynb") else part
        hits = _match_part(stem, people)
        if len(hits) == 1:
            return hits[0], ""
        if hits:
            return None, f"could be any of several participants ({', '.join(hits)}); place it by hand"
    return None, "matches no participant of the roster"
