"""Load on a classroom hub: a bounded soak (locust, tests/classroom_locustfile.py) and the CPU and memory the
hub's processes use, for tests/test_classroom_server.py and benchmarks/classroom.py.

`soak` runs locust headless against the hub on loopback for a fixed time (it stops by itself), while the memory
of the hub, its proxy and every participant's processes is sampled; it returns every request's count, failures
and times, and the memory samples, from which `creep` says how much each grew after the warm-up.
"""

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil

LOCUSTFILE = Path(__file__).with_name("classroom_locustfile.py")


def account_memory(account: str) -> tuple[float, float]:
    """RSS and USS in MB of every process the account runs."""
    return memory_of([p for p in psutil.process_iter(["username"]) if p.info["username"] == account])


def tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def cpu_seconds(pids: list[int]) -> float:
    """CPU seconds of these processes and all their descendants, those that ended included (a process's ended
    children count in its own children times once waited for)."""
    total = 0.0
    for pid in pids:
        for p in tree(pid):
            try:
                t = p.cpu_times()
            except psutil.Error:
                continue
            total += t.user + t.system + t.children_user + t.children_system
    return total


def command_line(p: psutil.Process) -> str:
    try:
        return " ".join(p.cmdline())
    except psutil.Error:
        return ""


def memory_of(processes: list[psutil.Process]) -> tuple[float, float]:
    """RSS and USS in MB of these processes together."""
    rss = uss = 0
    for p in processes:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        rss, uss = rss + info.rss, uss + info.uss
    return rss / 2**20, uss / 2**20


def postgres_memory(data: str) -> tuple[float, float]:
    """RSS and USS in MB of the PostgreSQL server running on the data folder `data` (postmaster and backends)."""
    for p in psutil.process_iter(["cmdline"]):
        if data in " ".join(p.info["cmdline"] or []) and p.name() in ("postgres", "postmaster"):
            return memory_of(tree(p.pid))
    return 0.0, 0.0


def hub_memory(hub_pid: int) -> dict[str, float]:
    hub = psutil.Process(hub_pid).memory_full_info()
    proxy = memory_of([p for p in tree(hub_pid) if "configurable-http-proxy" in command_line(p)])
    return {"hub_rss": hub.rss / 2**20, "hub_uss": hub.uss / 2**20, "proxy_rss": proxy[0], "proxy_uss": proxy[1]}


STOP_TIMEOUT_S = 30  # and a second more per participant: at the end each closes its kernel, all at once (at 60 on
# 2 cores one closing request outlasted a fixed 30 s and locust cut it off, counted as a failed request)


def soak(hub, users, seconds: int, folder: Path, module) -> dict:
    """Locust's participants (one per user, each with a running server) against the hub for `seconds`; returns
    {"returncode", "requests": {name: {count, failures, median_ms, p95_ms}}, "failures": total, "samples": [...]}."""
    plan = folder / "soak-plan.json"
    fd = os.open(plan, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump({"base": hub["base"], "ca": hub["ca"], "domain": hub.get("domain"),
                   "module": {"slug": module.slug, "notebook": module.notebook_name},
                   "users": [{"name": u.name, "password": hub["passwords"][u.name], "token": u.token,
                              "server": u.server_base} for u in users]}, f)
    stats = folder / "soak"
    env = dict(os.environ, AITRAIN_SOAK=str(plan), PYTHONWARNINGS="ignore")
    argv = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "-u", str(len(users)), "-r",
            str(max(1, len(users) // 5)), "--run-time", f"{seconds}s",
            "--stop-timeout", str(STOP_TIMEOUT_S + len(users)), "--csv", str(stats),
            "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "1"]
    log = (folder / "soak.log").open("w")
    started, samples = time.monotonic(), []
    locust = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env)
    every = max(3.0, seconds / 20)
    while locust.poll() is None:
        sample = {"t": round(time.monotonic() - started, 1), **hub_memory(hub["pid"])}
        for u in users:
            sample[u.name] = account_memory(u.name)[0]
        samples.append(sample)
        deadline = time.monotonic() + every
        while locust.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
    assert time.monotonic() - started < seconds + 120, "the soak did not stop by itself"
    requests = {}
    with open(f"{stats}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["Name"] != "Aggregated":
                requests[f"{row['Type']} {row['Name']}"] = {
                    "count": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                    "median_ms": float(row["Median Response Time"] or 0), "p95_ms": float(row["95%"] or 0)}
    with open(f"{stats}_failures.csv", newline="") as f:
        why = [f"{row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}x)" for row in csv.DictReader(f)]
    return {"returncode": locust.returncode, "requests": requests, "samples": samples, "why": why,
            "failures": sum(r["failures"] for r in requests.values()), "log": (folder / "soak.log").read_text()[-3000:]}


def creep(samples: list[dict], keys: list[str], warm_up: float) -> dict[str, float]:
    """MB each key grew from the first sample after `warm_up` seconds to the last sample."""
    settled = [s for s in samples if s["t"] >= warm_up] or samples[-1:]
    return {k: round(settled[-1][k] - settled[0][k], 1) for k in keys}
