"""A classroom hub for tests and benchmarks: PostgreSQL with peer authentication on a private socket, and
`aitrain server init` + `start` for a trainer and participants (real Linux accounts, removed afterwards); `User`
logs in through the hub's form as a browser does and works over HTTP (REST API, terminals, kernels).

One hub at a time on a machine (a lock file): hubs share the course's Linux groups. The hub runs in a private
mount namespace where a folder other accounts cannot enter on the way to the course's Python (pyenv in /root on
the development machines) is replaced by a stand-in that lets them reach only that Python; the machine's own
folders keep their permissions. Stopping the hub is checked: SIGTERM to `aitrain server start`, as `kill` or
systemd sends it, must stop the hub, its proxy, the idle culler and every participant's server.
"""

import contextlib
import csv
import fcntl
import grp
import http.client
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket
from hub_leftovers import folder_prefix
from test_grading_postgres import _pg_bin

from aitrain import paths
from aitrain.tooling import server


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(*cmd, cwd="/"):
    return subprocess.run(["runuser", "-u", "postgres", "--", *cmd], capture_output=True, text=True, timeout=120,
                          cwd=cwd)


@contextlib.contextmanager
def postgres_running():
    """A PostgreSQL server on a private socket, with peer authentication as on a Debian server."""
    bin_dir = _pg_bin()
    home = Path(tempfile.mkdtemp(prefix="aitrain-hubpg-"))
    home.chmod(0o755)
    shutil.chown(home, "postgres")
    data, sock, port = home / "data", home / "sock", free_port()
    sock.mkdir()
    shutil.chown(sock, "postgres")
    proc = as_postgres(f"{bin_dir}/initdb", "-D", str(data), "-A", "peer", "-U", "postgres", cwd=home)
    assert proc.returncode == 0, proc.stderr
    proc = as_postgres(f"{bin_dir}/pg_ctl", "-D", str(data), "-w", "-l", str(home / "pg.log"), "-o",
                       f"-k {sock} -c listen_addresses='' -p {port}", "start", cwd=home)
    assert proc.returncode == 0, proc.stderr + (home / "pg.log").read_text()
    os.environ["PATH"] = f"{bin_dir}:{os.environ['PATH']}"  # psql for `aitrain server init`
    try:
        yield str(sock), port, str(data)
    finally:
        as_postgres(f"{bin_dir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop", cwd=home)
        shutil.rmtree(home, ignore_errors=True)


def postgres_ctl(db, action: str) -> None:
    """Stop or start the PostgreSQL server of `postgres_running` (as a reboot or `systemctl restart` would)."""
    sock, port, data = db
    options = ["-o", f"-k {sock} -c listen_addresses='' -p {port}"] if action == "start" else ["-m", "fast"]
    proc = as_postgres(f"{_pg_bin()}/pg_ctl", "-D", data, "-w", "-l", str(Path(data).parent / "pg.log"), *options,
                       action, cwd=str(Path(data).parent))
    assert proc.returncode == 0, proc.stdout + proc.stderr


LOCK = Path(tempfile.gettempdir()) / "aitrain-classroom-hub.lock"


