"""`aitrain server`'s parts that need no hub: what the copy step runs with, the private state folder, the
passwords' lifecycle, the roster's rights and how `start` hands over to JupyterHub (the hub itself is tested in
tests/test_classroom_server.py)."""

import json
import os
import pwd

import pytest

from aitrain.tooling import server

ME = pwd.getpwuid(os.getuid()).pw_name


def test_copy_step_runs_isolated_with_a_minimal_environment(monkeypatch):
    seen = {}

    def run(argv, **kwargs):
        seen.update(kwargs, argv=argv)
        return type("Done", (), {"returncode": 0, "stdout": b""})()

    monkeypatch.setenv("SECRET_OF_ROOT", "x")
    monkeypatch.setattr(server.subprocess, "run", run)
    server.copy_modules(ME)
    assert seen["argv"][1:3] == ["-I", "-c"] and "copy_course" in seen["argv"][3]
    assert seen["cwd"] == "/" and seen["user"] == os.getuid()
    assert set(seen["env"]) <= {"HOME", "USER", "LOGNAME", "LANG", "PATH", "AITRAIN_HOME", "AITRAIN_DATASETS"}


def test_private_folder_takes_an_old_layouts_files(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("root's folder")
    (tmp_path / "hub.json").write_text("{}")
    (tmp_path / "jupyterhub.sqlite").write_text("db")
    os.chmod(tmp_path / "jupyterhub.sqlite", 0o644)
    private = server.private_dir(tmp_path)
    assert private.stat().st_mode & 0o777 == 0o700
    assert not (tmp_path / "jupyterhub.sqlite").exists() and (private / "jupyterhub.sqlite").read_text() == "db"
    assert server.settings_file(tmp_path) == private / "hub.json"


def test_passwords_are_deleted_once_printed(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("root's folder")
    page = server.write_credentials(tmp_path, [("ana", "Ana", "abcd-efgh-jkmn")])
    assert "abcd-efgh-jkmn" in page.read_text() and page.stat().st_mode & 0o777 == 0o600
    assert {p.name for p in server.forget_credentials(tmp_path)} == {"credentials.csv", "credentials.html"}
    assert not any((tmp_path / "private").iterdir())


def test_a_roster_readable_by_all_becomes_private(tmp_path):
    roster = tmp_path / "participants.csv"
    roster.write_text("id,first_name\nana,Ana\n")
    roster.chmod(0o644)
    assert server.private_roster(roster) and roster.stat().st_mode & 0o777 == 0o600
    assert not server.private_roster(roster)


def test_start_becomes_the_hub_with_a_private_umask(tmp_path, monkeypatch):
    (tmp_path / "private").mkdir(mode=0o700)
    (tmp_path / "private" / "hub.json").write_text(json.dumps({}))
    seen = {}

    def execve(path, argv, env):
        seen.update(path=path, env=env, umask=os.umask(0o022), cwd=os.getcwd())
        raise SystemExit(0)

    monkeypatch.setattr(server, "private_dir", lambda state: state / "private")
    monkeypatch.setattr(server, "proxy_command", lambda: "chp")
    monkeypatch.setattr(server.os, "execve", execve)
    monkeypatch.chdir(tmp_path)
    old = os.umask(0o022)
    try:
        with pytest.raises(SystemExit):
            server.start(tmp_path)
    finally:
        os.umask(old)
    assert seen["path"].endswith("jupyterhub") and seen["umask"] == 0o077
    assert seen["cwd"] == str(tmp_path / "private") and seen["env"]["AITRAIN_HUB"].endswith("private/hub.json")
