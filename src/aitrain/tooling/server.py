"""`aitrain server`: a classroom JupyterHub on one Linux server (docs/classroom-server.md).

Run as root. `init` creates the trainer's and participants' Linux accounts from the roster (printable
first-login passwords), the course directory owned by the trainer with its gradebook in PostgreSQL (peer
authentication: only the trainer's account can open it), and nbgrader's exchange with private inbound
submissions. `start` becomes JupyterHub with deploy/jupyterhub/jupyterhub_config.py, which reads
STATE/private/hub.json. Participants are untrusted: the docs' Security section says what protects what.

    STATE/private/                  root's only (0700): the hub's settings (hub.json: course directory,
                                    exchange, trainers, port, edition), its database, cookie secret and pid
                                    files, its certificates, and the first-login passwords (credentials.csv,
                                    the cards) until `aitrain server cards --delete`
    STATE/course/                   the trainer's course directory (aitrain course init), 0700
    STATE/jupyter/{participant,trainer}/   Jupyter config per role (nbgrader's exchange and course)
    STATE/lab/{participant,trainer}/       JupyterLab settings per role (offline; no formgrader for participants;
                                    the interface's language)

`init --lang ru` makes a Russian classroom: everyone's JupyterLab menus in Russian, AITRAIN_LANG=ru for every
kernel (the checks' feedback), participants' JupyterLab opening on ~/modules/ru/, and the trainer's course
directory grading (and releasing through the exchange) the Russian edition.
"""

import asyncio
import contextlib
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
from typing import NoReturn

from aitrain import paths
from aitrain.base.edition import PATHS, SOURCE, Edition
from aitrain.errors import AitrainError
from aitrain.tooling import lab

TRAINERS, PARTICIPANTS = "aitrain-trainers", "aitrain-participants"
ADMINS = "aitrain-admins"  # the hub's administrators: never the account the trainer grades with
LINUX_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed from paper
SUBMIT_CLASS = "aitrain.grading.exchange.PrivateSubmit"
# groupshared: nbgrader then leaves the exchange's root as `init` made it (root's, 0755) instead of requiring it
# writable by everyone; `init` makes the course's folders, so nobody needs to create anything there.
NBGRADER_CONFIG = """# Written by `aitrain server init`: nbgrader's exchange for this hub.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.groupshared = True
c.Exchange.root = {exchange!r}
c.ExchangeFactory.submit = {submit!r}
"""
NOLOGIN = "/usr/sbin/nologin"
SSHD_DROP_IN = Path("/etc/ssh/sshd_config.d/aitrain.conf")
DNSMASQ_DROP_IN = Path("/etc/dnsmasq.d/aitrain.conf")
DOMAIN = re.compile(r"^(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
PAM_SERVICE = Path("/etc/pam.d/aitrain-hub")
PAM_RULES = """# Written by `aitrain server init`: logins to the classroom hub. No failure delay (pam_unix nodelay, no
# pam_faildelay): the hub throttles failed logins itself, by address and by account (aitrain.tooling.hub_login).
auth     required  pam_unix.so nodelay
account  required  pam_unix.so
"""
LEGACY = ("hub.json", "jupyterhub.sqlite", "jupyterhub_cookie_secret", "credentials.csv", "credentials.html")
"""Files an older `init` kept in STATE itself (the database and hub.json readable by all), moved to STATE/private."""


def hub_dir() -> Path:
    return paths.home() / "deploy" / "jupyterhub"


def user_environment(user: str) -> dict[str, str]:
    """The environment of a command run as `user`: the account's own names, the PATH and where the course is,
    nothing else of root's (whatever root had in its environment stays root's)."""
    entry = pwd.getpwnam(user)
    env = {"HOME": entry.pw_dir, "USER": user, "LOGNAME": user, "LANG": os.environ.get("LANG", "C.UTF-8"),
           "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return env | {k: os.environ[k] for k in ("AITRAIN_HOME", "AITRAIN_DATASETS") if k in os.environ}


def _run(argv: list[str], user: str | None = None, stdin: bytes | None = None) -> str:
    """Run a command (as `user`, with that user's groups and a minimal environment, in /); a clear error when it
    fails."""
    kwargs, env = {}, dict(os.environ)
    if user:
        entry = pwd.getpwnam(user)
        kwargs = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": os.getgrouplist(user, entry.pw_gid),
                  "cwd": "/"}
        env = user_environment(user)
    proc = subprocess.run(argv, input=stdin, capture_output=True, env=env, timeout=600, **kwargs)
    if proc.returncode != 0:
        raise AitrainError(f"'{' '.join(argv[:4])}' failed: {proc.stderr.decode(errors='replace').strip()[-800:]}",
                           "Read the message above; run as root on a Debian or Ubuntu server.")
    return proc.stdout.decode(errors="replace")


def _password() -> str:
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(3))