@contextlib.contextmanager
def one_hub_at_a_time(timeout: float = 1800):
    """Hold the machine's hub lock (another worktree's hub test may be running)."""
    with open(LOCK, "a") as f:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert time.monotonic() < deadline, f"another classroom hub held {LOCK} for {timeout} s"
                time.sleep(2)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def passage(stand_ins: Path) -> subprocess.Popen:
    """A private mount namespace, held open by the process returned (its pid is the namespace's handle for
    `nsenter`), where each folder of server.blocked_folders() is replaced by a stand-in (0711) holding only the
    entries on the way to the course's Python and files, mounted from the real folder, and /proc is a proc file
    system of its own: `init` mounts it with hidepid there, as it would on a real server, and the machine's own
    /proc is never touched. The process dies with the test process."""
    targets = [Path(sys.executable), Path(sys.executable).resolve(), paths.home()]
    script = []
    for i, folder in enumerate(sorted(server.blocked_folders(), key=lambda f: -len(f.parts))):
        stand_in = stand_ins / str(i)
        stand_in.mkdir(parents=True)
        stand_in.chmod(0o711)
        entries = {t.relative_to(folder).parts[0] for t in targets if folder in t.parents}
        for entry in sorted(entries):
            (stand_in / entry).mkdir() if (folder / entry).is_dir() else (stand_in / entry).touch()
            script.append(f"mount --rbind '{folder / entry}' '{stand_in / entry}'")
        script.append(f"mount --rbind '{stand_in}' '{folder}'")
    script += ["mount -t proc proc /proc", f"cd '{stand_ins}'", "echo ready", "exec sleep 86400"]
    holder = subprocess.Popen(["unshare", "--mount", "--propagation", "private", "sh", "-ec", "\n".join(script)],
                              stdout=subprocess.PIPE, text=True, preexec_fn=_die_with_parent)
    assert holder.stdout.readline().strip() == "ready", f"the test's mount namespace: {holder.wait()}"
    return holder


def _die_with_parent() -> None:
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def inside(holder: subprocess.Popen) -> list[str]:
    """The command prefix that runs its command in the namespace `holder` keeps."""
    return ["nsenter", f"--mount=/proc/{holder.pid}/ns/mnt", "--"]


