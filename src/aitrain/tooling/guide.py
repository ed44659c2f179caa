"""The trainer guide: every module's trainer notes in one document, with the participants' glossary.

Trainer notes are the markdown cells tagged `instructor` that start with "## Trainer notes" in the solution
notebooks (timing, common mistakes, discussion prompts, the rubric). The glossary is src/aitrain/data/glossary.yaml
(aitrain.base.data_files).
"""

import re
from pathlib import Path

import nbformat

from aitrain.base import catalogue
from aitrain.base.catalogue import Module
from aitrain.base.data_files import glossary
from aitrain.base.nbgrader_stages import INSTRUCTOR_TAG
from aitrain.base.pages import Markup, render
from aitrain.tooling import syllabus

NOTES_HEADING = "## Trainer notes"


def trainer_notes(module: Module) -> str:
    """The module's trainer notes (markdown, without their heading), or "" when it has none."""
    nb = nbformat.read(module.solution, as_version=4)
    notes = [c.source.strip() for c in nb.cells
             if c.cell_type == "markdown" and INSTRUCTOR_TAG in c.metadata.get("tags", [])
             and c.source.lstrip().startswith(NOTES_HEADING)]
    return "\n\n".join(n.split("\n", 1)[1].strip() if "\n" in n else "" for n in notes)


def _demote(markdown: str, levels: int) -> str:
    return re.sub(r"^(#{1,6})(?= )", lambda m: "#" * min(6, len(m.group(1)) + levels), markdown, flags=re.M)


def to_markdown(modules: list[Module]) -> tuple[str, list[str]]:
    """The guide as Markdown, and the ids of modules without trainer notes."""
    tracks = syllabus.tracks()
    lines = ["# aitrain trainer guide", "",
             "Everything a trainer needs to run the course, assembled by `aitrain guide` from the trainer notes in "
             "the solution notebooks. Participants never see these notes: `aitrain release` removes them.", "",
             "## Before the session", "",
             "- On each laptop (or the server), run `aitrain doctor` and fix what it reports.",
             "- Print the schedule: `aitrain syllabus --track 2-day` (or `5-day`) writes a printable page.",
             "- Participants start with `aitrain lab`, which opens JupyterLab offline on `modules/`; "
             "the `WELCOME` notebook explains how exercises, hints and submission work.",
             "- Trainers open their course directory (made by `aitrain course init`) with "
             "`aitrain lab --course DIR`.", "",
             "## Modules at a glance", "", "| module | minutes | tracks | data sets |", "|---|---:|---|---|"]
    for m in modules:
        in_tracks = [t.title for t in tracks.values() if m in syllabus.select(t, modules)[0]]
        lines.append(f"| {m.id} · {m.title} | {m.minutes} ({m.teaching_minutes} + {m.exercise_minutes}) | "
                     f"{', '.join(in_tracks)} | {', '.join(m.datasets)} |")
    lines.append("")
    without = []
    for m in modules:
        notes = trainer_notes(m)
        if not notes:
            without.append(m.id)
        lines += [f"## {syllabus.module_title(m)}", "",
                  f"*{m.minutes} minutes: {m.teaching_minutes} teaching, {m.exercise_minutes} exercises. "
                  f"Notebook `{m.slug}/{m.notebook_name}`.*", "", m.story, "", "**Objectives.**", ""]
        lines += [f"- {o}" for o in m.objectives] + [""]
        lines += ["### Trainer notes", "",
                  _demote(notes, 1) if notes else "*This module has no trainer notes yet.*", ""]
    lines += ["## Glossary for participants", "",
              "Plain-language definitions of the words participants meet in the course (also in their WELCOME "
              "notebook).", ""]
    lines += [f"- **{term}**: {definition}" for term, definition in glossary()]
    return "\n".join(lines) + "\n", without


def to_html(markdown: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return render("guide.html.j2", title="aitrain trainer guide", body=Markup(markdown2html_mistune(markdown)))


def write(output: Path) -> tuple[Path, Path, list[str]]:
    """Write trainer-guide.md and trainer-guide.html into `output`; also return modules lacking notes."""
    markdown, without = to_markdown(catalogue.all_modules())
    output.mkdir(parents=True, exist_ok=True)
    md_path, html_path = output / "trainer-guide.md", output / "trainer-guide.html"
    md_path.write_text(markdown, encoding="utf-8")
    html_path.write_text(to_html(markdown), encoding="utf-8")
    return md_path, html_path, without

