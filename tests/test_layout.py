"""The package's layers (aitrain/__init__.py): imports only point down, and no file name is used twice."""

import ast
from collections import Counter
from pathlib import Path

import aitrain

PACKAGE = Path(aitrain.__file__).parent
LAYERS = ("tooling", "grading", "base")  # the notebook runtime is everything else at the top level
ALLOWED = {  # layer -> layers it may import
    "tooling": {"base"},
    "grading": {"base"},
    "base": set(),
    "runtime": set(),
    "course": {"base"},  # the shim for old course directories
}
COMPOSERS = {  # the one place the command line is composed (it imports grading), and `python -m aitrain`
    PACKAGE / "tooling" / "cli.py": {"grading"},
    PACKAGE / "__main__.py": {"tooling"},
}


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in (*LAYERS, "course") else "runtime"


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return {n for n in names if n.startswith("aitrain.")}


def test_imports_only_point_down():
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        here = layer("aitrain." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        allowed = ALLOWED[here] | COMPOSERS.get(path, set())
        for name in imported(path):
            there = layer(name)
            if there != here and there != "runtime" and there not in allowed:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_no_file_name_is_used_twice():
    names = Counter(p.name for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")
    assert not [n for n, count in names.items() if count > 1]
