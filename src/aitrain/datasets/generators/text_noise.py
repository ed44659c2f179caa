"""How real messages vary, for the generators of texts (citizen_requests, benefit_rulebook).

A message is assembled from a template with alternative phrasings (`expand`), then some of its words are
written in a local spelling (`swap_words`, with a pattern from `word_pattern`) and some carry typing errors
(`add_typos`). Every draw comes from the generator's `rng`, in a fixed order, so a seed gives the same texts.
"""

import re
from collections.abc import Iterable

import numpy as np

# The keys around each letter on a QWERTY keyboard, for a typo that hits the key next to the right one.
KEYBOARD_NEIGHBOURS = dict(zip("qwertyuiopasdfghjklzxcvbnm", [
    "wa", "qes", "wrd", "etf", "ryg", "tuh", "yij", "uok", "ipl", "ol", "qsz", "adxw", "sfce", "dgrv", "fhtb",
    "gjyn", "hkum", "jli", "ko", "xas", "zcsd", "xvdf", "cbfg", "vngh", "bmhj", "nj"], strict=True)) | dict(zip(
    # ... and on the Russian keyboard (ЙЦУКЕН), for texts in Cyrillic
    "йцукенгшщзхъфывапролджэячсмитьбю", [
        "цф", "йуы", "цкв", "уеа", "кеп", "енр", "нго", "гшл", "шщд", "щзж", "зхэ", "хэ", "йыя", "фвцч", "ыаус",
        "вкпм", "аеи", "пнт", "рго", "олшь", "лдщб", "джзю", "дэх", "жъ", "фч", "яыс", "чвм", "саи", "мпт",
        "иро", "тлб", "ьдю"], strict=True))

_CHOICE = re.compile(r"\{([^{}]*)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


def expand(template: str, rng: np.random.Generator) -> str:
    """Pick one alternative in each {a|b} and keep each [optional part] half of the time."""
    text = _OPTIONAL.sub(lambda m: m.group(1) if rng.random() < 0.5 else "", template)
    text = _CHOICE.sub(lambda m: m.group(1).split("|")[rng.integers(len(m.group(1).split("|")))], text)
    return re.sub(r"\s+", " ", text).strip()


def word_pattern(words: Iterable[str]) -> re.Pattern:
    """A pattern matching any of `words` as whole words, in any case, the longest first ("hot water" before
    "water")."""
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)


def swap_words(text: str, pattern: re.Pattern, words: dict[str, list[str]], rate: float,
               rng: np.random.Generator) -> str:
    """Replace each match of `pattern` (a key of `words`) by one of its spellings, with probability `rate`."""
    def swap(match):
        options = words[match.group(0).lower()]
        return options[rng.integers(len(options))] if rng.random() < rate else match.group(0)

    return pattern.sub(swap, text)


def typo(word: str, rng: np.random.Generator) -> str:
    """`word` (at least 3 letters) with one typing error inside: a letter left out, two letters swapped, a letter
    typed twice or a neighbouring key."""
    i = int(rng.integers(1, len(word) - 1))
    kind = rng.integers(4)
    if kind == 0:  # a letter left out
        return word[:i] + word[i + 1:]
    if kind == 1:  # two letters swapped
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 2:  # a letter typed twice
        return word[:i] + word[i] + word[i:]
    near = KEYBOARD_NEIGHBOURS.get(word[i].lower())  # a neighbouring key
    return word[:i] + near[rng.integers(len(near))] + word[i + 1:] if near else word


def add_typos(text: str, rate: float, rng: np.random.Generator) -> str:
    """A typing error in each word of four letters or more, with probability `rate` (words split at spaces)."""
    words = text.split(" ")
    return " ".join(typo(w, rng) if len(w) >= 4 and w.isalpha() and rng.random() < rate else w for w in words)
