"""Reading a solution notebook's exercises: solution cells, their test cells and their wrong answers."""

from dataclasses import dataclass

import nbformat


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_solution(cell) -> bool:
    return cell.cell_type == "code" and nbgrader_meta(cell).get("solution", False)


def is_autograded_test(cell) -> bool:
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution", False)


@dataclass
class Exercise:
    index: int  # position of the solution cell
    grade_id: str
    wrong_answers: list[str]
    tests: list[tuple[int, str, float]]  # (position, grade id, points) of the test cells that follow


def exercises(nb) -> list[Exercise]:
    """Each code solution cell with the autograded test cells that follow it (up to the next solution cell)."""
    found: list[Exercise] = []
    for i, cell in enumerate(nb.cells):
        if is_solution(cell):
            wrong = cell.metadata.get("aitrain", {}).get("wrong_answers", [])
            found.append(Exercise(i, nbgrader_meta(cell)["grade_id"], list(wrong), []))
        elif is_autograded_test(cell) and found:
            meta = nbgrader_meta(cell)
            found[-1].tests.append((i, meta["grade_id"], float(meta.get("points", 0))))
    return found


def read(path):
    return nbformat.read(path, as_version=4)
