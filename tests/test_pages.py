"""The one page shell: every HTML page aitrain writes extends course/templates/base.html.j2 with page.css,
escapes what it is given, and ships its templates as package data."""

import fnmatch
import re
import tomllib
from importlib import resources
from pathlib import Path

from typer.testing import CliRunner

from aitrain import paths
from aitrain.base import catalogue
from aitrain.tooling import syllabus
from aitrain.tooling.cli import app

runner = CliRunner()
TEMPLATES = resources.files("aitrain.base").joinpath("templates")
STYLESHEET = TEMPLATES.joinpath("page.css").read_text(encoding="utf-8")


def uses_the_shell(page: str) -> bool:
    """The page is a whole HTML document with the course's one stylesheet, and every image has alt text."""
    images = re.findall(r"<img\b[^>]*>", page)
    return (page.startswith("<!doctype html>") and '<html lang="en">' in page and STYLESHEET.strip() in page
            and all(re.search(r'\balt="[^"]+"', img) for img in images))


def test_syllabus_and_guide_share_the_shell(tmp_path):
    assert runner.invoke(app, ["syllabus", "--track", "2-day-policy", "-o", str(tmp_path)]).exit_code == 0
    assert runner.invoke(app, ["guide", "-o", str(tmp_path)]).exit_code == 0
    for name in ("syllabus-2-day-policy.html", "trainer-guide.html"):
        assert uses_the_shell((tmp_path / name).read_text(encoding="utf-8")), name


def test_text_from_metadata_is_escaped(tmp_path, monkeypatch):
    module = catalogue.all_modules()[0]
    hostile = catalogue.module_from_metadata(
        {"id": module.id, "title": "Rates <b>up</b> & down", "story": "<script>alert(1)</script>",
         "minutes": {"teaching": 30, "exercises": 30}, "objectives": ["Compare a < b"], "prerequisites": [],
         "key_points": ["A point"], "datasets": ["some_data"]}, module.slug, module.solution)
    monkeypatch.setattr(syllabus.catalogue, "all_modules", lambda: [hostile])
    result = runner.invoke(app, ["syllabus", "--track", "5-day-technical", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "syllabus-5-day-technical.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Rates &lt;b&gt;up&lt;/b&gt; &amp; down" in page and "Compare a &lt; b" in page


def test_templates_are_package_data():
    patterns = tomllib.loads((paths.home() / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    shipped = [f.name for f in TEMPLATES.iterdir()]
    assert "base.html.j2" in shipped and "page.css" in shipped
    for name in shipped:
        assert any(fnmatch.fnmatch(f"base/templates/{name}", p) for p in patterns["aitrain"]), name
    assert Path(str(TEMPLATES)).parent.name == "base"


def test_every_word_of_a_page_template_is_translated():
    """Issue 28: the pages a Russian course writes (feedback, cohort report, certificate, evaluation summary) have
    their words in the catalogues: a template's words rendered in Russian leave no English sentence behind."""
    from aitrain.base.edition import Edition
    from aitrain.base.pages import render
    from aitrain.grading.certificates import Rule

    with Edition(language="ru").speaking():
        page = render("certificate.html.j2", title="t", name="Айгуль Нурланова", programme="ИИ", hours=14, held=16,
                      modules=[{"id": "02", "title": "Адресность", "path": "policy"}], issued="2026-12-04",
                      code="AIT-1", rule=Rule(), course="c", lang="ru")
        summary = render("evaluation_summary.html.j2", title="t", lang="ru", labels={"hardest": "h"},
                         s={"responses": 3, "paper": 1, "relevance": {1: 0, 5: 3}, "relevance_mean": 5.0,
                            "satisfied": 3, "rated": 3, "pace": {"about right": 3},
                            "open": {"hardest": {"Module 05": ["x"], "general": ["y"]}}})
    assert "Свидетельство об окончании курса" in page and "без программирования" in page
    assert "посетив 14 из 16 часов" in page
    assert "Польза для работы" in summary and "в самый раз" in summary and "Модуль 05" in summary
    for text in (page, summary):
        body = re.sub(r"<style>.*?</style>|<[^>]+>", " ", text, flags=re.S)
        assert not re.search(r"\b[A-Za-z]{3,} [a-z]{3,}\b", body), re.search(r"\b[A-Za-z]{3,} [a-z]{3,}\b", body)
