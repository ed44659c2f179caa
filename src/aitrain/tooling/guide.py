"""The trainer guide: every module's trainer notes in one document, with the participants' glossary.

Trainer notes are the markdown cells tagged `instructor` that start with "## Trainer notes" in the solution
notebooks (timing, common mistakes, discussion prompts, the rubric). The glossary is src/aitrain/data/glossary.yaml
(aitrain.base.data_files).

On the policy path (`aitrain guide --path policy`) the guide is read from the notebook itself, so it follows each
module as its policy notebook lands: for each decision in order, what to show on the projector first (the
sections and their takeaways since the last decision), the question, what participants write, the model answer
and what the check accepts (its hidden tests; the decision cell's metadata "aitrain": {"trainer": "..."} may add
words for the room), then the reflections with their rubric and the discussion prompts. Trainer notes tagged
`policy` are that path's own and are shown in full; of the shared ones, the discussion prompts and rubrics.
"""

import re
from pathlib import Path

import nbformat

from aitrain.base import catalogue, path_cells
from aitrain.base.catalogue import Module
from aitrain.base.data_files import glossary
from aitrain.base.edition import CODED, POLICY, Edition
from aitrain.base.nbgrader_stages import INSTRUCTOR_TAG, decision_names
from aitrain.base.pages import Markup, render
from aitrain.errors import AitrainError
from aitrain.tooling import syllabus

NOTES_HEADING = "## Trainer notes"


def trainer_notes(module: Module, path: str | None = None) -> str:
    """The module's trainer notes (markdown, without their heading), or "" when it has none; with a path, only the
    notes tagged for that path (None: the notes of every path)."""
    nb = nbformat.read(module.solution, as_version=4)
    notes = [c.source.strip() for c in nb.cells
             if c.cell_type == "markdown" and INSTRUCTOR_TAG in c.metadata.get("tags", [])
             and c.source.lstrip().startswith(NOTES_HEADING)
             and (path is None or path in c.metadata.get("tags", []))]
    return "\n\n".join(n.split("\n", 1)[1].strip() if "\n" in n else "" for n in notes)


def note_parts(notes: str) -> dict[str, str]:
    """The notes' paragraphs by their bold lead ("Discussion prompts", "Rubric for the reflection (4 points)"),
    each with the lines that follow it up to the next bold lead."""
    parts: dict[str, str] = {}
    lead = None
    for block in re.split(r"\n\s*\n", notes):
        found = re.match(r"\*\*(.+?)\.?\*\*", block.strip())
        if found:
            lead = found.group(1).rstrip(".")
            parts[lead] = block.strip()
        elif lead:
            parts[lead] += "\n\n" + block.strip()
    return parts


HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def _heading(cell) -> str:
    first = cell.source.strip().split("\n", 1)[0]
    return first.lstrip("#").replace("\u270f\ufe0f", "").strip() if first.startswith("#") else ""


def _first_paragraph(cell) -> str:
    body = cell.source.strip().split("\n", 1)[1] if "\n" in cell.source.strip() else ""
    return " ".join(body.strip().split("\n\n", 1)[0].split())


NOT_SHOWN = ("How the exercises work", "Key points", "Going further", "References")  # sections, not to project


def _takeaway(cell) -> str:
    return " ".join(cell.source.split("**Takeaway", 1)[1].split()).lstrip(":*. ")


def room_plan(module: Module) -> list[dict]:
    """The policy path of the module, in order: each decision (and each written reflection) with the sections to
    show before it and the takeaways that show what it means after it. Read from the source notebook's cells on
    the policy path."""
    nb = nbformat.read(module.solution, as_version=4)
    cells = [c for c in nb.cells if path_cells.on(c, Edition(path=POLICY))
             and INSTRUCTOR_TAG not in c.metadata.get("tags", [])]
    plan: list[dict] = []
    show: list[dict] = []
    question: list = []  # the markdown cells that ask the next decision
    for i, cell in enumerate(cells):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and not meta.get("solution"):
            heading = _heading(cell)
            if "\u270f" in cell.source.split("\n", 1)[0]:
                question = [cell]
            elif heading and cell.source.startswith("## "):
                question = []
                if not heading.startswith(NOT_SHOWN):
                    show.append({"section": heading, "takeaways": []})
            elif "**Takeaway" in cell.source:
                if show:
                    show[-1]["takeaways"].append(_takeaway(cell))
                elif plan:
                    plan[-1]["after"].append(_takeaway(cell))
            elif question:
                question.append(cell)
            continue
        if not meta.get("solution"):
            continue
        words = " ".join(" ".join(c.source.strip().split("\n", 1)[1].split()) if c is question[0]
                         else " ".join(c.source.split()) for c in question if c.source.strip())
        step = {"show": show, "title": _heading(question[0]) if question else _label(module, cells, i),
                "question": words, "points": None, "accepted": [], "after": [],
                "trainer": cell.metadata.get("aitrain", {}).get("trainer", "")}
        show, question = [], []
        if cell.cell_type == "markdown":
            step.update(kind="reflection", points=meta.get("points"))
        else:
            lines = cell.source.split("\n")
            begin = next(j for j, line in enumerate(lines) if "### BEGIN SOLUTION" in line)
            end = next(j for j, line in enumerate(lines) if "### END SOLUTION" in line)
            check = next((c for c in cells[i + 1:] if c.metadata.get("nbgrader", {}).get("grade")), None)
            hidden = HIDDEN.search(check.source) if check is not None else None
            step.update(kind="decision" if decision_names(cell, "### BEGIN SOLUTION", "### END SOLUTION") else "code",
                        write=[x for x in lines[:begin] if x.strip()], answer=[x for x in lines[begin + 1:end]
                                                                             if x.strip()],
                        points=check.metadata["nbgrader"].get("points") if check is not None else None,
                        accepted=[x.strip() for x in hidden.group(1).split("\n")
                                  if x.strip().startswith("assert")] if hidden else [])
        plan.append(step)
    return plan


