"""An edition's texts in its language: a module's metadata, its solution notebook and the WELCOME notebook's fixed
cells, with the translations of po/<language>/ (the catalogues `aitrain translate` keeps in step). For an edition
in English, the source, each is the English as written.

A translated notebook carries its edition in its metadata and switches the kernel's messages to its language in its
first code cell (aitrain.i18n), so that feedback speaks the notebook's language wherever it runs.
"""

from dataclasses import replace

import nbformat

from aitrain import paths
from aitrain.base import path_cells
from aitrain.base.catalogue import Module
from aitrain.base.edition import Edition
from aitrain.errors import AitrainError
from aitrain.tooling import catalogues, notebook_text

LANGUAGE_LINE = 'from aitrain.i18n import use_language\n\nuse_language("{language}")\n\n'


def _catalogue(edition: Edition, name: str) -> str:
    path = catalogues.notebook_catalogue(edition.language, name)
    return str(path.relative_to(paths.home())) if path.is_relative_to(paths.home()) else str(path)


def translate(nb, name: str, edition: Edition, what: str):
    """The notebook's texts in the edition's language, from the catalogue `name` (a module's folder, or WELCOME);
    AitrainError naming `what` and the cells untranslated or broken."""
    if not edition.translated:
        return nb
    catalogue = _catalogue(edition, name)
    lookup = catalogues.lookup_in(catalogues.read(paths.home() / catalogue), catalogue)
    try:
        return notebook_text.translate(nb, lookup)
    except notebook_text.MissingTranslation as exc:
        raise AitrainError(f"{what} is not fully translated into {edition.language}: {exc}.", f"Translate it in "
                           f"{catalogue} (run '{edition.command('aitrain translate')}' first).") from exc
    except notebook_text.BrokenTranslation as exc:
        raise AitrainError(f"{what}, {edition.language}: {exc}.", f"Correct the entry in {catalogue}.") from exc


def module(module: Module, edition: Edition) -> Module:
    """The module with its title, story, objectives, prerequisites and key points in the edition's language."""
    meta = {"title": module.title, "story": module.story, "objectives": list(module.objectives),
            "prerequisites": list(module.prerequisites), "key_points": list(module.key_points)}
    shown = translate(nbformat.from_dict({"metadata": {"aitrain": meta}, "cells": []}), module.slug, edition,
                      f"Module {module.slug}").metadata["aitrain"]
    return replace(module, title=shown["title"], story=shown["story"],
                   **{key: tuple(shown[key]) for key in notebook_text.METADATA_LISTS})


def solution(module: Module, edition: Edition):
    """The module's solution notebook in the edition, marked with it: translated, and with the cells of the
    edition's path only (aitrain.base.path_cells)."""
    if not module.has_path(edition.path):
        raise AitrainError(f"Module {module.slug} has no {edition.path} path yet: no cell of its solution notebook is "
                           f"tagged '{edition.path}'.", "See CONTRIBUTING.md, 'The policy path'.")
    nb = translate(nbformat.read(module.solution, as_version=4), module.slug, edition, f"Module {module.slug}")
    return mark(path_cells.for_path(nb, edition), edition)


def mark(nb, edition: Edition):
    """Write the edition into the notebook's metadata and, in a translation, switch the kernel's messages to its
    language in the first code cell."""
    if edition.metadata:
        nb.metadata.setdefault("aitrain", {}).update(edition.metadata)
    if edition.translated:
        first = next(c for c in nb.cells if c.cell_type == "code" and "nbgrader" not in c.metadata
                     and "parameters" not in c.metadata.get("tags", []))
        first.source = LANGUAGE_LINE.format(language=edition.language) + first.source
    return nb
