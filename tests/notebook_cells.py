"""Reading a solution notebook's exercises: solution cells, their test cells and their wrong answers."""

import ast
import re
from dataclasses import dataclass

import nbformat

from aitrain import i18n
from aitrain.base import path_cells
from aitrain.base.edition import PATHS, SOURCE, Edition


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


def editions_of(module) -> list[Edition]:
    """Every edition the module has: each language, on each path its notebook has."""
    return [Edition(language=language, path=path) for path in module.paths for language in i18n.LANGUAGES]


def read_solution(module, edition: Edition = SOURCE):
    """The module's solution notebook as a course of the edition grades it: the source (solutions/) has both
    paths' cells, of which a coded course knows only the coded path's (aitrain.base.path_cells)."""
    return path_cells.for_path(read(edition.solution(module)), edition)


def is_instructor(cell) -> bool:
    return "instructor" in cell.get("metadata", {}).get("tags", [])


CHANGING_METHODS = {"append", "extend", "insert", "pop", "remove", "clear", "update"}


def _names(source: str) -> tuple[set[str], set[str]]:
    """(names a cell reads from earlier cells, names it stores); IPython magics and shell lines are ignored. A
    name the cell stores before reading it (`fig, ax = plt.subplots()`, then `ax.plot(...)`) is its own; a method
    that changes its object (`forest.fit(...)`, `.append`, `inplace=True`) stores it."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    loads, stores = set(), set()
    for statement in ast.parse(code).body:
        loads |= {n.id for n in ast.walk(statement) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} \
            - stores
        stores |= {n.id for n in ast.walk(statement) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        stores |= {n.name for n in ast.walk(statement) if isinstance(n, ast.FunctionDef)}
        stores |= {n.func.value.id for n in ast.walk(statement) if isinstance(n, ast.Call)
                   and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
                   and (n.func.attr.startswith("fit") or n.func.attr in CHANGING_METHODS
                        or any(k.arg == "inplace" for k in n.keywords))}
    return loads, stores


def checker_name(test_source: str) -> str:
    """`average` for a test cell calling `ex.average.check()`."""
    return re.search(r"ex\.(\w+)\.check\(", test_source).group(1)


def downstream(nb) -> dict[int, set[str]]:
    """Teaching cells that use an exercise's answer, directly or through a name computed from it.

    Maps each such cell's position to the names of the exercise checkers (`ex.<name>`) whose answers it needs.
    Exercise and test cells are the participant's and the grader's; instructor cells are not released.
    """
    found: dict[int, set[str]] = {}
    for path in PATHS:  # a path's cells run without the other path's (aitrain.base.path_cells)
        for i, needs in _downstream_on(nb, Edition(path=path)).items():
            found[i] = found.get(i, set()) | needs
    return found


def _strings(tree) -> set[str]:
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _column_stores(tree) -> set[tuple[str, str]]:
    """(table, column) pairs a cell stores: `table["psi"] = ...`, `table.loc[:, "psi"] = ...`."""
    found = set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AugAssign | ast.AnnAssign) else []
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Subscript):
                    base = sub.value.value if isinstance(sub.value, ast.Attribute) else sub.value
                    if isinstance(base, ast.Name):
                        found |= {(base.id, key) for key in _strings(sub.slice)}
    return found


def _downstream_on(nb, edition: Edition) -> dict[int, set[str]]:
    """Names and table columns carry the answers they were computed from: a cell that stores `table["psi"]` from
    an answer taints that column, and a cell that reads `table` and names `"psi"` needs the answer too."""
    tainted: dict[str, set[str]] = {}  # name -> checkers whose answers it depends on
    columns: dict[tuple[str, str], set[str]] = {}  # (table, column) -> checkers
    found: dict[int, set[str]] = {}
    found_exercises = {e.index: e for e in exercises(nb)}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or is_instructor(cell) or is_autograded_test(cell) \
                or not path_cells.on(cell, edition):
            continue
        loads, stores = _names(cell.source)
        tree = ast.parse("\n".join(line for line in cell.source.splitlines()
                                    if not line.lstrip().startswith(("%", "!"))))
        column_stores = _column_stores(tree)
        if i in found_exercises:
            checker = checker_name(nb.cells[found_exercises[i].tests[0][0]].source)
            for name in stores:
                tainted[name] = {checker}
            for key in column_stores:
                columns[key] = {checker}
            continue
        strings = _strings(tree)
        needs = set().union(set(), *(tainted[n] for n in loads if n in tainted),
                            *(c for (table, column), c in columns.items() if table in loads and column in strings))
        if needs:
            found[i] = needs
        for name in stores:
            if needs:
                tainted[name] = needs
            else:
                tainted.pop(name, None)
        for key in column_stores:
            if needs:
                columns[key] = needs
            else:
                columns.pop(key, None)
    return found
