"""Translated editions of the course: `aitrain translate` keeps the catalogues in step with the English,
`aitrain release --lang ru` builds the notebooks from them.

solutions/ stays the single, English source. For each language:

- po/<language>/<module>.po and po/<language>/WELCOME.po hold the notebooks' texts, keyed by cell id;
- src/aitrain/locale/<language>/*.po hold the messages of the feedback, the checks and the error explanations;
- solutions/<language>/<module>/ is the translated solution notebook (for grading; made, never edited) and
  modules/<language>/<module>/ the participants' notebook made from it by nbgrader, as for English.

A translated notebook carries its language in its metadata and switches the kernel's messages to it in its
first code cell (aitrain.i18n).
"""

import tempfile
from dataclasses import replace
from pathlib import Path

import nbformat
import polib

from aitrain import i18n, paths
from aitrain.base.catalogue import Module, all_modules
from aitrain.errors import AitrainError
from aitrain.tooling import catalogues, notebook_text
from aitrain.tooling import welcome_notebook as welcome

LANGUAGE_LINE = 'from aitrain.i18n import use_language\n\nuse_language("{language}")\n\n'


def check_language(language: str) -> str:
    if language == "en" or language not in i18n.LANGUAGES:
        others = ", ".join(code for code in i18n.LANGUAGES if code != "en")
        raise AitrainError(f"There is no translation into {language!r}; the course is translated into: {others}.",
                           "English is the source: leave out --lang for it.")
    return language


def solutions_dir(language: str) -> Path:
    return paths.solutions_dir() / language


def modules_dir(language: str) -> Path:
    return paths.modules_dir() / language


def notebook_templates() -> dict[str, polib.POFile]:
    """The English texts of every notebook, by catalogue name (module folder, or WELCOME)."""
    templates = {m.slug: catalogues.notebook_template(nbformat.read(m.solution, as_version=4), m.slug)
                 for m in all_modules()}
    templates[catalogues.WELCOME] = catalogues.notebook_template(welcome.static_notebook(), catalogues.WELCOME)
    return templates


def all_templates(language: str) -> dict[Path, polib.POFile]:
    """Every catalogue of the language (notebooks and messages) with the English it must translate."""
    found = {catalogues.notebook_catalogue(language, name): pot for name, pot in notebook_templates().items()}
    for name in catalogues.DATA_TEXTS:
        found[catalogues.data_catalogue(language, name)] = catalogues.data_template(name)
    for source in catalogues.python_sources():
        pot = catalogues.python_template(source)
        if len(pot):
            found[catalogues.message_catalogue(language, source)] = pot
    return found


def update(language: str) -> list[Path]:
    """Bring every catalogue of the language in step with the English; return the files that changed."""
    paths.require_clone("aitrain translate")
    changed = []
    for path, pot in all_templates(check_language(language)).items():
        if catalogues.save(catalogues.merge(pot, path, language), path):
            changed.append(path)
    return changed


def problems(language: str) -> list[catalogues.Problem]:
    """Every fuzzy, missing or broken entry of the language's catalogues, naming its cell or message."""
    found = []
    for path, pot in all_templates(check_language(language)).items():
        found += catalogues.check(pot, path, language)
    return found


def _lookup(language: str, name: str):
    path = catalogues.notebook_catalogue(language, name)
    return catalogues.lookup_in(catalogues.read(path), str(path.relative_to(paths.home())))


def translated_module(module: Module, language: str) -> Module:
    """The module with its title, story, objectives, prerequisites and key points in `language`."""
    lookup = _lookup(language, module.slug)
    meta = {"title": module.title, "story": module.story, "objectives": list(module.objectives),
            "prerequisites": list(module.prerequisites), "key_points": list(module.key_points)}
    try:
        texts = {s.context.split(":", 1)[1]: s for s in notebook_text.metadata_segments(meta)}
        lists = {key: [lookup(s) for s in notebook_text.metadata_segments(meta) if s.context == f"metadata:{key}"]
                 for key in notebook_text.METADATA_LISTS}
        return replace(module, title=lookup(texts["title"]), story=lookup(texts["story"]),
                       **{key: tuple(value) for key, value in lists.items()})
    except notebook_text.MissingTranslation as exc:
        raise AitrainError(f"Module {module.slug} is not fully translated into {language}: {exc}.",
                           f"Translate it in po/{language}/{module.slug}.po.") from exc


def with_language_line(nb, language: str):
    """Mark the notebook's language in its metadata and switch the kernel's messages to it in the first code
    cell, so that feedback speaks the notebook's language wherever it runs."""
    nb.metadata.setdefault("aitrain", {})["language"] = language
    first = next(c for c in nb.cells if c.cell_type == "code" and "nbgrader" not in c.metadata
                 and "parameters" not in c.metadata.get("tags", []))
    first.source = LANGUAGE_LINE.format(language=language) + first.source
    return nb


def translated_solution(module: Module, language: str):
    """The module's solution notebook in `language`, or AitrainError naming the untranslated or broken cells."""
    nb = nbformat.read(module.solution, as_version=4)
    lookup = _lookup(language, module.slug)
    try:
        translated = notebook_text.translate(nb, lookup)
    except notebook_text.MissingTranslation as exc:
        raise AitrainError(f"Module {module.slug} is not fully translated into {language}: {exc}.",
                           f"Translate it in po/{language}/{module.slug}.po (run 'aitrain translate --lang "
                           f"{language}' first), or leave the module out.") from exc
    except notebook_text.BrokenTranslation as exc:
        raise AitrainError(f"Module {module.slug}, {language}: {exc}.",
                           f"Correct the entry in po/{language}/{module.slug}.po.") from exc
    return with_language_line(translated, language)


def _write_if_changed(text: str, target: Path, check: bool) -> bool:
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    if not check:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return True


def release(modules: list[Module], language: str, check: bool = False) -> list[str]:
    """Write solutions/<language>/ and modules/<language>/ for the modules (and the WELCOME notebook); with
    check, change nothing and return what differs."""
    from aitrain.tooling.release import generate, sync

    check_language(language)
    if not check:
        paths.require_clone("aitrain release")
    home, differences = paths.home(), []
    with tempfile.TemporaryDirectory(prefix=f"aitrain-release-{language}-") as tmp:
        for module in modules:
            solution = solutions_dir(language) / module.slug / module.notebook_name
            text = nbformat.writes(translated_solution(module, language)) + "\n"
            if _write_if_changed(text, solution, check):
                differences.append(str(solution.relative_to(home)))
            source = Path(tmp) / "solutions" / module.slug
            source.mkdir(parents=True)
            (source / module.notebook_name).write_text(text, encoding="utf-8")
            target = modules_dir(language) / module.slug
            changed = sync(generate(module, Path(tmp) / "course", source=source, language=language), target, check)
            differences += [str((target / f).relative_to(home)) for f in changed]
    return differences + welcome.release(check, language)
