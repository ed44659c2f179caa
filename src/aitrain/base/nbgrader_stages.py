"""The course's nbgrader settings and stages, shared by `aitrain release`, grading, the tests and trainers'
course directories.

grading/nbgrader_config.py and each course directory's nbgrader_config.py apply them for the plain `nbgrader` commands
(and the formgrader). The preprocessors of every stage are declared here, once, as lists:

- RELEASE (`aitrain release`, `nbgrader generate_assignment`): the instructor's cells and the other path's cells
  go, then nbgrader's own generate_assignment stage (solutions replaced by stubs, a policy decision by
  `name = ...`, hidden tests removed, cells locked, checksums).
- FEEDBACK (`nbgrader generate_feedback`, the formgrader's "generate feedback" button): nbgrader's own stage
  with the hidden tests removed from the test cells (ClearHiddenTests) and every error in a test cell shown
  as the course's friendly message only (HideTestDetails), as in `aitrain feedback`.
- Autograde (aitrain's own, sandboxed; grading/autograde.py runs them): SANITIZE before the sandbox, SCORE on
  every executed notebook (last, MakeInert: nothing a participant wrote runs in the formgrader), SAVE (the
  scores into the gradebook) only for a submission still graded.

configure() also makes nbgrader's HTML pages (the formgrader, generate_feedback) clean what they render
(participant_html.py).
"""

import os
import re
import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor, Preprocessor
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    ClearSolutions,
    ComputeChecksums,
    DeduplicateIds,
    GetGrades,
    IncludeHeaderFooter,
    InstantiateTests,
    LimitOutput,
    LockCells,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
    SaveCells,
)
from traitlets import Bool, List, Unicode
from traitlets.config import Config

from aitrain.base import path_cells
from aitrain.base.edition import CODED, PATHS, POLICY, SOURCE, Edition
from aitrain.base.participant_html import MakeInert
from aitrain.i18n import N_, _

INSTRUCTOR_TAG = "instructor"
CODE_STUB = N_("Your code here")
TEXT_STUB = N_("Write your answer here.")
DECISION_STUB = N_("Your choice: replace ... with a value")
PENCIL = "\u270f\ufe0f"


class RemoveInstructorContent(Preprocessor):
    """Drop cells tagged 'instructor' (trainer notes, checks of the module's figures) and the cells of the other
    path (aitrain.base.path_cells) from the release, and the cells' 'aitrain' metadata (the plausible wrong
    answers the tests try) and path tags."""

    enabled = Bool(True).tag(config=True)
    path = Unicode(CODED, help="The path through the course whose cells the release keeps, for a notebook whose "
                   "metadata names none.").tag(config=True)

    def preprocess(self, nb, resources):
        edition = Edition(path=notebook_path(nb, self.path))
        nb.cells = [c for c in nb.cells if INSTRUCTOR_TAG not in c.get("metadata", {}).get("tags", [])]
        nb = path_cells.for_path(nb, edition)
        for cell in nb.cells:
            cell.metadata.pop("aitrain", None)
        return nb, resources


def notebook_path(nb, default: str = CODED) -> str:
    """The path a notebook's metadata names ("aitrain": {"path": "policy"}, as an edition's solutions carry it),
    else `default`: a course directory grades both paths with one set of stages."""
    path = nb.metadata.get("aitrain", {}).get("path")
    return path if path in PATHS else default if default in PATHS else CODED


DECISION_LINE = re.compile(r"^([A-Za-z_]\w*)\s*=\s*\S")


VALUES_TAG = "values"


class ClearAnswers(ClearSolutions):
    """nbgrader's ClearSolutions, except on the policy path for a decision (a solution cell whose solution is one-line
    values, `budget_share = 0.3`): the participant sees `budget_share = ...` and replaces the dots. A cell tagged
    `values` (the programme's assessment, form and workbook, answerable on both paths) is cleared so on every path."""

    decisions = Bool(False, help="The policy path: solutions of one-line values are decisions.").tag(config=True)
    decision_stub = Unicode("").tag(config=True)  # the comment after each `name = ...`

    def preprocess(self, nb, resources):
        named = nb.metadata.get("aitrain", {}).get("path")
        before = self.decisions
        if named in PATHS:  # the notebook's metadata says its path
            self.decisions = named == POLICY
        try:
            return super().preprocess(nb, resources)
        finally:
            self.decisions = before

    def _replace_solution_region(self, cell, language: str) -> bool:
        names = decision_names(cell, self.begin_solution_delimeter, self.end_solution_delimeter) \
            if self.decisions or VALUES_TAG in cell.metadata.get("tags", []) else []
        if not names:
            return super()._replace_solution_region(cell, language)
        stub, self.code_stub = self.code_stub, {language: "\n".join(f"{name} = ...  {self.decision_stub}".rstrip()
                                                                    for name in names)}
        try:
            return super()._replace_solution_region(cell, language)
        finally:
            self.code_stub = stub


def decision_names(cell, begin: str, end: str) -> list[str]:
    """The names a decision cell sets, in order; [] for a cell whose solution is not one-line values."""
    if cell.cell_type != "code":
        return []
    lines = cell.source.split("\n")
    try:
        region = lines[next(i for i, line in enumerate(lines) if begin in line) + 1:
                       next(i for i, line in enumerate(lines) if end in line)]
    except StopIteration:
        return []
    matches = [DECISION_LINE.match(line) for line in region if line.strip()]
    return [m.group(1) for m in matches] if matches and all(matches) else []


