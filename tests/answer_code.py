"""The code and values that answer each exercise, to check that no feedback gives them away."""

import ast
import importlib
import re
from dataclasses import dataclass, field

from notebook_cells import checker_name, exercises, read

from aitrain.feedback import Exercise as Checker


def normalise(code: str) -> str:
    """Code or text with no spaces and one kind of quote, for a containment test."""
    return re.sub(r"\s+", "", code).replace('"', "'")


@dataclass
class Answer:
    grade_id: str
    checker: Checker
    index: int  # position of the solution cell in the notebook
    code: list[str] = field(default_factory=list)  # normalised right-hand sides of the solution's lines
    checker_name: str = ""  # `average` for ex.average


def exercise_module(nb):
    """The aitrain.exercises module a notebook imports as `ex`."""
    for cell in nb.cells:
        match = re.search(r"from aitrain\.exercises import (\w+) as ex", cell.source)
        if match:
            return importlib.import_module(f"aitrain.exercises.{match.group(1)}")
    raise AssertionError("the notebook does not import its exercises as `ex`")


def answers(path) -> list[Answer]:
    nb = read(path)
    module = exercise_module(nb)
    found = []
    for exercise in exercises(nb):
        name = checker_name(nb.cells[exercise.tests[0][0]].source)
        answer = Answer(exercise.grade_id, getattr(module, name), exercise.index, checker_name=name)
        for node in ast.walk(ast.parse(nb.cells[exercise.index].source)):  # the markers are comments
            if isinstance(node, ast.Assign | ast.Return) and node.value is not None:  # every line, not only the last
                if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                    continue  # a choice among options the exercise lists: naming the options gives nothing away
                answer.code.append(normalise(ast.unparse(node.value)))
        found.append(answer)
    return found


def texts_of(module) -> list[str]:
    """Every text an exercise file can show: its string constants (f-strings with their fixed parts)."""
    tree = ast.parse(open(module.__file__, encoding="utf-8").read())
    texts = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            texts.append("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            texts.append(node.value)
    return texts


def leaked_code(text: str, code: list[str]) -> str | None:
    """The answer code a text contains, if any (answers shorter than 6 characters, like `0.5`, are skipped)."""
    flat = normalise(text)
    return next((c for c in code if len(c) >= 6 and c in flat), None)
