"""`aitrain guide`: every module's trainer notes and the participants' glossary in one document."""

import re
import tomllib

import nbformat
from typer.testing import CliRunner

from aitrain import paths
from aitrain.base import catalogue, data_files, trainer_texts
from aitrain.base.edition import Edition
from aitrain.tooling import guide
from aitrain.tooling.cli import app

runner = CliRunner()
REQUIRED_TERMS = {"Accuracy", "Precision", "Recall", "Overfitting", "Training set", "Test set", "R² (R-squared)",
                  "Cross-validation", "Feature", "Label", "Threshold", "Bias", "Fairness metric",
                  "Differential privacy", "k-anonymity"}


def test_glossary_is_package_data_in_plain_language():
    terms = data_files.glossary()
    assert len(terms) >= 30 and REQUIRED_TERMS <= {t for t, _ in terms}
    assert [t.casefold() for t, _ in terms] == sorted(t.casefold() for t, _ in terms)
    assert all(20 < len(d) < 400 for _, d in terms), "one to three short sentences each"
    package_data = tomllib.loads((paths.home() / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "data/*.yaml" in package_data["aitrain"]


def test_trainer_notes_of_every_module(module):
    notes = guide.trainer_notes(module)
    assert "Rubric" in notes and not notes.startswith("## Trainer notes")


def test_guide_assembles_notes_and_glossary():
    modules = catalogue.all_modules()
    markdown, without = guide.to_markdown(modules)
    assert without == []
    for m in modules:
        assert f"## Module {m.id} · {m.title}" in markdown
        assert guide.trainer_notes(m).splitlines()[0] in markdown
    assert markdown.count("\n## ") >= len(modules) + 3, "headings of the notes are demoted under the module"
    assert "## Glossary for participants" in markdown and "- **Overfitting**:" in markdown


def test_cli_writes_markdown_and_html(tmp_path):
    result = runner.invoke(app, ["guide", "-o", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    page = (tmp_path / "trainer-guide.html").read_text()
    assert "<h2" in page and "Rubric" in page and "@media print" in page and "Overfitting" in page
    assert (tmp_path / "trainer-guide.md").read_text().startswith("# aitrain trainer guide")


def test_every_glossary_entry_is_in_russian():
    entries = data_files.load("glossary.yaml")
    for entry in entries:
        for field in ("term_ru", "definition_ru"):
            text = entry.get(field)
            assert isinstance(text, str) and text.strip(), f"{entry['term']}: no {field}"
            assert re.search("[а-яё]", text, re.IGNORECASE), f"{entry['term']}: {field} is not in Cyrillic"
    terms = data_files.glossary(Edition(language="ru"))
    assert len(terms) == len(entries) and "Переобучение (Overfitting)" in {t for t, _ in terms}
    assert all(20 < len(d) < 500 for _, d in terms), "one to three short sentences each"


def test_the_policy_paths_guide_follows_every_policy_notebook(tmp_path):
    """Issue 24: `aitrain guide --path policy` reads each module's policy notebook: what to show, each decision in
    order with its model answer and what its check accepts, the reflections, the prompts and the rubric."""
    result = runner.invoke(app, ["guide", "--path", "policy", "-o", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "trainer-guide-policy.md").read_text()
    assert (tmp_path / "trainer-guide-policy.html").is_file() and not (tmp_path / "trainer-guide.md").exists()
    with_path = [m for m in catalogue.all_modules() if m.has_path("policy")]
    assert {"02", "12"} <= {m.id for m in with_path}
    for m in with_path:
        section = markdown.split(f"## Module {m.id} · ", 1)[1].split("\n## Module ", 1)[0]
        plan = guide.room_plan(m)
        decisions = [s for s in plan if s["kind"] == "decision"]
        assert len(decisions) >= 3 and any(s["kind"] == "reflection" for s in plan), m.id
        for step in decisions:
            assert step["answer"] and step["accepted"], (m.id, step["title"])
            assert f"**The room decides: {step['title']}**" in section
            assert "Model answer: " + "; ".join(f"`{trainer_texts.edition_answer(x.strip(), Edition())}`"
                                                for x in step["answer"]) in section
        assert section.index("**Show**") < section.index("**The room decides"), "the projector before the room"
        assert "Rubric" in section and "Discussion prompts" in section and "Common mistakes" not in section, m.id
    two = markdown.split("## Module 02 · ", 1)[1]
    assert "Model answer: `budget_percent = 23`" in two and "<= _smallest + 3.5" in two
    assert "Then show what it means: each step up in the budget" in two
    only = runner.invoke(app, ["guide", "--path", "policy", "00", "-o", str(tmp_path / "one")])
    assert only.exit_code == 2 and "Module 00 has no policy path yet" in only.output


def test_the_russian_guide_has_russian_trainer_notes_and_model_answers(tmp_path):
    """Issue 28: `aitrain guide --lang ru` shows the trainer notes and the model answers in Russian (from
    po/ru/guide/), with the module's Russian texts and a Russian frame; the English guide keeps its file name."""
    result = runner.invoke(app, ["guide", "--lang", "ru", "02", "-o", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "trainer-guide-ru.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Руководство тренера aitrain") and not (tmp_path / "trainer-guide.md").exists()
    assert "### Заметки для тренера" in markdown and "**Время (175 мин).**" in markdown
    assert "**Критерии оценки письменного размышления (4 балла).**" in markdown and "`r2_score`" in markdown
    assert "### Образцы ответов на письменные задания" in markdown and "Ошибка исключения около 45%" in markdown
    assert "Адресность социальных выплат" in markdown and "## Глоссарий для участников" in markdown
    for english in ("Trainer notes", "**Timing", "Rubric", "Common mistakes", "Model answers", "Before the session",
                    trainer_texts.NOT_TRANSLATED):
        assert english not in markdown, english
    assert '<html lang="ru">' in (tmp_path / "trainer-guide-ru.html").read_text(encoding="utf-8")


def test_the_russian_policy_guide(tmp_path):
    result = runner.invoke(app, ["guide", "--path", "policy", "--lang", "ru", "02", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "trainer-guide-policy-ru.md").read_text(encoding="utf-8")
    assert "**Группа решает: " in markdown and "Образец ответа: `budget_percent = 23`" in markdown
    assert "**Показать**" in markdown and "Затем покажите, что это значит: " in markdown
    assert "**Вопросы для обсуждения.**" in markdown and "**Критерии оценки" in markdown, "prompts and rubric found"
    assert "The room decides" not in markdown and "Rubric" not in markdown


def test_trainer_texts_stay_out_of_participants_catalogues_and_notebooks():
    """The guide's catalogues hold every trainer note and model answer; the participants' catalogues and the
    Russian participant notebooks hold none of them."""
    import polib

    from aitrain.tooling import catalogues, guide_text

    for m in catalogue.all_modules():
        trainer = polib.pofile(str(catalogues.guide_catalogue("ru", m.slug)))
        english = {s.text for s in guide_text.segments(guide.notebook(m))}
        assert {e.msgid for e in trainer} == english and english, m.id
        participants = {e.msgid for e in polib.pofile(str(catalogues.notebook_catalogue("ru", m.slug)))}
        assert not english & participants, m.id
        shown = "\n".join(c.source for c in nbformat.read(Edition(language="ru").release(m), as_version=4).cells)
        for entry in trainer:
            for text in (entry.msgstr, entry.msgid):
                assert text.split("\n")[-1][:60] not in shown, (m.id, entry.msgctxt)


def test_a_trainer_text_not_translated_yet_is_shown_in_english_and_marked():
    from aitrain.tooling import guide_text
    from aitrain.tooling.notebook_text import MissingTranslation

    nb = guide.notebook(catalogue.find_modules(["02"])[0])

    def lookup(segment):
        raise MissingTranslation(segment)

    shown = guide_text.translate(nb, lookup, lambda segment: "ENGLISH: " + segment.text)
    notes = [c.source for c in shown.cells if "instructor" in c.metadata.get("tags", [])
             and c.cell_type == "markdown"]
    assert notes and all(n.startswith("ENGLISH: ## Trainer notes") for n in notes)
    answer = next(c.source for c in shown.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                  == "reflection-minister")
    assert answer.startswith("### BEGIN SOLUTION\nENGLISH: An exclusion error") and answer.endswith("### END SOLUTION")
    assert trainer_texts.model_answer("### BEGIN SOLUTION\nText.\n### END SOLUTION\n") == "Text."


def test_a_model_answer_that_depends_on_the_rulebook_shows_the_editions_value(tmp_path):
    line = 'least_served = {"English": "Russian", "Russian": "Kyrgyz"}[chatbot.rulebook_language()]'
    assert trainer_texts.edition_answer(line, Edition()) == 'least_served = "Russian"'
    assert trainer_texts.edition_answer(line, Edition(language="ru")) == 'least_served = "Kyrgyz"'
    assert trainer_texts.edition_answer("budget_percent = 23", Edition(language="ru")) == "budget_percent = 23"
    result = runner.invoke(app, ["guide", "--path", "policy", "--lang", "ru", "16", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "trainer-guide-policy-ru.md").read_text(encoding="utf-8")
    assert 'Образец ответа: `least_served = "Kyrgyz"`' in markdown and "rulebook_language" not in markdown
