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

With `--lang ru` the guide is in that language: the module's texts from its catalogue (po/ru/<module>.po), the
trainer notes, model answers and words for the room from po/ru/guide/<module>.po (aitrain.base.trainer_texts); a
text not translated yet is shown in English under a note saying so.
"""

import re
from functools import cache
from pathlib import Path

import nbformat

from aitrain.base import catalogue, path_cells, trainer_texts
from aitrain.base.catalogue import Module
from aitrain.base.data_files import glossary
from aitrain.base.edition import CODED, POLICY, SOURCE, Edition
from aitrain.base.nbgrader_stages import INSTRUCTOR_TAG, decision_names
from aitrain.base.pages import Markup, render
from aitrain.base.trainer_texts import edition_answer
from aitrain.errors import AitrainError
from aitrain.i18n import N_, _
from aitrain.tooling import catalogues, guide_text, syllabus, translated
from aitrain.tooling.notebook_text import MissingTranslation, is_model_answer

NOTES_HEADING = N_("## Trainer notes")


def notebook(module: Module, edition: Edition = SOURCE):
    """The module's solution notebook with its texts in the edition's language: the participants' from the
    module's catalogue, the trainer's from its guide catalogue (a text not translated yet stays English, marked).
    Read once per file version (the guide asks for each module's several times); callers do not change it."""
    files = (module.solution, catalogues.notebook_catalogue(edition.language, module.slug),
             catalogues.guide_catalogue(edition.language, module.slug))
    return _notebook(module, edition, tuple(f.stat().st_mtime_ns if f.is_file() else 0 for f in files))


@cache
def _notebook(module: Module, edition: Edition, versions: tuple):
    nb = nbformat.read(module.solution, as_version=4)
    if not edition.translated:
        return nb
    nb = translated.translate(nb, module.slug, Edition(language=edition.language), f"Module {module.slug}")

    def lookup(segment) -> str:
        found = trainer_texts.translation(edition, module.slug, segment.context, segment.text)
        if found is None:
            raise MissingTranslation(segment)
        return found

    return guide_text.translate(nb, lookup, lambda segment: trainer_texts.marked_english(segment.text, edition,
                                                                                          segment.kind))


def trainer_notes(module: Module, path: str | None = None, edition: Edition = SOURCE) -> str:
    """The module's trainer notes (markdown, without their heading), or "" when it has none; with a path, only the
    notes tagged for that path (None: the notes of every path); in the edition's language."""
    with edition.speaking():
        headings = (NOTES_HEADING, _(NOTES_HEADING))
    nb = notebook(module, edition)
    notes = [c.source.strip() for c in nb.cells
             if c.cell_type == "markdown" and INSTRUCTOR_TAG in c.metadata.get("tags", [])
             and c.source.lstrip().startswith(headings)
             and (path is None or path in c.metadata.get("tags", []))]
    return "\n\n".join(n.split("\n", 1)[1].strip() if "\n" in n else "" for n in notes)


def model_answers(module: Module, edition: Edition = SOURCE) -> list[tuple[str, str]]:
    """(title, model answer) of each written reflection of the module, in the edition's language."""
    found, title = [], ""
    for cell in notebook(module, edition).cells:
        if cell.cell_type == "markdown" and _heading(cell):
            title = _heading(cell)
        if is_model_answer(cell) and trainer_texts.model_answer(cell.source):
            found.append((title, trainer_texts.model_answer(cell.source)))
    return found


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


NOT_SHOWN = (N_("How the exercises work"), N_("Key points"), N_("Going further"), N_("References"))  # not projected


def _takeaway(cell, leads=("**Takeaway",)) -> str:
    lead = next(lead for lead in leads if lead in cell.source)
    return " ".join(cell.source.split(lead, 1)[1].split()).lstrip(":*. ")


def room_plan(module: Module, edition: Edition = SOURCE) -> list[dict]:
    """The policy path of the module, in order: each decision (and each written reflection) with the sections to
    show before it and the takeaways that show what it means after it. Read from the source notebook's cells on
    the policy path (in the edition's language)."""
    nb = notebook(module, edition)
    with edition.speaking():
        not_shown = NOT_SHOWN + tuple(_(section) for section in NOT_SHOWN)
        takeaway = ("**Takeaway", "**" + _("Takeaway"))
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
                if not heading.startswith(not_shown):
                    show.append({"section": heading, "takeaways": []})
            elif any(t in cell.source for t in takeaway):
                if show:
                    show[-1]["takeaways"].append(_takeaway(cell, takeaway))
                elif plan:
                    plan[-1]["after"].append(_takeaway(cell, takeaway))
            elif question:
                question.append(cell)
            continue
        if not meta.get("solution"):
            continue
        words = " ".join(" ".join(c.source.strip().split("\n", 1)[1].split()) if c is question[0]
                         else " ".join(c.source.split()) for c in question if c.source.strip())
        step = {"show": show, "title": _heading(question[0]) if question else _label(module, cells, i, edition),
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


def _label(module: Module, cells: list, at: int, edition: Edition = SOURCE) -> str:
    """The exercise's label ("Exercise 2 (the metrics)") from the check cell after a solution without a heading."""
    import importlib

    check = next((c for c in cells[at + 1:] if c.metadata.get("nbgrader", {}).get("grade")), None)
    call = re.search(r"\bex\.(\w+)\.check\(", check.source) if check is not None else None
    exercises = importlib.import_module(f"aitrain.exercises.{module.slug.split('-', 1)[1].replace('-', '_')}")
    exercise = getattr(exercises, call.group(1), None) if call else None
    if exercise is None:
        return cells[at].metadata["nbgrader"]["grade_id"]
    with edition.speaking():
        return exercise.label


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!", ":")) else text + "."


def _parts(module: Module, edition: Edition, path: str | None = None) -> dict[str, str]:
    """The notes' paragraphs by their English bold lead, with the text in the edition's language (the English
    where the translation has not the same paragraphs)."""
    english = note_parts(trainer_notes(module, path))
    shown = note_parts(trainer_notes(module, path, edition)) if edition.translated else english
    if len(shown) != len(english):
        return english
    return dict(zip(english, shown.values(), strict=True))


def policy_markdown(modules: list[Module], edition: Edition = SOURCE) -> tuple[str, list[str]]:
    """The guide of the policy path for the modules that have one, and the ids of those without one; in the
    edition's language."""
    with edition.speaking():
        return _policy_markdown(modules, edition)


def _policy_markdown(modules: list[Module], edition: Edition) -> tuple[str, list[str]]:
    lines = ["# " + _("aitrain trainer guide: the policy path"), "",
             _("Participants on the policy path write no code: they read what the notebook shows and decide. This "
               "guide, assembled by `aitrain guide --path policy` from the policy notebooks, says for each module "
               "what to show on the projector, when the room decides (with the model answer and what the check "
               "accepts), the discussion prompts and the rubric of the written reflections. Participants never "
               "see it."), "",
             "## " + _("Before the session"), "",
             "- " + _("Open the policy notebooks on the projector with `aitrain lab --path policy` (`--lang ru` for "
                      "the Russian ones); participants open the same with `aitrain lab --path policy`, or on the "
                      "classroom server a course made with `aitrain server init --path policy`."),
             "- " + _("Run each module's notebook once before the session (Run All): its charts are what the room "
                      "reads."),
             "- " + _("Grade with a course directory that knows who is on which path: `aitrain course init --path "
                      "policy` (or a `path` column in the roster)."), ""]
    without = [m.id for m in modules if not m.has_path(POLICY)]
    for m in (m for m in modules if m.has_path(POLICY)):
        on = translated.module(m, edition).on_path(POLICY)
        lines += [f"## {syllabus.module_title(on)}", "",
                  "*" + _("{minutes} minutes on the policy path: {teaching} reading and discussion, {exercises} "
                          "decisions. Participants' notebook `{notebook}`.").format(
                      minutes=on.minutes, teaching=on.teaching_minutes, exercises=on.exercise_minutes,
                      notebook=f"policy/{m.slug}/{m.notebook_name}") + "*", "", on.story, "",
                  "### " + _("On the projector, and when the room decides"), ""]
        for number, step in enumerate(room_plan(m, edition), start=1):
            for shown in step["show"]:
                takeaway = (" " + _("Takeaway: {text}").format(text=" ".join(shown["takeaways"]))
                            if shown["takeaways"] else "")
                lines.append("- **" + _("Show") + f"** {_sentence(shown['section'])}{takeaway}")
            points = (" " + _("({points} points)").format(points=f"{step['points']:g}")
                      if step["points"] is not None else "")
            who = _("The room decides") if step["kind"] != "reflection" else _("Each writes")
            lines += ["", f"{number}. **{who}: {step['title']}**{points}. {step['question']}", ""]
            if step["kind"] != "reflection":
                lines += ["   - " + _("They write:") + " " + "; ".join(f"`{x.strip()}`" for x in step["write"]),
                          "   - " + _("Model answer:") + " " + "; ".join(f"`{edition_answer(x.strip(), edition)}`"
                                                                     for x in step["answer"])]
                if step["trainer"]:
                    lines.append("   - " + _("For the room:") + f" {step['trainer']}")
                lines.append("   - " + _("Accepted (the check's hidden tests):") + " "
                             + ("; ".join(f"`{x}`" for x in step["accepted"]) or _("no hidden test")))
            lines += ["   - " + _("Then show what it means:") + f" {' '.join(step['after'])}"] if step["after"] else []
            lines.append("")
        own = trainer_notes(m, POLICY, edition)
        shared = _parts(m, edition)
        rubrics = [text for lead, text in shared.items() if lead.startswith("Rubric")]
        prompts = [text for lead, text in shared.items() if lead.startswith("Discussion")]
        lines += ["### " + _("Discussion prompts and the rubric"), ""] + prompts + [""] + rubrics + [""]
        if own:
            lines += ["### " + _("Trainer notes for the policy path"), "", _demote(own, 1), ""]
    return "\n".join(lines) + "\n", without


def _demote(markdown: str, levels: int) -> str:
    return re.sub(r"^(#{1,6})(?= )", lambda m: "#" * min(6, len(m.group(1)) + levels), markdown, flags=re.M)


def to_markdown(modules: list[Module], edition: Edition = SOURCE) -> tuple[str, list[str]]:
    """The guide as Markdown, and the ids of modules without trainer notes; in the edition's language."""
    with edition.speaking():
        return _to_markdown(modules, edition)


def _to_markdown(modules: list[Module], edition: Edition) -> tuple[str, list[str]]:
    tracks = syllabus.tracks()
    lines = ["# " + _("aitrain trainer guide"), "",
             _("Everything a trainer needs to run the course, assembled by `aitrain guide` from the trainer notes in "
               "the solution notebooks. Participants never see these notes: `aitrain release` removes them."), "",
             "## " + _("Before the session"), "",
             "- " + _("On each laptop (or the server), run `aitrain doctor` and fix what it reports."),
             "- " + _("Print the schedule: `aitrain syllabus --track 2-day-policy` (or `5-day-programme`, "
                      "`5-day-technical`, `full`) writes a printable page."),
             "- " + _("Participants start with `aitrain lab`, which opens JupyterLab offline on `modules/`; "
                      "the `WELCOME` notebook explains how exercises, hints and submission work."),
             "- " + _("Trainers open their course directory (made by `aitrain course init`) with "
                      "`aitrain lab --course DIR`."), "",
             "## " + _("Modules at a glance"), "",
             "| " + " | ".join((_("module"), _("minutes"), _("tracks"), _("data sets"))) + " |", "|---|---:|---|---|"]
    shown = {m.id: translated.module(m, edition) for m in modules}
    for m in modules:
        in_tracks = [_(t.title) for t in tracks.values() if m in syllabus.select(t, modules)[0]]
        lines.append(f"| {m.id} · {shown[m.id].title} | {m.minutes} ({m.teaching_minutes} + {m.exercise_minutes}) | "
                     f"{', '.join(in_tracks)} | {', '.join(m.datasets)} |")
    lines.append("")
    without = []
    for m in modules:
        notes = trainer_notes(m, edition=edition)
        if not notes:
            without.append(m.id)
        lines += [f"## {syllabus.module_title(shown[m.id])}", "",
                  "*" + _("{minutes} minutes: {teaching} teaching, {exercises} exercises. Notebook `{notebook}`.")
                  .format(minutes=m.minutes, teaching=m.teaching_minutes, exercises=m.exercise_minutes,
                          notebook=f"{m.slug}/{m.notebook_name}") + "*", "", shown[m.id].story, "",
                  "**" + _("Objectives.") + "**", ""]
        lines += [f"- {o}" for o in shown[m.id].objectives] + [""]
        lines += ["### " + _("Trainer notes"), "",
                  _demote(notes, 1) if notes else "*" + _("This module has no trainer notes yet.") + "*", ""]
        answers = model_answers(m, edition)
        if answers:
            lines += ["### " + _("Model answers of the written reflections"), ""]
            for title, answer in answers:
                lines += [f"**{title}**", "", answer, ""]
    lines += ["## " + _("Glossary for participants"), "",
              _("Plain-language definitions of the words participants meet in the course (also in their WELCOME "
                "notebook)."), ""]
    lines += [f"- **{term}**: {definition}" for term, definition in glossary(edition)]
    return "\n".join(lines) + "\n", without


def to_html(markdown: str, edition: Edition = SOURCE) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    with edition.speaking():
        title = _("aitrain trainer guide")
    return render("guide.html.j2", title=title, body=Markup(markdown2html_mistune(markdown)), lang=edition.language)


def write(output: Path, path: str = CODED, names: list[str] | None = None,
          language: str = SOURCE.language) -> tuple[Path, Path, list[str]]:
    """Write the guide of a path in a language (trainer-guide.md and .html; trainer-guide-policy.md,
    trainer-guide-ru.md, ...) for the modules named (all when none) into `output`; also return the modules lacking
    notes (on the policy path: a policy notebook)."""
    edition = Edition(language=language, path=path)  # a clear error for an unknown path or language
    modules = catalogue.find_modules(names)
    if path == POLICY:
        markdown, without = policy_markdown(modules, edition)
        if names and without:
            raise AitrainError(f"Module {', '.join(without)} has no policy path yet.",
                               "Leave it out; 'aitrain guide --path policy' covers every module that has one.")
    else:
        markdown, without = to_markdown(modules, edition)
    output.mkdir(parents=True, exist_ok=True)
    suffix = "".join(f"-{part}" for part, usual in ((path, CODED), (language, SOURCE.language)) if part != usual)
    md_path, html_path = output / f"trainer-guide{suffix}.md", output / f"trainer-guide{suffix}.html"
    md_path.write_text(markdown, encoding="utf-8")
    html_path.write_text(to_html(markdown, edition), encoding="utf-8")
    return md_path, html_path, without
