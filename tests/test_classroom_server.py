"""The classroom server end to end: `aitrain server init` and `start` bring up JupyterHub on 127.0.0.1 with a
PostgreSQL gradebook; a trainer and three participants (real Linux accounts, removed afterwards) log in through
the hub's login form as a browser does and drive the whole loop over HTTP: the trainer releases module 02 in
a terminal, participants fetch and submit through the Assignments panel's API, the trainer collects from the
exchange, autogrades (sandboxed) and writes feedback, the participant fetches it. Scores are read back from
PostgreSQL, and a participant's attempts to read the other's work are refused. Issue 30: the trainer opens the
formgrader for a reflection carrying a script, in chromium logged in through the hub, and nothing runs (F2);
a folder one participant makes in the inbound in the other's name is refused, and their own backdated one
counts at the time it was written (F3, F11).

Then a participant attacks the hub from their own account (docs/classroom-server.md, Security; the findings of
the December 2026 review): reading the hub's files, the roster and the clone's history, planting folders and
links in the exchange, planting code the hub's copy step would import, flooding the login, serving a page that
another participant opens. The hub runs as `init` sets it up by default (HTTPS with the course's CA) and with
`--domain` (every server on its own name, which chromium and the test's client resolve to 127.0.0.1).

Needs root (accounts), PostgreSQL, bubblewrap and chromium (.ci/run installs them) and configurable-http-proxy
(`make test` installs it: npm ci in deploy/jupyterhub; without it these tests fail).
"""

import base64
import contextlib
import grp
import hashlib
import json
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import string
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import nbformat
import psutil
import pytest
import requests
from classroom_hub import (
    User,
    execute,
    hub_running,
    log_in,
    postgres_ctl,
    postgres_running,
    process_tree,
    restart_hub,
    server_address,
    web_session,
)
from classroom_load import creep, soak
from test_browser import CHROMIUM, CHROMIUM_ARGS
from test_grading_postgres import _pg_bin

from aitrain import paths
from aitrain.base import catalogue
from aitrain.errors import AitrainError
from aitrain.tooling import hub_spawner, server
from aitrain.tooling.headless_lab import solved
from aitrain.tooling.server import RUNTIME_FOLDER

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("classroom"),  # one hub (module fixtures) for every test, on one worker
    pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="creates Linux accounts: needs root"),
    pytest.mark.skipif(_pg_bin() is None, reason="PostgreSQL is not installed (apt-get install postgresql)"),
    pytest.mark.skipif(not shutil.which("bwrap"), reason="bubblewrap is not installed (apt-get install bubblewrap)"),
    pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="chromium is not installed (apt-get install chromium)"),
]
MODULE = catalogue.find_modules(["02"])[0]
DOMAIN = "hub.aitrain.test"  # `init --domain`: every server on its own name, resolved to 127.0.0.1 here
MARK = "__pwned"
SCRIPT = f'<img src=x onerror="top.{MARK}=1"><script>top.{MARK}=2</script>'  # in Ana's written reflection


def require_proxy() -> None:
    """`make test` installs JupyterHub's proxy (npm ci in deploy/jupyterhub): missing or broken, the classroom
    tests fail, never skip."""
    try:
        command = server.proxy_command()
    except AitrainError as e:
        pytest.fail(f"{e} Run 'make test', which installs it.")
    done = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{command} does not run: {(done.stderr or done.stdout)[-2000:]}"


@pytest.fixture(scope="module")
def hub():
    require_proxy()
    with postgres_running() as db, hub_running(db, participants=("ana", "bo", "cy"), domain=DOMAIN) as running:
        yield running