ANSI = re.compile(r"\x1b\[[0-9;]*m")
FURTHER_CHECK = N_("A further check of this exercise did not pass yet. Re-read the question and try again.")


def friendly_message(cell) -> str:
    """What a test cell's check told the participant, without any test source or traceback."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return ANSI.sub("", out.get("evalue", "")) if out.get("ename") == "NotYet" else _(FURTHER_CHECK)
    for out in cell.get("outputs", []):
        text = out.get("data", {}).get("text/plain") or out.get("text", "")
        if "\u2713" in text or "Correct" in text:
            return ANSI.sub("", text).strip()
    return ""


class HideTestDetails(Preprocessor):
    """In test cells, an error shows only the course's friendly message: no traceback (it quotes the lines
    around the failing one, hidden tests included) and no assertion text (it may hold the expected value)."""

    enabled = Bool(True).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            message = friendly_message(cell)
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    out.update(ename="NotYet", evalue=message, traceback=[message])
        return cell, resources


RELEASE = [
    RemoveInstructorContent,  # trainer notes, figure checks and the wrong answers' metadata
    IncludeHeaderFooter, InstantiateTests, LockCells, ClearAnswers, ClearOutput, CheckCellMetadata,
    ComputeChecksums, SaveCells, ClearHiddenTests, ClearMarkScheme, ComputeChecksums, CheckCellMetadata,
]  # nbgrader's order: ClearHiddenTests after the first ComputeChecksums and SaveCells, checksums again after it
FEEDBACK = [GetGrades, ClearHiddenTests, HideTestDetails, CSSHTMLHeaderPreprocessor]



class MarkFailedReplies(Preprocessor):
    """A test cell whose execution the kernel reported as failed counts as failed even if it showed no error."""

    failed = List(Unicode()).tag(config=True)  # grade ids of the test cells the kernel reported as failed

    def preprocess_cell(self, cell, resources, index):
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in self.failed and not any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            cell.outputs.append(nbformat.v4.new_output("error", ename="GraderError", evalue="the test failed",
                                                       traceback=["The kernel reported that this test failed."]))
        return cell, resources


SANITIZE = [ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells]  # before the sandbox
SCORE = [ClearMetadataPreprocessor, LimitOutput, MarkFailedReplies, MakeInert]  # every executed notebook
SAVE = [SaveAutoGrades]  # only a submission still graded: its scores into the gradebook


def ensure_tools_on_path() -> None:
    """nbgrader runs helper programs (alembic, jupyter) by name: find them next to this interpreter."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def stubs(edition: Edition = SOURCE) -> tuple[str, str]:
    """What replaces a solution in the edition's participant notebooks: (code stub, written-answer stub)."""
    with edition.speaking():
        return f"# {PENCIL} {_(CODE_STUB)}\n", f"{PENCIL} {_(TEXT_STUB)}"


def decision_stub(edition: Edition = SOURCE) -> str:
    """The comment after `name = ...` in a policy decision's cell, in the edition's language."""
    with edition.speaking():
        return f"# {PENCIL} {_(DECISION_STUB)}"


VALIDATE_WARNINGS = {  # nbgrader's Validate: its summaries (the rest of its frame is fixed English)
    "failed_warning": N_("VALIDATION FAILED ON {num_failed} CELL(S)! If you submit your notebook as it is, you will "
                         "not receive full credit. Each failed cell and its message follow."),
    "changed_warning": N_("THE CONTENTS OF {num_changed} TEST CELL(S) HAVE CHANGED! The tests may pass now and "
                          "still fail when your notebook is graded: download a fresh copy of the notebook."),
    "type_changed_warning": N_("THE TYPES OF {num_changed} CELL(S) HAVE CHANGED! The tests may pass now and still "
                               "fail when your notebook is graded: download a fresh copy of the notebook."),
}


def validate_warnings(edition: Edition = SOURCE) -> dict[str, str]:
    """nbgrader Validator's summary lines in the edition's language (each ends with a new line, as nbgrader's)."""
    with edition.speaking():
        return {name: _(text) + "\n" for name, text in VALIDATE_WARNINGS.items()}


def configure(c: Config, edition: Edition = SOURCE) -> Config:
    """Apply the course's settings to an nbgrader config object (stubs and Validate's summaries in the edition's
    language)."""
    ensure_tools_on_path()
    code_stub, text_stub = stubs(edition)
    for name, text in validate_warnings(edition).items():
        setattr(c.Validator, name, text)
    c.GenerateAssignment.preprocessors = RELEASE
    c.GenerateFeedback.preprocessors = FEEDBACK
    c.ClearSolutions.code_stub = {"python": code_stub}
    c.ClearSolutions.text_stub = text_stub
    c.ClearSolutions.enforce_metadata = True
    c.ClearAnswers.decisions = edition.policy
    c.ClearAnswers.decision_stub = decision_stub(edition)
    c.RemoveInstructorContent.path = edition.path
    c.Execute.timeout = 120
    # nbgrader's formgrade template renders Markdown with `markdown2html` and nothing else: ours cleans it
    c.HTMLExporter.sanitize_html = True
    c.HTMLExporter.filters = {name: f"aitrain.base.participant_html.{name}" for name in ("markdown2html", "clean_html")}
    return c
