"""The course's nbgrader settings and stages, shared by `aitrain release`, grading, the tests and trainers'
course directories.

grading/nbgrader_config.py and each course directory's nbgrader_config.py apply them for the plain `nbgrader` commands
(and the formgrader). The preprocessors of every stage are declared here, once, as lists:

- RELEASE (`aitrain release`, `nbgrader generate_assignment`): the instructor's cells go, then nbgrader's own
  generate_assignment stage (solutions replaced by stubs, hidden tests removed, cells locked, checksums).
- FEEDBACK (`nbgrader generate_feedback`, the formgrader's "generate feedback" button): nbgrader's own stage
  with the hidden tests removed from the test cells (ClearHiddenTests) and every error in a test cell shown
  as the course's friendly message only (HideTestDetails), as in `aitrain feedback`.
- Autograde (aitrain's own, sandboxed; grading/autograde.py runs them): SANITIZE before the sandbox, SCORE on
  every executed notebook, SAVE (the scores into the gradebook) only for a submission still graded.
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

from aitrain.base.edition import SOURCE, Edition
from aitrain.i18n import N_, _

INSTRUCTOR_TAG = "instructor"
CODE_STUB = N_("Your code here")
TEXT_STUB = N_("Write your answer here.")
PENCIL = "\u270f\ufe0f"


class RemoveInstructorContent(Preprocessor):
    """Drop cells tagged 'instructor' (trainer notes, checks of the module's figures) from the release,
    and the cells' 'aitrain' metadata (the plausible wrong answers the tests try)."""

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb, resources):
        nb.cells = [c for c in nb.cells if INSTRUCTOR_TAG not in c.get("metadata", {}).get("tags", [])]
        for cell in nb.cells:
            cell.metadata.pop("aitrain", None)
        return nb, resources


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
    IncludeHeaderFooter, InstantiateTests, LockCells, ClearSolutions, ClearOutput, CheckCellMetadata,
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
SCORE = [ClearMetadataPreprocessor, LimitOutput, MarkFailedReplies]  # every executed notebook
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


def configure(c: Config, edition: Edition = SOURCE) -> Config:
    """Apply the course's settings to an nbgrader config object (stubs in the edition's language)."""
    ensure_tools_on_path()
    code_stub, text_stub = stubs(edition)
    c.GenerateAssignment.preprocessors = RELEASE
    c.GenerateFeedback.preprocessors = FEEDBACK
    c.ClearSolutions.code_stub = {"python": code_stub}
    c.ClearSolutions.text_stub = text_stub
    c.ClearSolutions.enforce_metadata = True
    c.Execute.timeout = 120
    return c
