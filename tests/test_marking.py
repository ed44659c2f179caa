"""Marking by question: each written answer of every module has its own rubric (by order in the trainer notes,
checked here by points), in English and in Russian with the model answer, a module with two asks which, and a
participant's text is inert in a terminal. The command itself is driven through a whole day in
tests/test_trainer_day.py, and on a Russian course in tests/test_grading_cohort.py."""

import re

import nbformat
import polib
import pytest

from aitrain.base import catalogue, trainer_texts
from aitrain.base.edition import Edition
from aitrain.errors import AitrainError
from aitrain.grading import marking
from aitrain.i18n import _

RUSSIAN = Edition(language="ru")


@pytest.mark.parametrize("course_module", catalogue.all_modules(), ids=lambda m: m.id)
def test_every_written_answer_has_its_rubric_and_model(course_module):
    found = marking.questions(course_module)
    assert found, "every module has a written answer to mark"
    for q in found:
        points = re.match(r"\*\*Rubric for .*?\((\d+) points", q.rubric)
        assert points and float(points.group(1)) == q.points, (q.grade_id, q.rubric[:80])
        assert q.model and "BEGIN SOLUTION" not in q.model and q.prompt and q.title != q.grade_id
    with RUSSIAN.speaking():
        not_yet = _(trainer_texts.NOT_TRANSLATED)
    russian = marking.questions(course_module, "ru")
    assert [q.grade_id for q in russian] == [q.grade_id for q in found]
    for q, english in zip(russian, found, strict=True):
        points = re.match(r"\*\*Критерии оценки .*?\((\d+) балл", q.rubric)
        assert points and float(points.group(1)) == q.points, (q.grade_id, q.rubric[:80])
        assert q.model != english.model and "BEGIN SOLUTION" not in q.model, q.grade_id
        assert not_yet not in q.rubric + q.model and not re.search(r"[A-Za-z]", q.title), q.grade_id


def test_a_rubric_or_model_answer_not_translated_yet_is_shown_in_english_and_marked(tmp_path, monkeypatch):
    """Issue 28: a trainer text whose English changed (fuzzy) or that has no translation yet is shown in English
    under a note in the course's language, as the guide shows it; the other texts stay translated."""
    module = catalogue.find_modules(["02"])[0]
    changed = polib.pofile(str(trainer_texts.catalogue_path("ru", module.slug)))
    for entry in changed:
        if entry.msgid.startswith("## Trainer notes"):
            entry.flags.append("fuzzy")
        elif entry.msgid.startswith("An exclusion error"):
            entry.msgstr = ""
    changed.save(str(tmp_path / "02.po"))
    monkeypatch.setattr(trainer_texts, "catalogue_path", lambda language, name: tmp_path / "02.po")
    q = marking.questions(module, "ru")[0]
    note = "*Ещё не переведено: текст приведён на английском.*\n\n"
    assert q.rubric.startswith(note + "**Rubric for the reflection (4 points).**"), q.rubric[:120]
    assert q.model.startswith(note + "An exclusion error of about 45%"), q.model[:120]
    assert "Министр" in q.prompt and q.title.startswith("Вопрос для размышления"), "the participant's texts in Russian"
    english = marking.questions(module, "en")[0]
    assert english.rubric.startswith("**Rubric for the reflection (4 points).**"), "English unmarked in English"
    assert english.model.startswith("An exclusion error of about 45%")


def test_a_model_answer_that_depends_on_the_rulebook_shows_the_editions_value(tmp_path, monkeypatch):
    """A model answer written for both rulebooks (module 16's `least_served`) shows the value of the rulebook the
    course's edition loads, as the guide shows it."""
    module = catalogue.find_modules(["16"])[0]
    nb = nbformat.read(module.solution, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "reflection-decision")
    cell.source = ('### BEGIN SOLUTION\nThe language served least:\n\n'
                   'least_served = {"English": "Russian", "Russian": "Kyrgyz"}[chatbot.rulebook_language()]\n'
                   '### END SOLUTION')
    nbformat.write(nb, tmp_path / "16.ipynb")
    monkeypatch.setattr(marking, "_solution", lambda module, edition: tmp_path / "16.ipynb")
    for language, value in (("en", "Russian"), ("ru", "Kyrgyz")):
        model = marking.questions(module, language)[-1].model
        assert model.endswith(f'least_served = "{value}"') and "rulebook_language" not in model, model


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


def test_the_capstone_is_marked_in_russian_too():
    """The programme's capstone has its trainer texts in po/ru/guide/ too; its model plan keeps the table's English
    header, which the plans' export reads."""
    from aitrain.grading import capstone_plans

    capstone = catalogue.find_modules(["capstone"])[0]
    english, russian = marking.questions(capstone), marking.questions(capstone, "ru")
    assert len(english) == len(russian) == 6
    for en, ru in zip(english, russian, strict=True):
        points = re.match(r"\*\*Критерии оценки .*?\((\d+) балл", ru.rubric)
        assert points and float(points.group(1)) == ru.points == en.points, (ru.grade_id, ru.rubric[:80])
        assert ru.model != en.model and not re.search(r"[A-Za-z]{4}", ru.title), ru.grade_id
    assert len(capstone_plans.indicators(russian[-1].model)) == len(capstone_plans.indicators(english[-1].model)) == 3
