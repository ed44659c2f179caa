"""The gettext catalogues of the translations: made from the English sources, kept up to date, checked.

Two kinds, both ordinary .po files that any translation tool (Poedit, Weblate, a text editor) can edit:

- po/<language>/<module>.po: the texts of one module's notebook (and po/<language>/WELCOME.po), one entry per
  text keyed by its cell's id (msgctxt), made from solutions/ by aitrain.tooling.notebook_text.
- src/aitrain/locale/<language>/<source>.po: the messages of one Python file (feedback, hints, error
  explanations), extracted from its `_("...")` calls by GNU xgettext; data_<name>.po the shown texts of a
  YAML file of aitrain/data (the tracks' titles); data_values.po the category values the data sets declare
  (shown by aitrain.category_names: "Capital", "Gulzar" for every "Gulzar-N").

`update` re-extracts the English and merges it into the catalogue with GNU msgmerge: an entry whose English
changed keeps its old translation marked fuzzy (with the previous English beside it), a new text gets an empty
entry, a text that is gone is dropped. `problems` lists what keeps a catalogue from being used: fuzzy and
missing entries, and translations that lose a {field}; each names the cell or the message.
"""

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib

from aitrain import i18n, paths
from aitrain.base import trainer_texts
from aitrain.errors import AitrainError
from aitrain.tooling import notebook_text
from aitrain.tooling.notebook_text import Segment

WELCOME = "WELCOME"
DATA_TEXTS = {"tracks.yaml": ("title", "audience")}  # data files whose texts are shown, and their fields
HEADER = {"Project-Id-Version": "aitrain", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
          "Content-Transfer-Encoding": "8bit"}


@dataclass(frozen=True)
class Problem:
    catalogue: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.catalogue}: {self.where}: {self.what}"


def po_dir(language: str) -> Path:
    return paths.home() / "po" / language


def notebook_catalogue(language: str, name: str) -> Path:
    return po_dir(language) / f"{name}.po"


def guide_catalogue(language: str, name: str) -> Path:
    """po/<language>/guide/<module>.po: the trainer's texts of a module (aitrain.tooling.guide_text)."""
    return trainer_texts.catalogue_path(language, name)


def data_catalogue(language: str, name: str) -> Path:
    return i18n.LOCALE_DIR / language / f"data_{Path(name).stem}.po"


def message_catalogue(language: str, source: Path) -> Path:
    """src/aitrain/locale/<language>/<name>.po for a Python file of the package (exercises_<module> for an
    exercise file)."""
    relative = source.relative_to(paths.PACKAGE_DIR).with_suffix("")
    return i18n.LOCALE_DIR / language / f"{'_'.join(relative.parts)}.po"


def python_sources() -> list[Path]:
    """The package's Python files that show translated messages (they import from aitrain.i18n)."""
    return sorted(p for p in paths.PACKAGE_DIR.rglob("*.py")
                  if re.search(r"^from aitrain\.i18n import", p.read_text(encoding="utf-8"), re.MULTILINE))


TEMPLATE_MESSAGE = re.compile(r'\b_\("((?:[^"\\]|\\.)*)"\)')


def template_sources() -> list[Path]:
    """The page templates (aitrain/base/templates/*.j2) whose words go through `_("...")`."""
    return sorted(p for p in (paths.PACKAGE_DIR / "base" / "templates").glob("*.j2")
                  if TEMPLATE_MESSAGE.search(p.read_text(encoding="utf-8")))


def template_catalogue(language: str, source: Path) -> Path:
    return i18n.LOCALE_DIR / language / f"templates_{source.name.split('.')[0]}.po"


def template_template(source: Path) -> polib.POFile:
    """The .pot of a page template: its `_("...")` messages (double-quoted), in order."""
    found = list(dict.fromkeys(m.group(1).replace('\\"', '"')
                               for m in TEMPLATE_MESSAGE.finditer(source.read_text(encoding="utf-8"))))
    return _template([polib.POEntry(msgid=text, msgstr="") for text in found])


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise AitrainError(f"GNU gettext's '{name}' is not installed; it keeps the translations in step.",
                           "Install gettext (apt install gettext, brew install gettext, or conda install gettext).")
    return found


def _template(entries: list[polib.POEntry]) -> polib.POFile:
    pot = polib.POFile(wrapwidth=0)
    pot.metadata = dict(HEADER)
    for entry in entries:
        pot.append(entry)
    return pot


def notebook_template(nb, name: str, texts=notebook_text.segments) -> polib.POFile:
    """The .pot of a notebook: one entry per text (`texts(nb)`: the participant's; guide_text.segments: the
    trainer's), keyed by cell id, with where it is for the translator."""
    entries, seen = [], set()
    for segment in texts(nb):
        key = (segment.context, segment.text)
        if key in seen:
            continue
        seen.add(key)
        entries.append(polib.POEntry(msgctxt=segment.context, msgid=segment.text, msgstr="",
                                     comment=f"{name}: {segment.kind}"))
    return _template(entries)


