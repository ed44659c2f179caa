"""modules/WELCOME.ipynb: generated from the catalogue, linking to every module, with a practice exercise."""

import re

import nbformat
import pytest

from aitrain import paths
from aitrain.base import catalogue
from aitrain.exercises import welcome as practice
from aitrain.feedback import NotYet
from aitrain.tooling import welcome_notebook as welcome
from aitrain.tooling.release import release


def test_welcome_is_committed_and_in_step():
    path = paths.modules_dir() / welcome.NAME
    assert path.read_text(encoding="utf-8") == welcome.text(catalogue.all_modules()), "run 'aitrain release'"


def test_links_to_every_module_in_order():
    nb = nbformat.reads(welcome.text(catalogue.all_modules()), as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    links = re.findall(r"\]\(([^)]+\.ipynb)\)", text)
    assert links == [f"{m.slug}/{m.notebook_name}" for m in catalogue.all_modules()]
    assert all((paths.modules_dir() / link).is_file() for link in links)
    for heading in ("How a notebook works", "How exercises, feedback and hints work", "Checking and handing in",
                    "The modules", "Words you will meet"):
        assert f"## {heading}" in text


def test_release_check_detects_drift(tmp_path, monkeypatch):
    import shutil

    home = tmp_path / "course"
    for folder in ("solutions", "modules"):
        shutil.copytree(paths.home() / folder, home / folder)
    monkeypatch.setenv("AITRAIN_HOME", str(home))
    (home / "modules" / welcome.NAME).write_text("{}", encoding="utf-8")
    assert release([], check=True) == [f"modules/{welcome.NAME}"], "the release of no module still writes WELCOME"
    assert release([]) == [f"modules/{welcome.NAME}"]
    assert release([], check=True) == []


def test_practice_exercise_gives_feedback_without_the_answer():
    wrong_answers = ((25, "a percentage"), (300, "a count"), (4.0, "upside down"), (0.3, "not the share"),
                     (..., "placeholder"))
    for wrong, message in wrong_answers:
        with pytest.raises(NotYet, match="Hint") as info:
            practice.practice.check({"share": wrong})
        assert message in str(info.value) and "0.25" not in str(info.value)
    practice.practice.check({"share": 300 / 1200})


def test_welcome_code_runs(elsewhere):
    nb = nbformat.reads(welcome.text(catalogue.all_modules()), as_version=4)
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(cell.source.replace("share = ...", "share = 300 / 1200"), namespace)  # noqa: S102


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_policy_paths_welcome_speaks_to_a_reader_who_decides(language):
    """Issue 24: the policy path's WELCOME (committed, in step) asks for decisions, never for code; the coded
    path's keeps its own cells."""
    from aitrain.base.edition import Edition
    from aitrain.tooling.release import on_path

    edition = Edition(language=language, path="policy")
    committed = (edition.modules_dir / welcome.NAME).read_text(encoding="utf-8")
    assert committed == welcome.text(on_path(catalogue.all_modules(), edition, named=False), edition), \
        "run 'aitrain release --path policy' (and --lang ru)"
    text = "\n".join(c.source for c in nbformat.reads(committed, as_version=4).cells)
    says, never = {"en": (["You will not write code", "ask you for a decision", "replace the `...` after the `=`"],
                          ["your code", "Your code here", "change one to five lines"]),
                   "ru": (["Писать код вам не придётся", "просят вас принять решение"],
                          ["своим кодом", "Ваш код здесь", "от одной до пяти строк"])}[language]
    assert all(s in text for s in says) and not any(n in text for n in never)
    for module in on_path(catalogue.all_modules(), edition, named=False):  # each module's time on this path
        minutes = module.on_path("policy").minutes
        assert re.search(rf"\*\*[^*\n]*{module.id} · \[[^\n]*\(({minutes}) (minutes|мин)", text), module.slug
    coded = "\n".join(c.source for c in welcome.notebook(catalogue.all_modules(), Edition(language=language)).cells)
    assert never[0] in coded and says[0] not in coded
