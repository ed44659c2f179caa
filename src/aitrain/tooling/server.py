"""`aitrain server`: a classroom JupyterHub on one Linux server (docs/classroom-server.md).

Run as root. `init` creates the trainer's and participants' Linux accounts from the roster (printable
first-login passwords), the course directory owned by the trainer with its gradebook in PostgreSQL (peer
authentication: only the trainer's account can open it), and nbgrader's exchange with private inbound
submissions. `start` runs JupyterHub with deploy/jupyterhub/jupyterhub_config.py, which reads STATE/hub.json.

    STATE/hub.json                  the hub's settings (course directory, exchange, trainers, port, edition)
    STATE/credentials.html, .csv    first-login passwords of accounts created (root only)
    STATE/course/                   the trainer's course directory (aitrain course init), 0700
    STATE/jupyter/{participant,trainer}/   Jupyter config per role (nbgrader's exchange and course)
    STATE/lab/{participant,trainer}/       JupyterLab settings per role (offline; no formgrader for participants;
                                    the interface's language)

`init --lang ru` makes a Russian classroom: everyone's JupyterLab menus in Russian, AITRAIN_LANG=ru for every
kernel (the checks' feedback), participants' JupyterLab opening on ~/modules/ru/, and the trainer's course
directory grading (and releasing through the exchange) the Russian edition.
"""

import asyncio
import csv
import grp
import html
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from aitrain import paths
from aitrain.base.edition import SOURCE, Edition
from aitrain.errors import AitrainError
from aitrain.tooling import lab

TRAINERS, PARTICIPANTS = "aitrain-trainers", "aitrain-participants"
LINUX_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed from paper
SUBMIT_CLASS = "aitrain.grading.exchange.PrivateSubmit"
NBGRADER_CONFIG = """# Written by `aitrain server init`: nbgrader's exchange for this hub.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
c.ExchangeFactory.submit = {submit!r}
"""


def hub_dir() -> Path:
    return paths.home() / "deploy" / "jupyterhub"


def _run(argv: list[str], user: str | None = None, stdin: bytes | None = None) -> str:
    """Run a command (as `user`, with that user's home and groups); a clear error when it fails."""
    kwargs = {}
    env = dict(os.environ)
    if user:
        entry = pwd.getpwnam(user)
        kwargs = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": os.getgrouplist(user, entry.pw_gid)}
        env.update(HOME=entry.pw_dir, USER=user, LOGNAME=user)
        kwargs["cwd"] = entry.pw_dir
    proc = subprocess.run(argv, input=stdin, capture_output=True, env=env, timeout=600, **kwargs)
    if proc.returncode != 0:
        raise AitrainError(f"'{' '.join(argv[:4])}' failed: {proc.stderr.decode(errors='replace').strip()[-800:]}",
                           "Read the message above; run as root on a Debian or Ubuntu server.")
    return proc.stdout.decode(errors="replace")


def _password() -> str:
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(3))


def ensure_account(name: str, group: str) -> str | None:
    """Create a Linux account with a private home (0700) in `group`; its new password, or None if it existed."""
    if not LINUX_NAME.match(name):
        raise AitrainError(f"{name!r} cannot be a login name.", "Use lower-case letters, digits, '-' or '_' "
                           "(at most 32, starting with a letter) in the roster's id column.")
    _run(["groupadd", "-f", group])
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        entry = None
    if entry is not None:
        if entry.pw_uid < 1000:
            raise AitrainError(f"{name!r} is a system account.", "Give the participant another id.")
        _run(["usermod", "-a", "-G", group, name])
        return None
    _run(["useradd", "--create-home", "--shell", "/bin/bash", "--groups", group, name])
    os.chmod(pwd.getpwnam(name).pw_dir, 0o700)  # nobody reads another's notebooks or nbgrader cache
    password = _password()
    _run(["chpasswd"], stdin=f"{name}:{password}\n".encode())
    return password