def _started(pid: int) -> str | None:
    """A process's start time (with its pid, names it even after the pid is reused), or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] == "Z" else fields[19]  # a zombie has stopped: only its parent's wait is missing


def process_tree(pid: int) -> dict[int, tuple[str, str]]:
    """The process and all its descendants: pid -> (start time, command line)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = {}, [pid]
    while todo:
        p = todo.pop()
        started = _started(p)
        if started is not None:
            try:
                cmdline = (Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                cmdline = "?"
            tree[p] = (started, cmdline.strip())
        todo += children.get(p, [])
    return tree


def stop_hub(process: subprocess.Popen, timeout: float = 60) -> list[str]:
    """Stop `aitrain server start` with SIGTERM as `kill` or systemd would; the command lines of the processes it
    had started (hub, proxy, culler, servers) still running afterwards, killed."""
    tree = process_tree(process.pid)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        pass
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(_started(p) == st for p, (st, _) in tree.items()):
        time.sleep(0.5)
    left = [cmd for p, (st, cmd) in tree.items() if _started(p) == st]
    for p, (st, _) in tree.items():
        if _started(p) == st:
            with contextlib.suppress(ProcessLookupError):
                os.kill(p, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # the hub's process group, should anything be left in it
    process.wait()
    return left


@contextlib.contextmanager
def resolving(domain: str | None):
    """This test process resolves `domain` and every name under it to 127.0.0.1, as the room's wildcard DNS
    would (browsers: chromium's --host-resolver-rules)."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if domain and isinstance(host, str) and (host == domain or host.endswith("." + domain)):
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo
    try:
        yield
    finally:
        socket.getaddrinfo = real


@contextlib.contextmanager
def hub_running(postgres, participants=("ana", "bo"), modules=("02",), domain=None):
    """`aitrain server init` for a trainer and a roster of participants, then `aitrain server start`; yields the
    hub's address, logins and folders (keys 'trainer', 'admin' and each participant's short name give login
    names).
    Accounts, groups this created, the database and folders are removed afterwards; a hub that does not stop
    with its command fails the test. With `domain`, every server has its own name under it (`init --domain`)."""
    with one_hub_at_a_time(), resolving(domain):
        with _hub(postgres, participants, modules, domain) as hub:
            yield hub


@contextlib.contextmanager
def _hub(postgres, participants, modules, domain):
    prefix = "at" + secrets.token_hex(2)
    names = {"trainer": f"{prefix}-trainer", "admin": f"{prefix}-admin"} | {p: f"{prefix}-{p}" for p in participants}
    new_groups = [g for g in (server.TRAINERS, server.PARTICIPANTS, server.ADMINS) if not _group_exists(g)]
    top = Path(tempfile.mkdtemp(prefix=folder_prefix()))  # named for the test run: hub_leftovers checks it
    top.chmod(0o755)
    state, exchange = top / "state", top / "exchange"
    roster = top / "roster.csv"
    roster.write_text("id,first_name,last_name\n" + "".join(f"{names[p]},{p.title()},Test\n" for p in participants))
    port = free_port()
    aitrain = str(Path(sys.executable).parent / "aitrain")
    holder = passage(top / "passage")
    namespace = inside(holder)
    log = (top / "hub.log").open("w")
    process, left = None, []
    locked = [paths.solutions_dir(), *paths.solutions_dir().rglob("*"), *server.git_folders(paths.home())]
    modes = {p: p.stat() for p in locked}  # init locks them
    pam_service = None if server.PAM_SERVICE.exists() else server.PAM_SERVICE  # init writes it
    try:
        proc = subprocess.run([*namespace, aitrain, "server", "init", "--state", str(state), "--roster", str(roster),
                               "--trainer", names["trainer"], "--admin", names["admin"], "--exchange", str(exchange),
                               "--pg-host", postgres[0],
                               "--pg-port", str(postgres[1]), "--port", str(port), "--course-id", "aitrain",
                               *[f"--module={m}" for m in modules], *(["--domain", domain] if domain else [])],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        settings = json.loads(server.settings_file(state).read_text())
        settings.update(ip="127.0.0.1", hub_port=free_port(), proxy_api_port=free_port())
        server.settings_file(state).write_text(json.dumps(settings))
        with open(state / "private" / "credentials.csv") as f:
            passwords = {row[0]: row[2] for row in csv.reader(f)}
        assert set(passwords) == set(names.values())
        process = subprocess.Popen([*namespace, aitrain, "server", "start", "--state", str(state)], stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        base, ca = f"https://{domain or '127.0.0.1'}:{port}", str(state / "private" / "ca.crt")
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(f"{base}/hub/api/", timeout=2, verify=ca).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, (top / "hub.log").read_text()[-3000:]
            time.sleep(0.5)
        yield names | {"base": base, "passwords": passwords, "state": state, "exchange": exchange, "db": postgres,
                       "log": top / "hub.log", "top": top, "roster": roster, "ca": ca, "namespace": namespace,
                       "domain": domain, "port": port, "pid": process.pid}
    finally:
        if process is not None:
            left = stop_hub(process)
        holder.kill()
        holder.wait()
        for user in names.values():
            for _ in range(10):
                subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True)  # this test's accounts only
                subprocess.run(["userdel", "--remove", user], capture_output=True)
                try:
                    pwd.getpwnam(user)
                except KeyError:
                    break
                time.sleep(0.5)
        db = "aitrain_aitrain"
        as_postgres("psql", "-h", postgres[0], "-p", str(postgres[1]), "-d", "postgres", "-c", f"DROP DATABASE {db}")
        for path, st in modes.items():
            os.chown(path, st.st_uid, st.st_gid)
            path.chmod(st.st_mode & 0o7777)
        if pam_service is not None:
            pam_service.unlink(missing_ok=True)
        for group in new_groups:
            subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(top, ignore_errors=True)
    assert not left, "still running after 'aitrain server start' was stopped:\n" + "\n".join(left)


def restart_hub(hub) -> None:
    """`aitrain server restart`, as the trainer would run it; returns once the hub answers again."""
    aitrain = str(Path(sys.executable).parent / "aitrain")
    proc = subprocess.run([*hub["namespace"], aitrain, "server", "restart", "--state", str(hub["state"])],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr + hub["log"].read_text()[-3000:]
    deadline = time.monotonic() + 120
    while True:
        try:
            if requests.get(f"{hub['base']}/hub/api/", timeout=2, verify=hub["ca"]).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        assert time.monotonic() < deadline, hub["log"].read_text()[-3000:]
        time.sleep(0.5)


class Browser(requests.adapters.HTTPAdapter):
    """Sends a request again, once, on a new connection when a kept-alive connection turns out to have been closed
    by the server before it answered (the proxy, node, drops connections idle for 5 s), as browsers do; any other
    error, or the same one twice, is the test's to see."""

    def send(self, request, *args, **kwargs):
        try:
            return super().send(request, *args, **kwargs)
        except requests.exceptions.ConnectionError as error:
            if not any(isinstance(e, (http.client.RemoteDisconnected, ConnectionResetError))
                       for e in _causes(error)):
                raise
            self.poolmanager.clear()  # every kept-alive connection may be as stale
            return super().send(request, *args, **kwargs)


def _causes(error: BaseException):
    while error is not None:
        yield error
        error = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], BaseException) else (
            error.args[0] if error.args and isinstance(error.args[0], BaseException) else error.__cause__)