def ensure_account(name: str, group: str, expire: str = "") -> str | None:
    """Create a Linux account with a private home (0700) in `group`, no login shell (the hub's terminals start
    bash themselves; SSH gets nothing) and, if given, an expiry date; its new password, or None if it existed
    (an existing account only joins the group)."""
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
    _run(["useradd", "--create-home", "--shell", NOLOGIN, "--groups", group, *(["--expiredate", expire] if expire
                                                                               else []), name])
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


def create_users(state: Path, roster: Path, group: str = PARTICIPANTS, expire: str = "") -> tuple[list, list]:
    """Accounts for every roster row; (created [(id, name, password)], problems [(id, reason)]). The batch
    carries on past a bad row. New passwords are added to STATE/private/credentials.{csv,html} (root only)."""
    created, problems = [], []
    for sid, name in roster_ids(roster):
        try:
            password = ensure_account(sid, group, expire)
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


def private_dir(state: Path) -> Path:
    """STATE/private (0700 root), made if missing; files an older `init` left in STATE are moved in."""
    private = state / "private"
    private.mkdir(mode=0o700, exist_ok=True)
    if private.is_symlink() or private.stat().st_uid != 0:
        raise AitrainError(f"{private} is not root's own folder.", "Remove it and run 'aitrain server init' again.")
    os.chmod(private, 0o700)
    for name in LEGACY:
        if (state / name).is_file() and not (private / name).exists():
            os.replace(state / name, private / name)
    return private


def settings_file(state: Path) -> Path:
    return state / "private" / "hub.json"


def cards_page(state: Path) -> Path:
    return state / "private" / "credentials.html"


def trainer_card(state: Path) -> Path:
    return state / "private" / "trainer-card.html"


def _write_private(path: Path, text: str) -> None:
    """Write a root-only file (0600) by replacing it."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def private_roster(roster: Path) -> bool:
    """Make the roster (names, emails) unreadable to other accounts if it was readable; whether it changed."""
    mode = roster.stat().st_mode
    if mode & 0o077:
        os.chmod(roster, mode & 0o700)
        return True
    return False


def forget_credentials(state: Path) -> list[Path]:
    """Delete the first-login passwords (the sheet and the printable cards) once printed; the files deleted."""
    gone = []
    for name in ("credentials.csv", "credentials.html", "trainer-card.html"):
        path = state / "private" / name
        if path.is_file():
            with open(path, "r+b") as f:  # overwritten first, in case the disk keeps the blocks
                f.write(b"\0" * path.stat().st_size)
                f.flush()
                os.fsync(f.fileno())
            path.unlink()
            gone.append(path)
    return gone


def write_credentials(state: Path, created: list[tuple[str, str, str]]) -> Path:
    sheet = private_dir(state) / "credentials.csv"
    fd = os.open(sheet, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", newline="") as f:
        csv.writer(f).writerows(created)
    with open(sheet, newline="") as f:
        everyone = list(csv.reader(f))
    settings = json.loads(settings_file(state).read_text()) if settings_file(state).exists() else {}
    trainers = set(settings.get("trainers", [])) | {settings.get("admin") or ""}
    scheme = "https" if settings.get("tls") else "http"
    address = settings.get("public_url") or f"{scheme}://<this server>:{settings.get('port', 8000)}"
    check = ""
    if settings.get("tls") and (state / "private" / "hub.crt").exists():
        from aitrain.tooling import course_ca

        check = ('<br><small>Certificate (SHA-256): <code class="fp">'
                 f"{html.escape(course_ca.fingerprint(state / 'private' / 'hub.crt'))}</code></small>")
    for page, rows in ((cards_page(state), [r for r in everyone if r[0] not in trainers]),
                       (trainer_card(state), [r for r in everyone if r[0] in trainers])):
        cards = "\n".join(f'<div class="card"><b>{html.escape(n or i)}</b><br>Address: {html.escape(address)}<br>'
                          f"Login: <code>{html.escape(i)}</code><br>Password: <code>{html.escape(p)}</code>{check}"
                          "</div>" for i, n, p, *_ in rows)
        if rows:  # the trainer's card (a hub administrator's) is never on the participants' sheet
            _write_private(page, '<!doctype html><meta charset="utf-8"><title>aitrain logins</title><style>'
                           "body{font-family:sans-serif}.card{display:inline-block;width:20em;border:1px dashed "
                           "#444;padding:1em;margin:.3em;font-size:14pt}code{font-size:16pt}code.fp{font-size:7pt;"
                           "word-break:break-all}</style>\n" + cards)
    return cards_page(state)


def _folder(name: str, where: Path, owners: set[int], dir_fd: int | None = None) -> int:
    """An open descriptor on the folder `name` (in `dir_fd`), made if missing. A symbolic link, a file, or a folder
    owned by anyone but `owners` is refused, never followed: in an exchange root that was once open to all, a
    participant may have made it."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, 0o700, dir_fd=dir_fd)
    try:
        fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
    except OSError as exc:
        raise AitrainError(f"{where} is a symbolic link or not a folder: refused.", "Someone made it in the "
                           f"exchange: look at it, remove it (rm {where}), run init again.") from exc
    owner = os.fstat(fd).st_uid
    if owner not in owners:
        os.close(fd)
        raise AitrainError(f"{where} belongs to {_user_name(owner)}, not to root or the trainer: refused.",
                           f"Someone made it in the exchange: look at it, remove it (rm -r {where}), run init again.")
    return fd


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"user id {uid}"