def python_template(source: Path) -> polib.POFile:
    """The .pot of a Python file: its _("...") messages, extracted by xgettext."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "messages.pot"
        subprocess.run([_tool("xgettext"), "--language=Python", "--keyword=_", "--keyword=N_", "--from-code=UTF-8",
                        "--no-wrap", "--add-location=never", "--force-po", "-o", str(out), str(source)],
                       check=True, capture_output=True, text=True)
        pot = polib.pofile(str(out), wrapwidth=0)
    template = _template([])
    for entry in pot:
        entry.flags = [f for f in entry.flags if f != "python-format" and f != "python-brace-format"]
        template.append(entry)
    return template


def data_template(name: str) -> polib.POFile:
    """The .pot of a YAML file of aitrain/data: the texts of its fields named in DATA_TEXTS (shown with `_`)."""
    import yaml

    fields, found = DATA_TEXTS[name], []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in fields and isinstance(value, str) and value not in found:
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load((paths.PACKAGE_DIR / "data" / name).read_text(encoding="utf-8")))
    return _template([polib.POEntry(msgid=text, msgstr="", comment=f"data/{name}") for text in found])


def values_catalogue(language: str) -> Path:
    from aitrain import category_names

    return category_names.catalogue_path(language)


def data_at_hand() -> bool:
    """Whether every data set that declares category values can be read (its file is in datasets/)."""
    from aitrain.datasets import registry

    return all(d.read or d.path.is_file() for d in registry.DATASETS.values() if d.categories)


def values_template() -> polib.POFile:
    """The .pot of the data's category values: one entry per value, naming the data sets and columns (or
    declared values) that hold it."""
    from aitrain import impact_assessment, legal_landscape
    from aitrain.category_names import ALSO_A_COLUMN
    from aitrain.datasets import registry

    where: dict[str, list[str]] = {}
    columns: set[str] = set()
    for dataset in registry.DATASETS.values():
        for value in registry.category_values(dataset):
            where.setdefault(value, []).append(dataset.name)
        if dataset.format == "csv" and (dataset.filename or dataset.read):
            columns.update(registry.load(dataset.name).columns)
    for helper in (impact_assessment, legal_landscape):  # values the course's helpers show, not a data set's
        for value in helper.shown_values():
            where.setdefault(value, []).append(helper.__name__)
    return _template([polib.POEntry(msgid=value, msgstr="", comment="data sets: " + ", ".join(names)
                                    + (f"\n{ALSO_A_COLUMN}" if value in columns else ""))
                      for value, names in where.items()])


def merge(template: polib.POFile, catalogue: Path, language: str) -> polib.POFile:
    """The catalogue brought in step with the template by msgmerge (not written)."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "template.pot"
        template.save(str(pot))
        if not catalogue.is_file():
            fresh = polib.pofile(str(pot), wrapwidth=0)
            fresh.metadata["Language"] = language
            return fresh
        out = Path(tmp) / "merged.po"
        subprocess.run([_tool("msgmerge"), "--quiet", "--no-wrap", "--previous", f"--lang={language}",
                        "-o", str(out), str(catalogue), str(pot)], check=True, capture_output=True, text=True)
        merged = polib.pofile(str(out), wrapwidth=0)
    for entry in [e for e in merged if e.obsolete]:
        merged.remove(entry)
    return merged


def save(catalogue: polib.POFile, path: Path) -> bool:
    """Write the catalogue; return whether the file changed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = catalogue.__unicode__()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def _entry_problems(catalogue: polib.POFile, name: str) -> list[Problem]:
    found = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        where = f"cell {entry.msgctxt}" if entry.msgctxt else f"message {entry.msgid[:50]!r}"
        if (entry.msgctxt or "").startswith("metadata:"):
            where = f"notebook metadata, {entry.msgctxt.split(':', 1)[1]}"
        if entry.fuzzy:
            found.append(Problem(name, where, "fuzzy: the English changed, check and update the translation, "
                                 "then remove the 'fuzzy' flag"))
        elif not entry.msgstr:
            found.append(Problem(name, where, f"not translated yet: {entry.msgid[:60]!r}"))
        elif entry.msgctxt is None and sorted(notebook_text.format_fields(entry.msgstr)) != sorted(
                notebook_text.format_fields(entry.msgid)):
            found.append(Problem(name, where, "the translation does not keep the same {fields} as the English"))
        elif entry.msgctxt is not None:
            kind = (entry.comment or "").rsplit(": ", 1)[-1]
            why = notebook_text.problem(Segment(entry.msgctxt, entry.msgid, kind), entry.msgstr)
            if why:
                found.append(Problem(name, where, f"the translation {why}"))
    return found


def lookup_in(catalogue: polib.POFile, name: str):
    """A function giving a segment's translation, raising MissingTranslation for a missing or fuzzy one."""
    table = trainer_texts.current(catalogue)

    def lookup(segment: Segment) -> str:
        try:
            return table[(segment.context, segment.text)]
        except KeyError:
            raise notebook_text.MissingTranslation(segment) from None

    return lookup


def read(path: Path) -> polib.POFile:
    if not path.is_file():
        raise AitrainError(f"There is no catalogue {path}.", "Run 'aitrain translate' to create it.")
    try:
        return polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError) as exc:
        raise AitrainError(f"{path} is not a readable gettext catalogue ({exc}).",
                           "Open it in a .po editor (Poedit) or restore it from git.") from exc


def check(template: polib.POFile, path: Path, language: str) -> list[Problem]:
    """What is stale, missing or broken in the catalogue at `path`, measured against the English `template`."""
    name = str(path.relative_to(paths.home())) if path.is_relative_to(paths.home()) else str(path)
    if not path.is_file():
        return [Problem(name, "whole file", "missing: run 'aitrain translate' to create it")]
    return _entry_problems(merge(template, path, language), name)
