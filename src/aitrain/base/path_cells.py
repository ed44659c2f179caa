"""Which cells of a module's one source notebook belong to which path through the course.

A solution notebook (solutions/NN-slug/NN-slug.ipynb) is written once for both paths. Its cells' tags say which
path a cell is for:

- no path tag: both paths (the story, data, figures, takeaways, reflections, references);
- tagged "coded": the coded path only (a code exercise and its check, words that ask for code);
- tagged "policy": the policy path only (a decision, its check, and the cells that show its consequence).

A policy decision is a solution cell tagged "policy" whose solution is one-line values, `budget_share = 0.3`
(comments above the solution stay for the participant); its participant notebook shows `budget_share = ...` to
fill in (nbgrader_stages.ClearAnswers). Its check cell
calls the module's exercise file as a coded check does (aitrain.exercises.<module>, Known/reject_known).

The source notebook runs every cell of both paths in order (the coded path's tests execute it), so a policy
cell must not change what a later coded cell computes: its names are its own. In the policy edition the
cells of the coded path are left out and the teaching code is collapsed (`jupyter.source_hidden`): it runs
with Run All, and the participant reads its outputs; the decision cells stay open.
"""

from aitrain.base.edition import CODED, PATHS, Edition


def paths_of_cell(cell) -> tuple[str, ...]:
    """The paths a cell belongs to: those its tags name, or every path when it names none."""
    named = tuple(path for path in PATHS if path in cell.get("metadata", {}).get("tags", []))
    return named or PATHS


def on(cell, edition: Edition) -> bool:
    return edition.path in paths_of_cell(cell)


def paths_of(nb) -> tuple[str, ...]:
    """The paths a source notebook has: every path some cell is tagged for, and the coded path always."""
    tagged = {tag for cell in nb.cells for tag in cell.get("metadata", {}).get("tags", [])}
    return tuple(path for path in PATHS if path == CODED or path in tagged)


def is_decision(cell) -> bool:
    """A cell where the participant writes: a solution cell (code or a written answer)."""
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def for_path(nb, edition: Edition):
    """The notebook's cells of the edition's path, without their path tags (changed in place and returned); on
    the policy path the code the participant does not write is collapsed."""
    nb.cells = [cell for cell in nb.cells if on(cell, edition)]
    for cell in nb.cells:
        tags = [tag for tag in cell.metadata.get("tags", []) if tag not in PATHS]  # the notebook's path says it
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
        if edition.policy and cell.cell_type == "code" and not is_decision(cell):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    return nb
