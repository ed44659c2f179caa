"""The style lint of the Russian catalogues: what a native reader corrected once and should not see again.

Four rules, over the translations in `po/ru/*.po` (the notebooks' Markdown, metadata, printed strings and comments)
and `src/aitrain/locale/ru/*.po` (the messages); their data (glosses nobody needs, allowed Latin words, entries
pending) is in `russian_style.yaml`:

- a gloss of an identical word: «модель (model)», «домохозяйства (households)»;
- glosses nested, «(R² (R-squared))», or adjacent, «регрессию (regression) (метод наименьших квадратов)»;
- a decimal point in Russian prose, «около 2.5» (code spans, formulas and printed output keep points);
- a Latin word inside a Russian sentence, «бедные региона Capital», unless it is a name with no Russian form
  (a library, a function, an acronym, a unit: the allow list) or a gloss in brackets.

`python tests/russian_style.py` prints every finding and the count per rule.
"""

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib
import yaml

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "aitrain" / "locale" / "ru"
CATALOGUES = sorted((ROOT / "po" / "ru").glob("*.po")) + sorted(LOCALE.glob("*.po"))
DATA = yaml.safe_load((Path(__file__).with_name("russian_style.yaml")).read_text(encoding="utf-8"))

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
LATIN_WORD = re.compile(r"(?<![\w\-./#@])[A-Za-z][A-Za-z'’]*(?:-[A-Za-z0-9]+)*(?![\w\-/]|\.\w)")
# What is not prose: fenced and inline code, 'a value in quotes' (a message's Python literal), formulas, links'
# targets, URLs, HTML tags, {fields}.
NOT_PROSE = re.compile(r"```.*?```|``.*?``|`[^`]*`|'[^'\n]*'|\$\$.*?\$\$|\$[^$\n]*\$|\]\([^)]*\)|https?://\S+|<[^>\n]+>"
                       r"|\{[^{}\n]*\}", re.DOTALL)
GLOSS = re.compile(r"\((?:\*\*)?[A-Za-z][A-Za-z-][^()а-яёА-ЯЁ]*\)")  # a bracket of Latin words only: «(training set)»
NESTED = re.compile(r"\([^()]*\([^()]*\)[^()]*\)")
ADJACENT = re.compile(r"\)\**\s*\(")
DECIMAL_POINT = re.compile(r"(?<![\w.,])\d+\.\d+(?!\w|\.\d)")
SENTENCE_END = re.compile(r"(?<=[.!?;:…])\s+|\n\s*\n|\n(?=\s*(?:[-*|]|\d+\.) )|\|")


@dataclass(frozen=True)
class Finding:
    rule: str
    catalogue: str
    where: str
    text: str

    def __str__(self):
        return f"{self.catalogue}: {self.where}: {self.rule}: {self.text}"


def prose(text: str) -> str:
    """The text with code, formulas, links' targets and markup replaced by a space."""
    return NOT_PROSE.sub(" ", text)


def _kind(entry: polib.POEntry) -> str:
    """markdown, metadata, comment or string (of a code cell) for a notebook's text; message for a message."""
    return (entry.comment or "").rsplit(": ", 1)[-1] if entry.msgctxt else "message"


def _is_prose(entry: polib.POEntry) -> bool:
    """Markdown and metadata of a notebook, and every message (not a comment or a string of a code cell)."""
    return _kind(entry) in ("markdown", "metadata", "message")


def shown_text(entry: polib.POEntry) -> str:
    """What a reader reads of an entry: a code cell's string without its quotes, a comment without the values in
    quotes it lists (`"value alone"`: typed in code), prose without code."""
    text = entry.msgstr
    if _kind(entry) == "string":
        text = re.sub(r'(?m)^\s*[rbfuRBFU]*"|"\s*$', " ", text)
    elif _kind(entry) == "comment":
        text = re.sub(r'"[^"\n]*"', " ", text)
    return prose(text)


HEADING = re.compile(r"^(?=#+ )", re.M)


def _without_reference_lists(entry: polib.POEntry, text: str) -> str:
    """The text without its sections "References" and "Going further" (titles cited in their language): the
    translation's sections are the English one's, heading for heading."""
    english, translated = HEADING.split(entry.msgid), HEADING.split(text)
    if len(english) != len(translated):
        return text
    return "".join(t for e, t in zip(english, translated, strict=True)
                   if not re.match(r"#+ (References|Going further)", e))


