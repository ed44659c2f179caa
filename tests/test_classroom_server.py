"""The classroom server end to end: `aitrain server init` and `start` bring up JupyterHub on 127.0.0.1 with a
PostgreSQL gradebook; a trainer and two participants (real Linux accounts, removed afterwards) log in through
the hub's login form as a browser does and drive the whole loop over HTTP: the trainer releases module 02 in
a terminal, participants fetch and submit through the Assignments panel's API, the trainer collects from the
exchange, autogrades (sandboxed) and writes feedback, the participant fetches it. Scores are read back from
PostgreSQL, and a participant's attempts to read the other's work are refused. Issue 30: the trainer opens the
formgrader for a reflection carrying a script, in chromium logged in through the hub, and nothing runs (F2);
a folder one participant makes in the inbound in the other's name is refused, and their own backdated one
counts at the time it was written (F3, F11).

Needs root (accounts), PostgreSQL, bubblewrap, configurable-http-proxy and chromium (.ci/run installs them all).
"""

import json
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import nbformat
import pytest
from classroom_hub import User, hub_running, postgres_running
from test_browser import CHROMIUM, browser, solved  # noqa: F401 - browser is a fixture
from test_grading_postgres import _pg_bin

from aitrain.base import catalogue
from aitrain.tooling import server

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="creates Linux accounts: needs root"),
    pytest.mark.skipif(_pg_bin() is None, reason="PostgreSQL is not installed (apt-get install postgresql)"),
    pytest.mark.skipif(not shutil.which("bwrap"), reason="bubblewrap is not installed (apt-get install bubblewrap)"),
    pytest.mark.skipif(not (server.hub_dir() / "node_modules").is_dir() and not shutil.which("configurable-http-proxy"),
                       reason="configurable-http-proxy is not installed (npm ci in deploy/jupyterhub)"),
    pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="chromium is not installed (apt-get install chromium)"),
]
MODULE = catalogue.find_modules(["02"])[0]
MARK = "__pwned"
SCRIPT = f'<img src=x onerror="top.{MARK}=1"><script>top.{MARK}=2</script>'  # in Ana's written reflection


@pytest.fixture(scope="module")
def hub():
    with postgres_running() as db, hub_running(db) as running:
        yield running


def test_classroom_loop_through_the_hub(hub, browser):  # noqa: F811
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
    for user in (ana, bo):
        r = user.api("POST", "assignments/fetch", data={"course_id": "aitrain", "assignment_id": slug})
        assert r.status_code == 200 and r.json()["success"], r.text
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

    sql = ("SELECT sa.student_id, SUM(g.auto_score), SUM(gc.max_score) FROM grade g "
           "JOIN grade_cells gc ON g.cell_id = gc.id JOIN submitted_notebook sn ON g.notebook_id = sn.id "
           "JOIN submitted_assignment sa ON sn.assignment_id = sa.id WHERE gc.cell_type = 'code' "
           "GROUP BY sa.student_id")
    proc = subprocess.run(["runuser", "-u", hub["trainer"], "--", "psql", "-h", hub["db"][0], "-p", str(hub["db"][1]),
                           "-d", "aitrain_aitrain", "-tA", "-F", ",", "-c", sql], capture_output=True, text=True,
                          timeout=60, cwd="/")
    assert proc.returncode == 0, proc.stderr
    rows = {line.split(",")[0]: line.split(",")[1:] for line in proc.stdout.split()}
    assert set(rows) == {hub["ana"]}
    auto, most = map(float, rows[hub["ana"]])
    assert auto == most > 0, rows

    formgrader_runs_nothing_a_participant_wrote(hub, trainer, browser)
    no_one_hands_in_as_another_nor_backdates(hub, trainer, ana, exchange, course)


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
    user = trainer.http.get(f"{hub['base']}/hub/api/users/{hub['ana']}", timeout=30).json()
    assert user["admin"] is False


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
