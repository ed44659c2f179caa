"""The classroom server end to end: `aitrain server init` and `start` bring up JupyterHub on 127.0.0.1 with a
PostgreSQL gradebook; a trainer and two participants (real Linux accounts, removed afterwards) log in through
the hub's login form as a browser does and drive the whole loop over HTTP: the trainer releases module 02 in
a terminal, participants fetch and submit through the Assignments panel's API, the trainer collects from the
exchange, autogrades (sandboxed) and writes feedback, the participant fetches it. Scores are read back from
PostgreSQL, and a participant's attempts to read the other's work are refused.

Needs root (accounts), PostgreSQL, bubblewrap and configurable-http-proxy (.ci/run installs them all).
"""

import json
import os
import re
import shutil
import subprocess

import nbformat
import pytest
from classroom_hub import User, hub_running, postgres_running
from test_browser import solved
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
]
MODULE = catalogue.find_modules(["02"])[0]


@pytest.fixture(scope="module")
def hub():
    with postgres_running() as db, hub_running(db) as running:
        yield running


def test_classroom_loop_through_the_hub(hub):
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
    assert receipt["student"] == hub["ana"] and receipt["declared_time"] == submission.name.split("+")[2]

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
