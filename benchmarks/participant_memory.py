"""Benchmark: a participant's memory after module 02, with the lean server of before this change and of now, side
by side in one run (issue 31), without a hub (no accounts, no root): JupyterLab servers started as the hub's
lean participant servers are (lab.offline_options), each opening one kernel that runs module 02 (answered)
through the server's websocket, as JupyterLab does.

    before  jsonschema's IRI grammar skipped (hub_singleuser.without_iri_grammar); every other extension of a
            lean participant server loaded at its start, nbgrader's Assignments and Validate included; the
            installed kernel (with the debugger's library)
    after   hub_singleuser.lean_imports; nbgrader's extensions on first use (nbgrader_first_use); the
            participant's kernel without the debugger (server.PARTICIPANT_KERNEL)

N servers of each kind run at once, started alternately, so that the libraries they all map are shared as on a
classroom server and USS (memory no other process shares) is what one more participant costs. JupyterHub's
single-user layer (the same in both) is not in these servers: the hub's benchmark (benchmarks/classroom.py)
measures it. Also reported: CPU seconds of each server's start, and of each kernel (its start and module 02).

    python benchmarks/participant_memory.py [--servers 3]
"""

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
import requests
import websocket

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from classroom_hub import execute  # noqa: E402
from test_browser import solved  # noqa: E402

from aitrain.base import catalogue  # noqa: E402
from aitrain.tooling import lab, server  # noqa: E402

MODULE = catalogue.find_modules(["02"])[0]
START = {"before": "import sys; from aitrain.tooling import hub_singleuser as h; h.without_iri_grammar(); ",
         "after": "import sys; from aitrain.tooling import hub_singleuser as h; h.lean_imports(); "}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(kind: str, top: Path, i: int) -> dict:
    root, settings = top / f"{kind}{i}", top / "settings"
    root.mkdir()
    options = lab.offline_options(settings, trainer=False)
    if kind == "before":  # nbgrader's two participant extensions loaded at the start, as before
        options = [o for o in options if not o.startswith("--ServerApp.jpserver_extensions")]
        off = (*lab.TRAINER_ONLY_SERVER, *lab.PARTICIPANT_SERVER_OFF)
        switches = ",".join(f"'{n}': False" for n in off)
        options.append(f"--ServerApp.jpserver_extensions={{{switches}}}")
    env = dict(os.environ)
    if kind == "after":
        server.write_participant_kernel(top / "kernels-after")
        env["JUPYTER_PATH"] = str(top / "kernels-after")
    port, token = free_port(), secrets.token_hex(8)
    code = START[kind] + "from jupyterlab.labapp import main; sys.exit(main())"
    argv = [sys.executable, "-c", code, f"--ServerApp.root_dir={root}", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.open_browser=False", "--ServerApp.allow_root=True",
            f"--IdentityProvider.token={token}", *options]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while True:
        try:
            if requests.get(f"{base}/api/status", headers={"Authorization": f"token {token}"}, timeout=5).ok:
                break
        except requests.ConnectionError:
            pass
        assert proc.poll() is None and time.monotonic() < deadline, f"{kind} server {i} did not start"
        time.sleep(0.3)
    cpu = psutil.Process(proc.pid).cpu_times()
    return {"kind": kind, "proc": proc, "base": base, "token": token, "start_cpu": cpu.user + cpu.system}


def run_module(s: dict, nb) -> float:
    """Module 02 in a new kernel of server `s`; the kernel's CPU seconds (its start and the run)."""
    auth = {"Authorization": f"token {s['token']}"}
    kernel = requests.post(f"{s['base']}/api/kernels", json={"name": "python3"}, headers=auth, timeout=60).json()["id"]
    ws = websocket.create_connection(s["base"].replace("http", "ws") + f"/api/kernels/{kernel}/channels",
                                     header=[f"Authorization: token {s['token']}"], timeout=300)
    try:
        for cell in nb.cells:
            if cell.cell_type == "code":
                reply = execute(ws, cell.source)
                assert reply["status"] == "ok", f"{s['kind']}: a cell failed: {reply['evalue']}"
    finally:
        ws.close()
    [k] = psutil.Process(s["proc"].pid).children()
    cpu = k.cpu_times()
    return cpu.user + cpu.system


def memory(s: dict) -> dict:
    parent = psutil.Process(s["proc"].pid)
    [kernel] = parent.children()
    out = {}
    for name, p in (("server", parent), ("kernel", kernel)):
        m = p.memory_full_info()
        out[f"{name}_rss"], out[f"{name}_uss"] = m.rss / 2**20, m.uss / 2**20
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=2, help="servers of each kind at once")
    args = parser.parse_args()
    nb = solved(nbformat.read(MODULE.release, as_version=4), nbformat.read(MODULE.solution, as_version=4))
    result = {"machine": {"cores": os.cpu_count(), "load_1min": round(psutil.getloadavg()[0], 1)},
              "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    servers = []
    with tempfile.TemporaryDirectory() as top:
        top = Path(top)
        lab.write_settings(top / "settings", trainer=False)
        try:
            for i in range(args.servers):
                for kind in ("before", "after"):
                    servers.append(start(kind, top, i))
            for s in servers:
                s["kernel_cpu"] = run_module(s, nb)
            time.sleep(2)
            for s in servers:
                s.update(memory(s))
        finally:
            for s in servers:
                s["proc"].terminate()
            for s in servers:
                s["proc"].wait(30)
    for kind in ("before", "after"):
        group = [s for s in servers if s["kind"] == kind]
        result[kind] = {k: round(statistics.mean(s[k] for s in group), 1) for k in
                        ("start_cpu", "kernel_cpu", "server_rss", "server_uss", "kernel_rss", "kernel_uss")}
        result[kind]["kernel_cpu_each"] = [round(s["kernel_cpu"], 2) for s in group]
        result[kind]["uss_each"] = [round(s["server_uss"] + s["kernel_uss"]) for s in group]
        print(kind, result[kind], flush=True)
    result["load_1min_end"] = round(psutil.getloadavg()[0], 1)
    out = Path(__file__).parent / "results" / f"participant-memory-{time.strftime('%Y%m%dT%H%M')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"written: {out}")


if __name__ == "__main__":
    main()