def identical_glosses(text: str) -> list[str]:
    found = []
    for russian, english in DATA["identical_glosses"]:
        pattern = rf"(?<![а-яё]){russian}[а-яё]*\*{{0,2}}\s*\((?:\*\*)?{english}\w*(?:\*\*)?\)"
        found += [m.group(0) for m in re.finditer(pattern, text, re.IGNORECASE)]
    return found


def stacked_glosses(text: str) -> list[str]:
    found = [m.group(0) for m in NESTED.finditer(text)
             if GLOSS.search(m.group(0)[1:-1]) and CYRILLIC.search(text[max(0, m.start() - 2):m.end()])]
    for m in ADJACENT.finditer(text):
        before = text[:m.start() + 1][-80:]
        after = text[m.end() - 1:][:80]
        left = re.search(r"\([^()]*\)$", before)
        right = re.match(r"\([^()]*\)", after)
        if left and right and (GLOSS.fullmatch(left.group(0)) or GLOSS.fullmatch(right.group(0))):
            found.append(left.group(0) + " " + right.group(0))
    return found


def decimal_points(text: str) -> list[str]:
    found = []
    for m in DECIMAL_POINT.finditer(text):
        around = text[max(0, m.start() - 30):m.end() + 20]
        if any(re.search(p, around) for p in DATA["decimal_point_allowed"]):
            continue
        found.append(around.replace("\n", " "))
    return found


def latin_in_russian(text: str) -> list[str]:
    allowed = set(DATA["latin_allowed"])
    found = []
    for phrase in DATA["latin_phrases_allowed"]:
        text = text.replace(phrase, " ")
    for sentence in SENTENCE_END.split(_without_glosses(text)):
        if not CYRILLIC.search(sentence):
            continue
        for m in LATIN_WORD.finditer(sentence):
            word = m.group(0).strip("'’")
            if word in allowed or _is_name(word):
                continue
            found.append(f"{word} in «{' '.join(sentence.split())[:120]}»")
    return found


def _without_glosses(text: str) -> str:
    """The text without its brackets that give the English: «(training set)», «(**точность на k**, precision at
    k)», «(ridge regression — линейная регрессия...)»: English that starts or ends a bracket."""
    def gloss(m):
        inside = m.group(0)[1:-1].strip("* ")
        starts = re.match(r"\*?[A-Za-z]", inside)
        ends = LATIN_WORD.search(inside) and not CYRILLIC.search(inside[LATIN_WORD.search(inside).start():])
        cited = re.search(r"[A-Z][a-z]+.*\b(19|20)\d\d\b", inside)  # (..., Hardt, Price and Srebro 2016)
        return " " if starts or ends or cited else m.group(0)
    return re.sub(r"\([^()]*\)", gloss, text)


def _is_name(word: str) -> bool:
    """An acronym (OLS, TF-IDF), a name in CamelCase (MetricFrame, JupyterLab) or a single letter (x, k)."""
    return (len(word) == 1 or word.replace("-", "").isupper() and len(word) > 1
            or bool(re.search(r"[a-z][A-Z]", word)))


RULES = {
    "identical-word gloss": identical_glosses,
    "nested or adjacent glosses": stacked_glosses,
    "decimal point in prose": decimal_points,
    "Latin word in a Russian sentence": latin_in_russian,
}
SKIPS_REFERENCES = {"decimal point in prose", "Latin word in a Russian sentence"}  # titles cited as written
# A printed line or a figure's label keeps Python's point; a message's numbers are mostly {fields} one may type.
NOTEBOOK_PROSE_ONLY = {"decimal point in prose"}


def findings(paths=CATALOGUES) -> list[Finding]:
    found = []
    for path in paths:
        catalogue = polib.pofile(str(path), wrapwidth=0)
        notebook = path.parent.name == "ru" and path.parent.parent.name == "po"
        for entry in catalogue:
            if entry.obsolete or not entry.msgstr or not CYRILLIC.search(entry.msgstr):
                continue
            where = entry.msgctxt or entry.msgid[:40]
            text = shown_text(entry)
            for rule, check in RULES.items():
                if rule in NOTEBOOK_PROSE_ONLY and not (notebook and _is_prose(entry)):
                    continue
                checked = _without_reference_lists(entry, text) if rule in SKIPS_REFERENCES else text
                found += [Finding(rule, path.name, where, hit) for hit in check(checked)]
    return found


if __name__ == "__main__":
    result = findings()
    for finding in result:
        print(finding)
    print(Counter(f.rule for f in result))
    sys.exit(1 if result else 0)
