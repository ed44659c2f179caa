"""How long a module takes a first-time coder reading in a second language, estimated from the notebook.

The estimate counts what a participant meets in the participant notebook (instructor cells and the optional
"Going further" and "References" sections left out) and prices each item for a newcomer:

| item | minutes | why |
|---|---|---|
| words of explanation (markdown) | 1 per 75 words | technical English in a second language, with the trainer's |
|   |   | explanation: about a third of a native reader's 200-250 words a minute |
| code cell to read, run and look at | 2 each | reading the code, running it, reading the table or plot |
| line of code in those cells | 0.3 each | a newcomer reads code line by line (not the guards |
|   |   | `ex.<name>.needed()`, which only stop a cell whose exercise is unfinished) |
| autograded exercise | 14 each | read the task, write 1-5 lines, read the feedback, try again (the |
|   |   | Carpentries give about 3 hours to pandas basics) |
| written reflection | 12 each | writing a paragraph in a second language |

teaching = words / 75 + 2 x code cells + 0.3 x code lines; exercises = 14 x exercises + 12 x reflections;
each rounded up to 5 minutes. The modules' metadata minutes must be at least this estimate
(tests/test_catalogue.py), so the syllabus, which is computed from them, follows.

The policy path (aitrain.base.path_cells) counts its own cells, priced for an official who does not code:

| item | minutes | why |
|---|---|---|
| words of explanation | 1 per 75 words | as above |
| collapsed code cell, run and its output read | 1.5 each | no code to read: run it, read the table, figure or |
|   |   | sentence it shows (the words around it are counted above) |
| decision (a one-line value) | 8 each | read the figure or table it rests on, choose, run the check, read |
|   |   | the feedback and perhaps choose again |
| written reflection | 12 each | as above |

teaching = words / 75 + 1.5 x code cells; exercises = 8 x decisions + 12 x reflections; rounded up to 5 minutes,
against the metadata's "policy": {"minutes": ...}.
"""

import math
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from aitrain.base import path_cells
from aitrain.base.edition import CODED, Edition

WORDS_PER_MINUTE = 75
CODE_CELL_MINUTES = 2.0
CODE_LINE_MINUTES = 0.3
EXERCISE_MINUTES = 14
REFLECTION_MINUTES = 12
RUN_CELL_MINUTES = 1.5  # policy path: a collapsed cell, run and its output read
DECISION_MINUTES = 8  # policy path: a decision
OPTIONAL_SECTIONS = ("## Going further", "## References")


@dataclass(frozen=True)
class Counts:
    words: int
    code_cells: int
    code_lines: int
    exercises: int
    reflections: int


@dataclass(frozen=True)
class Estimate:
    counts: Counts
    teaching: int
    exercises: int

    @property
    def minutes(self) -> int:
        return self.teaching + self.exercises


def _up_to_five(minutes: float) -> int:
    return 5 * math.ceil(minutes / 5)


GUARD = re.compile(r"^ex\.\w+\.needed\(\)")  # "finish Exercise N first": run, not read


def _is_read(line: str) -> bool:
    """A line of code a participant reads: not blank, not a comment, not an exercise guard."""
    text = line.strip()
    return bool(text) and not text.startswith("#") and not GUARD.match(text)


def count(notebook: Path, path: str = CODED) -> Counts:
    """What a participant on the path reads, runs and writes in the module's notebook (on the policy path no line
    of code is read: exercises are decisions)."""
    words = code_cells = code_lines = exercises = reflections = 0
    edition = Edition(path=path)
    for cell in nbformat.read(notebook, as_version=4).cells:
        source, grader = cell.source, cell.metadata.get("nbgrader", {})
        if "instructor" in cell.metadata.get("tags", []) or not path_cells.on(cell, edition):
            continue
        if cell.cell_type == "markdown" and source.lstrip().startswith(OPTIONAL_SECTIONS):
            break  # the optional reading at the end is not timed
        if cell.cell_type == "markdown":
            if grader.get("solution") and grader.get("grade"):
                reflections += 1
            else:
                words += len(re.findall(r"[A-Za-z0-9']+", source))
        elif grader.get("solution"):
            exercises += 1
        elif not grader.get("grade"):  # test cells are run, not read
            code_cells += 1
            code_lines += 0 if edition.policy else sum(1 for line in source.splitlines() if _is_read(line))
    return Counts(words, code_cells, code_lines, exercises, reflections)


def estimate(notebook: Path, path: str = CODED) -> Estimate:
    """The module's teaching and exercise minutes on the path: for a first-time coder reading in a second language,
    or on the policy path for an official reading and deciding in a second language."""
    c = count(notebook, path)
    if Edition(path=path).policy:
        teaching = c.words / WORDS_PER_MINUTE + RUN_CELL_MINUTES * c.code_cells
        exercises = DECISION_MINUTES * c.exercises + REFLECTION_MINUTES * c.reflections
    else:
        teaching = c.words / WORDS_PER_MINUTE + CODE_CELL_MINUTES * c.code_cells + CODE_LINE_MINUTES * c.code_lines
        exercises = EXERCISE_MINUTES * c.exercises + REFLECTION_MINUTES * c.reflections
    return Estimate(c, _up_to_five(teaching), _up_to_five(exercises))