class FromAddress(Browser):
    """Connections from another loopback address (127.0.0.2, ...): another computer, as far as the hub knows."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


def web_session(hub, address: str | None = None) -> requests.Session:
    """A browser that trusts the course's certificate authority (as a laptop that installed it)."""
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would win over the session's own verify
    session.verify = hub["ca"]
    for scheme in ("http://", "https://"):
        session.mount(scheme, FromAddress(address) if address else Browser())
    return session


def log_in(hub, name: str, password: str, session: requests.Session | None = None) -> requests.Response:
    """The hub's login form, as a browser submits it (302 when it lets the user in)."""
    session = session or web_session(hub)
    if "_xsrf" not in session.cookies:
        session.get(f"{hub['base']}/hub/login", timeout=30)
    return session.post(f"{hub['base']}/hub/login?next=", timeout=120, allow_redirects=False,
                        data={"username": name, "password": password, "_xsrf": session.cookies.get("_xsrf", "")})


def server_address(hub, name: str) -> str:
    """Where a user's server answers: the hub's address, or with a domain the user's own name under it."""
    if not hub.get("domain"):
        return hub["base"]
    from jupyterhub.utils import subdomain_hook_idna

    return f"https://{subdomain_hook_idna(name, hub['domain'], 'user')}:{hub['port']}"


