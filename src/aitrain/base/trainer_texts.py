"""A module's trainer texts in the course's language: its trainer notes (markdown cells tagged 'instructor'), the
model answers of its written reflections and a decision's words for the room (cell metadata "aitrain":
{"trainer": ...}), as the trainer guide (aitrain.tooling.guide) and marking (aitrain.grading.marking) show them.

They are written in English in the solution notebook and translated in their own catalogue,
po/<language>/guide/<module>.po, one entry per text keyed by its cell id (kept in step by `aitrain translate`:
aitrain.tooling.guide_text). A text not translated yet, or whose translation is fuzzy, is shown in English under a
note saying so.
"""

import ast
import re
from functools import cache
from pathlib import Path

import polib

from aitrain import paths
from aitrain.base.edition import Edition
from aitrain.errors import AitrainError
from aitrain.i18n import N_, _

NOT_TRANSLATED = N_("Not translated yet: shown in English.")
SOLUTION_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", re.M)


def model_answer(source: str) -> str:
    """A written reflection's model answer without nbgrader's solution markers."""
    return SOLUTION_MARKER.sub("", source).strip()


def catalogue_path(language: str, name: str) -> Path:
    """po/<language>/guide/<module>.po: the trainer texts of a module (`name`: its folder) in a language."""
    return paths.home() / "po" / language / "guide" / f"{name}.po"


def current(catalogue: polib.POFile) -> dict[tuple[str | None, str], str]:
    """A catalogue's usable translations by (msgctxt, English): not the missing, fuzzy or obsolete ones."""
    return {(e.msgctxt, e.msgid): e.msgstr for e in catalogue if e.msgstr and not e.fuzzy and not e.obsolete}


def translation(edition: Edition, name: str, context: str, english: str) -> str | None:
    """The trainer text `english` of cell `context` of module `name` in the edition's language (itself in
    English), or None when it has no usable translation yet."""
    if not edition.translated:
        return english
    path = catalogue_path(edition.language, name)
    if not path.is_file():
        return None
    return _translations(path, path.stat().st_mtime_ns).get((context, english))


@cache
def _translations(path: Path, version: int) -> dict:
    try:
        return current(polib.pofile(str(path), wrapwidth=0))
    except (OSError, ValueError) as exc:
        raise AitrainError(f"{path} is not a readable gettext catalogue ({exc}).",
                           "Open it in a .po editor (Poedit) or restore it from git.") from exc


def marked_english(english: str, edition: Edition, kind: str = "markdown") -> str:
    """An untranslated text as shown in the edition: the English, with a note in its language saying so (after the
    text's heading, if it starts with one)."""
    with edition.speaking():
        note = _(NOT_TRANSLATED)
    if kind == "metadata":
        return f"({note}) {english}"
    first, _newline, rest = english.partition("\n")
    return f"{first}\n\n*{note}*\n\n{rest}" if first.startswith("#") else f"*{note}*\n\n{english}"


def shown(edition: Edition, name: str, context: str, english: str) -> str:
    """A markdown trainer text as the edition shows it: translated, or the English marked as not translated yet."""
    found = translation(edition, name, context, english)
    return marked_english(english, edition) if found is None else found


def edition_answer(line: str, edition: Edition) -> str:
    """A model answer as the edition's trainer reads it: an answer that depends on the rulebook the edition loads,
    `name = {"English": a, "Russian": b}[chatbot.rulebook_language()]`, becomes `name = a` or `name = b`; any other
    line stays as it is."""
    try:
        node = ast.parse(line).body[0]
    except (SyntaxError, IndexError):
        return line
    value = getattr(node, "value", None)
    if not (isinstance(node, ast.Assign) and isinstance(value, ast.Subscript) and isinstance(value.value, ast.Dict)
            and isinstance(value.slice, ast.Call) and ast.unparse(value.slice.func).endswith("rulebook_language")):
        return line
    from aitrain.chatbot import RULEBOOK_LANGUAGES

    language = RULEBOOK_LANGUAGES.get(edition.language, RULEBOOK_LANGUAGES["en"])
    answers = {k.value: v for k, v in zip(value.value.keys, value.value.values, strict=True)
               if isinstance(k, ast.Constant)}
    if language not in answers:
        return line
    return f"{line[:value.col_offset]}{ast.get_source_segment(line, answers[language])}"
