"""The grader runs each test cell in a namespace of its own (docs/trainers-grading.md, "How participant code
is confined"): the course's imports run afresh, builtins come from the builtins module, and every other name is
the participant's. Each name a module's tests read must therefore come from exactly one of the two places;
this checks it statically for every module, so that a correct solution keeps full marks under isolation.
"""

import ast
import builtins

import nbformat
from notebook_cells import is_autograded_test, read_solution

from aitrain.base.edition import Edition
from aitrain.grading import integrity


def _bound_by(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def _reads(tree, fresh: dict) -> set[str]:
    """Names a test cell reads and does not bind itself, and the variables its `ex.<exercise>.check()` reads."""
    own = _bound_by(tree)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - own
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "check"
                and isinstance(node.func.value, ast.Attribute) and isinstance(node.func.value.value, ast.Name)
                and node.func.value.value.id == "ex"):
            names |= set(getattr(fresh["ex"], node.func.value.attr).variables)
    return names


def test_every_name_a_test_reads_comes_from_one_place(module):
    """On each path the module has: its test cells run in a kernel with that path's cells only."""
    problems = []
    for path in module.paths:
        problems += _problems(module, Edition(path=path))
    assert not problems, "\n".join(problems)


def _problems(module, edition: Edition) -> list[str]:
    solution = read_solution(module, edition)
    imports = integrity.course_imports(nbformat.read(edition.release(module), as_version=4))
    notebook_names = set()
    for cell in solution.cells:
        if cell.cell_type == "code" and not is_autograded_test(cell):
            code = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
            notebook_names |= {n for n in _bound_by(ast.parse(code)) if n not in _bound_by(ast.parse(
                "\n".join(integrity._imports_of(cell.source))))}
    problems = []
    for cell in solution.cells:
        if not is_autograded_test(cell):
            continue
        gid = cell.metadata["nbgrader"]["grade_id"]
        fresh: dict = {}
        exec(imports[gid], fresh)
        for name in sorted(_reads(ast.parse(cell.source), fresh)):
            from_course = name in fresh or hasattr(builtins, name)
            if from_course and name in notebook_names:
                problems.append(f"{gid} reads `{name}`: the notebook assigns it, but in the test it is the course's "
                                f"import or the builtin (rename the variable)")
            elif not from_course and name not in notebook_names:
                problems.append(f"{gid} reads `{name}`, which neither the course's imports nor the notebook bind")
    return problems

