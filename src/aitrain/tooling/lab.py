"""`aitrain lab`: start JupyterLab for the course, offline, with nbgrader's extensions.

Participants get the course's notebooks in a folder they own: modules/ of a clone, or, for an installed package,
a copy of them made on first run (~/aitrain-course or --dir), never a folder inside the package. They get only
the extensions they need (Validate, the assignment list); a trainer (`--course DIR`) gets the whole of nbgrader.
Nothing is fetched from the internet: no news feed, no update check, no extension catalogue from PyPI. The lab's
own settings (news, update checks, disabled extensions) are written to a private settings folder for this run, so
nothing in the user's Jupyter set-up changes.

`--lang ru` opens the Russian notebooks (modules/ru/, from `aitrain release --lang ru`), shows JupyterLab's own
menus in Russian (the language pack jupyterlab-language-pack-ru-RU, switched on in the same private settings) and
sets AITRAIN_LANG for the kernels, so the checks' feedback speaks Russian too. The classroom server uses the same
settings (aitrain.tooling.server).
"""

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from aitrain import i18n, paths
from aitrain.errors import AitrainError

ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"
TRAINER_ONLY_LAB = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                    "@jupyter/nbgrader:course-list")
TRAINER_ONLY_SERVER = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
OFFLINE_SETTINGS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
TRANSLATION = "@jupyterlab/translation-extension:plugin"
LANGUAGE_PACKS = {"ru": ("ru_RU", "jupyterlab_language_pack_ru_RU", "jupyterlab-language-pack-ru-RU")}
"""The course's languages other than English -> JupyterLab's locale, its language pack's module and package."""


def check_language(language: str) -> str:
    """`language` if the course and JupyterLab both speak it (its language pack is installed); else AitrainError."""
    if language != "en" and (language not in i18n.LANGUAGES or language not in LANGUAGE_PACKS):
        known = ", ".join(code for code in i18n.LANGUAGES if code == "en" or code in LANGUAGE_PACKS)
        raise AitrainError(f"There is no translation into {language!r}.", f"Choose one of: {known}.")
    if language != "en" and importlib.util.find_spec(LANGUAGE_PACKS[language][1]) is None:
        package = LANGUAGE_PACKS[language][2]
        raise AitrainError(f"JupyterLab's language pack for {i18n.LANGUAGES[language]} ({package}) is not installed.",
                           f"Install it into the course's environment: pip install {package}")
    return language


def environment(language: str = "en") -> dict[str, str] | None:
    """The environment of a course server in `language`: AITRAIN_LANG for its kernels (None: unchanged)."""
    return None if language == "en" else dict(os.environ, AITRAIN_LANG=language)


def write_settings(folder: Path, trainer: bool, language: str = "en") -> Path:
    """JupyterLab's app settings for this run: overrides.json (no news, no update checks; the interface's
    language) and page_config.json (extensions switched off)."""
    folder.mkdir(parents=True, exist_ok=True)
    disabled = [ANNOUNCEMENTS] + ([] if trainer else list(TRAINER_ONLY_LAB))
    overrides = dict(OFFLINE_SETTINGS)
    if language != "en":
        overrides[TRANSLATION] = {"locale": LANGUAGE_PACKS[language][0]}
    (folder / "overrides.json").write_text(json.dumps(overrides, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    (folder / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {name: True for name in disabled}}, indent=2) + "\n", encoding="utf-8")
    return folder


def offline_options(settings: Path, trainer: bool) -> list[str]:
    """JupyterLab's options for a course server, on a laptop or a hub: offline, trainer-only extensions off for
    participants."""
    argv = [f"--LabApp.app_settings_dir={settings}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly"]
    if not trainer:
        disabled = ",".join(f"'{name}': False" for name in TRAINER_ONLY_SERVER)
        argv.append(f"--ServerApp.jpserver_extensions={{{disabled}}}")
    return argv


def command(root: Path, settings: Path, trainer: bool = False, port: int | None = None, browser: bool = True,
            token: str | None = None) -> list[str]:
    """The command line that starts JupyterLab on `root`, on this computer only (127.0.0.1)."""
    argv = [sys.executable, "-m", "jupyter", "lab",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.open_browser={browser}", *offline_options(settings, trainer)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI run as root; Jupyter refuses by default
        argv.append("--ServerApp.allow_root=True")
    if port is not None:
        argv += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if token is not None:
        argv.append(f"--IdentityProvider.token={token}")
    return argv


def copy_course(folder: Path) -> list[Path]:
    """Copy the participant notebooks (modules/) into `folder`, only the files not there yet, so that a
    participant's work is never overwritten and modules added by a newer version still arrive. Return the copies."""
    source = paths.modules_dir()
    copied = []
    for file in sorted(source.rglob("*")):
        target = folder / file.relative_to(source)
        if file.is_file() and ".ipynb_checkpoints" not in file.parts and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
            copied.append(target)
    return copied


def folder_for(course: Path | None, workspace: Path | None = None, language: str = "en") -> tuple[Path, bool]:
    """The folder to open (the participant's copy of the course, or a trainer's course) and whether it is a
    trainer's. A participant's folder gets the course's notebooks that it does not have yet; in another
    language than English, the participant opens its translated notebooks (ru/ in it, as in modules/)."""
    if course is None:
        root = paths.workspace_dir(workspace)
        if root != paths.modules_dir():
            try:
                copy_course(root)
            except OSError as exc:
                raise AitrainError(f"Could not copy the course into {root}: {exc.strerror or exc}.",
                                   "Choose a folder you own with --dir, for example in your Documents.") from exc
        if language != "en":
            if not (root / language).is_dir():
                raise AitrainError(f"The course's notebooks in {i18n.LANGUAGES.get(language, language)} are "
                                   f"missing: there is no folder {root / language}.",
                                   f"Build them in a clone of the course: aitrain release --lang {language}")
            root = root / language
        return root, False
    root = course.expanduser().resolve()
    if not root.is_dir():
        raise AitrainError(f"There is no folder {root}.", "Give the folder of your nbgrader course with --course.")
    return root, True


def start(course: Path | None = None, port: int | None = None, browser: bool = True,
          workspace: Path | None = None, language: str = "en") -> int:
    """Run JupyterLab until it stops; return its exit status."""
    check_language(language)
    root, trainer = folder_for(course, workspace, language)
    with tempfile.TemporaryDirectory(prefix="aitrain-lab-") as tmp:
        settings = write_settings(Path(tmp) / "settings", trainer, language)
        # The working folder is the root, so nbgrader finds the course's nbgrader_config.py there.
        process = subprocess.Popen(command(root, settings, trainer, port, browser), cwd=root,
                                   env=environment(language))
        if hasattr(signal, "SIGTERM"):  # stopping aitrain stops JupyterLab too
            signal.signal(signal.SIGTERM, lambda signum, frame: process.terminate())
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:  # Ctrl+C reaches JupyterLab too, which asks for confirmation
                continue