def _exchange(root: Path, course_id: str, trainer: str) -> None:
    """nbgrader's exchange: the root root's and closed to everyone else (0755: participants need nothing there
    but the course's folder); the course's folders owned by the trainer, inbound writable but not listable and
    set-group-id to the trainers. Nothing existing is followed or taken over unless root or the trainer owns it."""
    root.mkdir(parents=True, exist_ok=True)
    uid, gid = pwd.getpwnam(trainer).pw_uid, grp.getgrnam(TRAINERS).gr_gid
    top = _folder(str(root), root, {0})
    try:
        os.fchown(top, 0, 0)
        os.fchmod(top, 0o755)
        course = _folder(course_id, root / course_id, {0, uid}, dir_fd=top)
        try:
            os.fchown(course, uid, gid)
            os.fchmod(course, 0o755)
            for sub, mode in (("outbound", 0o755), ("inbound", 0o3733), ("feedback", 0o711)):
                fd = _folder(sub, root / course_id / sub, {0, uid}, dir_fd=course)
                try:
                    os.fchown(fd, uid, gid)
                    os.fchmod(fd, mode)
                finally:
                    os.close(fd)
        finally:
            os.close(course)
    finally:
        os.close(top)


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
         mem_limit: str = "1.5G", modules: list[str] | None = None, edition: Edition = SOURCE, tls: bool = True,
         expire: str = "", admin: str = "", domain: str = "", address: str = "", hidepid: bool = True,
         hidepid_fstab: Path | None = None, collect_budget: dict | None = None) -> dict:
    """Set up (or update) the hub's accounts, course directory, gradebook and exchange, and with `tls` the course's
    certificates (course_ca); with `domain`, every server on its own name under it (`<login>.<domain>`: one origin
    per participant), and a wildcard DNS entry for dnsmasq pointing at `address`; with `hidepid`, /proc showing
    each account only its own processes (kept in `hidepid_fstab` if given); `collect_budget` (files, megabytes,
    submissions) what one collect reads of each participant (aitrain-course.json). Return the hub's settings, and
    under "processes" what `hidepid` did."""
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
    os.chmod(state, 0o711)  # the role configs are read by everyone's servers; the rest is root's or the trainer's
    private = private_dir(state)
    if domain and not DOMAIN.match(domain):
        raise AitrainError(f"{domain!r} is not a domain name.", "Give one such as hub.room.lan.")
    if domain and not public_url:
        public_url = f"{'https' if tls else 'http'}://{domain}" + ("" if port == (443 if tls else 80) else f":{port}")
    if tls and public_url.startswith("http://"):
        public_url = "https://" + public_url[len("http://"):]
    settings = {"course_id": course_id, "course_dir": str(state / "course"), "exchange": str(exchange),
                "trainers": [trainer], "state": str(state), "ip": ip, "port": port, "public_url": public_url,
                "idle_timeout": idle_timeout, "mem_limit": mem_limit, **edition.settings, "tls": tls,
                "domain": domain}
    if tls:
        from aitrain.tooling import course_ca

        names = course_ca.host_names(public_url, domain)
        if not course_ca.current(private, names):
            course_ca.make(private, names, course_id)
    if settings_file(state).exists():  # a date set by `users --expire`, and an administrator, stay
        earlier = json.loads(settings_file(state).read_text())
        settings["expire"] = earlier.get("expire", "")
        admin = admin or earlier.get("admin", "")
    if admin == trainer:
        raise AitrainError("The hub's administrator cannot be the trainer's account.",
                           "Give --admin another login name: the trainer grades participants' work in the "
                           "browser, where a participant's page could act as its user.")
    settings["admin"] = admin
    _write_private(private / "hub.json", json.dumps(settings, indent=1) + "\n")
    trainer_password = ensure_account(trainer, TRAINERS)
    if trainer_password:
        write_credentials(state, [(trainer, "Trainer", trainer_password)])
    admin_password = ensure_account(admin, ADMINS) if admin else None
    if admin_password:
        write_credentials(state, [(admin, "Hub administrator", admin_password)])
    protect_solutions(trainer)
    course_dir = Path(settings["course_dir"])
    aitrain = str(Path(sys.executable).parent / "aitrain")
    if not (course_dir / "aitrain-course.json").exists():
        db_url = _postgres(trainer, f"aitrain_{course_id}".replace("-", "_"), pg_host, pg_port)
        course_dir.mkdir(mode=0o700)
        os.chown(course_dir, pwd.getpwnam(trainer).pw_uid, pwd.getpwnam(trainer).pw_gid)
        _run([aitrain, "course", "init", str(course_dir), "--db", db_url, "--course-id", course_id,
              *edition.options, *[f"--module={m}" for m in modules or []]], user=trainer)
        # The trainer's own files, written by root: appended to (keeping their owner), never through a link.
        fd = os.open(course_dir / "nbgrader_config.py", os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
        with os.fdopen(fd, "a") as f:
            f.write(f"c.Exchange.root = {str(exchange)!r}\n")
        _course_settings(course_dir, {"exchange": str(exchange)})
    if collect_budget:
        _course_settings(course_dir, {"collect_budget": collect_budget})
    _exchange(exchange, course_id, trainer)
    if PAM_SERVICE.parent.is_dir():
        PAM_SERVICE.write_text(PAM_RULES)
    deny_ssh()
    settings["processes"] = hide_processes(TRAINERS, hidepid_fstab) if hidepid else ""
    if domain and address:
        wildcard_dns(domain, address)
    for role in ("participant", "trainer"):
        folder = state / "jupyter" / role
        folder.mkdir(parents=True, exist_ok=True)
        text = NBGRADER_CONFIG.format(course_id=course_id, exchange=str(exchange), submit=SUBMIT_CLASS)
        if collect_budget and role == "participant":  # submit refuses at once what collect would refuse
            text += (f"c.PrivateSubmit.max_files = {int(collect_budget['files'])}\n"
                     f"c.CourseDirectory.max_dir_size = {int(collect_budget['megabytes']) * 1000}  # kB\n")
        if role == "participant":  # nbgrader's Validate button: its summaries in the course's language
            from aitrain.base.nbgrader_stages import validate_warnings

            text += "".join(f"c.Validator.{name} = {value!r}\n" for name, value in validate_warnings(edition).items())
        if role == "trainer":
            text += (f"c.CourseDirectory.root = {str(course_dir)!r}\n"
                     f"load_subconfig({str(course_dir / 'nbgrader_config.py')!r})\n")
        (folder / "nbgrader_config.py").write_text(text)
        lab.write_settings(state / "lab" / role, trainer=role == "trainer", edition=edition)
    write_participant_kernel(state / "jupyter" / "participant-data")
    for folder in ("jupyter", "lab"):
        for d, _, files in os.walk(state / folder):
            os.chmod(d, 0o755)
            for name in files:
                os.chmod(os.path.join(d, name), 0o644)
    users(state, roster, expire)
    return settings


def _course_settings(course_dir: Path, fields: dict) -> None:
    """Add to the trainer's aitrain-course.json, written by root: in place (it keeps its owner), never through a
    link."""
    fd = os.open(course_dir / "aitrain-course.json", os.O_RDWR | os.O_NOFOLLOW)
    with os.fdopen(fd, "r+") as f:
        meta = json.loads(f.read()) | fields
        f.seek(0)
        f.truncate()
        f.write(json.dumps(meta, indent=1) + "\n")


def git_folders(clone: Path) -> list[Path]:
    """The clone's history: `.git`, and for a linked worktree (`.git` a file) its own git folder and the
    repository's common one."""
    dot = clone / ".git"
    if dot.is_dir():
        return [dot]
    if not dot.is_file() or not dot.read_text().startswith("gitdir:"):
        return []
    gitdir = (clone / dot.read_text()[len("gitdir:"):].strip()).resolve()
    common = gitdir / "commondir"
    return [dot, gitdir, (gitdir / common.read_text().strip()).resolve() if common.is_file() else gitdir]


def protect_solutions(trainer: str) -> None:
    """The solutions (hidden tests) readable by the trainers' group only, not by participants' terminals; the
    clone's git history too, since it holds every solution (its owner keeps it, the group becomes the trainers')."""
    gid = grp.getgrnam(TRAINERS).gr_gid
    for d, _, files in os.walk(paths.solutions_dir()):
        os.chown(d, 0, gid)
        os.chmod(d, 0o750)
        for name in files:
            os.chown(os.path.join(d, name), 0, gid)
            os.chmod(os.path.join(d, name), 0o640)
    for path in git_folders(paths.home()):
        os.chown(path, -1, gid, follow_symlinks=False)
        os.chmod(path, 0o750 if path.is_dir() else 0o640)


def users(state: Path, roster: Path | None = None, expire: str = "") -> tuple[list, list]:
    """Accounts for the roster's participants, added to the course directory's gradebook (as the trainer). `expire`
    (YYYY-MM-DD, or "never") is when the roster's participants' accounts, or without a roster every
    participant's, stop logging in; later accounts get it too."""
    settings = json.loads(settings_file(state).read_text())
    if expire:
        settings["expire"] = _expiry(expire)
        _write_private(settings_file(state), json.dumps(settings, indent=1) + "\n")
    created, problems = [], []
    if roster is not None:
        private_roster(roster)
        created, problems = create_users(state, roster, expire=settings.get("expire", ""))
        _gradebook_roster(settings, roster)
    if expire:
        members = set(grp.getgrnam(PARTICIPANTS).gr_mem)
        for name in [sid for sid, _ in roster_ids(roster) if sid in members] if roster else sorted(members):
            _run(["usermod", "--expiredate", settings["expire"], name])
    return created, problems


def _expiry(date: str) -> str:
    """usermod's --expiredate for a date given as YYYY-MM-DD or 'never' (empty: no expiry)."""
    import datetime

    if date == "never":
        return ""
    try:
        return datetime.date.fromisoformat(date).isoformat()
    except ValueError:
        raise AitrainError(f"{date!r} is not a date.", "Give it as YYYY-MM-DD (or 'never').") from None


def _gradebook_roster(settings: dict, roster: Path) -> None:
    aitrain = str(Path(sys.executable).parent / "aitrain")
    trainer = pwd.getpwnam(settings["trainers"][0])
    copy = Path(settings["course_dir"]) / f".roster-{secrets.token_hex(4)}.csv"  # where the trainer can read it
    fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(Path(roster).read_bytes())
        os.fchown(f.fileno(), trainer.pw_uid, trainer.pw_gid)  # the file written, not whatever the name is now
    try:
        _run([aitrain, "course", "roster", settings["course_dir"], str(copy)], user=trainer.pw_name)
    finally:
        copy.unlink()


def wildcard_dns(domain: str, address: str) -> Path | None:
    """dnsmasq's entry answering `domain` and every name under it with `address` (the room's laptops must use
    this server, or a router with the same entry, for DNS); the file written, or None without dnsmasq.d."""
    import ipaddress

    ipaddress.ip_address(address)  # ValueError for anything else
    if not DNSMASQ_DROP_IN.parent.is_dir():
        return None
    DNSMASQ_DROP_IN.write_text(f"# Written by `aitrain server init`: the classroom hub and each participant's "
                               f"server (<login>.{domain}).\naddress=/{domain}/{address}\n")
    return DNSMASQ_DROP_IN


PROC = Path("/proc")
FSTAB = Path("/etc/fstab")
LOGIND_DROP_IN = Path("/etc/systemd/system/systemd-logind.service.d/aitrain-hidepid.conf")


def proc_options(mountinfo: Path = Path("/proc/self/mountinfo")) -> dict[str, str]:
    """The options of the proc file system mounted on /proc (the one on top, if several), as {name: value}."""
    options = {}
    for line in mountinfo.read_text().splitlines():
        fields, _, rest = line.partition(" - ")
        if fields.split()[4:5] == ["/proc"] and rest.split()[:1] == ["proc"]:
            options = dict(o.partition("=")[::2] for o in rest.split()[2].split(","))
    return options


def hidden(options: dict[str, str], gid: int) -> bool:
    return options.get("hidepid") in ("invisible", "2") and options.get("gid", "0") == str(gid)  # 0: not shown


def hide_processes(group: str = TRAINERS, fstab: Path | None = None) -> str:
    """Mount /proc with hidepid (every account sees only its own processes; `group`, the trainers, and root see
    all), unless it is already; with `fstab`, also on /proc's line there, so that it holds after a reboot. Where
    systemd runs, systemd-logind joins `group` (it must see the sessions' processes). What was done, in words."""
    gid = grp.getgrnam(group).gr_gid
    done = []
    if not hidden(proc_options(), gid):
        for value in ("invisible", "2"):  # "invisible" since Linux 5.8
            proc = subprocess.run(["mount", "-o", f"remount,hidepid={value},gid={gid}", str(PROC)],
                                  capture_output=True, text=True)
            if proc.returncode == 0:
                break
        if proc.returncode != 0 or not hidden(proc_options(), gid):
            raise AitrainError(f"/proc could not be mounted with hidepid: {proc.stderr.strip()}",
                               "Run init as root on the server itself (not in a container), or give --no-hidepid.")
        done.append(f"/proc mounted with hidepid (only {group} and root see others' processes)")
    if fstab is not None and persist_hidepid(fstab, gid, proc_options()["hidepid"]):
        done.append(f"{fstab} keeps it after a reboot")
    if systemd_running() and not LOGIND_DROP_IN.exists():
        LOGIND_DROP_IN.parent.mkdir(parents=True, exist_ok=True)
        LOGIND_DROP_IN.write_text(f"# Written by `aitrain server init`: /proc has hidepid; logind sees every "
                                  f"session's processes.\n[Service]\nSupplementaryGroups={group}\n")
        _run(["systemctl", "daemon-reload"])
        _run(["systemctl", "try-restart", "systemd-logind.service"])
        done.append("systemd-logind joined the group")
    return "; ".join(done)


def persist_hidepid(fstab: Path, gid: int, value: str = "invisible") -> bool:
    """Add hidepid (the value this kernel took) to /proc's line of `fstab` (a line of its own if it has none),
    keeping its other options and every other line; whether it changed."""
    lines = fstab.read_text().splitlines() if fstab.exists() else []
    wanted, found, changed = [f"hidepid={value}", f"gid={gid}"], False, False
    for i, line in enumerate(lines):
        fields = line.split()
        if len(fields) >= 4 and not line.lstrip().startswith("#") and fields[1] == "/proc" and fields[2] == "proc":
            found = True
            kept = [o for o in fields[3].split(",") if o.partition("=")[0] not in ("hidepid", "gid")]
            options = ",".join(kept + wanted)
            if options != fields[3]:
                lines[i] = " ".join([*fields[:3], options, *fields[4:]])
                changed = True
    if not found:
        lines.append(f"proc /proc proc defaults,{','.join(wanted)} 0 0")
        changed = True
    if changed:
        tmp = fstab.with_name(f".{fstab.name}.aitrain")
        tmp.write_text("\n".join(lines) + "\n")
        if fstab.exists():
            shutil.copymode(fstab, tmp)
        os.replace(tmp, fstab)
    return changed


def deny_ssh() -> Path | None:
    """Keep participants' accounts out of SSH (port forwarding works even without a login shell) where sshd reads
    drop-in files; the file written, or None. sshd must be reloaded to read it."""
    if not SSHD_DROP_IN.parent.is_dir():
        return None
    SSHD_DROP_IN.write_text(f"# Written by `aitrain server init`: the classroom's participants use the hub only.\n"
                            f"DenyGroups {PARTICIPANTS}\n")
    return SSHD_DROP_IN


KERNEL_CULLING = ["--MappingKernelManager.cull_idle_timeout=1200", "--MappingKernelManager.cull_interval=120",
                  "--MappingKernelManager.cull_connected=False"]
"""A kernel idle for 20 minutes with no notebook open on it (its tab closed: JupyterLab leaves the kernel running)
is shut down, giving its memory back: in a day of several modules, each module's notebook would otherwise keep a
kernel of 150 to 250 MB until the server stops. An open notebook's kernel is never culled."""


HUB_KEEPALIVE_S = 2  # the hub's idle connections, under the proxy API's 5 s (node's keepAliveTimeout)
KERNEL_TRANSPORT = ["--KernelManager.transport=ipc"]
RUNTIME_FOLDER = ".jupyter-run"
"""Kernels talk to their server over Unix sockets in the account's own runtime folder, not over TCP ports: each
server picks its kernels' ports by asking the system for free ones, and when a room opens a notebook at once, 60
servers asking together get the same port now and then; that kernel dies at start ("Address already in use") and
the notebook never connects. The folder is short because a socket's path has at most 107 bytes
(/home/<login>/.jupyter-run/kernel-<36-character id>-ipc-<n>), and private (0700) as Jupyter makes it."""


def runtime_folder(spawner) -> str:
    """The account's Jupyter runtime folder (RUNTIME_FOLDER in its home), for the spawner's environment."""
    return str(Path(pwd.getpwnam(spawner.user.name).pw_dir) / RUNTIME_FOLDER)


PARTICIPANT_KERNEL = ("import sys; sys.modules['debugpy'] = None; "  # ipykernel then has no debugger
                      "from ipykernel import kernelapp; kernelapp.launch_new_instance()")
"""A participant's kernel: Python's, without the debugger's library (debugpy, imported by every kernel at its
start: 7 MB of memory each, for a panel a participant of this course does not use; JupyterLab then shows no
debugger switch). The kernel spec keeps the name `python3`, so the notebooks' metadata still match."""


def write_participant_kernel(folder: Path) -> Path:
    """The participant's kernel spec in `folder` (a JUPYTER_PATH entry: it comes before the installed one)."""
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", PARTICIPANT_KERNEL, "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)", "language": "python",
        "metadata": {"debugger": False}, "kernel_protocol_version": "5.5"}, indent=1) + "\n")
    return spec


