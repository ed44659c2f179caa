"""What every module's feedback promises, in English and in Russian: it never gives the answer away, and a
teaching cell that needs an exercise's answer says "finish Exercise N first" instead of crashing."""

import re
from pathlib import Path

import polib
from answer_code import answers, exercise_module, leaked_code, recipe_given, texts_of
from notebook_cells import downstream, read

from aitrain.tooling import catalogues


def test_no_message_or_hint_contains_the_answer_code(module):
    found = answers(module.solution)
    exercise_file = exercise_module(read(module.solution))
    texts = texts_of(exercise_file)
    russian = catalogues.message_catalogue("ru", Path(exercise_file.__file__))
    texts += [e.msgstr for e in polib.pofile(str(russian))]  # the translations of its messages, hints, titles
    code = [c for answer in found for c in answer.code]
    leaks = [f"{text!r} contains {leak!r}" for text in texts if (leak := leaked_code(text, code))]
    assert not leaks, "feedback gives the answer away:\n" + "\n".join(leaks)


def test_every_hint_step_is_free_of_the_answer(module):
    """No step shows the answer's code (a line, or a part of it made of two operations or more); the first step,
    the idea, does not show in code every name and column one line of the answer is made of."""
    for answer in answers(module.solution):
        for step, hint in enumerate(answer.checker.hints, 1):
            leak = leaked_code(hint, answer.code)
            assert leak is None, f"{answer.grade_id}: hint {step} contains {leak!r}"
        recipe = recipe_given(answer.checker.hints[0], answer)
        assert recipe is None, f"{answer.grade_id}: the first hint shows all of {sorted(recipe)}, the answer's recipe"


def test_teaching_cells_wait_for_the_answers_they_use(module):
    nb = read(module.solution)
    for index, needs in downstream(nb).items():
        guards = set(re.findall(r"^ex\.(\w+)\.needed\(\)", nb.cells[index].source, re.M))
        assert needs <= guards, (f"cell {index} uses the answers of {sorted(needs - guards)} without "
                                 f"`ex.<name>.needed()` first:\n{nb.cells[index].source}")