@pytest.fixture(scope="module")
def browser(hub):
    """Chromium on a laptop in the room: the room's DNS gives the hub's and each server's names, and the course's
    CA is trusted (here: certificate errors ignored). A browser context: `new_page()` opens a tab in it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            *CHROMIUM_ARGS, f"--host-resolver-rules=MAP {DOMAIN} 127.0.0.1, MAP *.{DOMAIN} 127.0.0.1"])
        try:
            yield chromium.new_context(ignore_https_errors=True)
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def cy(hub):
    """The participant who attacks (Ana and Bo go through the classroom's loop)."""
    user = User(hub, hub["cy"])
    user.start()
    user.wait_ready()
    return user


def test_classroom_loop_through_the_hub(hub, browser):
    trainer, ana, bo = (User(hub, hub[k]) for k in ("trainer", "ana", "bo"))
    for user in (trainer, ana, bo):
        user.start()
    for user in (trainer, ana, bo):
        user.wait_ready()
    slug, exchange = MODULE.slug, hub["exchange"] / "aitrain"

    # Participants get the course's modules and no formgrader; the trainer gets the formgrader.
    assert ana.api("GET", f"api/contents/modules/{slug}/{MODULE.notebook_name}?content=0").status_code == 200
    assert ana.api("GET", "formgrader").status_code == 404
    assert trainer.api("GET", "formgrader").status_code == 200
    page = ana.api("GET", "lab").text  # JupyterLab's page config: offline, and no trainer's panels for Ana
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert config["news"] == {"disabled": True} and "@jupyter/nbgrader:formgrader" in config["disabledExtensions"]
    assert "(idle-culler@127.0.0.1)" in hub["log"].read_text()  # the culler runs and reaches the hub

    trainer.run(f"cd {hub['state'] / 'course'} && nbgrader release_assignment {slug}")
    first_use = "Loading nbgrader.server_extensions.assignment_list on its first use"
    assert first_use not in hub["log"].read_text()  # participants' servers start without nbgrader (issue 31)
    for user in (ana, bo):
        r = user.api("POST", "assignments/fetch", data={"course_id": "aitrain", "assignment_id": slug})
        assert r.status_code == 200 and r.json()["success"], r.text
    assert hub["log"].read_text().count(first_use) == 2
    path = f"api/contents/{slug}/{MODULE.notebook_name}"
    released = nbformat.from_dict(ana.api("GET", path).json()["content"])
    answered = solved(released, nbformat.read(MODULE.solution, as_version=4))
    reflection = next(c for c in answered.cells
                      if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("solution"))
    reflection.source = f"Use it, with an appeal. {SCRIPT}"
    r = ana.api("PUT", path, json={"type": "notebook", "format": "json", "content": answered})
    assert r.status_code == 200, r.text
    r = ana.api("POST", "assignments/submit", data={"course_id": "aitrain", "assignment_id": slug})
    assert r.status_code == 200 and r.json()["success"], r.text

    # Bo cannot list the inbound, nor read Ana's submission or home even knowing the exact names.
    [submission] = [p for p in (exchange / "inbound").iterdir()]
    assert submission.name.startswith(f"{hub['ana']}+{slug}+")
    out = bo.shell(f"ls {exchange}/inbound; cat '{submission}/{MODULE.notebook_name}' | head -c 100; "
                   f"cat '{submission}/submission_secret.txt'; ls ~{hub['ana']}; ls {exchange}/feedback")
    assert out.count("Permission denied") == 5, out[-2000:]

    course = f"--course {hub['state'] / 'course'}"
    out = trainer.run(f"export COLUMNS=250; aitrain collect 02 {course} --from {exchange}/inbound && "
                      f"aitrain autograde 02 {course} && aitrain feedback 02 {course}")
    assert "graded" in out and "1 released to the exchange" in " ".join(out.split()), out[-3000:]
    ledger = json.loads((hub["state"] / "course" / "intake" / slug / "ledger.json").read_text())
    [receipt] = ledger["receipts"]  # the notebook; timestamp.txt and the secret are the exchange's bookkeeping
    assert receipt["student"] == hub["ana"] and not receipt["note"]  # the time written is the name's, within 60 s
    assert abs(seconds(receipt["declared_time"]) - seconds(submission.name.split("+")[2])) < 60, receipt

    r = ana.api("POST", "assignments/fetch_feedback", data={"course_id": "aitrain", "assignment_id": slug})
    assert r.status_code == 200 and r.json()["success"], r.text
    listing = ana.api("GET", f"api/contents/{slug}/feedback").json()["content"]
    [stamp] = [item["name"] for item in listing]
    page = ana.api("GET", f"api/contents/{slug}/feedback/{stamp}/{MODULE.solution.stem}.html").json()["content"]
    assert "points" in page and "BEGIN HIDDEN TESTS" not in page
    r = bo.api("POST", "assignments/fetch_feedback", data={"course_id": "aitrain", "assignment_id": slug})
    assert bo.api("GET", f"api/contents/{slug}/feedback").status_code == 404  # nothing for Bo

    rows = gradebook_scores(hub)
    assert set(rows) == {hub["ana"]}
    auto, most = rows[hub["ana"]]
    assert auto == most > 0, rows

    formgrader_runs_nothing_a_participant_wrote(hub, trainer, browser)
    no_one_hands_in_as_another_nor_backdates(hub, trainer, ana, exchange, course)


def gradebook_scores(hub) -> dict[str, tuple[float, float]]:
    """Each participant's automatic points and the maximum, read from PostgreSQL as the trainer."""
    sql = ("SELECT sa.student_id, SUM(g.auto_score), SUM(gc.max_score) FROM grade g "
           "JOIN grade_cells gc ON g.cell_id = gc.id JOIN submitted_notebook sn ON g.notebook_id = sn.id "
           "JOIN submitted_assignment sa ON sn.assignment_id = sa.id WHERE gc.cell_type = 'code' "
           "GROUP BY sa.student_id")
    proc = subprocess.run(["runuser", "-u", hub["trainer"], "--", "psql", "-h", hub["db"][0], "-p", str(hub["db"][1]),
                           "-d", "aitrain_aitrain", "-tA", "-F", ",", "-c", sql], capture_output=True, text=True,
                          timeout=60, cwd="/")
    assert proc.returncode == 0, proc.stderr
    return {line.split(",")[0]: tuple(map(float, line.split(",")[1:])) for line in proc.stdout.split()}


def seconds(stamp: str) -> float:
    """A time as nbgrader writes it ('2026-03-01 09:15:02.123456 UTC') or as ISO 8601, in seconds."""
    return datetime.fromisoformat(stamp.replace(" UTC", "+00:00")).timestamp()


def formgrader_runs_nothing_a_participant_wrote(hub, trainer, chromium):
    """F2: Ana's reflection holds a script; the trainer, logged in through the hub's form, opens it to mark it."""
    [submission] = trainer.api("GET", f"formgrader/api/submitted_notebooks/{MODULE.slug}/{MODULE.solution.stem}").json()
    page = chromium.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{hub['base']}/hub/login")
    page.fill("input[name=username]", hub["trainer"])
    page.fill("input[name=password]", hub["passwords"][hub["trainer"]])
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(re.compile(r".*/(hub/(home|spawn-pending).*|user/.*)"))
    page.goto(f"{hub['base']}/user/{hub['trainer']}/formgrader/submissions/{submission['id']}/")
    answer = page.locator(".nbgrader_cell .text_cell_render", has_text="Use it, with an appeal.")
    answer.wait_for()
    page.wait_for_timeout(1500)  # an image's error handler comes in its own time
    assert page.evaluate(f"() => window.{MARK} || null") is None, "a script Ana wrote ran as the trainer"
    assert "onerror=" in answer.inner_text(), "the trainer reads what Ana wrote, as text"
    page.close()
    user = User(hub, hub["admin"]).http.get(f"{hub['base']}/hub/api/users/{hub['ana']}", timeout=30).json()
    assert user["admin"] is False  # read by the hub's administrator (the trainer is none)


def no_one_hands_in_as_another_nor_backdates(hub, trainer, ana, exchange, course):
    """F3 and F11: from her terminal, Ana makes a folder in the inbound in Bo's name (a blank notebook, dated 2099)
    and one of her own dated 2020 (`touch -d` on it too); the trainer collects again."""
    slug, nb = MODULE.slug, MODULE.notebook_name
    forged = f"{hub['bo']}+{slug}+2099-01-01 00:00:00.000000 UTC+forged"
    backdated = f"{hub['ana']}+{slug}+2020-01-01 09:00:00.000000 UTC+backdated"
    ana.run(f"cd {exchange}/inbound && mkdir '{forged}' '{backdated}' && cp ~/modules/{slug}/{nb} '{forged}/' && "
            f"echo mine > '{forged}/submission_secret.txt' && cp ~/{slug}/{nb} '{backdated}/' && "
            f"touch -d 2020-01-01T09:00Z '{backdated}/{nb}' '{backdated}'")
    wide = "COLUMNS=1000 aitrain"  # on each command: bash sets COLUMNS to the terminal's width after each one
    out = " ".join(trainer.run(f"{wide} collect 02 {course} --from {exchange}/inbound && {wide} status 02 {course}")
                   .split())
    assert f"named for {hub['bo']} but made by the account {hub['ana']}" in out, out[-3000:]
    assert f"exchange folder {forged}/ refused" in out, "aitrain status shows it on Bo's row"
    ledger = json.loads((hub["state"] / "course" / "intake" / slug / "ledger.json").read_text())
    assert {r["student"] for r in ledger["receipts"]} == {hub["ana"]}, "nothing is Bo's"
    first, late = ledger["receipts"]
    assert late["original_name"].startswith(backdated) and "2020-01-01 09:00:00.000000 UTC, is not used" in late["note"]
    assert seconds(late["declared_time"]) > seconds(first["declared_time"]), late
    stamp = hub["state"] / "course" / "submitted" / hub["ana"] / slug / "timestamp.txt"
    assert not stamp.read_text().startswith("2020"), "the gradebook's time is when it was written"


def test_participants_read_nothing_private(hub, cy):
    """F4, F6, F14, F16: of the hub's folder a participant reads only the role configs their server needs; not the
    hub's database, cookie secret, settings or passwords, not the roster, not the clone's git history (which holds
    every solution)."""
    state, clone = hub["state"], paths.home()
    solution = MODULE.solution.relative_to(clone)
    git = server.git_folders(clone)
    assert git, "the test needs a git clone"
    inside = [f for folder in git if folder.is_dir() for f in (folder / "HEAD", folder / "config") if f.exists()]
    files = [p for p in state.rglob("*") if p.is_file()] + [hub["roster"], *git, *inside, MODULE.solution]
    assert {"jupyterhub.sqlite", "jupyterhub_cookie_secret", "hub.json", "credentials.csv"} <= {p.name for p in files}
    listing = hub["top"] / "paths.txt"
    listing.write_text("".join(f"{p}\n" for p in files))
    listing.chmod(0o644)
    out = cy.run(f"while read -r p; do [ -r \"$p\" ] && echo \"READABLE:$p\"; done < {listing}; "
                 f"git -c safe.directory='*' -C {clone} show HEAD:{solution} | head -c 300; true")
    readable = set(re.findall(r"READABLE:(/\S+)", out))
    needed = {str(p) for p in files if p.is_relative_to(state / "jupyter") or p.is_relative_to(state / "lab")}
    assert readable == needed, sorted(readable - needed)
    shown = out.split("head -c 300", 1)[1]  # after the echoed command: what git printed
    # a worktree's .git file is refused; a clone's locked .git folder makes git find no repository at all
    refused = "Permission denied" in shown or "not a git repository" in shown
    assert '"cells"' not in shown and refused, shown[-2000:]


def test_exchange_root_closed_and_its_links_refused(hub, cy):
    """F5: a participant can create nothing in the exchange's root; an entry someone else made there (when the
    root was open to all) is refused by `init`, never followed."""
    exchange = hub["exchange"]
    out = cy.shell(f"mkdir {exchange}/planted; ln -s /etc {exchange}/planted-link; mkdir {exchange}/aitrain/x")
    assert out.count("Permission denied") == 3, out[-2000:]
    assert sorted(p.name for p in exchange.iterdir()) == ["aitrain"]
    victim = hub["top"] / "victim"
    victim.mkdir(mode=0o700)
    (exchange / "linked").symlink_to(victim)
    (exchange / "theirs").mkdir()
    os.chown(exchange / "theirs", pwd.getpwnam(hub["cy"]).pw_uid, -1)
    try:
        for course_id, why in (("linked", "symbolic link"), ("theirs", f"belongs to {hub['cy']}")):
            with pytest.raises(AitrainError, match=why):
                server._exchange(exchange, course_id, hub["trainer"])
        assert victim.stat().st_uid == 0 and victim.stat().st_mode & 0o7777 == 0o700 and not any(victim.iterdir())
        assert (exchange / "theirs").stat().st_uid == pwd.getpwnam(hub["cy"]).pw_uid
    finally:
        (exchange / "linked").unlink()
        (exchange / "theirs").rmdir()


def test_copy_step_imports_nothing_of_the_participants(hub, cy):
    """F9: the hub copies the course's modules into a participant's home as that participant before each start;
    code the participant left in their home (~/aitrain.py, a usercustomize) must not run there."""
    record = ("import os\nwith open(os.path.expanduser('~/imported.txt'), 'a') as f:\n"
              "    f.write(open('/proc/self/cmdline').read().replace(chr(0), ' ') + chr(10))\n")
    shim = ("import importlib, sys\nsys.path[:] = [p for p in sys.path if p not in ('', os.getcwd(), "
            "os.path.expanduser('~'))]\ndel sys.modules['aitrain']\nsys.modules['aitrain'] = "
            "importlib.import_module('aitrain')\n")  # so that the server still starts where the file is imported
    site = f".local/lib/python{sys.version_info.major}.{sys.version_info.minor}/site-packages"
    cy.run(f"mkdir -p ~/{site}")
    for path, text in (("aitrain.py", record + shim), (f"{site}/usercustomize.py", record)):
        cy.run(f"echo {base64.b64encode(text.encode()).decode()} | base64 -d > ~/{path}")
    home = pwd.getpwnam(hub["cy"]).pw_dir
    try:
        cy.stop()
        cy.start()
        cy.wait_ready()
        lines = open(f"{home}/imported.txt").read().splitlines() if os.path.exists(f"{home}/imported.txt") else []
        assert not [line for line in lines if "copy_course" in line], lines
    finally:
        for path in ("aitrain.py", f"{site}/usercustomize.py", "imported.txt"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{home}/{path}")


def test_a_flood_of_wrong_logins_delays_nobody_else(hub):
    """F8: 40 browsers at another address (127.0.0.2) send wrong passwords as fast as they can, to Cy's account
    and to names that do not exist (bounded: 20 s, 600 attempts, loopback only). Bo, at 127.0.0.1, still logs in
    within seconds; Cy too, from an address that did not fail; the flooding address is refused even with Cy's
    right password."""
    stop, attempts, statuses = threading.Event(), iter(range(600)), []

    def flood(i):
        session = web_session(hub, "127.0.0.2")
        name = hub["cy"] if i % 2 else f"nobody{i}"
        deadline = time.monotonic() + 20
        while not stop.is_set() and time.monotonic() < deadline and next(attempts, None) is not None:
            statuses.append(log_in(hub, name, "wrong-wrong-wrong", session).status_code)

    with ThreadPoolExecutor(40) as pool:
        floods = [pool.submit(flood, i) for i in range(40)]
        try:
            time.sleep(3)  # the flood is under way
            started = time.monotonic()
            r = log_in(hub, hub["bo"], hub["passwords"][hub["bo"]])
            bo_waited = time.monotonic() - started
            assert r.status_code == 302, r.status_code
        finally:
            stop.set()
            for f in floods:
                f.result()
    assert bo_waited < 5, f"Bo waited {bo_waited:.1f} s for the login page's answer"
    assert statuses.count(429) > len(statuses) / 2 and 302 not in statuses, sorted(set(statuses))
    assert log_in(hub, hub["cy"], hub["passwords"][hub["cy"]]).status_code == 302  # from 127.0.0.1
    assert log_in(hub, hub["cy"], hub["passwords"][hub["cy"]], web_session(hub, "127.0.0.2")).status_code == 429


def test_https_in_the_room(hub):
    """F7, F15: the hub speaks HTTPS only, with the certificate whose fingerprint is on the login cards and the
    login page; the login cookie is Secure and lasts a day at most (laptops are shared). The trainer's card (a hub
    administrator's) is not on the participants' sheet."""
    port = int(hub["base"].rsplit(":", 1)[1])
    der = ssl.PEM_cert_to_DER_cert(ssl.get_server_certificate(("127.0.0.1", port)))
    fingerprint = ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())
    cards = (hub["state"] / "private" / "credentials.html").read_text()
    assert cards.count(fingerprint) == 3 and "https://" in cards and "http://" not in cards
    assert hub["trainer"] not in cards
    assert hub["trainer"] in (hub["state"] / "private" / "trainer-card.html").read_text()
    session = web_session(hub)
    assert fingerprint in session.get(f"{hub['base']}/hub/login", timeout=30).text
    assert log_in(hub, hub["bo"], hub["passwords"][hub["bo"]], session).status_code == 302
    [cookie] = [c for c in session.cookies if c.name.endswith("jupyterhub-hub-login")]
    assert cookie.secure and cookie.expires is not None and cookie.expires - time.time() < 86400 + 600
    try:
        plain = requests.get(hub["base"].replace("https:", "http:") + "/hub/login", timeout=30)
    except requests.ConnectionError:
        plain = None
    assert plain is None or "password" not in plain.text, "the login page over plain HTTP"


def test_limits_without_systemd(hub, cy):
    """F10: without systemd, a participant's server, terminals and kernels run under rlimits: address space twice
    the memory limit (1.5 GB), 1024 processes and threads, files up to 1 GiB, no core dumps; and at a lower CPU
    priority than the hub (nice 5), which they cannot raise again, so that a room's servers starting at once do
    not starve the hub and its proxy (issue 31, the storm of 60)."""
    if server.systemd_running():
        pytest.skip("SystemdSpawner's limits apply")
    out = cy.run("echo limits=$(ulimit -v),$(ulimit -u),$(ulimit -f),$(ulimit -c) nice=$(nice); "
                 "renice -n 0 -p $$ 2>&1 | tail -1; "
                 "python -c 'bytearray(4 * 2**30)' 2>&1 | tail -1")
    assert "limits=3145728,1024,1048576,0" in out, out[-2000:]
    assert f"nice={hub_spawner.NICE}" in out and "Permission denied" in out, out[-2000:]
    assert os.getpriority(os.PRIO_PROCESS, hub["pid"]) == 0
    assert "MemoryError" in out, out[-2000:]


def test_participants_see_only_their_own_processes(hub, cy):
    """F12: `init` mounts /proc with hidepid, the trainers' group exempt (here in the test's own mount namespace,
    where the hub runs; the machine's /proc is untouched). A participant's terminal sees only their own processes:
    not the hub's, the proxy's nor another participant's server; the trainer sees them all. The hub, its idle
    culler and everyone's servers work with it: every test of this file runs under it."""
    options = server.proc_options(Path(f"/proc/{hub['pid']}/mountinfo"))
    assert server.hidden(options, grp.getgrnam(server.TRAINERS).gr_gid), options
    assert "hidepid" not in server.proc_options(), "the machine's own /proc"
    others = [User(hub, hub[key]) for key in ("bo", "trainer")]
    for user in others:
        user.start()
        user.wait_ready()
    owners = 'echo "OWNERS:$(for p in /proc/[0-9]*; do stat -c %U $p; done 2>/dev/null | sort -u | tr "\\n" " ")"'
    seen = {user.name: set(re.findall(r"OWNERS:([^\r\n]*)", user.run(owners))[-1].split()) for user in (cy, *others)}
    assert seen[hub["cy"]] == {hub["cy"]}, seen
    assert {"root", hub["bo"], hub["cy"], hub["trainer"]} <= seen[hub["trainer"]], seen


def test_accounts_have_no_shell_and_expire(hub):
    """F15: course accounts have no login shell (SSH gets nothing; the hub's terminals start bash themselves),
    and `aitrain server users --expire` stops an account's logins ('never' lifts it). From 127.0.0.3, so that
    the login flood's throttling (another test) plays no part."""
    assert {pwd.getpwnam(hub[k]).pw_shell for k in ("trainer", "ana", "bo", "cy")} == {server.NOLOGIN}
    roster = hub["top"] / "bo.csv"
    roster.write_text(f"id,first_name\n{hub['bo']},Bo\n")
    aitrain = [*hub["namespace"], str(Path(sys.executable).parent / "aitrain"), "server", "users", str(roster),
               "--state", str(hub["state"])]

    def logs_in(key):
        return log_in(hub, hub[key], hub["passwords"][hub[key]], web_session(hub, "127.0.0.3")).status_code

    try:
        proc = subprocess.run([*aitrain, "--expire", "2000-01-02"], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert logs_in("bo") == 403
        assert logs_in("ana") == 302  # the others' are not touched
    finally:
        proc = subprocess.run([*aitrain, "--expire", "never"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert logs_in("bo") == 302


def test_the_trainer_is_not_the_hubs_administrator(hub):
    """F1's fallback (one origin for every server): a page a participant serves from their own server runs with
    the rights of whoever opens it, so the account the trainer grades with is no hub administrator; the
    administration has its own account (`init --admin`), its card beside the trainer's."""
    trainer, admin = User(hub, hub["trainer"]), User(hub, hub["admin"])
    assert trainer.http.get(f"{hub['base']}/hub/api/users", timeout=30).status_code == 403
    assert trainer.http.patch(f"{hub['base']}/hub/api/users/{hub['cy']}", json={"admin": True},
                              timeout=30).status_code == 403
    assert admin.http.get(f"{hub['base']}/hub/api/users", timeout=30).status_code == 200
    assert hub["admin"] in (hub["state"] / "private" / "trainer-card.html").read_text()


ATTACK = string.Template("""<!doctype html><title>loading</title><script>
// A participant's page on their own server, opened by someone logged in to the hub: the review's attack (F1).
const hub = $hub, victim = $victim, victimServer = $victim_server, own = $own;
async function attempt(url, options) {
  try {
    const r = await fetch(url, Object.assign({credentials: "include"}, options || {}));
    return {status: r.status, text: await r.text()};
  } catch (e) { return {status: "refused"}; }
}
(async () => {
  const out = {own: (await attempt(own)).status};  // the page runs, and reaches its own server
  const home = await attempt(hub + "/hub/home");
  out.hub_page = home.status;
  const xsrf = ((home.text || "").match(/xsrf_token: "([^"]+)"/) || [])[1] || "";
  out.token = (await attempt(hub + "/hub/api/users/" + victim + "/tokens", {method: "POST", body: "{}",
               headers: {"X-XSRFToken": xsrf, "Content-Type": "text/plain"}})).status;
  out.files = (await attempt(victimServer + "/user/" + victim + "/api/contents")).status;
  document.title = "done:" + JSON.stringify(out);
})();
</script>""")


def test_a_participants_page_cannot_act_for_whoever_opens_it(hub, cy, browser):
    """F1: Cy serves a page from her own server (JupyterLab serves ~/.local/share/jupyter/labextensions without
    login) and Bo, logged in, opens it in a real browser. With one origin per server (`init --domain`) the page
    runs but can neither read the hub's pages as Bo, nor take a token for Bo, nor read Bo's files."""
    bo = hub["bo"]
    page_html = ATTACK.substitute(hub=json.dumps(hub["base"]), victim=json.dumps(bo), own=json.dumps(
        f"/user/{hub['cy']}/api"), victim_server=json.dumps(server_address(hub, bo)))
    folder = "~/.local/share/jupyter/labextensions/evil/static"
    encoded = base64.b64encode(page_html.encode()).decode()
    cy.run(f"mkdir -p {folder} && echo {encoded} | base64 -d > {folder}/page.html")
    admin, _ = User(hub, hub["admin"]), User(hub, bo)  # Bo has logged in to the hub before

    def tokens():
        r = admin.http.get(f"{hub['base']}/hub/api/users/{bo}/tokens", timeout=30)
        assert r.status_code == 200, r.text
        return {t["id"] for t in r.json()["api_tokens"]}

    before = tokens()
    link = f"{server_address(hub, hub['cy'])}/user/{hub['cy']}/lab/extensions/evil/static/page.html"
    context = browser.browser.new_context(ignore_https_errors=True)  # Bo's own browser: not the trainer's session
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{hub['base']}/hub/login?next=%2Fhub%2Fhome")
        page.fill("#username_input", bo)
        page.fill("#password_input", hub["passwords"][bo])
        page.click("#login_submit")
        page.wait_for_url("**/hub/home")
        page.goto(link)
        page.wait_for_function("document.title.startsWith('done:')")
        result = json.loads(page.title()[len("done:"):])
    finally:
        context.close()
    assert result["own"] == 200, result  # the page ran
    assert result["hub_page"] == result["token"] == result["files"] == "refused", result
    assert tokens() == before


# Issue 31: the faults of a workshop day, each through this hub. They come last: they restart the hub and the
# gradebook's PostgreSQL, kill a kernel and a server, fill the exchange's disk and cut an upload off, and leave
# the hub working for whatever runs after them.


def server_process(account: str) -> psutil.Process:
    """The account's JupyterLab server (the single-user server the hub started)."""
    uid = pwd.getpwnam(account).pw_uid
    found = [p for p in psutil.process_iter(["uids", "cmdline"])
             if p.info["uids"] and p.info["uids"].real == uid and any(
                 "singleuser" in part for part in p.info["cmdline"] or [])]
    assert len(found) == 1, [p.info["cmdline"] for p in found]
    return found[0]


def hub_children(hub) -> list[str]:
    return [cmd for _, cmd in process_tree(hub["pid"]).values()]


def answers(user: User) -> bool:
    try:
        return user.api("GET", "api/status").status_code == 200
    except requests.ConnectionError:
        return False


def save(user: User, path: str, nb) -> None:
    r = user.api("PUT", f"api/contents/{path}", json={"type": "notebook", "format": "json", "content": nb})
    assert r.status_code in (200, 201), r.text


def test_the_hub_restarts_and_everyones_work_goes_on(hub, cy):
    """`aitrain server restart` mid-morning: Bo's server and kernel are the same processes afterwards, the kernel
    keeps its variables and answers on a new websocket (JupyterLab reconnects), the cell Bo typed but had not saved
    is saved after the restart, his login cookie still works and he can log in again; the hub is the same process
    with one new proxy and one idle culler."""
    bo, session = User(hub, hub["bo"]), web_session(hub)
    assert log_in(hub, hub["bo"], hub["passwords"][hub["bo"]], session).status_code == 302
    bo.start()
    bo.wait_ready()
    save(bo, "restart.ipynb", nbformat.v4.new_notebook())
    kernel = bo.open_kernel("restart.ipynb")
    assert bo.execute(kernel, "answer = 41 + 1")["status"] == "ok"
    server_pid = server_process(hub["bo"]).pid
    typed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("answer * 2  # typed before the restart")])

    restart_hub(hub)

    deadline = time.monotonic() + 60  # JupyterLab retries until the new proxy routes to the server again
    while not answers(bo):
        assert time.monotonic() < deadline, hub["log"].read_text()[-3000:]
        time.sleep(1)
    children = hub_children(hub)
    assert sum("configurable-http-proxy" in c for c in children) == 1, children
    assert sum("jupyterhub_idle_culler" in c for c in children) == 1, children
    assert server_process(hub["bo"]).pid == server_pid, "Bo's server was started again"
    assert bo.execute(kernel, "print(answer)")["out"].strip() == "42", "the kernel lost its variables"
    save(bo, "restart.ipynb", typed)
    on_disk = nbformat.read(Path(pwd.getpwnam(hub["bo"]).pw_dir) / "restart.ipynb", as_version=4)
    assert on_disk.cells[0].source == typed.cells[0].source
    assert session.get(f"{hub['base']}/hub/home", timeout=30, allow_redirects=False).status_code == 200
    assert log_in(hub, hub["bo"], hub["passwords"][hub["bo"]]).status_code == 302
    model = bo.http.get(f"{hub['base']}/hub/api/users/{hub['bo']}", timeout=30).json()
    assert model["servers"][""]["ready"], model
    assert cy.api("GET", "api/status").status_code == 200, "Cy's server, through the new proxy"


def test_a_killed_kernel_or_server_is_shown_and_nothing_is_lost(hub, cy):
    """Cy's kernel is killed (as the out-of-memory killer does): JupyterLab is told on the kernel's websocket
    ("restarting": its dialog says the kernel died and restarts by itself), a fresh kernel answers, the notebook
    on disk is unchanged. Then her server is killed: her open JupyterLab gets the hub's page saying the server is
    down with the way back to the hub, the hub offers to start it again, and it starts with her notebook intact.
    Bo's server and kernel are untouched throughout. Kernels talk over Unix sockets, which the restart reuses."""
    bo = User(hub, hub["bo"])
    bo.start()
    bo.wait_ready()
    bo_kernel = bo.open_kernel("bo.ipynb")
    assert bo.execute(bo_kernel, "mine = 7")["status"] == "ok"
    bo_server = server_process(hub["bo"]).pid
    work = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import os\nprint(os.getpid())")])
    save(cy, "work.ipynb", work)
    path = Path(pwd.getpwnam(hub["cy"]).pw_dir) / "work.ipynb"
    before = path.read_bytes()

    kernel = cy.open_kernel("work.ipynb")
    connection = Path(pwd.getpwnam(hub["cy"]).pw_dir) / RUNTIME_FOLDER / f"kernel-{kernel}.json"
    assert json.loads(connection.read_text())["transport"] == "ipc", "TCP ports collide when a room starts kernels"
    ws = cy.channels(kernel, timeout=120)
    try:
        pid = int(execute(ws, work.cells[0].source, hub["cy"])["out"])
        os.kill(pid, signal.SIGKILL)
        states = []
        while "restarting" not in states:
            msg = json.loads(ws.recv())
            if msg.get("msg_type") == "status":
                states.append(msg["content"]["execution_state"])
    finally:
        ws.close()
    reply = cy.execute(kernel, "print('pid' in dir(), 'os' in dir())")  # JupyterLab's new connection, same kernel id
    assert reply["status"] == "ok" and reply["out"].split() == ["False", "False"], reply
    assert path.read_bytes() == before

    server = server_process(hub["cy"])
    server.kill()
    server.wait(30)
    browser = web_session(hub)
    assert log_in(hub, hub["cy"], hub["passwords"][hub["cy"]], browser).status_code == 302
    page = browser.get(f"{server_address(hub, hub['cy'])}/user/{hub['cy']}/lab", timeout=60)
    shown = (page.status_code == 503 and "appears to be down" in page.text and "from the hub" in page.text
             or page.status_code == 424 and "is not running" in page.text and "Launch" in page.text)
    assert shown, (page.status_code, page.text[-2000:])  # the proxy's error page, or the hub's once it has polled
    cy.start()  # the hub finds the server gone and starts it again (the hub page's Start button does the same)
    cy.wait_ready()
    assert path.read_bytes() == before
    served = nbformat.from_dict(cy.api("GET", "api/contents/work.ipynb").json()["content"])
    assert served.cells[0].source == work.cells[0].source
    assert server_process(hub["bo"]).pid == bo_server
    assert bo.execute(bo_kernel, "print(mine)")["out"].strip() == "7"


def hand_in(hub, user: User, answered=None) -> dict:
    """Fetch module 02 if the user has not yet (the trainer releases it if nobody has), write the answered notebook
    and submit it through the Assignments panel's API; the submit's answer."""
    slug, exchange = MODULE.slug, hub["exchange"] / "aitrain"
    if not (exchange / "outbound" / slug).exists():
        trainer = User(hub, hub["trainer"])
        trainer.start()
        trainer.wait_ready()
        trainer.run(f"cd {hub['state'] / 'course'} && nbgrader release_assignment {slug}")
    path = f"api/contents/{slug}/{MODULE.notebook_name}"
    if user.api("GET", path + "?content=0").status_code == 404:
        r = user.api("POST", "assignments/fetch", data={"course_id": "aitrain", "assignment_id": slug})
        assert r.status_code == 200 and r.json()["success"], r.text
    if answered is None:
        released = nbformat.from_dict(user.api("GET", path).json()["content"])
        answered = solved(released, nbformat.read(MODULE.solution, as_version=4))
    save(user, f"{slug}/{MODULE.notebook_name}", answered)
    r = user.api("POST", "assignments/submit", data={"course_id": "aitrain", "assignment_id": slug})
    assert r.status_code == 200, r.text
    return r.json()


def ledger_students(hub) -> list[str]:
    ledger = hub["state"] / "course" / "intake" / MODULE.slug / "ledger.json"
    return [r["student"] for r in json.loads(ledger.read_text())["receipts"]] if ledger.exists() else []


def test_a_full_exchange_disk_and_a_cut_off_upload_lose_nothing(hub, cy):
    """The exchange's disk nearly full (a 64 kB file system on the inbound, 40 kB of it taken): Bo's submit fails
    with a message he understands, and nothing of it is left to collect. A save of Cy's notebook cut off mid-upload
    leaves the notebook on disk as it was, and a submission cut off mid-copy (what a submit stopped halfway leaves
    in the inbound) is never collected as a notebook; her own whole submission is."""
    bo, trainer = User(hub, hub["bo"]), User(hub, hub["trainer"])
    for user in (bo, trainer):
        user.start()
        user.wait_ready()
    inbound = hub["exchange"] / "aitrain" / "inbound"
    owner = inbound.stat()
    hand_in(hub, bo)  # fetched, answered and handed in once with room to spare
    before = ledger_students(hub)
    ns = hub["namespace"]
    subprocess.run([*ns, "mount", "-t", "tmpfs", "-o", f"size=64k,mode=3733,uid={owner.st_uid},gid={owner.st_gid}",
                    "tmpfs", str(inbound)], check=True)
    try:
        subprocess.run([*ns, "sh", "-c", f"head -c 40960 /dev/zero > {inbound}/.taken"], check=True)
        answer = hand_in(hub, bo)
        assert not answer["success"] and "the server's disk for submissions is full" in answer["value"], answer
        assert "Your notebook is safe in your folder" in answer["value"].splitlines()[-1], answer["value"][-500:]
        listing = subprocess.run([*ns, "ls", "-A", str(inbound)], capture_output=True, text=True, check=True).stdout
        assert listing.split() == [".taken"], listing
    finally:
        subprocess.run([*ns, "umount", str(inbound)], check=True)

    # Cy's notebook, answered and saved; then a save that is cut off halfway through its upload.
    slug, course, exchange = MODULE.slug, f"--course {hub['state'] / 'course'}", hub["exchange"] / "aitrain"
    hand_in(hub, cy)
    home_copy = Path(pwd.getpwnam(hub["cy"]).pw_dir) / slug / MODULE.notebook_name
    saved = home_copy.read_bytes()
    body = json.dumps({"type": "notebook", "format": "json", "content": nbformat.v4.new_notebook()}).encode()
    host = server_address(hub, hub["cy"]).split("//", 1)[1].split(":")[0]
    context = ssl.create_default_context(cafile=hub["ca"])
    with socket.create_connection(("127.0.0.1", hub["port"])) as raw, context.wrap_socket(
            raw, server_hostname=host) as tls:
        tls.sendall((f"PUT /user/{hub['cy']}/api/contents/{slug}/{MODULE.notebook_name} HTTP/1.1\r\n"
                     f"Host: {host}:{hub['port']}\r\nAuthorization: token {cy.token}\r\n"
                     f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
                    + body[:len(body) // 2])
    time.sleep(2)
    assert home_copy.read_bytes() == saved, "a cut-off upload changed the notebook"
    # What a submit stopped halfway leaves: its staging folder, with half a notebook.
    partial = f"{exchange}/inbound/.partial-cut/{hub['cy']}+{slug}+2026-12-06 09:00:00.000000 UTC+cut"
    cy.run(f"mkdir -p '{partial}' && head -c 5000 ~/{slug}/{MODULE.notebook_name} > '{partial}/{MODULE.notebook_name}'")
    out = " ".join(trainer.run(f"COLUMNS=1000 aitrain collect 02 {course} --from {exchange}/inbound").split())
    assert "copy into the exchange never finished" in out, out[-3000:]
    new = ledger_students(hub)[len(before):]
    assert sorted(new) == sorted([hub["bo"], hub["cy"]]), new  # Bo's first hand-in and Cy's, nothing more
    ledger = json.loads((hub["state"] / "course" / "intake" / slug / "ledger.json").read_text())
    cys = [r for r in ledger["receipts"] if r["student"] == hub["cy"]]
    stored = hub["state"] / "course" / "intake" / slug / cys[-1]["stored"]
    assert json.loads(stored.read_bytes()) == json.loads(saved), "Cy's whole notebook is what counts"


def test_postgres_restarted_during_autograde(hub):
    """PostgreSQL stops while the trainer autogrades Bo's and Cy's submissions: the run stops with a message saying
    what was saved and what to run; once PostgreSQL is back, `autograde --new` grades the rest, and nobody is
    graded twice or lost."""
    trainer = User(hub, hub["trainer"])
    trainer.start()
    trainer.wait_ready()
    slug, course, exchange = MODULE.slug, f"--course {hub['state'] / 'course'}", hub["exchange"] / "aitrain"
    for key in ("bo", "cy"):
        user = User(hub, hub[key])
        user.start()
        user.wait_ready()
        assert hand_in(hub, user)["success"]
    trainer.run(f"COLUMNS=1000 aitrain collect 02 {course} --from {exchange}/inbound")
    status = hub["state"] / "course" / "status" / f"{slug}.json"
    before = {o["student"]: o["receipt"] for o in json.loads(status.read_text())} if status.exists() else {}
    pair = [hub["bo"], hub["cy"]]
    out, stopped = [], threading.Event()
    run = threading.Thread(target=lambda: out.append(trainer.shell(
        f"COLUMNS=1000 aitrain autograde 02 {course} -j 1 --only {pair[0]} --only {pair[1]}")))
    run.start()
    try:
        deadline = time.monotonic() + 600
        while not stopped.is_set():
            now = {o["student"]: o["receipt"] for o in json.loads(status.read_text())} if status.exists() else {}
            if any(now.get(s) != before.get(s) for s in pair):
                postgres_ctl(hub["db"], "stop")
                stopped.set()
            assert run.is_alive() and time.monotonic() < deadline, out
            time.sleep(0.2)
        run.join(600)
    finally:
        if stopped.is_set():
            postgres_ctl(hub["db"], "start")
    first = " ".join(out[0].split())
    assert "The gradebook stopped answering while grading" in first and "1 of 2 submissions were graded and saved" \
        in first and f"aitrain autograde {MODULE.id} --new" in first, first[-3000:]
    done = {o["student"]: o for o in json.loads(status.read_text())}
    graded_first = [s for s in pair if done.get(s, {}).get("receipt") != before.get(s)]
    assert len(graded_first) == 1, done
    second = " ".join(trainer.run(f"COLUMNS=1000 aitrain autograde 02 {course} --new").split())
    rest = [s for s in pair if s not in graded_first]
    assert f"({rest[0]})" in second and f"({graded_first[0]})" not in second, second[-3000:]  # not graded twice
    assert "Nothing new to grade" in " ".join(trainer.run(f"aitrain autograde 02 {course} --new").split())
    rows = gradebook_scores(hub)
    assert all(rows[student][0] == rows[student][1] > 0 for student in pair), rows  # full marks, nothing lost


def test_a_short_soak_fails_no_request_and_memory_holds(hub):
    """Issue 31's soak, short: locust's participants (Ana, Bo and Cy, each with a running server) log in through
    the hub's form, open, save and run their notebooks and submit, for 30 s on loopback; it stops by itself, no
    request fails, and the hub's, the proxy's and the participants' memory do not grow after the warm-up
    (`benchmarks/classroom.py --soak 600` is the 10-minute version with 60)."""
    users = [User(hub, hub[key]) for key in ("ana", "bo", "cy")]
    for user in users:
        user.start()
    for user in users:
        user.wait_ready()
        hand_in(hub, user)  # the soak's submits need the module fetched
    result = soak(hub, users, 30, hub["top"], MODULE)
    assert result["returncode"] == 0 and result["failures"] == 0, (result["why"], result["log"])
    assert sum(r["count"] for r in result["requests"].values()) >= 20, result["requests"]
    grown = creep(result["samples"], ["hub_rss", "proxy_rss", *(u.name for u in users)], warm_up=10)
    assert grown["hub_rss"] < 30 and grown["proxy_rss"] < 30, grown
    assert all(grown[u.name] < 60 for u in users), grown