def lean_servers(settings: dict) -> bool:
    """Whether participants' servers start lean (hub.json's "participant_servers": "lean", the default: see
    aitrain.tooling.hub_singleuser) or "full" (every installed Jupyter extension, as before issue 31)."""
    return settings.get("participant_servers", "lean") != "full"


def server_command(settings: dict) -> list[str]:
    """The command the hub starts each server with."""
    bin_dir = Path(sys.executable).parent
    if lean_servers(settings):
        return [sys.executable, "-P", "-m", "aitrain.tooling.hub_singleuser"]
    return [str(bin_dir / "jupyterhub-singleuser")]


def pre_spawn(settings: dict):
    """The hub's pre-spawn hook: each role's JupyterLab options, and the course's modules in a new home."""
    lean = lean_servers(settings)

    async def hook(spawner):
        name = spawner.user.name
        trainer = name in settings["trainers"]
        role = "trainer" if trainer else "participant"
        state = Path(settings["state"])
        # Terminals: a plain (not login) shell keeps the course's Python first on PATH (aitrain, nbgrader).
        spawner.args = [*lab.offline_options(state / "lab" / role, trainer, lean),
                        '--ServerApp.terminado_settings={"shell_command": ["/bin/bash"]}', *KERNEL_TRANSPORT]
        spawner.environment["JUPYTER_RUNTIME_DIR"] = runtime_folder  # read at spawn time, from the account
        if lean and not trainer:
            spawner.args += KERNEL_CULLING
            spawner.environment["JUPYTER_PATH"] = str(state / "jupyter" / "participant-data")
        spawner.environment["JUPYTER_CONFIG_PATH"] = str(state / "jupyter" / role)
        edition = Edition.read(settings, "the hub's settings (hub.json)")
        edition = edition if trainer else on_own_path(settings, name, edition)
        if edition.translated:  # the kernels' messages; JupyterLab's menus come from the role's settings
            spawner.environment["AITRAIN_LANG"] = edition.language
        if edition.folder and not trainer:  # the edition's notebooks, copied with the others
            spawner.default_url = f"/lab/tree/modules/{edition.folder}"
        if trainer:
            spawner.notebook_dir = settings["course_dir"]
        else:
            await asyncio.to_thread(copy_modules, name, lean)  # the hub keeps serving others meanwhile

    return hook


