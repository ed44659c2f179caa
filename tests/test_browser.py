"""In a real browser, as a participant: open module 02 in JupyterLab (started like `aitrain lab`), run it, and
use nbgrader's Validate button on a solved and on a blank notebook; and, as `aitrain lab --lang ru` starts it,
JupyterLab in Russian with a Russian module and its check's feedback. Screenshots go to test-artifacts/browser/.

Drives Debian's chromium (apt-get install chromium) with Playwright; never downloads a browser.
"""

import re
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from notebook_cells import exercises, nbgrader_meta

from aitrain import paths
from aitrain.base import catalogue
from aitrain.base.edition import Edition
from aitrain.tooling import lab
from aitrain.tooling import welcome_notebook as welcome
from aitrain.tooling.headless_lab import serve, solved

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = paths.home() / "test-artifacts" / "browser"
MODULE = "02"
RUSSIAN_MODULE = "00"  # modules/ru/00-python-pandas/, from `aitrain release --lang ru 00`

pytestmark = pytest.mark.slow
no_chromium = pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="Debian's chromium is not installed "
                                 "(apt-get install chromium); the browser test needs it")


@pytest.fixture
def server(tmp_path):
    """JupyterLab on loopback, on a folder laid out like modules/ (WELCOME and the participant's notebook), plus
    a solved copy of the notebook in solved/."""
    module = catalogue.find_modules([MODULE])[0]
    root = tmp_path / "lab"
    root.mkdir()
    for folder in (root / module.slug, root / "solved" / module.slug):
        folder.mkdir(parents=True)
    shutil.copy(module.release, root / module.slug / module.notebook_name)
    (root / welcome.NAME).write_text(welcome.text([module]), encoding="utf-8")
    nb = solved(nbformat.read(module.release, as_version=4), nbformat.read(module.solution, as_version=4))
    nbformat.write(nb, root / "solved" / module.slug / module.notebook_name)
    with serve(root, tmp_path) as (base, token):
        yield base, token, module, exercises(nb)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():  # reached only by tests that must not skip (the others are marked no_chromium)
        pytest.fail(f"Debian's chromium is not installed ({CHROMIUM}): apt-get install chromium")

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_notebook(browser, base, token, path, idle="Idle"):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(60_000)
    page.goto(f"{base}/lab/tree/{path}?token={token}&reset")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for()
    page.get_by_text(re.compile(rf"Python 3 \(ipykernel\) \| {idle}")).wait_for()
    return page


def run_all(page, menu="Run", item="Run All Cells"):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{item}$")).click()


def validate(page) -> str:
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
    dialog = page.locator(".jp-Dialog-content")
    dialog.wait_for(timeout=120_000)
    dialog.get_by_text(re.compile("Success|VALIDATION FAILED|failed", re.I)).first.wait_for(timeout=120_000)
    return dialog.inner_text()


def show(page, locator):
    """Scroll the notebook to an element and let JupyterLab draw the cells around it."""
    for _ in range(2):  # cells above change height as they are drawn: centre the element again
        locator.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(1000)


def shoot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def check_solved_notebook_runs_and_validates(server, browser):
    base, token, module, exs = server
    page = open_notebook(browser, base, token, f"solved/{module.slug}/{module.notebook_name}")
    heading = page.locator(".jp-NotebookPanel .jp-RenderedMarkdown h1").first
    heading.wait_for()
    assert module.title in heading.inner_text()
    run_all(page)
    correct = page.locator(".jp-OutputArea-output", has_text="Correct: Exercise")
    deadline = time.monotonic() + 90
    while correct.count() < len(exs) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert correct.count() == len(exs), "every exercise's check says Correct"
    assert page.locator(".jp-RenderedImage img").count() >= 1, "the plots are drawn"
    assert page.locator(".jp-OutputArea-output", has_text="Not yet").count() == 0
    show(page, page.locator(".jp-RenderedImage img").first)
    shoot(page, f"{module.slug}-solved-plot")
    show(page, correct.nth(1))
    shoot(page, f"{module.slug}-solved-feedback")
    text = validate(page)
    shoot(page, f"{module.slug}-solved-validate")
    assert "Success! Your notebook passes all the tests." in text
    page.close()


