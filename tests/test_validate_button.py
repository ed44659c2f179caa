"""nbgrader's Validate on a Russian notebook (issue 28): the check's message arrives whole. JupyterLab's Validate
button shows each failed cell's error in a <pre> that does not wrap, and `nbgrader validate` cuts every line of it
after 87 characters ("..."): a one-line message was cut mid-word. The feedback's error lines are at most 80
characters, broken between words; the summary `nbgrader validate` prints is in the course's language."""

import io
import re

import nbformat
from nbgrader.validator import Validator
from traitlets.config import Config

from aitrain.base.edition import Edition
from aitrain.base.nbgrader_stages import configure
from aitrain.feedback.hooks import LINE_WIDTH, error_lines

MESSAGE = ("\u2717 Ещё нет: Упражнение 2 (доля бедных домохозяйств). Вы разделили число бедных домохозяйств на число "
           "всех домохозяйств таблицы, а делить нужно на число домохозяйств тестовой выборки.\nПодсказка: посмотрите, "
           "какую таблицу вы передали функции, и выполните ячейку ещё раз.")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_error_lines_break_between_words_and_keep_every_word():
    lines = [ANSI.sub("", line) for line in error_lines(MESSAGE, "1;31")]
    assert len(lines) > 2 and all(len(line) <= LINE_WIDTH for line in lines)
    assert " ".join(lines).split() == MESSAGE.split()
    assert error_lines("Короткое сообщение.", "1;34") == ["\x1b[1;34mКороткое сообщение.\x1b[0m"]


def test_validate_shows_a_russian_message_whole_and_its_summary_in_russian(tmp_path):
    cell = nbformat.v4.new_code_cell("import aitrain.feedback\nfrom aitrain.feedback.stops import NotYet\n\n"
                                     f"raise NotYet({MESSAGE!r})")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "ex2", "points": 1, "solution": False, "locked": True,
                                 "schema_version": 3}
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "02.ipynb"
    nbformat.write(nb, path)
    validator = Validator(config=configure(Config(), Edition(language="ru")))
    validator.stream = io.StringIO()
    validator.validate_and_print(str(path))  # `nbgrader validate`; the button shows validate()'s "error"
    printed = validator.stream.getvalue()
    assert "ПРОВЕРКА НЕ ПРОЙДЕНА В ЯЧЕЙКАХ: 1." in " ".join(printed.split())
    error = printed.split("The error was:", 1)[1]
    assert "..." not in error and error.split() == MESSAGE.split()
