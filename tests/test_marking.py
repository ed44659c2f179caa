"""Marking by question: each written answer of every module has its own rubric (by order in the trainer notes,
checked here by points), a module with two asks which, and a participant's text is inert in a terminal. The
command itself is driven through a whole day in tests/test_trainer_day.py."""

import re

import pytest

from aitrain.base import catalogue
from aitrain.errors import AitrainError
from aitrain.grading import marking


@pytest.mark.parametrize("course_module", catalogue.all_modules(), ids=lambda m: m.id)
def test_every_written_answer_has_its_rubric_and_model(course_module):
    found = marking.questions(course_module)
    assert found, "every module has a written answer to mark"
    for q in found:
        points = re.match(r"\*\*Rubric for .*?\((\d+) points", q.rubric)
        assert points and float(points.group(1)) == q.points, (q.grade_id, q.rubric[:80])
        assert q.model and "BEGIN SOLUTION" not in q.model and q.prompt and q.title != q.grade_id


def test_a_module_with_two_written_answers_asks_which():
    module = catalogue.find_modules(["12"])[0]
    with pytest.raises(AitrainError, match="reflection-tree .*reflection-mitigation"):
        marking.question(module, None)
    with pytest.raises(AitrainError, match="No question named 'reflection'"):
        marking.question(module, "reflection")
    assert marking.question(module, "reflection-mitigation").points == 4
    assert marking.question(catalogue.find_modules(["02"])[0], None).grade_id == "reflection-minister"


def test_a_participants_text_cannot_drive_the_terminal():
    typed = "Appeals\x1b[2J\x1b]0;title\x07 \u202eevil\u202c and **monitoring**\r\nline two\tend"
    assert marking.inert(typed) == "Appeals[2J]0;title evil and **monitoring**\nline two\tend"
