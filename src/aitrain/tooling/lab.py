"""`aitrain lab`: start JupyterLab for the course, offline, with nbgrader's extensions.

Participants get the course's notebooks in a folder they own, their participant folder: modules/ of a clone, or,
for an installed package, a copy of them made on first run (~/aitrain-course or --dir), never a folder inside the
package. They get only the extensions they need (Validate, the assignment list); a trainer opening a course
directory (`--course DIR`, made by `aitrain course init`) gets the whole of nbgrader.
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

from aitrain import paths
from aitrain.base.edition import SOURCE, Edition
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


def check_language_pack(edition: Edition) -> Edition:
    """The edition, if JupyterLab can show its language (its language pack is installed); else AitrainError."""
    if not edition.translated:
        return edition  # JupyterLab's own language
    if edition.language not in LANGUAGE_PACKS:
        raise AitrainError(f"aitrain knows no JupyterLab language pack for {edition.label}.",
                           f"Add it to LANGUAGE_PACKS in {__name__}.")
    _, module, package = LANGUAGE_PACKS[edition.language]
    if importlib.util.find_spec(module) is None:
        raise AitrainError(f"JupyterLab's language pack for {edition.label} ({package}) is not installed.",
                           f"Install it into the course's environment: pip install {package}")
    return edition


def environment(edition: Edition = SOURCE) -> dict[str, str] | None:
    """The environment of a course server in the edition: AITRAIN_LANG for its kernels (None: unchanged)."""
    return dict(os.environ, AITRAIN_LANG=edition.language) if edition.translated else None


def write_settings(folder: Path, trainer: bool, edition: Edition = SOURCE) -> Path:
    """JupyterLab's app settings for this run: overrides.json (no news, no update checks; the interface's
    language) and page_config.json (extensions switched off)."""
    folder.mkdir(parents=True, exist_ok=True)
    disabled = [ANNOUNCEMENTS] + ([] if trainer else list(TRAINER_ONLY_LAB))
    overrides = dict(OFFLINE_SETTINGS)
    if edition.translated:
        overrides[TRANSLATION] = {"locale": LANGUAGE_PACKS[edition.language][0]}
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
    """Copy the participant notebooks (modules/, every edition) into `folder`, only the files not there yet, so
    that a participant's work is never overwritten and modules added by a newer version still arrive. Return the
    copies."""
    source = paths.modules_dir()
    copied = []
    for file in sorted(source.rglob("*")):
        target = folder / file.relative_to(source)
        if file.is_file() and ".ipynb_checkpoints" not in file.parts and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
            copied.append(target)
    return copied


def folder_for(course_dir: Path | None, participant_dir: Path | None = None,
               edition: Edition = SOURCE) -> tuple[Path, bool]:
    """The folder to open and whether it is a trainer's: the course directory if one is given, else the
    participant's folder (which first gets the course's notebooks it does not have yet), in the edition's
    subfolder (ru/, as in modules/)."""
    if course_dir is None:
        root = paths.participant_dir(participant_dir)
        if root != paths.modules_dir():
            try:
                copy_course(root)
            except OSError as exc:
                raise AitrainError(f"Could not copy the course into {root}: {exc.strerror or exc}.",
                                   "Choose a folder you own with --dir, for example in your Documents.") from exc
        if not (root / edition.folder).is_dir():
            raise AitrainError(f"The course's notebooks in {edition.label} are missing: there is no folder "
                               f"{root / edition.folder}.",
                               f"Build them in a clone of the course: {edition.command('aitrain release')}")
        return root / edition.folder, False
    root = course_dir.expanduser().resolve()
    if not root.is_dir():
        raise AitrainError(f"There is no folder {root}.",
                           "Give your course directory (made by 'aitrain course init') with --course.")
    return root, True


def start(course_dir: Path | None = None, port: int | None = None, browser: bool = True,
          participant_dir: Path | None = None, edition: Edition = SOURCE) -> int:
    """Run JupyterLab until it stops; return its exit status."""
    check_language_pack(edition)
    root, trainer = folder_for(course_dir, participant_dir, edition)
    with tempfile.TemporaryDirectory(prefix="aitrain-lab-") as tmp:
        settings = write_settings(Path(tmp) / "settings", trainer, edition)
        # The working folder is the root, so nbgrader finds the course directory's nbgrader_config.py there.
        process = subprocess.Popen(command(root, settings, trainer, port, browser), cwd=root,
                                   env=environment(edition))
        if hasattr(signal, "SIGTERM"):  # stopping aitrain stops JupyterLab too
            signal.signal(signal.SIGTERM, lambda signum, frame: process.terminate())
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:  # Ctrl+C reaches JupyterLab too, which asks for confirmation
                continue
