"""An edition of the course: the language of its notebooks and the path through them, as one value.

The course is written once, in English, in solutions/; every other edition is made from it (the Russian one with
the texts of po/ru/) and lives in its own folder under solutions/ and modules/:

    SOURCE = Edition()                      solutions/, modules/                 English, coded path
    Edition(language="ru")                  solutions/ru/, modules/ru/           translated from po/ru/
    Edition(path="policy")                  solutions/policy/, modules/policy/   the policy path
    Edition(language="ru", path="policy")   solutions/ru/policy/, modules/ru/policy/

The two paths share one source notebook: a cell tagged with a path's name ("coded" or "policy") belongs to that
path only (aitrain.base.path_cells). The policy path is for officials who will not code: they read what the
notebook shows and decide (a budget share, a threshold, one of named options) in one-line value cells.

An edition is resolved once, where it comes in: the command line's --lang and --path, a notebook's metadata
("aitrain": {"language": "ru", "path": "policy"}), the settings of a course directory or of the classroom hub.
The constructor is its one check, so an Edition that exists is a valid one; code further down asks it (its
folders, whether it is translated, its language for the messages) and never compares language codes.
The notebooks' runtime, aitrain.i18n, keeps a plain language code: a kernel speaks a language, it has no edition.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from aitrain import i18n, paths
from aitrain.errors import AitrainError

SOURCE_LANGUAGE = "en"  # the language solutions/ is written in
CODED = "coded"
POLICY = "policy"
PATHS = (CODED, POLICY)  # the paths through the course: write code, or read and decide
OPTIONS = {"language": "--lang", "path": "--path"}  # its fields, as notebook metadata and settings files name them,
# and the command-line option of each


@dataclass(frozen=True)
class Edition:
    language: str = SOURCE_LANGUAGE
    path: str = CODED

    def __post_init__(self):
        if self.language not in i18n.LANGUAGES:
            known = ", ".join(f"{code} ({name})" for code, name in i18n.LANGUAGES.items())
            raise AitrainError(f"There is no edition of the course in {self.language!r}; its languages are {known}.",
                               "Choose one of them with --lang.")
        if self.path not in PATHS:
            raise AitrainError(f"There is no {self.path!r} path through the course; its paths are "
                               f"{', '.join(PATHS)}.", "Choose one of them with --path.")

    @classmethod
    def read(cls, fields: Mapping, where: str) -> "Edition":
        """The edition named by a notebook's "aitrain" metadata or a settings file (English and the coded path
        where they say nothing); an unknown one is an error naming `where`."""
        try:
            return cls(**{key: fields[key] for key in OPTIONS if key in fields})
        except AitrainError as exc:
            raise AitrainError(f"{where}: {exc.what}", "Correct its metadata, or make it again.") from exc

    @classmethod
    def of_notebook(cls, nb, where: str) -> "Edition":
        return cls.read(nb.metadata.get("aitrain", {}), where)

    @property
    def policy(self) -> bool:
        """Whether it is the policy path: decisions instead of code, the teaching code collapsed."""
        return self.path == POLICY

    @property
    def generated(self) -> bool:
        """Whether its solution notebooks are made from solutions/ (by `aitrain release`) rather than being it."""
        return self != SOURCE

    @property
    def translated(self) -> bool:
        """Whether its texts are translated from the English (from po/<language>/)."""
        return self.language != SOURCE_LANGUAGE

    @property
    def folder(self) -> str:
        """Its folder under solutions/ and modules/: "" for the English coded edition, "ru", "ru/policy", ..."""
        return "/".join(self.metadata.values())

    @property
    def solutions_dir(self) -> Path:
        """Its solution notebooks: solutions/ itself for the source, made by `aitrain release` for the others (the
        source also holds the policy path's cells, which only the policy editions keep)."""
        return paths.solutions_dir() / self.folder

    @property
    def modules_dir(self) -> Path:
        """Its participant notebooks (and its WELCOME notebook)."""
        return paths.modules_dir() / self.folder

    def solution(self, module) -> Path:
        return self.solutions_dir / module.slug / module.notebook_name

    def release(self, module) -> Path:
        """The module's participant notebook in this edition."""
        return self.modules_dir / module.slug / module.notebook_name

    @property
    def name(self) -> str:
        """A short name for files and folders: "en", "ru", "ru-policy"."""
        return "-".join([self.language] + ([self.path] if self.path != CODED else []))

    @property
    def label(self) -> str:
        """Its name for people: "English", "Русский", "Русский, policy path"."""
        return i18n.LANGUAGES[self.language] + ("" if self.path == CODED else f", {self.path} path")

    @property
    def metadata(self) -> dict[str, str]:
        """What its notebooks carry in their "aitrain" metadata: what differs from the English coded edition."""
        return {key: value for key, value in self.settings.items() if value != SOURCE.settings[key]}

    @property
    def settings(self) -> dict[str, str]:
        """Every field, for a settings file (a course directory's, the classroom hub's)."""
        return asdict(self)

    @property
    def options(self) -> list[str]:
        """The command-line options that choose it: [] for the English coded edition, ["--lang", "ru"], ..."""
        return [word for key, value in self.metadata.items() for word in (OPTIONS[key], value)]

    def command(self, words: str) -> str:
        """An aitrain command for this edition: command("aitrain release") is "aitrain release --lang ru"."""
        return " ".join([words, *self.options])

    @contextmanager
    def speaking(self) -> Iterator["Edition"]:
        """The course's messages (aitrain.i18n) in this edition's language for the duration, then as before."""
        before = i18n.language()
        i18n.use_language(self.language)
        try:
            yield self
        finally:
            i18n.use_language(before)


SOURCE = Edition()  # English, coded path: the notebooks of solutions/ itself, from which the others are made


def translations() -> list[Edition]:
    """The coded edition of every language the course is translated into."""
    return [edition for edition in map(Edition, i18n.LANGUAGES) if edition.translated]
