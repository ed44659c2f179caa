"""No message or hint of any exercise, at any step, contains the code that answers it."""

from answer_code import answers, exercise_module, leaked_code, texts_of
from notebook_cells import read


def test_no_message_or_hint_contains_the_answer_code(module):
    found = answers(module.solution)
    texts = texts_of(exercise_module(read(module.solution)))
    code = [c for answer in found for c in answer.code]
    leaks = [f"{text!r} contains {leak!r}" for text in texts if (leak := leaked_code(text, code))]
    assert not leaks, "feedback gives the answer away:\n" + "\n".join(leaks)


def test_every_hint_step_is_free_of_the_answer(module):
    for answer in answers(module.solution):
        for step, hint in enumerate(answer.checker.hints, 1):
            leak = leaked_code(hint, answer.code)
            assert leak is None, f"{answer.grade_id}: hint {step} contains {leak!r}"