def on_own_path(settings: dict, name: str, edition: Edition) -> Edition:
    """The hub's edition on the participant's own path, when the course's roster gives one (its `path` column,
    kept in the course directory's settings by `aitrain course roster`)."""
    try:
        course = json.loads((Path(settings["course_dir"]) / "aitrain-course.json").read_text())
        own = course.get("participant_paths", {}).get(name)
    except (OSError, ValueError, AttributeError):
        own = None
    return Edition(edition.language, own) if own in PATHS else edition


def copy_modules(user: str, lean: bool = True) -> None:
    """The participant notebooks into ~/modules, those not there yet (lab.copy_course), copied as the participant
    and named after their account (the roster id): root never writes in a folder a participant controls. Python
    runs isolated (-I: no working folder, user site-packages or PYTHON* variables on its path), in /, with a
    minimal environment, so nothing the participant put in their home runs here with the hub's environment.
    `lean`: without jsonschema's IRI grammar (aitrain.tooling.hub_singleuser), 1.2 of its 1.5 s of CPU."""
    skip = "from aitrain.tooling import hub_singleuser; hub_singleuser.without_iri_grammar(); " if lean else ""
    _run([sys.executable, "-I", "-c", f"import sys; {skip}from pathlib import Path; from aitrain.tooling import lab; "
          "lab.copy_course(Path.home() / 'modules', sys.argv[1])", user], user=user)


