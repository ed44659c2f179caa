"""The trainer's texts of a solution notebook, for the trainer guide in a translation: the trainer notes (markdown
cells tagged 'instructor'), the model answers of written reflections and a decision's words for the room (cell
metadata "aitrain": {"trainer": ...}).

They have their own catalogues, po/<language>/guide/<module>.po, keyed by cell id like the module's catalogue
(aitrain.tooling.notebook_text), so the participants' catalogues and notebooks never hold them: `aitrain release`
removes these cells, and the translated notebooks keep them in English. Reading a translation (for the guide and
for marking) is aitrain.base.trainer_texts.
"""

import nbformat

from aitrain.base.trainer_texts import model_answer
from aitrain.tooling.notebook_text import MissingTranslation, Segment, is_instructor, is_model_answer


def segments(nb) -> list[Segment]:
    """Every trainer's text of the notebook, in reading order."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and is_instructor(cell) and cell.source.strip():
            found.append(Segment(cell.id, cell.source.strip(), "markdown"))
        elif is_model_answer(cell) and model_answer(cell.source):
            found.append(Segment(cell.id, model_answer(cell.source), "markdown"))
        trainer = cell.get("metadata", {}).get("aitrain", {}).get("trainer")
        if trainer:
            found.append(Segment(f"{cell.id}:trainer", trainer, "metadata"))
    return found


def translate(nb, lookup, missing):
    """A copy of the notebook with its trainer's texts replaced by lookup(segment); a text without a translation
    (lookup raises notebook_text.MissingTranslation) becomes missing(segment)."""
    nb = nbformat.from_dict(nb)
    by_cell = {cell.id: cell for cell in nb.cells}
    for segment in segments(nb):
        try:
            text = lookup(segment)
        except MissingTranslation:
            text = missing(segment)
        cell_id, _, field = segment.context.partition(":")
        cell = by_cell[cell_id]
        if field:
            cell.metadata["aitrain"][field] = text
        elif is_model_answer(cell):
            cell.source = f"### BEGIN SOLUTION\n{text}\n### END SOLUTION"
        else:
            cell.source = text
    return nb
