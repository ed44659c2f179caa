"""English on a translated participant's screen: the strings with English words a reader of an executed notebook
sees, outside column headers, of three kinds.

- figures: every text a figure draws (titles, axis and tick labels, legends, annotations), recorded by the kernel
  when AITRAIN_SCREEN_TEXTS is set (aitrain.figure_texts), not read from the picture;
- table cells: the index and values of HTML tables, and the text of any other HTML output (a scikit-learn
  estimator diagram); the header rows left aside;
- printed lines: printed output, warnings, Markdown shown by the code, and plain-text results.

Only the outputs of cells the participant's notebook has are counted, the check cells aside. A word is English
when it is two or more Latin letters, not a name written as in code (with an underscore, or in code font in shown
Markdown) nor a Roman numeral nor an identifier (capital letters then digits, perhaps a hyphen between: HH00001,
PC1, the rule CHB-3.1); the allowed words (aitrain/data/screen_allowed.yaml) are names with no Russian form
(libraries, methods, units), each with its reason, and the names a participant types (the data's column names,
the assessment's question ids).
`aitrain translate --lang ru --screen` executes the solution notebooks and prints the count; the test suite counts
the executions it makes anyway (tests/test_notebooks_run.py).
"""

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

from aitrain import paths
from aitrain.figure_texts import METADATA_KEY

KINDS = ("figures", "table cells", "printed lines")
FIGURE, TABLE, PRINTED = KINDS
ALLOWED_FILE = "screen_allowed.yaml"
WORD = re.compile(r"(?<![^\W_])[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*")  # "kWh", "CO2", "TF-IDF", "float64"
TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
CODE_SPAN = re.compile(r"`[^`\n]+`")  # a name in code font in shown Markdown (`current`), which a participant types
CODE = re.compile(r"^[A-Z]+-?[0-9]+$")  # an identifier, capitals then digits: HH00001, PC1, a rule's CHB-3(.1)
ROMAN = re.compile(r"^X{0,3}(IX|IV|V?I{0,3})$")  # a Roman numeral, written so in Russian too: level III
RICH = ("text/html", "text/markdown", "text/latex", "image/png", "image/svg+xml", "image/jpeg")
SKIPPED_TAGS = {"style", "script"}
BLOCK_TAGS = {"td", "th", "tr", "div", "p", "li", "pre", "caption", "label", "span", "br", "dt", "dd", "h1", "h2",
              "h3", "h4", "summary", "details", "a", "b", "i", "em", "strong", "code"}


@dataclass(frozen=True)
class Shown:
    kind: str
    text: str


