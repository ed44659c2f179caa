"""Shim: a course directory's nbgrader_config.py written before aitrain 0.2 calls `configure(c)` or
`configure(c, "ru")` from here."""

from aitrain.base import nbgrader_stages
from aitrain.base.edition import SOURCE_LANGUAGE, Edition

__all__ = ["configure"]


def configure(c, language: str = SOURCE_LANGUAGE):
    """The course's settings for the edition in `language` (these old files name only a language)."""
    return nbgrader_stages.configure(c, Edition(language=language))
