"""Benchmark: how many participants one classroom server holds. Brings up the hub as the end-to-end test does
(tests/classroom_hub.py: PostgreSQL, `aitrain server init` and `start`, real accounts removed afterwards), then
for each N: starts N participants' JupyterLab servers through the hub's REST API at once, runs module 02
(answered) in every participant's kernel through the hub at once, and measures

    start-up   seconds from the N start requests until every server is ready
    notebook   seconds per participant to run module 02 (mean and slowest)
    memory     per participant after the run: RSS and USS (memory not shared) of their processes (psutil)

    sudo .venv/bin/python benchmarks/classroom.py [--sizes 1 2 4 8]

Run as root (it creates accounts). Timings depend on what else runs on the machine; say so when you quote them.
"""

import argparse
import json
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

import nbformat
import psutil
import websocket

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from classroom_hub import User, hub_running, postgres_running  # noqa: E402
from test_browser import solved  # noqa: E402

from aitrain.base import catalogue  # noqa: E402

MODULE = catalogue.find_modules(["02"])[0]


def run_notebook(user: User, nb) -> float:
    """Execute every code cell of `nb` in a new kernel of the user's server, through the hub; seconds taken."""
    path = f"modules/{MODULE.slug}/{MODULE.notebook_name}"
    r = user.api("POST", "api/sessions", json={"path": path, "type": "notebook", "name": "",
                                               "kernel": {"name": "python3"}})
    r.raise_for_status()
    kernel = r.json()["kernel"]["id"]
    url = user.base.replace("http", "ws") + f"/user/{user.name}/api/kernels/{kernel}/channels"
    ws = websocket.create_connection(url, header=[f"Authorization: token {user.token}"], timeout=300)
    start = time.monotonic()
    session = uuid.uuid4().hex
    try:
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user.name,
                                           "session": session, "date": "", "version": "5.3"},
                                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                                "content": {"code": cell.source, "silent": False, "store_history": True,
                                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
            while True:
                msg = json.loads(ws.recv())
                if msg.get("msg_type") == "execute_reply" and msg["parent_header"].get("msg_id") == msg_id:
                    if msg["content"]["status"] != "ok":
                        raise RuntimeError(f"{user.name}: cell failed: {msg['content'].get('evalue')}")
                    break
    finally:
        ws.close()
    return time.monotonic() - start


def memory(user: str) -> tuple[float, float]:
    """RSS and USS in MB of every process the account runs."""
    rss = uss = 0
    for p in psutil.process_iter(["username"]):
        if p.info["username"] == user:
            try:
                info = p.memory_full_info()
            except psutil.Error:
                continue
            rss, uss = rss + info.rss, uss + info.uss
    return rss / 2**20, uss / 2**20


def in_parallel(fn, items) -> list:
    results, errors = [None] * len(items), []

    def work(i, item):
        try:
            results[i] = fn(item)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i, item)) for i, item in enumerate(items)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 4, 8])
    args = parser.parse_args()
    nb = solved(nbformat.read(MODULE.release, as_version=4), nbformat.read(MODULE.solution, as_version=4))
    short = [f"p{i}" for i in range(max(args.sizes))]
    rows = []
    with postgres_running() as db, hub_running(db, participants=short) as hub:
        users = [User(hub, hub[p]) for p in short]
        for n in args.sizes:
            group = users[:n]
            t0 = time.monotonic()
            for u in group:
                u.start()
            in_parallel(lambda u: u.wait_ready(), group)
            startup = time.monotonic() - t0
            times = in_parallel(lambda u: run_notebook(u, nb), group)
            mem = [memory(u.name) for u in group]
            rows.append({"participants": n, "startup_s": round(startup, 1),
                         "notebook_mean_s": round(statistics.mean(times), 1), "notebook_max_s": round(max(times), 1),
                         "rss_mb": round(statistics.mean(m[0] for m in mem)),
                         "uss_mb": round(statistics.mean(m[1] for m in mem)),
                         "load_1min": round(psutil.getloadavg()[0], 1)})
            print(rows[-1], flush=True)
            in_parallel(lambda u: u.stop(), group)
    print("\n| participants | start-up (s) | notebook mean / max (s) | RSS per participant (MB) | USS (MB) | load |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['participants']} | {r['startup_s']} | {r['notebook_mean_s']} / {r['notebook_max_s']} | "
              f"{r['rss_mb']} | {r['uss_mb']} | {r['load_1min']} |")
    out = Path(__file__).parent / "results" / "classroom.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
