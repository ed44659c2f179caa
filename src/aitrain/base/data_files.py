"""The course's YAML files in aitrain/data that the tooling reads: tracks.yaml (the delivery tracks of
`aitrain syllabus`) and glossary.yaml (the participants' glossary, in the WELCOME notebook and `aitrain guide`)."""

from importlib import resources

import yaml

from aitrain.base.edition import SOURCE, Edition
from aitrain.errors import AitrainError


def load(name: str) -> object:
    """A YAML file shipped in aitrain/data."""
    return yaml.safe_load(resources.files("aitrain").joinpath("data", name).read_text(encoding="utf-8"))


def _with_english(term: str, english: str) -> str:
    """«Порог (Threshold)»; an English term with brackets of its own after a comma, not nested:
    «Коэффициент детерминации, R² (R-squared)»."""
    return f"{term}, {english}" if "(" in english else f"{term} ({english})"


def glossary(edition: Edition = SOURCE) -> list[tuple[str, str]]:
    """(term, definition) pairs in alphabetical order, in the edition's language; in a translation, each term is
    followed by the English one in brackets, as at its first use in a module."""
    entries = load("glossary.yaml")
    suffix = f"_{edition.language}" if edition.translated else ""
    term, definition = f"term{suffix}", f"definition{suffix}"
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and all(isinstance(e.get(k), str) for k in ("term", "definition", term, definition))
        for e in entries
    ):
        raise AitrainError("src/aitrain/data/glossary.yaml is malformed.",
                           f"Each entry needs a '{term}' and a '{definition}' (texts).")
    pairs = [(_with_english(e[term].strip(), e["term"].strip()) if edition.translated else e[term].strip(),
              " ".join(e[definition].split())) for e in entries]
    return sorted(pairs, key=lambda pair: pair[0].casefold())