def restart_on_hangup() -> None:
    """In the hub (its config calls this): SIGHUP restarts the hub in place, leaving participants' servers and
    kernels running. The hub stops its idle culler and proxy, then the same process starts JupyterHub again with
    its settings read anew; the new hub finds the servers still running (their process ids are in its database),
    starts a proxy with their routes, and everyone's work goes on: a browser reconnects by itself, and login
    cookies stay valid (the cookie secret is kept). SIGTERM and Ctrl+C still stop everything."""
    import atexit
    import signal

    from jupyterhub.app import JupyterHub

    def again() -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, [sys.executable, *sys.argv])

    def hangup() -> None:
        hub = JupyterHub.instance()
        hub.cleanup_servers = False
        atexit.register(again)
        asyncio.ensure_future(hub.shutdown_cancel_tasks(signal.SIGHUP))

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # the config read outside a running hub (its tests, `jupyterhub --generate-config`)
        return
    loop.add_signal_handler(signal.SIGHUP, hangup)
    inherited = children(os.getpid())  # after a restart: the servers started before it, still this process's

    def reap() -> None:
        """Wait for those that ended (this process has no handle on them): otherwise each stays a zombie, which
        the spawner, checking its process id, takes for a running server."""
        for pid in list(inherited):
            try:
                ended = os.waitpid(pid, os.WNOHANG)[0]
            except ChildProcessError:
                ended = pid
            if ended:
                inherited.discard(pid)
        if inherited:
            loop.call_later(2, reap)

    if inherited:
        loop.call_later(2, reap)


