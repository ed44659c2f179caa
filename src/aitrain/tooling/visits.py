"""One-page companion sheets for study visits: questions to ask the host, each sheet tied to a module.

A sheet is Markdown in docs/visits/<name>.md, its Russian edition in docs/visits/ru/<name>.md; the file names
are stable, so a schedule can link them (`sheet_path`). `write` makes printable HTML pages with the course's
page shell, as the syllabus and the trainer guide do.
"""

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from aitrain import paths
from aitrain.base.edition import SOURCE, Edition
from aitrain.base.pages import Markup, render
from aitrain.errors import AitrainError


@dataclass(frozen=True)
class Visit:
    name: str  # the sheet's file name, without .md
    module: str  # the id of the module the visit accompanies
    host: str  # who is visited, in English


VISITS = {v.name: v for v in (
    Visit("drone-company", "11", "a drone company"),
    Visit("smart-building-lab", "10", "a smart-building lab"),
    Visit("payments-company", "08", "a payments company"),
    Visit("digital-skills-academy", "01", "a digital-skills academy"),
)}


def folder() -> Path:
    """docs/visits/ of the course in use; the sheets travel with the clone and the trainer's kit, not the wheel."""
    return paths.home() / "docs" / "visits"


def for_module(module_id: str) -> list[Visit]:
    """The visits that accompany a module (a schedule shows them beside it)."""
    return [v for v in VISITS.values() if v.module == module_id]


def sheet_path(name: str, edition: Edition = SOURCE) -> Path:
    """The Markdown sheet of the visit `name` in the edition's language."""
    if name not in VISITS:
        raise AitrainError(f"There is no visit sheet called {name!r}.", f"Choose one of: {', '.join(VISITS)}.")
    path = folder() / (f"{edition.language}/{name}.md" if edition.translated else f"{name}.md")
    if not path.is_file():
        raise AitrainError(f"The visit sheet {path} is missing.",
                           "Visit sheets are in the course's clone (docs/visits/, in English and Russian); run this "
                           "command there.")
    return path


def to_html(markdown: str, edition: Edition = SOURCE) -> str:
    """A printable page of one sheet, titled by its first heading."""
    import mistune

    heading = re.search(r"^# (.+)$", markdown, flags=re.M)
    return render("guide.html.j2", title=heading.group(1) if heading else "aitrain visit",
                  body=Markup(mistune.html(markdown)), lang=edition.language)


def write(output: Path, edition: Edition = SOURCE, names: list[str] | None = None) -> list[Path]:
    """Copy the chosen sheets (all when none) into `output` as <name>.md and <name>.html; return the pages."""
    sources = [(name, sheet_path(name, edition)) for name in (names or list(VISITS))]
    output.mkdir(parents=True, exist_ok=True)
    pages = []
    for name, source in sources:
        shutil.copyfile(source, output / f"{name}.md")
        page = output / f"{name}.html"
        page.write_text(to_html(source.read_text(encoding="utf-8"), edition), encoding="utf-8")
        pages.append(page)
    return pages