class _HtmlTexts(HTMLParser):
    """The texts of an HTML output, one per element, with those inside <thead> (the column headers) marked."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[str, bool]] = []  # (text, in a header)
        self._skip = 0
        self._head = 0
        self._buffer: list[str] = []

    def _flush(self):
        text = " ".join("".join(self._buffer).split())
        if text:
            self.texts.append((text, self._head > 0))
        self._buffer = []

    def handle_starttag(self, tag, attrs):
        self._flush()
        if tag in SKIPPED_TAGS:
            self._skip += 1
        elif tag == "thead":
            self._head += 1

    def handle_endtag(self, tag):
        self._flush()
        if tag in SKIPPED_TAGS:
            self._skip = max(self._skip - 1, 0)
        elif tag == "thead":
            self._head = max(self._head - 1, 0)

    def handle_data(self, data):
        if not self._skip:
            self._buffer.append(data)


def html_cells(html: str) -> list[str]:
    """The texts of an HTML output outside its header rows."""
    parser = _HtmlTexts()
    parser.feed(html)
    parser.close()
    parser._flush()
    return [text for text, in_header in parser.texts if not in_header]


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def output_texts(output) -> list[Shown]:
    """What one output of a code cell shows, as a reader sees it."""
    kind = output.get("output_type")
    if kind == "stream":
        return [Shown(PRINTED, line) for line in _lines(_text(output.get("text", "")))]
    if kind not in ("display_data", "execute_result"):
        return []
    data, found = output.get("data", {}), []
    if "image/png" in data or "image/svg+xml" in data:
        found += [Shown(FIGURE, t) for t in output.get("metadata", {}).get(METADATA_KEY, [])]
    if "text/html" in data:
        found += [Shown(TABLE, t) for t in html_cells(_text(data["text/html"]))]
    elif "text/markdown" in data:
        found += [Shown(PRINTED, line) for line in _lines(_text(data["text/markdown"]))]
    elif "text/latex" in data:
        found += [Shown(PRINTED, line) for line in _lines(_text(data["text/latex"]))]
    elif "text/plain" in data and not any(m in data for m in RICH):
        found += [Shown(PRINTED, line) for line in _lines(_text(data["text/plain"]))]
    return found


def is_check_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def shown(executed, participant) -> list[Shown]:
    """Every text the executed notebook shows in the cells its participant notebook has, check cells aside,
    once each, in order."""
    ids = {cell.get("id") for cell in participant.cells}
    found: dict[Shown, None] = {}
    for cell in executed.cells:
        if cell.cell_type != "code" or cell.get("id") not in ids or is_check_cell(cell):
            continue
        for output in cell.get("outputs", []):
            found.update(dict.fromkeys(output_texts(output)))
    return list(found)


def allowed_words(path: Path | None = None) -> set[str]:
    """The words that may stay in Latin letters: those of aitrain/data/screen_allowed.yaml (word -> why), and the
    names a participant types: the column names of the course's data sets and the assessment's question ids."""
    entries = yaml.safe_load((path or paths.PACKAGE_DIR / "data" / ALLOWED_FILE).read_text(encoding="utf-8"))
    return set(entries or {}) | column_names() | question_ids()


def column_names() -> set[str]:
    import csv

    names: set[str] = set()
    for table in sorted(paths.datasets_dir().glob("*.csv")):
        with table.open(encoding="utf-8", newline="") as handle:
            names.update(next(csv.reader(handle), []))
    return names


def question_ids() -> set[str]:
    """The ids of module 15's assessment questions, which a participant types as an answer sheet's keys."""
    from aitrain import impact_assessment

    return {question.id for question in impact_assessment.questions()}


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The English words of a text (two or more Latin letters, TeX commands and `code` aside) that are not
    allowed."""
    words = []
    for word in WORD.findall(CODE_SPAN.sub(" ", TEX_COMMAND.sub(" ", text))):
        if (sum(c.isascii() and c.isalpha() for c in word) < 2 or word in allowed or "_" in word or CODE.match(word)
                or ROMAN.match(word)):
            continue  # a letter, an allowed name, a name in code (`household_size`), an identifier (HH00001, CHB-3.1),
            # a Roman numeral (level IV)
        parts = word.split("-")
        if len(parts) > 1 and all(p in allowed or sum(c.isalpha() for c in p) < 2 for p in parts):
            continue
        words.append(word)
    return words


def english_on_screen(executed, participant, allowed: set[str] | None = None) -> list[Shown]:
    """The texts of the executed notebook that show an English word a reader could have had in Russian."""
    allowed = allowed_words() if allowed is None else allowed
    return [s for s in shown(executed, participant) if english_words(s.text, allowed)]


def counts(found: list[Shown]) -> Counter:
    return Counter(s.kind for s in found)


def union(groups) -> list[Shown]:
    """The texts of several editions' counts, once each."""
    found: dict[Shown, None] = {}
    for group in groups:
        found.update(dict.fromkeys(group))
    return list(found)


def editions(module, language: str) -> list:
    from aitrain.base.edition import Edition

    return [Edition(language=language, path=path) for path in module.paths]


def measure(modules, language: str, folder: Path, progress=lambda name: None) -> dict[str, dict[str, list[Shown]]]:
    """Execute each module's solution notebook in the language, on each of its paths (with the figures' texts
    recorded), and find the English on its screen: {module slug: {edition name: texts}}."""
    import os

    import nbformat

    from aitrain.errors import AitrainError
    from aitrain.figure_texts import VARIABLE
    from aitrain.tooling.notebook_run import run_notebook

    allowed, found = allowed_words(), {}
    before = os.environ.get(VARIABLE)
    os.environ[VARIABLE] = "1"
    try:
        for module in modules:
            found[module.slug] = {}
            for edition in editions(module, language):
                output = folder / edition.name / module.slug / module.notebook_name
                result = run_notebook(edition.solution(module), output)
                progress(f"{module.slug} ({edition.name})")
                if not result.ok:
                    raise AitrainError(f"{edition.solution(module)} did not run: {result.error}",
                                       "Run it in Jupyter to see where it stops.")
                executed = nbformat.read(output, as_version=4)
                participant = nbformat.read(edition.release(module), as_version=4)
                found[module.slug][edition.name] = english_on_screen(executed, participant, allowed)
    finally:
        if before is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = before
    return found