def _label(module: Module, cells: list, at: int) -> str:
    """The exercise's label ("Exercise 2 (the metrics)") from the check cell after a solution without a heading."""
    import importlib

    check = next((c for c in cells[at + 1:] if c.metadata.get("nbgrader", {}).get("grade")), None)
    call = re.search(r"\bex\.(\w+)\.check\(", check.source) if check is not None else None
    exercises = importlib.import_module(f"aitrain.exercises.{module.slug.split('-', 1)[1].replace('-', '_')}")
    exercise = getattr(exercises, call.group(1), None) if call else None
    return exercise.label if exercise is not None else cells[at].metadata["nbgrader"]["grade_id"]


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!", ":")) else text + "."


def policy_markdown(modules: list[Module]) -> tuple[str, list[str]]:
    """The guide of the policy path for the modules that have one, and the ids of those without one."""
    lines = ["# aitrain trainer guide: the policy path", "",
             "Participants on the policy path write no code: they read what the notebook shows and decide. This "
             "guide, assembled by `aitrain guide --path policy` from the policy notebooks, says for each module what "
             "to show on the projector, when the room decides (with the model answer and what the check accepts), "
             "the discussion prompts and the rubric of the written reflections. Participants never see it.", "",
             "## Before the session", "",
             "- Open the policy notebooks on the projector with `aitrain lab --path policy` (`--lang ru` for the "
             "Russian ones); participants open the same with `aitrain lab --path policy`, or on the classroom "
             "server a course made with `aitrain server init --path policy`.",
             "- Run each module's notebook once before the session (Run All): its charts are what the room reads.",
             "- Grade with a course directory that knows who is on which path: `aitrain course init --path policy` "
             "(or a `path` column in the roster).", ""]
    without = [m.id for m in modules if not m.has_path(POLICY)]
    for m in (m for m in modules if m.has_path(POLICY)):
        on = m.on_path(POLICY)
        lines += [f"## {syllabus.module_title(on)}", "",
                  f"*{on.minutes} minutes on the policy path: {on.teaching_minutes} reading and discussion, "
                  f"{on.exercise_minutes} decisions. Participants' notebook "
                  f"`policy/{m.slug}/{m.notebook_name}`.*", "", m.story, "",
                  "### On the projector, and when the room decides", ""]
        for number, step in enumerate(room_plan(m), start=1):
            for shown in step["show"]:
                takeaway = f" Takeaway: {' '.join(shown['takeaways'])}" if shown["takeaways"] else ""
                lines.append(f"- **Show** {_sentence(shown['section'])}{takeaway}")
            points = f" ({step['points']:g} points)" if step["points"] is not None else ""
            lines += ["", f"{number}. **{'The room decides' if step['kind'] != 'reflection' else 'Each writes'}: "
                          f"{step['title']}**{points}. {step['question']}", ""]
            if step["kind"] != "reflection":
                lines += ["   - They write: " + "; ".join(f"`{x.strip()}`" for x in step["write"]),
                          "   - Model answer: " + "; ".join(f"`{x.strip()}`" for x in step["answer"])]
                if step["trainer"]:
                    lines.append(f"   - For the room: {step['trainer']}")
                lines.append("   - Accepted (the check's hidden tests): "
                             + ("; ".join(f"`{x}`" for x in step["accepted"]) or "no hidden test"))
            lines += [f"   - Then show what it means: {' '.join(step['after'])}"] if step["after"] else []
            lines.append("")
        own = trainer_notes(m, POLICY)
        shared = note_parts(trainer_notes(m))
        rubrics = [text for lead, text in shared.items() if lead.startswith("Rubric")]
        prompts = [text for lead, text in shared.items() if lead.startswith("Discussion")]
        lines += ["### Discussion prompts and the rubric", ""] + prompts + [""] + rubrics + [""]
        if own:
            lines += ["### Trainer notes for the policy path", "", _demote(own, 1), ""]
    return "\n".join(lines) + "\n", without


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
             "- Print the schedule: `aitrain syllabus --track 2-day-policy` (or `5-day-programme`, `5-day-technical`, "
             "`full`) writes a printable page.",
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


def write(output: Path, path: str = CODED, names: list[str] | None = None) -> tuple[Path, Path, list[str]]:
    """Write the guide of a path (trainer-guide.md and .html; trainer-guide-policy.md and .html) for the modules
    named (all when none) into `output`; also return the modules lacking notes (on the policy path: a policy
    notebook)."""
    Edition(path=path)  # a clear error for an unknown path
    modules = catalogue.find_modules(names)
    if path == POLICY:
        markdown, without = policy_markdown(modules)
        if names and without:
            raise AitrainError(f"Module {', '.join(without)} has no policy path yet.",
                               "Leave it out; 'aitrain guide --path policy' covers every module that has one.")
    else:
        markdown, without = to_markdown(modules)
    output.mkdir(parents=True, exist_ok=True)
    suffix = "" if path == CODED else f"-{path}"
    md_path, html_path = output / f"trainer-guide{suffix}.md", output / f"trainer-guide{suffix}.html"
    md_path.write_text(markdown, encoding="utf-8")
    html_path.write_text(to_html(markdown), encoding="utf-8")
    return md_path, html_path, without

