"""The Russian edition: complete and current catalogues, notebooks generated from them, and what that guarantees.

The round trip (test_grading_roundtrip.py), the papermill run (test_notebooks_run.py), the clean-storage lint
(test_notebook_lint.py) and the beginner-mistakes corpus in Russian (test_beginner_mistakes.py) run on the
Russian notebooks as on the English ones.
"""

import re
import shutil

import nbformat
import polib
import pytest
import russian_style
from notebook_cells import read, read_solution
from typer.testing import CliRunner

from aitrain import i18n
from aitrain.base import catalogue
from aitrain.base.data_files import glossary
from aitrain.base.edition import SOURCE, Edition
from aitrain.base.nbgrader_stages import INSTRUCTOR_TAG, stubs
from aitrain.tooling import catalogues, notebook_text, release, translation
from aitrain.tooling.cli import app

LANGUAGE = "ru"
RUSSIAN = Edition(language=LANGUAGE)
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
COGNATES = {"Algorithm", "Classification", "Model", "Regression"}  # алгоритм, ...: no English needed beside them


def test_catalogues_complete_and_current():
    """Every text of every module, of WELCOME and of the feedback is translated, and no entry is stale."""
    problems = translation.problems(RUSSIAN)
    assert not problems, "\n".join(map(str, problems))


def test_translated_notebooks_in_step():
    """solutions/ru/ and modules/ru/ are what `aitrain release --lang ru` makes from po/ru/."""
    differences = release.release(catalogue.all_modules() + catalogue.programme_notebooks(), RUSSIAN, check=True)
    assert differences == [], "run 'aitrain release --lang ru' and commit: " + ", ".join(differences)


def _russian(module):
    return read(RUSSIAN.solution(module))


def test_russian_notebook_mirrors_the_english(module):
    """On each path the module has: the Russian solution has the English one's cells of that path."""
    for path in module.paths[1:]:
        english = read_solution(module, Edition(path=path))
        russian = read(Edition(language=LANGUAGE, path=path).solution(module))
        assert [(c.id, c.metadata) for c in russian.cells] == [(c.id, c.metadata) for c in english.cells], path
    english, russian = read_solution(module), _russian(module)
    assert [(c.id, c.cell_type) for c in russian.cells] == [(c.id, c.cell_type) for c in english.cells]
    assert [c.metadata for c in russian.cells] == [c.metadata for c in english.cells], "grading metadata kept"
    assert Edition.of_notebook(russian, module.slug) == RUSSIAN
    assert CYRILLIC.search(russian.metadata["aitrain"]["title"])
    shown = [c for c in russian.cells if c.cell_type == "markdown" and not notebook_text.is_instructor(c)
             and not notebook_text.is_model_answer(c)]
    assert all(CYRILLIC.search(c.source) for c in shown), "every participant's Markdown cell is in Russian"
    key_points = next(r.source for e, r in zip(english.cells, russian.cells, strict=True)
                      if e.cell_type == "markdown" and re.search(r"^## Key points", e.source, re.M))
    for point in russian.metadata["aitrain"]["key_points"]:
        assert point in key_points, f"the Russian key point is not in the Key points cell: {point}"


def test_russian_release_speaks_russian(module):
    released = read(RUSSIAN.release(module))
    text = "\n".join(c.source for c in released.cells)
    assert not any(INSTRUCTOR_TAG in c.metadata.get("tags", []) for c in released.cells)
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    code_stub, _ = stubs(RUSSIAN)
    assert code_stub.strip() in text and stubs(SOURCE)[0].strip() not in text, "the exercise stubs are in Russian"
    assert f'use_language("{LANGUAGE}")' in text, "the kernel is switched to the notebook's language"


def test_course_terms_given_in_english_at_first_use(module):
    """Where the English module uses a glossary term, the Russian one gives the English term in brackets."""
    english = "\n".join(c.source for c in notebook_text.translatable_cells(read(module.solution))
                        if c.cell_type == "markdown").lower()
    russian = "\n".join(c.source for c in notebook_text.translatable_cells(_russian(module))
                        if c.cell_type == "markdown").lower()
    missing = []
    for term, _ in glossary(SOURCE):
        word = term.lower()
        if term in COGNATES:
            continue
        if re.search(rf"\b{re.escape(word)}\b", english) and not re.search(rf"\([^)]*\b{re.escape(word)}\b", russian):
            missing.append(term)
    assert not missing, f"give the English term in brackets at its first use: {', '.join(missing)}"


