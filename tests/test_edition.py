"""An edition (aitrain.base.edition): one language and one path, checked once where it comes in, with its folders,
its notebook metadata and its settings; no language code compared anywhere else in the tooling."""

import ast

import nbformat
import pytest
from traitlets.config import Config
from typer.testing import CliRunner

from aitrain import i18n, paths
from aitrain.base import edition as editions
from aitrain.base.edition import SOURCE, Edition
from aitrain.base.nbgrader_stages import stubs
from aitrain.errors import AitrainError
from aitrain.tooling import translated
from aitrain.tooling.cli import app

RUSSIAN = Edition(language="ru")
KNOWN = "its languages are en (English), ru (Русский)"


@pytest.mark.parametrize("args", [
    ["release", "--lang", "xx", "--check"],
    ["translate", "--lang", "xx", "--check"],
    ["syllabus", "--lang", "xx", "-o", "{tmp}"],
    ["lab", "--lang", "xx", "--no-browser", "--dir", "{tmp}"],
    ["course", "init", "{tmp}/cohort", "--lang", "xx"],
])
def test_an_unknown_language_is_one_line_naming_the_known_ones(tmp_path, args):
    result = CliRunner().invoke(app, [a.format(tmp=tmp_path) for a in args], env={"COLUMNS": "80"})
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
    assert "There is no edition of the course in 'xx'" in result.output and KNOWN in result.output
    assert not (tmp_path / "cohort").exists(), "nothing is made for an unknown edition"


def test_a_notebook_with_an_unknown_language_is_named():
    nb = nbformat.v4.new_notebook(metadata={"aitrain": {"id": "02", "language": "xx"}})
    with pytest.raises(AitrainError) as raised:
        Edition.of_notebook(nb, "02-proxy-means-test.ipynb")
    message = str(raised.value)
    assert "\n" not in message and message.startswith("02-proxy-means-test.ipynb: ") and KNOWN in message
    with pytest.raises(AitrainError, match="no 'scenic' path through the course; its paths are coded, policy"):
        Edition.read({"path": "scenic"}, "hub.json")


def test_what_a_notebook_says_of_its_edition():
    english = nbformat.v4.new_notebook(metadata={"aitrain": {"id": "02"}})
    assert Edition.of_notebook(english, "x") == SOURCE, "a notebook that says nothing is English, coded path"
    assert Edition.of_notebook(nbformat.v4.new_notebook(), "x") == SOURCE
    nb = nbformat.v4.new_notebook(metadata={"aitrain": {"id": "02"}},
                                  cells=[nbformat.v4.new_code_cell("import pandas as pd")])
    translated.mark(nb, RUSSIAN)
    assert nb.metadata["aitrain"] == {"id": "02", "language": "ru"}, "only what differs from the English is written"
    assert Edition.of_notebook(nb, "x") == RUSSIAN
    assert nb.cells[0].source.startswith('from aitrain.i18n import use_language\n\nuse_language("ru")')
    assert translated.mark(english, SOURCE).metadata["aitrain"] == {"id": "02"}, "the English is left as written"


def test_folders_names_and_options():
    assert (SOURCE.solutions_dir, SOURCE.modules_dir) == (paths.solutions_dir(), paths.modules_dir())
    assert (RUSSIAN.solutions_dir, RUSSIAN.modules_dir) == (paths.solutions_dir() / "ru", paths.modules_dir() / "ru")
    assert (SOURCE.name, SOURCE.label, SOURCE.options) == ("en", "English", [])
    assert (RUSSIAN.name, RUSSIAN.label, RUSSIAN.command("aitrain release")) == (
        "ru", "Русский", "aitrain release --lang ru")
    assert not SOURCE.translated and RUSSIAN.translated
    assert editions.translations() == [Edition(language=code) for code in i18n.LANGUAGES if code != "en"]


def test_a_policy_path_has_its_own_folders():
    english, russian = Edition(path="policy"), Edition(language="ru", path="policy")
    assert english.modules_dir == paths.modules_dir() / "policy"
    assert russian.solutions_dir == paths.solutions_dir() / "ru" / "policy"
    assert (english.name, russian.name, russian.label) == ("en-policy", "ru-policy", "Русский, policy path")
    assert english.metadata == {"path": "policy"} and not english.translated
    assert english.policy and english.generated and not SOURCE.policy and not SOURCE.generated
    assert russian.command("aitrain release") == "aitrain release --lang ru --path policy"


def test_settings_files_round_trip():
    assert Edition.read(RUSSIAN.settings, "x") == RUSSIAN and RUSSIAN.settings == {"language": "ru", "path": "coded"}
    assert Edition.read({"course_id": "aitrain"}, "x") == SOURCE, "settings written before editions: English"


def test_speaking_switches_the_messages_and_back():
    before = i18n.language()
    with RUSSIAN.speaking():
        assert i18n.language() == "ru"
        assert stubs(SOURCE)[0] == "# \u270f\ufe0f Your code here\n", "a nested edition speaks its own language"
        assert i18n.language() == "ru"
    assert i18n.language() == before
    assert stubs(RUSSIAN) != stubs(SOURCE)


def test_old_course_directories_still_configure_by_language():
    """A course directory made before aitrain 0.2 calls aitrain.course.nbgrader_setup.configure(c[, "ru"])."""
    from aitrain.course.nbgrader_setup import configure

    assert configure(Config(), "ru").ClearSolutions.text_stub == stubs(RUSSIAN)[1]
    assert configure(Config()).ClearSolutions.text_stub == stubs(SOURCE)[1]


def test_no_language_code_is_compared_outside_the_edition():
    """The tooling, grading and base ask an Edition; none compares a language code ("en" == ...) itself."""
    found = []
    for layer in ("tooling", "grading", "base"):
        for path in (paths.PACKAGE_DIR / layer).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Compare) and any(
                        isinstance(side, ast.Constant) and side.value in i18n.LANGUAGES
                        for side in [node.left, *node.comparators]):
                    found.append(f"{path.relative_to(paths.PACKAGE_DIR)}:{node.lineno}")
    assert not found, "compare Editions, not language codes: " + ", ".join(found)
