"""The course modules the notebooks import, read from the solution notebooks' code cells.

The tamper probe (aitrain.grading.integrity) watches these, with every submodule of a package among them
(aitrain.feedback.checks as well as aitrain.feedback), so that a helper added to a notebook is watched without
anyone updating a list by hand.
"""

import ast
import importlib.util
import pkgutil
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import nbformat
from IPython.core.inputtransformer2 import TransformerManager

from aitrain import paths


def _submodule(parent: str, name: str) -> str | None:
    """`parent.name` when it is a module (not a function or constant imported from `parent`)."""
    try:
        return f"{parent}.{name}" if importlib.util.find_spec(f"{parent}.{name}") else None
    except ModuleNotFoundError:  # parent is a module, not a package
        return None


def imported_modules(source: str) -> set[str]:
    """The aitrain modules one cell's source imports (`import aitrain.x`, `from aitrain import x`, ...)."""
    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "aitrain"}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "aitrain":
            for alias in node.names:
                found.add(_submodule(node.module, alias.name) or node.module)
    return found


def submodules(name: str) -> set[str]:
    """Every module inside the package `name`, at any depth (none when `name` is a plain module)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return set()
    return {m.name for m in pkgutil.walk_packages(spec.submodule_search_locations, prefix=f"{name}.")}


def notebook_helper_modules(notebooks: Iterable[Path] | None = None) -> tuple[str, ...]:
    """The aitrain modules the notebooks' code cells import and every submodule of those that are packages,
    sorted, apart from aitrain.exercises.* (the probe watches every exercise module anyway). By default the
    solution notebooks of every module."""
    if notebooks is None:
        return _solution_helpers()
    found: set[str] = set()
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                found |= imported_modules(cell.source)
    found |= {sub for name in found for sub in submodules(name)}
    return tuple(sorted(m for m in found if not m.startswith("aitrain.exercises.")))


@cache
def _solution_helpers() -> tuple[str, ...]:
    return notebook_helper_modules(sorted(paths.solutions_dir().glob("*/*.ipynb")))
