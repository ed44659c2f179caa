"""`aitrain server`'s parts that need no hub: what the copy step runs with, the private state folder, the
passwords' lifecycle, the roster's rights and how `start` hands over to JupyterHub (the hub itself is tested in
tests/test_classroom_server.py)."""

import asyncio
import json
import os
import pwd
import queue
import shutil
import subprocess
import sys
import time

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
    spec = tmp_path / "jupyter" / "participant-data" / "kernels" / "python3" / "kernel.json"  # readable by all
    assert spec.stat().st_mode & 0o777 == 0o644 and spec.parent.stat().st_mode & 0o777 == 0o755


def test_failed_logins_are_throttled_by_address_and_account(monkeypatch):
    """The flooding address and the account it failed on are refused; another address still checks the
    account's password, and other accounts are not touched."""
    from jupyterhub.auth import PAMAuthenticator
    from tornado import web

    from aitrain.tooling import hub_login

    async def check(self, handler, data):
        return data["username"] if data["password"] == "right" else None

    monkeypatch.setattr(PAMAuthenticator, "authenticate", check)
    auth = hub_login.CourseAuthenticator(address_limit=10, account_limit=5)

    def attempt(address, name, password):
        request = type("Request", (), {"headers": {"X-Forwarded-For": f"6.6.6.6, {address}"}, "remote_ip": "x"})
        try:
            return asyncio.run(auth.authenticate(type("Handler", (), {"request": request}),
                                                 {"username": name, "password": password}))
        except web.HTTPError as e:
            return e.status_code

    assert [attempt("10.0.0.9", "cy", "wrong") for _ in range(6)] == [None] * 5 + [429]  # the account's limit
    assert attempt("10.0.0.3", "cy", "right") == "cy"  # Cy's own computer
    assert [attempt("10.0.0.9", f"n{i}", "wrong") for i in range(6)] == [None] * 5 + [429]  # 10 from the address
    assert attempt("10.0.0.9", "bo", "right") == 429 and attempt("10.0.0.4", "bo", "right") == "bo"
    assert attempt("6.6.6.6", "bo", "right") == "bo"  # a forged X-Forwarded-For entry counts for nothing


def test_course_ca_signs_the_hubs_certificate_and_keeps_no_key(tmp_path):
    from cryptography import x509

    from aitrain.tooling import course_ca

    names = ["10.0.0.5", "hub.room.lan", "localhost"]
    cert_file = course_ca.make(tmp_path, names, "aitrain")
    hub, ca = (x509.load_pem_x509_certificate((tmp_path / f).read_bytes()) for f in ("hub.crt", "ca.crt"))
    hub.verify_directly_issued_by(ca)
    assert course_ca.names_of(cert_file) == set(names) and sorted(p.name for p in tmp_path.iterdir()) == [
        "ca.crt", "hub.crt", "hub.key"]  # no CA key: it can vouch for nothing else
    assert {p.stat().st_mode & 0o777 for p in tmp_path.iterdir()} == {0o600}
    assert course_ca.current(tmp_path, names) and not course_ca.current(tmp_path, ["10.0.0.6"])
    assert len(course_ca.fingerprint(cert_file)) == 95 and course_ca.fingerprint(cert_file) in course_ca.login_note(
        tmp_path)


def test_hub_config_private_files_https_and_day_long_cookies(tmp_path, monkeypatch):
    """deploy/jupyterhub/jupyterhub_config.py read as JupyterHub reads it, for a hub with --tls."""
    from traitlets.config import Config

    from aitrain.tooling import course_ca

    (tmp_path / "private").mkdir()
    course_ca.make(tmp_path / "private", ["localhost"], "aitrain")
    settings = {"state": str(tmp_path), "ip": "", "port": 8000, "trainers": ["maria"], "course_dir": "/x",
                "idle_timeout": 3600, "mem_limit": "1.5G", "tls": True, "domain": "hub.room.lan",
                "public_url": "https://hub.room.lan:8000"}
    (tmp_path / "private" / "hub.json").write_text(json.dumps(settings))
    monkeypatch.setenv("AITRAIN_HUB", str(tmp_path / "private" / "hub.json"))
    monkeypatch.setattr(server, "proxy_command", lambda: "chp")
    c = Config()
    source = (server.hub_dir() / "jupyterhub_config.py").read_text()
    exec(compile(source, "jupyterhub_config.py", "exec"), {"get_config": lambda: c, "__name__": "config"})
    hub = c.JupyterHub
    assert hub.db_url == f"sqlite:///{tmp_path / 'private' / 'jupyterhub.sqlite'}"
    assert hub.cookie_secret_file.startswith(str(tmp_path / "private"))
    assert hub.ssl_cert == str(tmp_path / "private" / "hub.crt") and hub.cookie_max_age_days == 1
    assert hub.tornado_settings["cookie_options"] == {"expires_days": 1, "secure": True}
    assert hub.authenticator_class == "aitrain.tooling.hub_login.CourseAuthenticator"
    assert hub.subdomain_host == "https://hub.room.lan:8000"  # one origin per participant's server
    # an idle connection to the proxy's API is dropped before node does (5 s): a room logging in at once otherwise
    # meets "Server disconnected" on route requests until JupyterHub gives up and stops the server
    assert c.JupyterHubHTTPClient.connector_options["keepalive_timeout"] < 5