def check_blank_notebook_gives_feedback_and_fails_validation(server, browser):
    base, token, module, exs = server
    nb = nbformat.read(module.release, as_version=4)
    written = sum(c.cell_type == "markdown" and nbgrader_meta(c).get("grade", False) for c in nb.cells)
    page = open_notebook(browser, base, token, f"{module.slug}/{module.notebook_name}")
    run_all(page)  # stops at the first check, as a participant who has not answered yet would see
    not_yet = page.locator(".jp-OutputArea-output", has_text="Not yet: Exercise 1")
    not_yet.wait_for(timeout=90_000)
    show(page, not_yet)
    assert "Hint" in not_yet.text_content() and "Traceback" not in not_yet.text_content()
    shoot(page, f"{module.slug}-blank-feedback")
    text = validate(page)
    shoot(page, f"{module.slug}-blank-validate")
    assert text.count("The following cell failed") == len(exs) + written, "each unanswered check and reflection"
    assert "Not yet: Exercise 1" in text and "Hint:" in text, "the dialog shows the checks' feedback"
    assert "You did not provide a response" in text
    assert "BEGIN HIDDEN TESTS" not in text
    page.close()


def check_welcome_notebook_shows_feedback_and_opens_the_module(server, browser):
    base, token, module, _ = server
    page = open_notebook(browser, base, token, welcome.NAME)
    run_all(page)  # the practice exercise still holds `...`: its check explains what to do
    not_yet = page.locator(".jp-OutputArea-output", has_text="Not yet: Exercise 1 (a first share)")
    not_yet.wait_for(timeout=60_000)
    assert "placeholder" in not_yet.text_content()
    show(page, not_yet)
    shoot(page, "WELCOME-practice-feedback")
    link = page.locator(".jp-RenderedMarkdown a", has_text=module.title)
    show(page, link)
    link.click()
    heading = page.locator(".jp-NotebookPanel:visible .jp-RenderedMarkdown h1").first
    heading.wait_for()
    assert module.title in heading.inner_text(), "the link opens the module"
    page.close()


@no_chromium
def test_participant_in_the_browser(server, browser):
    """One JupyterLab and one browser for the three scenes (a single test, so that pytest-xdist does not start
    three servers)."""
    check_welcome_notebook_shows_feedback_and_opens_the_module(server, browser)
    check_solved_notebook_runs_and_validates(server, browser)
    check_blank_notebook_gives_feedback_and_fails_validation(server, browser)


def test_russian_participant_in_the_browser(tmp_path, browser):
    """`aitrain lab --lang ru` on a participant's copy of the course: JupyterLab's menus in Russian (the language
    pack), the Russian module open, a wrong answer to Exercise 1 and its check's feedback in Russian. Fails (never
    skips) when chromium, the language pack or the Russian notebooks are missing."""
    russian = lab.check_language_pack(Edition(language="ru"))  # AitrainError when the language pack is missing
    module = catalogue.find_modules([RUSSIAN_MODULE])[0]
    assert (paths.modules_dir() / "ru" / module.slug / module.notebook_name).is_file(), \
        f"build the Russian notebook: aitrain release --lang ru {RUSSIAN_MODULE}"
    root, trainer = lab.folder_for(None, tmp_path / "course", russian)  # the participant's copy, opened in ru/
    assert root == (tmp_path / "course" / "ru").resolve() and not trainer
    nb = nbformat.read(root / module.slug / module.notebook_name, as_version=4)
    assert Edition.of_notebook(nb, module.slug) == russian
    answer = next(i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("solution"))  # Exercise 1's answer
    with serve(root, tmp_path, russian) as (base, token):
        page = open_notebook(browser, base, token, f"{module.slug}/{module.notebook_name}", idle="Простаивает")
        menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert {"Файл", "Выполнить", "Ядро", "Справка"} <= set(menus), f"JupyterLab's menus in Russian: {menus}"
        assert not {"File", "Run", "Kernel", "Help"} & set(menus), menus
        editor = page.locator(".jp-Notebook .jp-Cell").nth(answer).locator(".cm-content")
        show(page, editor)
        editor.click()
        page.keyboard.press("Control+End")
        page.keyboard.type("\nlatest_year = 1960")  # a wrong answer: the first year, not the last
        run_all(page, "Выполнить", "Запустить все ячейки")  # stops at the check that fails, as a participant sees
        not_yet = page.locator(".jp-OutputArea-output", has_text="Пока нет: Упражнение 1")
        not_yet.wait_for(timeout=90_000)
        text = not_yet.text_content()
        assert "✗" in text and "Traceback" not in text and "Not yet" not in text, text
        assert re.search("[а-яё]{4,}", text.split("Упражнение 1", 1)[1]), f"the feedback is in Russian: {text}"
        show(page, not_yet)
        shoot(page, f"{module.slug}-ru-feedback")
        page.close()
