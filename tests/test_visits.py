"""`aitrain visits`: the one-page companion sheets for study visits, in English and Russian, each tied to its
module by the module's number and title (from the notebook's metadata and its Russian catalogue)."""

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aitrain.base import catalogue
from aitrain.base.edition import Edition
from aitrain.tooling import translated, visits
from aitrain.tooling.cli import app

runner = CliRunner()
RUSSIAN = Edition(language="ru")
MAX_WORDS = 420  # a quick guard; test_each_sheet_prints_on_one_page measures the printed page
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def questions(markdown: str) -> list[str]:
    return re.findall(r"^\d+\. ", markdown, flags=re.M)


@pytest.mark.parametrize("name", list(visits.VISITS))
def test_each_sheet_names_its_module_and_fits_a_page(name):
    visit = visits.VISITS[name]
    module = catalogue.find_modules([visit.module])[0]
    english = visits.sheet_path(name).read_text(encoding="utf-8")
    russian = visits.sheet_path(name, RUSSIAN).read_text(encoding="utf-8")
    assert f"module {module.id} ({module.title})".lower() in english.lower()
    assert f"модулю {module.id} («{translated.module(module, RUSSIAN).title}»)" in russian
    assert len(questions(english)) == len(questions(russian)) >= 8, "the same questions in both languages"
    assert not re.search(r"[А-Яа-яЁё]", english) and len(re.findall(r"[А-Яа-яЁё]", russian)) > 1000
    for text in (english, russian):
        assert len(text.split()) <= MAX_WORDS, f"{name}: {len(text.split())} words, more than a page"


def test_the_command_writes_printable_pages_in_both_languages(tmp_path):
    result = runner.invoke(app, ["visits", "-o", str(tmp_path / "en")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "en").glob("*.html")) == sorted(f"{n}.html" for n in visits.VISITS)
    result = runner.invoke(app, ["visits", "payments-company", "--lang", "ru", "-o", str(tmp_path / "ru")],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    page = (tmp_path / "ru" / "payments-company.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in page and "<title>Визит: платёжная компания</title>" in page
    assert "<h2>Вопросы принимающей стороне</h2>" in page and "@media print" in page
    assert (tmp_path / "ru" / "payments-company.md").read_text(encoding="utf-8").startswith("# Визит")


def test_an_unknown_sheet_or_language_is_refused_with_the_choices(tmp_path):
    result = runner.invoke(app, ["visits", "zoo", "-o", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code != 0 and "drone-company" in result.output and not any(tmp_path.iterdir())
    result = runner.invoke(app, ["visits", "--lang", "kk", "-o", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code != 0 and "ru (Русский)" in result.output and not any(tmp_path.iterdir())


def test_modules_list_their_visits():
    assert [v.name for v in visits.for_module("11")] == ["drone-company"] and visits.for_module("02") == []


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="Debian's chromium is not installed (apt-get install "
                    "chromium); printing a page needs it")
def test_each_sheet_prints_on_one_page(tmp_path):
    from playwright.sync_api import sync_playwright

    pages = visits.write(tmp_path / "en") + visits.write(tmp_path / "ru", RUSSIAN)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page()
            for page in pages:
                tab.goto(page.as_uri())
                pdf = tab.pdf(prefer_css_page_size=True)  # A4 with the page shell's margins
                assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, f"{page} prints on more than one page"
        finally:
            browser.close()