def test_messages_speak_the_notebook_language():
    from aitrain.exercises import python_pandas as ex
    from aitrain.feedback import Mistake

    try:
        i18n.use_language(LANGUAGE)
        assert CYRILLIC.search(ex.latest_year.label) and CYRILLIC.search(i18n._(ex.latest_year.hints[0]))
        with pytest.raises(Mistake) as raised:
            ex.latest_year._check(1960)
        assert CYRILLIC.search(str(raised.value))
    finally:
        i18n.use_language("en")
    assert not CYRILLIC.search(ex.latest_year.label), "English is back"


def test_a_changed_english_cell_fails_until_retranslated(tmp_path, monkeypatch):
    """Edit one English cell: `aitrain translate --check` fails naming the cell, `aitrain translate` keeps the
    old translation marked fuzzy beside the previous English, and the release refuses the module."""
    module = catalogue.find_modules(["02"])[0]
    home = tmp_path / "course"
    shutil.copytree(module.solution.parent, home / "solutions" / module.slug)
    (home / "po" / LANGUAGE).mkdir(parents=True)
    shutil.copy(catalogues.notebook_catalogue(LANGUAGE, module.slug), home / "po" / LANGUAGE)
    shutil.copytree(i18n.LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")  # `aitrain translate` writes the copy
    notebook = home / "solutions" / module.slug / module.notebook_name
    nb = nbformat.read(notebook, as_version=4)
    cell = next(c for c in nb.cells[1:] if c.cell_type == "markdown" and not notebook_text.is_instructor(c))
    old_english = cell.source
    cell.source += " Poverty is measured per person."
    nbformat.write(nb, notebook)
    env = {"AITRAIN_HOME": str(home), "COLUMNS": "200"}
    runner = CliRunner()

    checked = runner.invoke(app, ["translate", "--lang", LANGUAGE, "--check"], env=env)
    assert checked.exit_code == 1
    assert f"po/{LANGUAGE}/{module.slug}.po: cell {cell.id}: fuzzy" in checked.output

    assert runner.invoke(app, ["translate", "--lang", LANGUAGE], env=env).exit_code == 0
    entry = next(e for e in polib.pofile(str(home / "po" / LANGUAGE / f"{module.slug}.po")) if e.msgctxt == cell.id)
    assert entry.fuzzy and entry.previous_msgid == old_english and CYRILLIC.search(entry.msgstr)

    released = runner.invoke(app, ["release", "--lang", LANGUAGE, "02"], env=env)
    assert released.exit_code == 2 and cell.id in released.output  # an error, in one line, naming the cell


def test_russian_welcome_links_every_russian_module_and_explains_the_english_words():
    from aitrain.tooling import welcome_notebook as welcome

    path = RUSSIAN.modules_dir / welcome.NAME
    nb = read(path)
    text = "\n".join(c.source for c in nb.cells)
    links = re.findall(r"\]\(([^)]+\.ipynb)\)", text)
    assert links == [f"{m.slug}/{m.notebook_name}" for m in catalogue.all_modules()]
    assert all((path.parent / link).is_file() for link in links)
    for word in ("Validate", "Submit", "Fetch", "Assignment List"):  # nbgrader's words, not translated on screen
        assert re.search(rf"\*\*[^*]*{word}[^*]*\*\*", text), f"the WELCOME notebook explains nbgrader's '{word}'"
    assert all(CYRILLIC.search(c.source) for c in nb.cells if c.cell_type == "markdown")
    terms = [term for term, _ in glossary(RUSSIAN)]
    assert all(f"**{term}**" in text for term in terms), "the Russian glossary, with the English terms"


def test_course_directory_grades_the_russian_edition(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["course", "init", str(tmp_path / "cohort"), "--lang", LANGUAGE, "-m", "00"])
    assert result.exit_code == 0, result.output
    config = (tmp_path / "cohort" / "nbgrader_config.py").read_text()
    assert f"configure(c, {RUSSIAN!r})" in config
    source = (tmp_path / "cohort" / "source" / "00-python-pandas").resolve()
    assert source == (RUSSIAN.solutions_dir / "00-python-pandas").resolve(), "nbgrader's source: the Russian one"
    released = read(tmp_path / "cohort" / "release" / "00-python-pandas" / "00-python-pandas.ipynb")
    assert stubs(RUSSIAN)[0].strip() in "\n".join(c.source for c in released.cells)


def test_labels_the_code_shows_are_texts_and_the_strings_it_reads_stay():
    """Tick and category labels, a table's keys, index and rows, renamed labels and yes/no mappings go through
    the catalogues; a key the code reads again, and labels given to a computation, stay as they are."""
    code = '\n'.join([
        'ax.bar(["rural area", "urban area"], [1, 2])',
        'ax.set_xticks([0, 1], labels=["Direct estimate", "Fay-Herriot estimate"])',
        'table = pd.DataFrame({"true count": a, "routed": b}, index=["first row"])',
        'table.sort_values("routed")',
        'pd.Series({"village meeting": 3}).rename("households")',
        's.rename({False: "rural", True: "urban"})',
        'words = [{True: "yes", False: "no"}.get(i) for i in index]',
        'confusion_matrix(y, p, labels=["legitimate", "fraud"])',
        'ax.set_yticks(range(3), [f"refit {k + 1}" for k in range(3)])',
        'ax.set_xticklabels([f"{share:.0%}" for share in shares])',
        'for rows, label in [(a, "first wave"), (b, "later")]:\n    ax.scatter(rows.x, rows.y, label=label)',
        'for name, table in [("one model", a), ("other model", b)]:\n    print(name, table[name])',
        'pd.concat([a, b], keys=["first group", "second group"])',
        'aia.model_card(performance={"PR-AUC": x, f"precision at {k}": y})',
        'for i, (label, c) in enumerate([("poor, reached", 1), ("left out", 2)]):\n    ax.bar(i, c, label=label)',
        'panels = [("direct", "Direct estimates"), ("eblup", "Fay-Herriot estimates")]\n'
        'for ax, (column, title) in zip(axes, panels):\n    ax.set_title(title)\n    ax.plot(t[column])',
    ])
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code, id="labels")])
    found = {s.text for s in notebook_text.code_segments("labels", code, notebook_text.data_strings(nb))}
    assert found == {'"rural area"', '"urban area"', '"Direct estimate"', '"Fay-Herriot estimate"', '"true count"',
                     '"first row"', '"village meeting"', '"households"', '"rural"', '"urban"', '"yes"', '"no"',
                     'f"refit {k + 1}"', '"first wave"', '"later"', '"first group"', '"second group"', '"PR-AUC"',
                     'f"precision at {k}"', '"poor, reached"', '"left out"',
                     '"Direct estimates"', '"Fay-Herriot estimates"'}  # not a label without words, nor a name the
    # loop also computes with