def children(pid: int) -> set[int]:
    """The process ids whose parent is `pid`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.add(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def restart(state: Path, timeout: float = 120) -> int:
    """Restart the running hub, keeping participants' servers and kernels (SIGHUP: restart_on_hangup); its
    process id, once it has started again."""
    import signal
    import time

    pid_file = state.resolve() / "private" / "jupyterhub.pid"
    try:
        pid = int(pid_file.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        raise AitrainError(f"No hub is running for {state} (no process in {pid_file}).",
                           "Start it with 'aitrain server start'.") from None
    if b"jupyterhub" not in cmdline:
        raise AitrainError(f"Process {pid} of {pid_file} is not JupyterHub.", "Start the hub with 'aitrain server "
                           "start'; remove the stale pid file if none runs.")
    stamp = pid_file.stat().st_mtime_ns
    os.kill(pid, signal.SIGHUP)
    deadline = time.monotonic() + timeout
    while not (pid_file.exists() and pid_file.stat().st_mtime_ns != stamp):  # the new hub writes it once started
        if time.monotonic() > deadline:
            raise AitrainError(f"The hub did not start again within {timeout:.0f} s.",
                               f"Read its log; start it with 'aitrain server start --state {state}'.")
        time.sleep(0.5)
    return pid


def proxy_command() -> str:
    local = hub_dir() / "node_modules" / ".bin" / "configurable-http-proxy"
    found = str(local) if local.exists() else shutil.which("configurable-http-proxy")
    if not found:
        raise AitrainError("JupyterHub's proxy (configurable-http-proxy) is not installed.",
                           f"Run 'npm ci' in {hub_dir()} (needs Debian's nodejs and npm).")
    return found


def systemd_running() -> bool:
    return Path("/run/systemd/system").is_dir()


def start(state: Path) -> NoReturn:
    """Become JupyterHub (exec): a signal that stops `aitrain server start` (Ctrl+C, kill, systemd) reaches the
    hub itself, which then stops its proxy, the idle culler and the participants' servers. The hub runs in
    STATE/private (where its proxy writes its pid file) with a private umask; its spawner gives participants'
    servers the usual one."""
    state = state.resolve()
    if not settings_file(state).exists() and not (state / "hub.json").exists():
        raise AitrainError(f"{state} has no hub set up.", "Run 'sudo aitrain server init' first.")
    private = private_dir(state)
    proxy_command()
    write_participant_kernel(state / "jupyter" / "participant-data")  # also on a hub set up before it existed
    env = dict(os.environ, AITRAIN_HUB=str(settings_file(state)))
    argv = [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(hub_dir() / "jupyterhub_config.py")]
    os.umask(0o077)
    os.chdir(private)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(argv[0], argv, env)
