"""`aitrain translate`: keep a translation's catalogues in step with the English, and list what needs work.

solutions/ stays the single, English source. For each language:

- po/<language>/<module>.po and po/<language>/WELCOME.po hold the notebooks' texts, keyed by cell id;
- po/<language>/guide/<module>.po the trainer's texts of a module (notes, model answers) for `aitrain guide --lang`;
- src/aitrain/locale/<language>/templates_<page>.po the words of the HTML pages (feedback, cohort report);
- src/aitrain/locale/<language>/*.po hold the messages of the feedback, the checks and the error explanations;
- solutions/<language>/<module>/ is the translated solution notebook (for grading; made, never edited) and
  modules/<language>/<module>/ the participants' notebook made from it by nbgrader, as for English: both are
  written by `aitrain release --lang <language>` (aitrain.tooling.release, with aitrain.tooling.translated).
"""

from pathlib import Path

import nbformat
import polib

from aitrain import paths
from aitrain.base.catalogue import all_modules, programme_notebooks
from aitrain.base.edition import Edition, translations
from aitrain.errors import AitrainError
from aitrain.tooling import catalogues, guide_text
from aitrain.tooling import welcome_notebook as welcome


def language_of(edition: Edition) -> str:
    """The language of a translated edition's catalogues; AitrainError for the English, which has none."""
    if not edition.translated:
        raise AitrainError(f"The course is written in {edition.label}: it has no catalogues to translate into.",
                           f"Choose a translation with --lang: {', '.join(e.language for e in translations())}.")
    return edition.language


def notebook_templates() -> dict[str, polib.POFile]:
    """The English texts of every notebook, by catalogue name (module folder, or WELCOME)."""
    templates = {m.slug: catalogues.notebook_template(nbformat.read(m.solution, as_version=4), m.slug)
                 for m in all_modules() + programme_notebooks()}
    templates[catalogues.WELCOME] = catalogues.notebook_template(welcome.static_notebook(), catalogues.WELCOME)
    return templates


def guide_templates(language: str) -> dict[Path, polib.POFile]:
    """The catalogues of the trainer texts (po/<language>/guide/), with the English of each module's trainer notes,
    model answers and words for the room (the programme's notebooks too: `aitrain mark capstone` shows them)."""
    return {catalogues.guide_catalogue(language, m.slug): catalogues.notebook_template(
        nbformat.read(m.solution, as_version=4), m.slug, guide_text.segments)
            for m in all_modules() + programme_notebooks()}


def all_templates(language: str) -> dict[Path, polib.POFile]:
    """Every catalogue of the language (notebooks, trainer guide and messages) with the English it must
    translate."""
    found = {catalogues.notebook_catalogue(language, name): pot for name, pot in notebook_templates().items()}
    found.update(guide_templates(language))
    for name in catalogues.DATA_TEXTS:
        found[catalogues.data_catalogue(language, name)] = catalogues.data_template(name)
    for source in catalogues.template_sources():
        found[catalogues.template_catalogue(language, source)] = catalogues.template_template(source)
    if catalogues.data_at_hand():  # a course folder without datasets/ leaves the values' names as they are
        found[catalogues.values_catalogue(language)] = catalogues.values_template()
    for source in catalogues.python_sources():
        pot = catalogues.python_template(source)
        if len(pot):
            found[catalogues.message_catalogue(language, source)] = pot
    return found


def update(edition: Edition) -> list[Path]:
    """Bring every catalogue of the edition's language in step with the English; return the files that changed."""
    language = language_of(edition)
    paths.require_clone("aitrain translate")
    changed = []
    for path, pot in all_templates(language).items():
        if catalogues.save(catalogues.merge(pot, path, language), path):
            changed.append(path)
    return changed


def problems(edition: Edition) -> list[catalogues.Problem]:
    """Every fuzzy, missing or broken entry of the edition's catalogues, naming its cell or message."""
    language = language_of(edition)
    found = []
    for path, pot in all_templates(language).items():
        found += catalogues.check(pot, path, language)
    return found
