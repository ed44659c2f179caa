"""`aitrain lab`: JupyterLab on the course's folder, offline, with the right nbgrader extensions."""

import asyncio
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aitrain import paths
from aitrain.base.edition import SOURCE, Edition
from aitrain.errors import AitrainError
from aitrain.tooling import cli, lab

RUSSIAN = Edition(language="ru")


def test_participant_lab_is_offline_and_local(tmp_path):
    settings = lab.write_settings(tmp_path / "s", trainer=False)
    argv = lab.command(paths.modules_dir(), settings, port=8899, browser=False)
    for flag in ("--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                 "--LabApp.extension_manager=readonly", "--ServerApp.ip=127.0.0.1", "--ServerApp.open_browser=False",
                 "--ServerApp.port=8899", f"--ServerApp.root_dir={paths.modules_dir()}"):
        assert flag in argv
    assert any("nbgrader.server_extensions.formgrader': False" in a for a in argv)
    disabled = json.loads((settings / "page_config.json").read_text())["disabledExtensions"]
    assert disabled[lab.ANNOUNCEMENTS] and disabled["@jupyter/nbgrader:formgrader"]
    assert "@jupyter/nbgrader:validate-assignment" not in disabled
    overrides = json.loads((settings / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["checkForUpdates"] is False


def test_trainer_lab_keeps_formgrader(tmp_path):
    settings = lab.write_settings(tmp_path / "s", trainer=True)
    argv = lab.command(tmp_path, settings, trainer=True)
    assert not any("formgrader" in a for a in argv) and "--ServerApp.open_browser=True" in argv
    assert list(json.loads((settings / "page_config.json").read_text())["disabledExtensions"]) == [lab.ANNOUNCEMENTS]


def test_folder_for(tmp_path):
    assert lab.folder_for(None) == (paths.modules_dir(), False), "a clone opens its own modules/"
    assert lab.folder_for(tmp_path) == (tmp_path.resolve(), True)
    with pytest.raises(AitrainError, match="There is no folder"):
        lab.folder_for(tmp_path / "missing")


def test_participant_folder_gets_the_course_once_and_keeps_their_work(tmp_path):
    folder = tmp_path / "my-course"
    root, trainer = lab.folder_for(None, folder)
    assert (root, trainer) == (folder.resolve(), False)
    welcome = folder / "WELCOME.ipynb"
    assert welcome.read_bytes() == (paths.modules_dir() / "WELCOME.ipynb").read_bytes()
    assert len(list(folder.rglob("*.ipynb"))) == len(list(paths.modules_dir().rglob("*.ipynb")))
    welcome.write_text("my work")
    (folder / "02-proxy-means-test" / "02-proxy-means-test.ipynb").unlink()
    lab.folder_for(None, folder)  # a second run adds what is missing and overwrites nothing
    assert welcome.read_text() == "my work"
    assert (folder / "02-proxy-means-test" / "02-proxy-means-test.ipynb").is_file()


def test_unwritable_participant_folder_is_a_clear_error(tmp_path):
    (tmp_path / "a-file").write_text("")
    with pytest.raises(AitrainError, match="Could not copy the course"):
        lab.folder_for(None, tmp_path / "a-file" / "course")


def test_russian_lab_settings_and_kernels(tmp_path):
    settings = lab.write_settings(tmp_path / "ru", trainer=False, edition=RUSSIAN)
    overrides = json.loads((settings / "overrides.json").read_text(encoding="utf-8"))
    assert overrides[lab.TRANSLATION] == {"locale": "ru_RU"}, "JupyterLab's menus in Russian"
    assert overrides["@jupyterlab/apputils-extension:notification"]["checkForUpdates"] is False, "still offline"
    english = json.loads((lab.write_settings(tmp_path / "en", trainer=False) / "overrides.json").read_text())
    assert lab.TRANSLATION not in english
    assert lab.environment(RUSSIAN)["AITRAIN_LANG"] == "ru" and lab.environment(SOURCE) is None


def test_language_pack_must_be_installed(monkeypatch):
    assert lab.check_language_pack(RUSSIAN) == RUSSIAN, "jupyterlab-language-pack-ru-RU is a dependency of the course"
    monkeypatch.setattr(lab.importlib.util, "find_spec", lambda name: None)
    assert lab.check_language_pack(SOURCE) == SOURCE, "English needs no language pack"
    with pytest.raises(AitrainError, match="jupyterlab-language-pack-ru-RU") as exc:
        lab.check_language_pack(RUSSIAN)
    assert "pip install jupyterlab-language-pack-ru-RU" in exc.value.todo


def fake_course(tmp_path, monkeypatch):
    """A course's modules/ with a Russian edition in ru/, as `aitrain release --lang ru` writes it."""
    modules = tmp_path / "course" / "modules"
    for name in ("WELCOME.ipynb", "00-x/00-x.ipynb", "ru/WELCOME.ipynb", "ru/00-x/00-x.ipynb"):
        (modules / name).parent.mkdir(parents=True, exist_ok=True)
        (modules / name).write_text("{}")
    monkeypatch.setattr(lab.paths, "modules_dir", lambda: modules)
    return modules


def test_russian_participant_opens_the_russian_notebooks(tmp_path, monkeypatch):
    fake_course(tmp_path, monkeypatch)
    folder = tmp_path / "mine"
    assert lab.folder_for(None, folder, RUSSIAN) == ((folder / "ru").resolve(), False)
    assert (folder / "ru" / "00-x" / "00-x.ipynb").is_file() and (folder / "00-x" / "00-x.ipynb").is_file()
    assert lab.folder_for(tmp_path, folder, RUSSIAN) == (tmp_path.resolve(), True), "a trainer keeps the course"


def test_missing_translation_folder_is_a_clear_error(tmp_path, monkeypatch):
    modules = fake_course(tmp_path, monkeypatch)
    shutil.rmtree(modules / "ru")  # not released in Russian yet
    with pytest.raises(AitrainError, match="notebooks in Русский are missing") as exc:
        lab.folder_for(None, tmp_path / "mine", RUSSIAN)
    assert "aitrain release --lang ru" in exc.value.todo


def test_lab_in_russian_starts_jupyterlab_so(tmp_path, monkeypatch):
    """`aitrain lab --lang ru`: the Russian folder, the Russian settings, AITRAIN_LANG for the kernels."""
    fake_course(tmp_path, monkeypatch)
    seen = {}

    class Lab:
        def __init__(self, argv, cwd, env):
            settings = Path(next(a for a in argv if a.startswith("--LabApp.app_settings_dir=")).split("=", 1)[1])
            seen.update(cwd=cwd, env=env, overrides=json.loads((settings / "overrides.json").read_text()))

        def wait(self):
            return 0

    monkeypatch.setattr(lab.subprocess, "Popen", Lab)
    result = CliRunner().invoke(cli.app, ["lab", "--lang", "ru", "--no-browser", "--dir", str(tmp_path / "mine")])
    assert result.exit_code == 0, result.output
    assert seen["cwd"] == (tmp_path / "mine" / "ru").resolve()
    assert seen["env"]["AITRAIN_LANG"] == "ru" and seen["overrides"][lab.TRANSLATION]["locale"] == "ru_RU"
    result = CliRunner().invoke(cli.app, ["lab", "--lang", "xx", "--no-browser", "--dir", str(tmp_path / "mine")])
    assert result.exit_code == 2 and "There is no edition of the course in 'xx'" in result.output


def test_classroom_hub_gives_every_role_the_language(tmp_path, monkeypatch):
    """The hub's pre-spawn hook (aitrain server init --lang ru): everyone's JupyterLab reads the role's settings,
    which carry the locale, and every kernel gets AITRAIN_LANG; participants land in ~/modules/ru/."""
    from aitrain.tooling import server

    monkeypatch.setattr(server, "copy_modules", lambda user: None)
    for role in ("participant", "trainer"):
        lab.write_settings(tmp_path / "lab" / role, trainer=role == "trainer", edition=RUSSIAN)

    class Spawner:
        def __init__(self, name):
            self.user, self.environment, self.default_url = type("User", (), {"name": name}), {}, "/lab"

    for language in ("ru", "en"):
        settings = {"state": str(tmp_path), "trainers": ["maria"], "course_dir": str(tmp_path / "course"),
                    "language": language}
        ana, maria = Spawner("ana"), Spawner("maria")
        for spawner in (ana, maria):
            asyncio.run(server.pre_spawn(settings)(spawner))
        for spawner, role in ((ana, "participant"), (maria, "trainer")):
            [folder] = [a.split("=", 1)[1] for a in spawner.args if a.startswith("--LabApp.app_settings_dir=")]
            assert folder == str(tmp_path / "lab" / role)
            assert spawner.environment.get("AITRAIN_LANG") == (language if language != "en" else None)
        assert ana.default_url == ("/lab/tree/modules/ru" if language == "ru" else "/lab")
        assert maria.default_url == "/lab", "the trainer opens the course"
    overrides = json.loads((tmp_path / "lab" / "participant" / "overrides.json").read_text())
    assert overrides[lab.TRANSLATION]["locale"] == "ru_RU"


def test_the_path_opens_its_notebooks_and_is_remembered(tmp_path, monkeypatch):
    """Issue 24: `aitrain lab --path policy` opens the policy notebooks of the participant's folder and remembers
    the path there, so the next `aitrain lab` opens them again; the hub puts each participant on the path the
    course's roster gives them, else on the hub's."""
    from aitrain.tooling import server

    modules = fake_course(tmp_path, monkeypatch)
    for name in ("policy/WELCOME.ipynb", "ru/policy/WELCOME.ipynb"):
        (modules / name).parent.mkdir(parents=True, exist_ok=True)
        (modules / name).write_text("{}")
    seen = []

    class Lab:
        def __init__(self, argv, cwd, env):
            seen.append(cwd)

        def wait(self):
            return 0

    monkeypatch.setattr(lab.subprocess, "Popen", Lab)
    mine = tmp_path / "mine"
    for args in (["--path", "policy"], [], ["--lang", "ru"], ["--path", "coded"], []):
        result = CliRunner().invoke(cli.app, ["lab", "--no-browser", "--dir", str(mine), "--name", "Ana", *args])
        assert result.exit_code == 0, result.output
    assert seen == [(mine / "policy").resolve(), (mine / "policy").resolve(), (mine / "ru" / "policy").resolve(),
                    mine.resolve(), mine.resolve()]
    wrong = CliRunner().invoke(cli.app, ["lab", "--no-browser", "--dir", str(mine), "--path", "scenic"])
    assert wrong.exit_code == 2 and "no 'scenic' path" in wrong.output

    monkeypatch.setattr(server, "copy_modules", lambda user: None)
    course = tmp_path / "course-dir"
    course.mkdir()
    (course / "aitrain-course.json").write_text(json.dumps({"participant_paths": {"ana": "policy"}}))

    class Spawner:
        def __init__(self, name):
            self.user, self.environment, self.default_url = type("User", (), {"name": name}), {}, "/lab"

    for hub_path, urls in (("coded", ("/lab/tree/modules/policy", "/lab")),
                           ("policy", ("/lab/tree/modules/policy", "/lab/tree/modules/policy"))):
        settings = {"state": str(tmp_path), "trainers": ["maria"], "course_dir": str(course), "path": hub_path}
        ana, boris, maria = Spawner("ana"), Spawner("boris"), Spawner("maria")
        for spawner in (ana, boris, maria):
            asyncio.run(server.pre_spawn(settings)(spawner))
        assert (ana.default_url, boris.default_url) == urls and maria.default_url == "/lab"
