"""`aitrain lab`: JupyterLab on the course's folder, offline, with the right nbgrader extensions."""

import json

import pytest

from aitrain import paths
from aitrain.course import lab
from aitrain.errors import AitrainError


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