def test_russian_prose_keeps_the_style_a_native_reader_asked_for():
    """No gloss of an identical word, no nested or adjacent glosses, decimal commas in prose, no Latin word inside a
    Russian sentence but names with no Russian form (tests/russian_style.py; its data in russian_style.yaml)."""
    found = russian_style.findings()
    pending = set(russian_style.DATA["pending"])
    left = [str(f) for f in found if f"{f.catalogue}: {f.where}" not in pending]
    assert not left, "\n".join(left)
    assert pending <= {f"{f.catalogue}: {f.where}" for f in found}, "fixed: remove it from pending (russian_style.yaml)"
    definitions = [(term, rule) for term, definition in glossary(RUSSIAN)
                   for rule, check in russian_style.RULES.items() if check(russian_style.prose(definition))]
    assert not definitions, f"the Russian glossary (glossary.yaml): {definitions}"


@pytest.mark.parametrize(("text", "rule"), [
    ("может ли модель (model) сделать", "identical-word gloss"),
    ("по **домохозяйствам** (households)", "identical-word gloss"),
    ("**Коэффициент детерминации (R² (R-squared))**", "nested or adjacent glosses"),
    ("**линейную регрессию (regression)** (метод наименьших квадратов, OLS)", "nested or adjacent glosses"),
    ("в среднем примерно с 5.8 до 2.6 рождения", "decimal point in prose"),
    ("Чаще всего без помощи остаются бедные региона Capital.", "Latin word in a Russian sentence"),
    ("Люди пишут *posobie* вместо benefit.", "Latin word in a Russian sentence"),
])
def test_the_style_lint_catches_what_the_review_found(text, rule):
    assert russian_style.RULES[rule](russian_style.prose(text))


@pytest.mark.parametrize("text", [
    "Передайте `precision_score(y_true, y_pred)` и порог `0.5`.",
    "**Обучающая выборка** (training set) и **точность на k** (precision at k), $\\gamma = 0.4$.",
    "Библиотека pandas и метод `groupby`; значения True/False; в коде пишите `2.5`, в тексте 2,5.",
    "Столбец `'paid but not poor (%)'` и значение 'in scope' (Hardt, Price and Srebro 2016).",
])
def test_the_style_lint_leaves_code_glosses_and_names_alone(text):
    assert not any(check(russian_style.prose(text)) for check in russian_style.RULES.values())
