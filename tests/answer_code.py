"""The code and values that answer each exercise, to check that no feedback gives them away."""

import ast
import importlib
import inspect
import re
from dataclasses import dataclass, field

from notebook_cells import checker_name, exercises, read

from aitrain.feedback import Exercise as Checker


def normalise(code: str) -> str:
    """Code or text with no spaces and one kind of quote, for a containment test."""
    return re.sub(r"\s+", "", code).replace('"', "'")


OPERATIONS = (ast.Call, ast.Subscript, ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.Attribute)
CODE_SPAN = re.compile(r"`([^`]+)`|'([^']+)'|\"([^\"]+)\"")


@dataclass
class Answer:
    grade_id: str
    checker: Checker
    index: int  # position of the solution cell in the notebook
    # normalised code no feedback may show: each solution line's right-hand side and every part of it made of two
    # operations or more (`forest.fit(features).predict(features)`, `~test['fraud']`), and a text answer's value
    code: list[str] = field(default_factory=list)
    checker_name: str = ""  # `average` for ex.average
    # per solution line, the names and quoted strings it is made of: a first hint that shows all of one line's
    # in code or quotes gives the answer's recipe away (`flagged`, `test["fraud"]`)
    ingredients: list[set[str]] = field(default_factory=list)


def _operations(node) -> int:
    return sum(isinstance(n, OPERATIONS) for n in ast.walk(node))


def choice_options(module) -> set[str]:
    """The texts an exercise file lists together as the options of a choice (a list or tuple of texts, each
    maybe marked for translation, `N_("recall")`), and their translations."""
    from aitrain.i18n import every_language

    def text(e):
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id in ("N_", "_") and e.args:
            e = e.args[0]
        return e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else None

    tree = ast.parse(open(module.__file__, encoding="utf-8").read())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            texts = [t for t in map(text, node.elts) if t is not None]
            if len(texts) >= 2 and (all(isinstance(e, ast.Constant) for e in node.elts)
                                    or all(len(t) <= 40 for t in texts)):  # not a list of hints
                found |= {label for t in texts for label in every_language(t)}
    return found


def _is_choice(checker) -> bool:
    return "expect_choice(" in inspect.getsource(checker._check)


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
    options = choice_options(module)
    found = []
    for exercise in exercises(nb):
        name = checker_name(nb.cells[exercise.tests[0][0]].source)
        answer = Answer(exercise.grade_id, getattr(module, name), exercise.index, checker_name=name)
        for node in ast.walk(ast.parse(nb.cells[exercise.index].source)):  # the markers are comments
            if isinstance(node, ast.Assign | ast.Return) and node.value is not None:  # every line, not only the last
                if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                    # naming every option of a choice gives nothing away: a choice checked by expect_choice lists
                    # them all in its messages, even when they come from the data
                    if node.value.value not in options and not _is_choice(answer.checker):
                        answer.code.append(normalise(node.value.value))
                    continue
                answer.code.append(normalise(ast.unparse(node.value)))
                answer.code += [normalise(ast.unparse(part)) for part in ast.walk(node.value)
                                if part is not node.value and _operations(part) >= 2]
                answer.ingredients.append({n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)} |
                                          {n.value for n in ast.walk(node.value)
                                           if isinstance(n, ast.Constant) and isinstance(n.value, str)})
        found.append(answer)
    return found


def shown_ingredients(text: str) -> set[str]:
    """The names and texts a message shows in code spans or quotes."""
    found = set()
    for match in CODE_SPAN.finditer(text):
        span = next(g for g in match.groups() if g is not None)
        found.add(span)
        found |= set(re.findall(r"[A-Za-z_]\w*", span)) | set(re.findall(r"[\"']([^\"']+)[\"']", span))
    return found


def recipe_given(hint: str, answer: Answer) -> set[str] | None:
    """The ingredients of a solution line (three or more) that a hint shows all of, else None."""
    shown = shown_ingredients(hint)
    return next((line for line in answer.ingredients if len(line) >= 3 and line <= shown), None)


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


OPTION_LIST = re.compile(r"([\"'][^\"'\n]+[\"'](?:,\s*|\s+or\s+|,\s*or\s+)){2,}[\"'][^\"'\n]+[\"']")


def without_option_lists(text: str) -> str:
    """A text without its listings of every option of a choice ("North", "East" or "West"): naming every option
    gives nothing away, even when the options come from the data."""
    return OPTION_LIST.sub(" ", text)


def leaked_code(text: str, code: list[str]) -> str | None:
    """The answer code a text contains, if any (answers shorter than 6 characters, like `0.5`, are skipped)."""
    flat = normalise(without_option_lists(text))
    return next((c for c in code if len(c) >= 6 and c in flat), None)
