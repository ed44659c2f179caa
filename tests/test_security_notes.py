"""docs/classroom-server.md's table of the December 2026 security review (issue 30): every finding is there, and
every test it names exists (a test renamed or removed must take its row with it)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
FILES = {"CS": "test_classroom_server.py", "SS": "test_server_setup.py", "CO": "test_collect.py",
         "PH": "test_participant_html.py", "HL": "test_hub_leftovers.py"}


def rows() -> dict[str, str]:
    text = (ROOT / "docs" / "classroom-server.md").read_text(encoding="utf-8")
    section = text.split("### The December 2026 review, finding by finding", 1)[1].split("\n## ", 1)[0]
    return {m[1]: m[0] for m in re.finditer(r"^\| (F\d+) \|.*$", section, re.M)}


def test_every_finding_has_its_row_and_every_test_named_exists():
    table = rows()
    assert list(table) == [f"F{i}" for i in range(1, 21)]
    defined = {key: {node.name for node in ast.walk(ast.parse((ROOT / "tests" / name).read_text()))
                     if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}
               for key, name in FILES.items()}
    named = [(finding, m[0], m[1]) for finding, row in table.items() for m in re.findall(r"`(\w\w)::(\w+)`", row)]
    missing = [(finding, key, test) for finding, key, test in named if test not in defined[key]]
    assert not missing, missing
    for finding in [f"F{i}" for i in range(1, 13)]:  # critical to medium, and hidepid: each has a test
        assert any(f == finding for f, _, _ in named), finding