def roster_ids(roster: Path) -> list[tuple[str, str]]:
    """(id, full name) of each roster row."""
    with open(roster, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if row.get("id"):
            out.append((row["id"], " ".join(x for x in (row.get("first_name"), row.get("last_name")) if x)))
    return out


def create_users(state: Path, roster: Path, group: str = PARTICIPANTS) -> tuple[list, list]:
    """Accounts for every roster row; (created [(id, name, password)], problems [(id, reason)]). The batch
    carries on past a bad row. New passwords are added to STATE/credentials.{csv,html} (root only)."""
    created, problems = [], []
    for sid, name in roster_ids(roster):
        try:
            password = ensure_account(sid, group)
        except AitrainError as e:
            problems.append((sid, e.what))
            continue
        if password:
            created.append((sid, name, password))
        else:
            problems.append((sid, "account existed; password unchanged"))
    if created:
        write_credentials(state, created)
    return created, problems


def write_credentials(state: Path, created: list[tuple[str, str, str]]) -> Path:
    sheet = state / "credentials.csv"
    fd = os.open(sheet, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", newline="") as f:
        csv.writer(f).writerows(created)
    with open(sheet, newline="") as f:
        everyone = list(csv.reader(f))
    settings = json.loads((state / "hub.json").read_text()) if (state / "hub.json").exists() else {}
    address = settings.get("public_url") or f"http://<this server>:{settings.get('port', 8000)}"
    cards = "\n".join(f'<div class="card"><b>{html.escape(n or i)}</b><br>Address: {html.escape(address)}<br>'
                      f"Login: <code>{html.escape(i)}</code><br>Password: <code>{html.escape(p)}</code></div>"
                      for i, n, p in everyone)
    page = state / "credentials.html"
    fd = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write('<!doctype html><meta charset="utf-8"><title>aitrain logins</title><style>body{font-family:sans-serif}'
                ".card{display:inline-block;width:20em;border:1px dashed #444;padding:1em;margin:.3em;font-size:14pt}"
                "code{font-size:16pt}</style>\n" + cards)
    return page


def _exchange(root: Path, course_id: str, trainer: str) -> None:
    """nbgrader's exchange: the root open to all but sticky (nobody removes another's entry); the course's
    folders owned by the trainer, inbound writable but not listable and set-group-id to the trainers."""
    root.mkdir(parents=True, exist_ok=True)
    os.chown(root, 0, 0)
    os.chmod(root, 0o1777)
    uid, gid = pwd.getpwnam(trainer).pw_uid, grp.getgrnam(TRAINERS).gr_gid
    for sub, mode in (("", 0o755), ("outbound", 0o755), ("inbound", 0o3733), ("feedback", 0o711)):
        folder = root / course_id / sub
        folder.mkdir(exist_ok=True)
        os.chown(folder, uid, gid)
        os.chmod(folder, mode)


def _postgres(trainer: str, database: str, host: str, port: int) -> str:
    """A gradebook database owned by the trainer's role (peer authentication on the local socket)."""
    psql = ["psql", "-h", host, "-p", str(port), "-v", "ON_ERROR_STOP=1", "-tA", "-d", "postgres"]
    if not _run([*psql, "-c", f"SELECT 1 FROM pg_roles WHERE rolname = '{trainer}'"], user="postgres").strip():
        _run([*psql, "-c", f'CREATE ROLE "{trainer}" LOGIN'], user="postgres")
    if not _run([*psql, "-c", f"SELECT 1 FROM pg_database WHERE datname = '{database}'"], user="postgres").strip():
        _run([*psql, "-c", f'CREATE DATABASE "{database}" OWNER "{trainer}"'], user="postgres")
    return f"postgresql+psycopg2:///{database}?host={host}&port={port}"


def blocked_folders() -> list[Path]:
    """Folders on the way to the course's Python and files that other accounts cannot enter."""
    targets = [Path(sys.executable), Path(sys.executable).resolve(), paths.home()]
    folders = {folder for target in targets for folder in target.parents} | {paths.home()}
    return sorted(f for f in folders if f.is_dir() and not f.stat().st_mode & 0o001)


def init(state: Path, roster: Path, trainer: str, exchange: Path = Path("/srv/nbgrader/exchange"),
         course_id: str = "aitrain", pg_host: str = "/var/run/postgresql", pg_port: int = 5432,
         port: int = 8000, ip: str = "", public_url: str = "", idle_timeout: int = 3600,
         mem_limit: str = "1.5G", modules: list[str] | None = None, edition: Edition = SOURCE) -> dict:
    """Set up (or update) the hub's accounts, course directory, gradebook and exchange; return its settings."""
    lab.check_language_pack(edition)
    if os.geteuid() != 0:
        raise AitrainError("aitrain server init creates accounts and must run as root.", "Run it with sudo.")
    if not LINUX_NAME.match(course_id):
        raise AitrainError(f"Course id {course_id!r} is not usable.", "Use lower-case letters, digits, '-', '_'.")
    for folder in blocked_folders():
            raise AitrainError(f"Participants' accounts cannot enter {folder}, so they cannot run the course.",
                               "Install the course in a folder every account can read, e.g. /opt/aitrain.")
    state = state.resolve()
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o711)  # passwords and the hub's database stay root's; the course is the trainer's
    settings = {"course_id": course_id, "course_dir": str(state / "course"), "exchange": str(exchange),
                "trainers": [trainer], "state": str(state), "ip": ip, "port": port, "public_url": public_url,
                "idle_timeout": idle_timeout, "mem_limit": mem_limit, **edition.settings}
    (state / "hub.json").write_text(json.dumps(settings, indent=1) + "\n")
    trainer_password = ensure_account(trainer, TRAINERS)
    if trainer_password:
        write_credentials(state, [(trainer, "Trainer", trainer_password)])
    protect_solutions(trainer)
    course_dir = Path(settings["course_dir"])
    aitrain = str(Path(sys.executable).parent / "aitrain")
    if not (course_dir / "aitrain-course.json").exists():
        db_url = _postgres(trainer, f"aitrain_{course_id}".replace("-", "_"), pg_host, pg_port)
        course_dir.mkdir(mode=0o700)
        os.chown(course_dir, pwd.getpwnam(trainer).pw_uid, pwd.getpwnam(trainer).pw_gid)
        _run([aitrain, "course", "init", str(course_dir), "--db", db_url, "--course-id", course_id,
              *edition.options, *[f"--module={m}" for m in modules or []]], user=trainer)
        with open(course_dir / "nbgrader_config.py", "a") as f:  # appending keeps the trainer's ownership
            f.write(f"c.Exchange.root = {str(exchange)!r}\n")
        meta = json.loads((course_dir / "aitrain-course.json").read_text()) | {"exchange": str(exchange)}
        (course_dir / "aitrain-course.json").write_text(json.dumps(meta, indent=1) + "\n")
    _exchange(exchange, course_id, trainer)
    for role in ("participant", "trainer"):
        folder = state / "jupyter" / role
        folder.mkdir(parents=True, exist_ok=True)
        text = NBGRADER_CONFIG.format(course_id=course_id, exchange=str(exchange), submit=SUBMIT_CLASS)
        if role == "trainer":
            text += (f"c.CourseDirectory.root = {str(course_dir)!r}\n"
                     f"load_subconfig({str(course_dir / 'nbgrader_config.py')!r})\n")
        (folder / "nbgrader_config.py").write_text(text)
        lab.write_settings(state / "lab" / role, trainer=role == "trainer", edition=edition)
    for folder in ("jupyter", "lab"):
        for d, _, files in os.walk(state / folder):
            os.chmod(d, 0o755)
            for name in files:
                os.chmod(os.path.join(d, name), 0o644)
    users(state, roster)
    return settings


def protect_solutions(trainer: str) -> None:
    """The solutions (hidden tests) readable by the trainers' group only, not by participants' terminals."""
    gid = grp.getgrnam(TRAINERS).gr_gid
    for d, _, files in os.walk(paths.solutions_dir()):
        os.chown(d, 0, gid)
        os.chmod(d, 0o750)
        for name in files:
            os.chown(os.path.join(d, name), 0, gid)
            os.chmod(os.path.join(d, name), 0o640)


def users(state: Path, roster: Path) -> tuple[list, list]:
    """Accounts for the roster's participants, added to the course directory's gradebook (as the trainer)."""
    settings = json.loads((state / "hub.json").read_text())
    created, problems = create_users(state, roster)
    aitrain = str(Path(sys.executable).parent / "aitrain")
    trainer = pwd.getpwnam(settings["trainers"][0])
    copy = Path(settings["course_dir"]) / f".roster-{secrets.token_hex(4)}.csv"  # where the trainer can read it
    fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(Path(roster).read_bytes())
    os.chown(copy, trainer.pw_uid, trainer.pw_gid)
    try:
        _run([aitrain, "course", "roster", settings["course_dir"], str(copy)], user=trainer.pw_name)
    finally:
        copy.unlink()
    return created, problems


def pre_spawn(settings: dict):
    """The hub's pre-spawn hook: each role's JupyterLab options, and the course's modules in a new home."""

    async def hook(spawner):
        name = spawner.user.name
        trainer = name in settings["trainers"]
        role = "trainer" if trainer else "participant"
        state = Path(settings["state"])
        # Terminals: a plain (not login) shell keeps the course's Python first on PATH (aitrain, nbgrader).
        spawner.args = [*lab.offline_options(state / "lab" / role, trainer),
                        '--ServerApp.terminado_settings={"shell_command": ["/bin/bash"]}']
        spawner.environment["JUPYTER_CONFIG_PATH"] = str(state / "jupyter" / role)
        edition = Edition.read(settings, "the hub's settings (hub.json)")
        if edition.translated:  # the kernels' messages; JupyterLab's menus come from the role's settings
            spawner.environment["AITRAIN_LANG"] = edition.language
        if edition.folder and not trainer:  # the edition's notebooks, copied with the others
            spawner.default_url = f"/lab/tree/modules/{edition.folder}"
        if trainer:
            spawner.notebook_dir = settings["course_dir"]
        else:
            await asyncio.to_thread(copy_modules, name)  # the hub keeps serving others meanwhile

    return hook


def copy_modules(user: str) -> None:
    """The participant notebooks into ~/modules, those not there yet (lab.copy_course), copied as the participant:
    root never writes in a folder a participant controls."""
    _run([sys.executable, "-c", "from pathlib import Path; from aitrain.tooling import lab; "
          "lab.copy_course(Path.home() / 'modules')"], user=user)


def proxy_command() -> str:
    local = hub_dir() / "node_modules" / ".bin" / "configurable-http-proxy"
    found = str(local) if local.exists() else shutil.which("configurable-http-proxy")
    if not found:
        raise AitrainError("JupyterHub's proxy (configurable-http-proxy) is not installed.",
                           f"Run 'npm ci' in {hub_dir()} (needs Debian's nodejs and npm).")
    return found


def systemd_running() -> bool:
    return Path("/run/systemd/system").is_dir()


def start(state: Path) -> int:
    """Run JupyterHub until it stops."""
    settings_file = state.resolve() / "hub.json"
    if not settings_file.exists():
        raise AitrainError(f"{state} has no hub set up.", "Run 'sudo aitrain server init' first.")
    proxy_command()
    env = dict(os.environ, AITRAIN_HUB=str(settings_file))
    argv = [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(hub_dir() / "jupyterhub_config.py")]
    return subprocess.call(argv, cwd=state, env=env)
