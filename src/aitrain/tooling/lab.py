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

`--path policy` opens the policy path's notebooks (modules/policy/, modules/ru/policy/): decisions, no code. The
path given is remembered in the participant folder (.aitrain-path), so the next `aitrain lab` opens the same
path; the kit's installer asks for it once.

The participant's name (`--name`, asked once otherwise; the hub gives the account) is written into every notebook
copied for them, in the metadata `"aitrain": {"participant": ...}`, and WELCOME's "who" cell says it: the trainer's
`aitrain collect` places a file by this name whatever the file is called.
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
from aitrain.tooling import nbgrader_first_use

ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"
TRAINER_ONLY_LAB = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                    "@jupyter/nbgrader:course-list")
TRAINER_ONLY_SERVER = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
PARTICIPANT_SERVER_OFF = ("jupyter_lsp", "notebook", "notebook_shim")
"""Server extensions a participant does not use (the language server, Notebook 7's pages and its shim): each
costs CPU at every server start and memory for the whole session (issue 31)."""
ON_FIRST_USE = nbgrader_first_use.EXTENSIONS
"""nbgrader's Assignments and Validate server extensions: in a lean participant server, loaded by
aitrain.tooling.nbgrader_first_use when first used rather than at every start (21 MB for the day)."""
PARTICIPANT_LAB_OFF = ("@jupyter-notebook/lab-extension", "@jupyterlab/lsp-extension")
"""Their JupyterLab side: the "open in Notebook" switcher and the language server's settings."""
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
    disabled = [ANNOUNCEMENTS] + ([] if trainer else [*TRAINER_ONLY_LAB, *PARTICIPANT_LAB_OFF])
    overrides = dict(OFFLINE_SETTINGS)
    if edition.translated:
        overrides[TRANSLATION] = {"locale": LANGUAGE_PACKS[edition.language][0]}
    (folder / "overrides.json").write_text(json.dumps(overrides, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    (folder / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {name: True for name in disabled}}, indent=2) + "\n", encoding="utf-8")
    return folder


def offline_options(settings: Path, trainer: bool, lean: bool = True) -> list[str]:
    """JupyterLab's options for a course server, on a laptop or a hub: offline, trainer-only extensions off for
    participants, and (`lean`) the extensions a participant does not use, nbgrader's loaded on first use."""
    argv = [f"--LabApp.app_settings_dir={settings}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly"]
    if not trainer:
        off = TRAINER_ONLY_SERVER + (PARTICIPANT_SERVER_OFF + ON_FIRST_USE if lean else ())
        switches = [f"'{name}': False" for name in off]
        if lean:
            switches.append(f"'{nbgrader_first_use.__name__}': True")
        argv.append(f"--ServerApp.jpserver_extensions={{{','.join(switches)}}}")
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


NAME_FILE = ".aitrain-participant"
"""In the participant folder: the name given (empty when the participant chose not to give one), so it is asked once."""


def copy_course(folder: Path, participant: str | None = None) -> list[Path]:
    """Copy the participant notebooks (modules/, every edition) into `folder`, only the files not there yet, so
    that a participant's work is never overwritten and modules added by a newer version still arrive; with a
    name, write it into every notebook of the folder (see name_notebook), or, when the folder already had that
    name, into the copies only (the others have it: no start reads every notebook again). Return the copies."""
    source = paths.modules_dir()
    named_before = known_participant(folder)
    copied = []
    for file in sorted(source.rglob("*")):
        target = folder / file.relative_to(source)
        if file.is_file() and ".ipynb_checkpoints" not in file.parts and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
            copied.append(target)
    if participant is not None:
        (folder / NAME_FILE).write_text(participant.strip() + "\n", encoding="utf-8")
    participant = known_participant(folder)
    if participant:
        notebooks = copied if participant == named_before else sorted(folder.rglob("*.ipynb"))
        for notebook in notebooks:
            if notebook.suffix == ".ipynb" and ".ipynb_checkpoints" not in notebook.parts:
                name_notebook(notebook, participant)
    return copied


PATH_FILE = ".aitrain-path"
"""In the participant folder: the path through the course chosen for it (coded or policy)."""


def chosen_path(folder: Path, path: str | None = None) -> str:
    """The participant folder's path through the course: `path` when given (remembered in the folder, unless the
    folder is the course's own modules/), else the one remembered, else the coded path."""
    from aitrain.base.edition import CODED

    if path is not None:
        Edition(path=path)  # a clear error for an unknown path
        if folder.resolve() != paths.modules_dir().resolve():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / PATH_FILE).write_text(path + "\n", encoding="utf-8")
        return path
    remembered = (folder / PATH_FILE).read_text(encoding="utf-8").strip() if (folder / PATH_FILE).is_file() else ""
    return remembered if remembered in ("coded", "policy") else CODED


def known_participant(folder: Path) -> str | None:
    """The name given for this participant folder ('' when they chose to give none), or None if never asked."""
    path = folder / NAME_FILE
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def name_notebook(path: Path, participant: str) -> bool:
    """Write the participant's name into a notebook's metadata (and fill WELCOME's "who" cell); False when the
    file is not a notebook or already names them."""
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - a file the participant broke stays as it is
        return False
    meta = nb.metadata.setdefault("aitrain", {})
    changed = meta.get("participant") != participant
    meta["participant"] = participant
    for cell in nb.cells:
        template = cell.metadata.get("aitrain", {}).get("participant_template")
        if template:
            text = template.format(participant=participant.replace("*", "").replace("_", " "))
            changed |= cell.source != text
            cell.source = text
    if changed:
        nbformat.write(nb, path)
    return changed


def folder_for(course_dir: Path | None, participant_dir: Path | None = None,
               edition: Edition = SOURCE, participant: str | None = None) -> tuple[Path, bool]:
    """The folder to open and whether it is a trainer's: the course directory if one is given, else the
    participant's folder (which first gets the course's notebooks it does not have yet, with the participant's
    name written in), in the edition's subfolder (ru/, as in modules/)."""
    if course_dir is None:
        root = paths.participant_dir(participant_dir)
        if root != paths.modules_dir():
            try:
                root.mkdir(parents=True, exist_ok=True)
                copy_course(root, participant)
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
          participant_dir: Path | None = None, edition: Edition = SOURCE, participant: str | None = None) -> int:
    """Run JupyterLab until it stops; return its exit status."""
    check_language_pack(edition)
    root, trainer = folder_for(course_dir, participant_dir, edition, participant)
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
