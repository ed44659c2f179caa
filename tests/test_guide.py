"""`aitrain guide`: every module's trainer notes and the participants' glossary in one document."""

import re
import tomllib

from typer.testing import CliRunner

from aitrain import paths
from aitrain.base import catalogue, data_files
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