class User:
    """A participant or trainer using the hub over HTTP: logs in through the form, gets a token, starts a server."""

    def __init__(self, hub, name):
        self.hub, self.name, self.base = hub, name, hub["base"]
        self.server_base = server_address(hub, name)
        session = web_session(hub)
        r = log_in(hub, name, hub["passwords"][name], session)
        assert r.status_code == 302, f"login of {name} refused: {r.status_code}"
        r = session.post(f"{self.base}/hub/api/users/{name}/tokens", json={"note": "test", "expires_in": 900},
                         headers={"X-XSRFToken": session.cookies.get("_xsrf", "")}, timeout=30)
        assert r.status_code == 201, r.text
        self.token = r.json()["token"]
        self.http = web_session(hub)
        self.http.headers["Authorization"] = f"token {self.token}"

    def start(self):
        r = self.http.post(f"{self.base}/hub/api/users/{self.name}/server", timeout=60)
        assert r.status_code in (201, 202) or "is already running" in r.text, (
            r.text + "\nthe hub's log ends:\n" + self.hub["log"].read_text()[-3000:])

    def wait_ready(self):
        deadline = time.monotonic() + 180
        while True:
            model = self.http.get(f"{self.base}/hub/api/users/{self.name}", timeout=30).json()
            if model.get("servers", {}).get("", {}).get("ready"):
                return
            assert time.monotonic() < deadline, self.hub["log"].read_text()[-3000:]
            time.sleep(1)

    def stop(self):
        self.http.delete(f"{self.base}/hub/api/users/{self.name}/server", timeout=60)
        deadline = time.monotonic() + 120
        while self.http.get(f"{self.base}/hub/api/users/{self.name}", timeout=30).json().get("servers"):
            assert time.monotonic() < deadline, f"the server of {self.name} did not stop"
            time.sleep(1)

    def api(self, method, path, **kwargs):
        return self.http.request(method, f"{self.server_base}/user/{self.name}/{path}", timeout=300, **kwargs)

    def open_kernel(self, path: str) -> str:
        """A notebook session on `path` (as opening the notebook in JupyterLab makes): its kernel's id."""
        r = self.api("POST", "api/sessions", json={"path": path, "type": "notebook", "name": "",
                                                   "kernel": {"name": "python3"}})
        assert r.status_code == 201, r.text
        return r.json()["kernel"]["id"]

    def channels(self, kernel: str, timeout: int = 300) -> websocket.WebSocket:
        """The kernel's websocket, as JupyterLab opens it."""
        url = self.server_base.replace("http", "ws") + f"/user/{self.name}/api/kernels/{kernel}/channels"
        return websocket.create_connection(url, header=[f"Authorization: token {self.token}"], timeout=timeout,
                                           sslopt={"ca_certs": self.hub["ca"]})

    def execute(self, kernel: str, code: str, timeout: int = 300) -> dict:
        """Run `code` in the kernel: {"status": "ok" or "error", "out": what it printed, "evalue": the error,
        "states": the kernel's execution states seen}."""
        ws = self.channels(kernel, timeout)
        try:
            return execute(ws, code, self.name)
        finally:
            ws.close()

    def shell(self, command: str, timeout: int = 300) -> str:
        """Run a command in a JupyterLab terminal (as the user would type it); its output, exit status checked
        by the caller through the '__rc=N' line."""
        term = self.api("POST", "api/terminals").json()["name"]
        url = self.server_base.replace("http", "ws") + f"/user/{self.name}/terminals/websocket/{term}"
        ws = websocket.create_connection(url, header=[f"Authorization: token {self.token}"], timeout=timeout,
                                         sslopt={"ca_certs": self.hub["ca"]})
        marker = secrets.token_hex(4)
        try:
            ws.send(json.dumps(["stdin", f"{command}; echo __rc=$?__{marker}\r"]))
            out, deadline = "", time.monotonic() + timeout
            while not re.search(rf"__rc=\d+__{marker}", out):  # the echoed command has '$?', not digits
                assert time.monotonic() < deadline, out[-2000:]
                message = json.loads(ws.recv())
                if message[0] == "stdout":
                    out += message[1]
        finally:
            ws.close()
            self.api("DELETE", f"api/terminals/{term}")
        return re.sub(r"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07)", "", out)  # without colours and titles

    def run(self, command: str, timeout: int = 300) -> str:
        out = self.shell(command, timeout)
        assert re.search(r"__rc=0__[0-9a-f]{8}", out), out[-3000:]
        return out




def execute(ws: websocket.WebSocket, code: str, user: str = "", session: str | None = None) -> dict:
    """Send one execute_request on an open kernel websocket and read until its reply (see User.execute)."""
    msg_id = secrets.token_hex(8)
    ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user,
                                   "session": session or secrets.token_hex(8), "date": "", "version": "5.3"},
                        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                                    "allow_stdin": False, "stop_on_error": True}}))
    out, states, reply, idle = "", [], None, False
    while reply is None or not idle:  # the reply (shell) and the output (iopub) come in either order; idle is last
        msg = json.loads(ws.recv())
        kind = msg.get("msg_type")
        if kind == "status":
            states.append(msg["content"]["execution_state"])
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if kind == "stream":
            out += msg["content"]["text"]
        elif kind == "execute_reply":
            reply = msg["content"]
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
    return {"status": reply["status"], "out": out, "evalue": reply.get("evalue", ""), "states": states}