def test_participants_limits_follow_the_memory_limit():
    from aitrain.tooling import hub_spawner

    assert hub_spawner.size("1.5G") == 3 * 2**29 and hub_spawner.size("512M") == 2**29
    assert hub_spawner.limits("1.5G") == {"RLIMIT_AS": 3 * 2**30, "RLIMIT_NPROC": 1024, "RLIMIT_FSIZE": 2**30,
                                          "RLIMIT_CORE": 0}
    with pytest.raises(ValueError):
        hub_spawner.size("lots")


def test_ssh_drop_in_denies_participants(tmp_path, monkeypatch):
    monkeypatch.setattr(server, "SSHD_DROP_IN", tmp_path / "sshd_config.d" / "aitrain.conf")
    assert server.deny_ssh() is None  # no sshd drop-in folder: nothing written
    (tmp_path / "sshd_config.d").mkdir()
    assert server.deny_ssh().read_text().splitlines()[-1] == f"DenyGroups {server.PARTICIPANTS}"


def test_expiry_dates():
    assert server._expiry("2027-01-15") == "2027-01-15" and server._expiry("never") == ""
    with pytest.raises(server.AitrainError):
        server._expiry("next week")


def test_wildcard_dns_for_dnsmasq(tmp_path, monkeypatch):
    monkeypatch.setattr(server, "DNSMASQ_DROP_IN", tmp_path / "dnsmasq.d" / "aitrain.conf")
    assert server.wildcard_dns("hub.room.lan", "10.0.0.5") is None  # no dnsmasq
    (tmp_path / "dnsmasq.d").mkdir()
    assert "address=/hub.room.lan/10.0.0.5" in server.wildcard_dns("hub.room.lan", "10.0.0.5").read_text()
    with pytest.raises(ValueError):
        server.wildcard_dns("hub.room.lan", "not-an-address")
    assert server.DOMAIN.match("hub.room.lan") and not server.DOMAIN.match("hub room") and not server.DOMAIN.match("x")


HIDE_TWICE = """
import json
from pathlib import Path
from aitrain.tooling import server
first = server.hide_processes("root", Path(__import__("sys").argv[1]))
second = server.hide_processes("root", Path(__import__("sys").argv[1]))
print(json.dumps([first, second, server.proc_options()]))
"""


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="mounts /proc: needs root")
def test_hidepid_mounted_once_and_kept_in_fstab_only_when_asked(tmp_path):
    """F12: `init` mounts /proc with hidepid and the trainers' (here root's) group exempt, and does nothing the
    second time; with --hidepid-fstab, /proc's line of fstab gets it, the rest of the file as it was. Run in a
    mount namespace of its own with a /proc of its own, as on a real server; the machine's /proc is untouched."""
    machine = server.proc_options()
    fstab = tmp_path / "fstab"
    fstab.write_text("# static file system information\nUUID=1 / ext4 errors=remount-ro 0 1\n"
                     "proc /proc proc defaults,hidepid=off 0 0\n")
    proc = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-ec",
                           'mount -t proc proc /proc && exec "$@"', "sh", sys.executable, "-c", HIDE_TWICE,
                           str(fstab)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    first, second, options = json.loads(proc.stdout)
    assert "/proc mounted with hidepid" in first and f"{fstab} keeps it" in first and second == ""
    assert options["hidepid"] == "invisible" and options.get("gid", "0") == "0"  # the kernel does not show gid 0
    assert fstab.read_text().splitlines() == ["# static file system information", "UUID=1 / ext4 errors=remount-ro 0 1",
                                              "proc /proc proc defaults,hidepid=invisible,gid=0 0 0"]
    assert server.proc_options() == machine, "the machine's own /proc"
    assert server.persist_hidepid(fstab, 0) is False  # already there: the file is not rewritten
    empty = tmp_path / "empty-fstab"
    empty.write_text("")
    assert server.persist_hidepid(empty, 7, "2")
    assert empty.read_text() == "proc /proc proc defaults,hidepid=2,gid=7 0 0\n"


def test_a_root_graders_sandbox_user_is_never_nobody():
    """F20: autograde run as root runs participants' code as a user id of its own, never nobody's (65534) or 65535."""
    from aitrain.grading.sandbox import sandbox_uid

    uids = {sandbox_uid(pid) for pid in range(1, 100_000)}
    assert min(uids) >= 60000 and max(uids) < 65534 and len(uids) > 1000


def test_submit_refuses_at_once_what_collect_would_not_read(tmp_path):
    """F10: a module folder with more files than collect's budget (timestamp.txt and the secret counted) is refused
    by the participant's own submit, with the reason, before anything reaches the inbound; the files nbgrader
    leaves out anyway (.ipynb_checkpoints) do not count."""
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.abc.exchange import ExchangeError
    from traitlets.config import Config

    from aitrain.grading.exchange import PrivateSubmit

    config = Config()
    config.PrivateSubmit.max_files = 5
    submit = PrivateSubmit(coursedir=CourseDirectory(config=config), config=config)
    submit.src_path = str(tmp_path)
    for name in ("02-proxy-means-test.ipynb", "notes.txt", ".ipynb_checkpoints/x.ipynb"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("{}")
    submit.check_budget()  # 2 files and 2 for nbgrader's own
    (tmp_path / "extra.csv").write_text("a")
    (tmp_path / "more.csv").write_text("a")
    with pytest.raises(ExchangeError, match="holds more than 3 files and folders"):
        submit.check_budget()


def test_submit_copies_whole_or_not_at_all(tmp_path, monkeypatch):
    """Issue 31: a submission reaches the inbound in one rename, once every file is written; a copy that fails
    (here the disk fills up halfway) leaves nothing there and tells the participant why in words."""
    import errno

    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.abc.exchange import ExchangeError
    from nbgrader.exchange.default.submit import ExchangeSubmit
    from traitlets.config import Config

    from aitrain.grading import exchange

    inbound = tmp_path / "inbound"
    inbound.mkdir()
    seen = {}

    def copy(self, fill=False):
        dest = tmp_path.joinpath(self.inbound_path, self.assignment_filename)
        dest.mkdir()
        (dest / "02.ipynb").write_text('{"cells": [')
        seen["while copying"] = sorted(p.name for p in inbound.iterdir())
        if fill:
            raise OSError(errno.ENOSPC, "No space left on device")
        (dest / "02.ipynb").write_text('{"cells": []}')

    submit = exchange.PrivateSubmit(coursedir=CourseDirectory(config=Config()), config=Config())
    submit.src_path, submit.inbound_path, submit.assignment_filename = str(tmp_path), str(inbound), "ana+02+t+r"
    monkeypatch.setattr(ExchangeSubmit, "copy_files", lambda self: copy(self, fill=True))
    with pytest.raises(ExchangeError, match="the server's disk for submissions is full"):
        submit.copy_files()
    assert seen["while copying"][0].startswith(exchange.PARTIAL) and list(inbound.iterdir()) == []
    monkeypatch.setattr(ExchangeSubmit, "copy_files", copy)
    submit.copy_files()
    assert [p.name for p in inbound.iterdir()] == ["ana+02+t+r"]
    assert (inbound / "ana+02+t+r" / "02.ipynb").read_text() == '{"cells": []}'
    cut_off = f"{exchange.PARTIAL}x/ana+02+t+r/02.ipynb"  # what a submit stopped halfway leaves
    assert exchange.Inbound(inbound, str(tmp_path)).refusal(cut_off) == exchange.CUT_OFF


def test_lean_participant_servers_and_the_full_ones_of_before(tmp_path):
    """Issue 31: participants' servers start through aitrain's launcher without the extensions they do not use
    (and kernels closed for 20 minutes are culled); hub.json's "participant_servers": "full" gives every
    extension, as before. The trainer keeps the formgrader either way."""
    from aitrain.tooling import lab

    assert server.server_command({})[1:] == ["-P", "-m", "aitrain.tooling.hub_singleuser"]
    assert server.server_command({"participant_servers": "full"})[0].endswith("jupyterhub-singleuser")
    lean, full = (lab.offline_options(tmp_path, trainer=False, lean=x) for x in (True, False))
    off = next(a for a in lean if a.startswith("--ServerApp.jpserver_extensions"))
    assert all(f"'{name}': False" in off for name in (*lab.PARTICIPANT_SERVER_OFF, *lab.TRAINER_ONLY_SERVER,
                                                       *lab.ON_FIRST_USE))
    assert "'aitrain.tooling.nbgrader_first_use': True" in off
    assert "jupyter_lsp" not in next(a for a in full if a.startswith("--ServerApp.jpserver_extensions"))
    assert not any("jpserver_extensions" in a for a in lab.offline_options(tmp_path, trainer=True))


def test_nbgrader_is_loaded_on_its_first_use_and_then_answers(monkeypatch):
    """A lean server routes nbgrader's addresses to nbgrader's own handlers, loaded by the first request to one of
    them (tornado's real routing; the hub's end-to-end test fetches and submits through it)."""
    from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine
    from tornado.web import Application, RequestHandler

    from aitrain.tooling import nbgrader_first_use

    class Assignments(RequestHandler):
        pass

    app, loads = Application([], base_url="/user/ana/"), []
    serverapp = type("ServerApp", (), {"web_app": app})()

    def load(given):  # as nbgrader's extensions do: handlers added after the server's own
        loads.append(given)
        app.add_handlers(".*$", [("/user/ana/assignments/(fetch|submit)", Assignments)])

    monkeypatch.setattr(nbgrader_first_use, "load", load)
    nbgrader_first_use._load_jupyter_server_extension(serverapp)

    def handler(path):
        request = HTTPServerRequest(start_line=RequestStartLine("POST", path, "HTTP/1.1"),
                                    headers=HTTPHeaders({"Host": "127.0.0.1"}))
        return app.find_handler(request).handler_class

    assert handler("/user/ana/api/contents/modules") is not Assignments and loads == []
    assert handler("/user/bo/assignments/fetch") is not Assignments and loads == []  # another server's address
    assert handler("/user/ana/assignments/fetch") is Assignments and loads == [serverapp]
    assert handler("/user/ana/assignments/submit") is Assignments and loads == [serverapp]  # loaded once


def test_participant_kernel_runs_without_the_debugger(tmp_path):
    """The participants' kernel spec (first on their JUPYTER_PATH) starts Python's kernel without debugpy."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    folder = server.write_participant_kernel(tmp_path).parent.parent
    ksm = KernelSpecManager(kernel_dirs=[str(folder / "kernels")])
    assert ksm.get_kernel_spec("python3").metadata == {"debugger": False}
    km = KernelManager(kernel_name="python3", kernel_spec_manager=ksm)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        assert "debugger" not in kc.kernel_info(reply=True, timeout=60)["content"]["supported_features"]
        deadline = time.monotonic() + 60  # the nudge jupyter_server does: this kernel starts faster than its
        while True:  # client subscribes to IOPub, whose first messages are then lost
            kc.kernel_info()
            try:
                kc.get_iopub_msg(timeout=1)
                break
            except queue.Empty:
                assert time.monotonic() < deadline, "the kernel's IOPub never answered"
        out = []
        kc.execute_interactive("import sys; print(sorted(m for m in sys.modules if 'pydevd' in m or 'debugpy' in m))",
                               timeout=60, output_hook=lambda m: out.append(m["content"].get("text", "")))
        assert "".join(out).strip() == "['debugpy']", out  # the stand-in None, nothing of it imported
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_restart_needs_a_running_hub(tmp_path):
    (tmp_path / "private").mkdir()
    with pytest.raises(server.AitrainError, match="No hub is running"):
        server.restart(tmp_path)
    (tmp_path / "private" / "jupyterhub.pid").write_text(str(os.getpid()))
    with pytest.raises(server.AitrainError, match="is not JupyterHub"):
        server.restart(tmp_path)
