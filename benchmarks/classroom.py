"""Benchmark: a workshop day on one classroom server, at full size. Brings up the hub as the end-to-end test does
(tests/classroom_hub.py: PostgreSQL, `aitrain server init` and `start`, real accounts removed afterwards), then:

    storm        every participant logs in through the hub's login form at once and their server starts, as
                 browsers do (login page, form, spawn, the pending page polled until the server is ready, then
                 JupyterLab itself): time to the last ready server, the hub's response times (median and 95th
                 percentile of those page requests), core-seconds per server start
    module 02    every participant runs module 02 (answered) in their kernel at once: core-seconds per run, wall
                 time, memory per participant afterwards (RSS, and USS: not shared with anyone else), and the
                 hub's, the proxy's and PostgreSQL's
    submissions  every participant fetches, answers and submits module 02 through the exchange; the trainer
                 collects and autogrades them all in a JupyterLab terminal: time, core-seconds, and that no
                 submission is missing or ungraded
    --soak S     then locust's participants (tests/classroom_locustfile.py) for S seconds: requests and
                 failures, and how much memory grew after the warm-up
    --compare N  first, N participants with the servers of before issue 31 (hub.json "participant_servers":
                 "full") and N others with today's lean servers, each through the storm and module 02, side
                 by side in one run (the hub restarts in between with `aitrain server restart`)

Core-seconds are the CPU time of the hub's whole process tree (hub, proxy, copy steps, servers, kernels, the
trainer's terminal and autograde) and of PostgreSQL, not the machine's: other jobs on a shared machine do not
count, though they slow the wall times. Each result records the machine's load.

    sudo .venv/bin/python benchmarks/classroom.py --compare 4
    sudo .venv/bin/python benchmarks/classroom.py --participants 15 30 60 [--soak 600]

Run as root (it creates accounts). Results: benchmarks/results/classroom-*.json.
"""

import argparse
import json
import os
import signal
import statistics
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from classroom_hub import User, execute, hub_running, postgres_running, restart_hub, web_session  # noqa: E402
from classroom_load import account_memory, cpu_seconds, creep, hub_memory, postgres_memory, soak  # noqa: E402
from test_browser import solved  # noqa: E402

from aitrain.base import catalogue  # noqa: E402
from aitrain.tooling import server  # noqa: E402

MODULE = catalogue.find_modules(["02"])[0]
PER_PARTICIPANT_GB = 0.3  # what a participant holds after module 02 (USS, and the libraries shared), to check the room


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


def machine() -> dict:
    return {"cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "available_gb": round(psutil.virtual_memory().available / 2**30, 1),
            "load_1min": round(psutil.getloadavg()[0], 1)}


def pg_pid(db) -> list[int]:
    for p in psutil.process_iter(["cmdline"]):
        if db[2] in " ".join(p.info["cmdline"] or []) and p.name() in ("postgres", "postmaster"):
            return [p.pid]
    return []


def core_seconds(hub) -> float:
    return cpu_seconds([hub["pid"], *pg_pid(hub["db"])])


def browse_in(hub, name: str, started: float, times: list, failed: list) -> float:
    """One participant's browser: the login page, the form, the spawn, the pending page until the server is
    ready, then JupyterLab. Each hub page request's seconds go into `times`; returns when the server was ready
    (seconds after `started`). When the hub gives up on a start (the pending page says the spawn failed or the
    server is not running), the participant presses Launch again, as the page asks, and the failure goes into
    `failed`."""
    base, session = hub["base"], web_session(hub)

    def page(method, url, **kwargs):
        t0 = time.monotonic()
        r = session.request(method, url, timeout=300, allow_redirects=False, **kwargs)
        times.append((url.split("/hub/")[1].split("/")[0].split("?")[0], time.monotonic() - t0))
        gave_up = "spawn-pending" in url and ("Spawn failed" in r.text or "is not running" in r.text)
        assert r.status_code < 500 or gave_up, f"{name}: {url}: {r.status_code} {r.text[-500:]}"
        return r

    page("GET", f"{base}/hub/login")
    r = page("POST", f"{base}/hub/login?next=", data={"username": name, "password": hub["passwords"][name],
                                                      "_xsrf": session.cookies.get("_xsrf", "")})
    assert r.status_code == 302, f"login of {name}: {r.status_code}"
    page("GET", f"{base}/hub/spawn")
    deadline = time.monotonic() + 900
    while (r := page("GET", f"{base}/hub/spawn-pending/{name}")).status_code != 302:
        assert time.monotonic() < deadline, f"the server of {name} was not ready in 900 s"
        if "Spawn failed" in r.text or "is not running" in r.text:
            failed.append({"participant": name, "after_s": round(time.monotonic() - started, 1),
                           "status": r.status_code})
            assert len([f for f in failed if f["participant"] == name]) <= 3, f"{name}: three failed starts"
            page("GET", f"{base}/hub/spawn")
        time.sleep(2)
    ready = time.monotonic() - started
    r = session.get(f"{base}/user/{name}/lab", timeout=300)  # JupyterLab, through the hub's OAuth redirects
    assert r.status_code == 200 and "jupyter-config-data" in r.text, f"{name}: JupyterLab: {r.status_code}"
    return ready


def storm(hub, names: list[str]) -> dict:
    times: list[tuple[str, float]] = []
    failed: list[dict] = []
    cpu0, started = core_seconds(hub), time.monotonic()
    ready = in_parallel(lambda n: browse_in(hub, n, started, times, failed), names)
    cpu = core_seconds(hub) - cpu0
    every = sorted(t for _, t in times)
    pages = {kind: sorted(t for k, t in times if k == kind) for kind, _ in times}
    return {"participants": len(names), "last_ready_s": round(max(ready), 1),
            "page_median_s": round(statistics.median(every), 2), "page_p95_s": p95(every),
            "page_requests": len(every), "by_page": {k: {"n": len(v), "median_s": round(statistics.median(v), 2),
                                                       "p95_s": p95(v)} for k, v in pages.items()},
            "core_s_per_start": round(cpu / len(names), 2), "failed_starts": failed,
            "load_1min": round(psutil.getloadavg()[0], 1)}


def p95(sorted_times: list[float]) -> float:
    return round(sorted_times[int(0.95 * (len(sorted_times) - 1))], 2)


def run_notebook(user: User, nb) -> float:
    """Every code cell of `nb` in a new kernel of the user's server, through the hub; seconds taken."""
    kernel = user.open_kernel(f"modules/{MODULE.slug}/{MODULE.notebook_name}")
    ws = user.channels(kernel)
    start, session = time.monotonic(), os.urandom(8).hex()
    try:
        for cell in nb.cells:
            if cell.cell_type == "code":
                reply = execute(ws, cell.source, user.name, session)
                assert reply["status"] == "ok", f"{user.name}: cell failed: {reply['evalue']}"
    finally:
        ws.close()
    return time.monotonic() - start


def kernel_cpu(account: str) -> float:
    """CPU seconds of the account's kernels (their start and what they ran)."""
    total = 0.0
    for p in psutil.process_iter(["username", "cmdline"]):
        command = " ".join(p.info["cmdline"] or [])
        if p.info["username"] == account and ("ipykernel" in command or "kernelapp" in command):
            try:
                t = p.cpu_times()
            except psutil.Error:
                continue
            total += t.user + t.system
    return total


def module_02(hub, users: list[User], nb) -> dict:
    cpu0 = core_seconds(hub)
    took = in_parallel(lambda u: run_notebook(u, nb), users)
    cpu = core_seconds(hub) - cpu0
    kernels = sorted(kernel_cpu(u.name) for u in users)
    time.sleep(2)
    mem = [account_memory(u.name) for u in users]
    hub_mem = hub_memory(hub["pid"])
    pg = postgres_memory(hub["db"][2])
    return {"participants": len(users), "run_mean_s": round(statistics.mean(took), 1),
            "run_max_s": round(max(took), 1), "core_s_per_run": round(cpu / len(users), 2),
            "kernel_cpu_s": {"min": round(kernels[0], 2), "median": round(statistics.median(kernels), 2),
                             "max": round(kernels[-1], 2)},
            "rss_mb": round(statistics.mean(m[0] for m in mem)), "uss_mb": round(statistics.mean(m[1] for m in mem)),
            "uss_max_mb": round(max(m[1] for m in mem)), **{k: round(v) for k, v in hub_mem.items()},
            "postgres_rss": round(pg[0]), "postgres_uss": round(pg[1]), "load_1min": round(psutil.getloadavg()[0], 1)}


def submissions(hub, users: list[User], workers: int) -> dict:
    slug, exchange = MODULE.slug, hub["exchange"] / "aitrain"
    course = f"--course {hub['state'] / 'course'}"
    trainer = User(hub, hub["trainer"])
    trainer.start()
    trainer.wait_ready()
    if not (exchange / "outbound" / slug).exists():
        trainer.run(f"cd {hub['state'] / 'course'} && nbgrader release_assignment {slug}")
    solution = nbformat.read(MODULE.solution, as_version=4)

    def hand_in(user):
        path = f"api/contents/{slug}/{MODULE.notebook_name}"
        if user.api("GET", path + "?content=0").status_code == 404:
            r = user.api("POST", "assignments/fetch", data={"course_id": "aitrain", "assignment_id": slug})
            assert r.ok and r.json()["success"], r.text
        answered = solved(nbformat.from_dict(user.api("GET", path).json()["content"]), solution)
        assert user.api("PUT", path, json={"type": "notebook", "format": "json", "content": answered}).ok
        r = user.api("POST", "assignments/submit", data={"course_id": "aitrain", "assignment_id": slug})
        assert r.ok and r.json()["success"], r.text

    cpu0, t0 = core_seconds(hub), time.monotonic()
    in_parallel(hand_in, users)
    submitted = time.monotonic() - t0
    handed_in = [account_memory(u.name) for u in users]  # nbgrader's extensions are loaded by now
    t1 = time.monotonic()
    trainer.run(f"COLUMNS=1000 aitrain collect 02 {course} --from {exchange}/inbound")
    collected = time.monotonic() - t1
    t2 = time.monotonic()
    trainer.run(f"COLUMNS=1000 aitrain autograde 02 {course} -j {workers}", timeout=7200)
    graded = time.monotonic() - t2
    cpu = core_seconds(hub) - cpu0
    ledger = json.loads((hub["state"] / "course" / "intake" / slug / "ledger.json").read_text())
    status = {o["student"]: o["status"] for o in json.loads(
        (hub["state"] / "course" / "status" / f"{slug}.json").read_text())}
    names = {u.name for u in users}
    missing = sorted(names - set(ledger["counts"]))
    ungraded = sorted(n for n in names if status.get(n) != "graded")
    return {"participants": len(users), "submit_s": round(submitted, 1), "collect_s": round(collected, 1),
            "autograde_s": round(graded, 1), "core_s": round(cpu, 1), "missing": missing, "not_graded": ungraded,
            "uss_mb_after_submit": round(statistics.mean(m[1] for m in handed_in)),
            "load_1min": round(psutil.getloadavg()[0], 1)}


def set_servers(hub, kind: str) -> None:
    """hub.json's "participant_servers" ("lean" or "full"), then `aitrain server restart`."""
    path = server.settings_file(hub["state"])
    settings = json.loads(path.read_text())
    if settings.get("participant_servers", "lean") != kind:
        path.write_text(json.dumps(settings | {"participant_servers": kind}))
        restart_hub(hub)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, nargs="*", default=[], help="the storm and module 02 at each "
                        "size, each with participants of its own; the last size also hands in and is soaked")
    parser.add_argument("--compare", type=int, default=0, metavar="N", help="before/after with N participants each")
    parser.add_argument("--soak", type=int, default=0, metavar="SECONDS", help="then a locust soak this long")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="autograde's parallel workers")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped (SIGTERM): the hub, accounts and folders are removed"))
    if not (args.participants or args.compare):
        parser.error("give --participants N [N ...] and/or --compare N")
    nb = solved(nbformat.read(MODULE.release, as_version=4), nbformat.read(MODULE.solution, as_version=4))
    short = [f"p{i}" for i in range(sum(args.participants) + 2 * args.compare)]
    result = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    print(result, flush=True)
    with postgres_running() as db, hub_running(db, participants=short) as hub:
        names = [hub[p] for p in short]
        if args.compare:
            for kind, group in (("full", names[:args.compare]), ("lean", names[args.compare:2 * args.compare])):
                set_servers(hub, kind)
                result[f"storm_{kind}"] = storm(hub, group)
                print(kind, result[f"storm_{kind}"], flush=True)
                users = [User(hub, n) for n in group]
                result[f"module02_{kind}"] = module_02(hub, users, nb)
                print(kind, result[f"module02_{kind}"], flush=True)
                in_parallel(lambda u: u.stop(), users)
            set_servers(hub, "lean")
        start, users = 2 * args.compare, []
        for size in args.participants:
            need, free = size * PER_PARTICIPANT_GB + 2, psutil.virtual_memory().available / 2**30
            if free + len(users) * PER_PARTICIPANT_GB < need:  # a shared machine: never swap or wake the OOM killer
                result[f"skipped_{size}"] = f"{need:.0f} GB needed, {free:.1f} GB free"
                print(size, "skipped:", result[f"skipped_{size}"], flush=True)
                break
            in_parallel(lambda u: u.stop(), users)  # the previous size's servers
            group, start = names[start:start + size], start + size
            result[f"storm_{size}"] = storm(hub, group)
            print("storm", result[f"storm_{size}"], flush=True)
            users = in_parallel(lambda n: User(hub, n), group)
            result[f"module02_{size}"] = module_02(hub, users, nb)
            print("module 02", result[f"module02_{size}"], flush=True)
        if users:  # the largest size the machine held hands in and is soaked
            result["submissions"] = submissions(hub, users, args.workers)
            print("submissions", result["submissions"], flush=True)
        if users and args.soak:
            out = soak(hub, users, args.soak, hub["top"], MODULE)
            keys = ["hub_rss", "proxy_rss", *(u.name for u in users)]
            grown = creep(out["samples"], keys, warm_up=min(120, args.soak / 5))
            result["soak"] = {"seconds": args.soak, "participants": len(users), "failures": out["failures"],
                              "requests": sum(r["count"] for r in out["requests"].values()),
                              "by_request": out["requests"], "why": out["why"], "hub_grew_mb": grown["hub_rss"],
                              "proxy_grew_mb": grown["proxy_rss"],
                              "participant_grew_mb_max": max(grown[u.name] for u in users),
                              "returncode": out["returncode"], "load_1min": round(psutil.getloadavg()[0], 1)}
            print("soak", {k: v for k, v in result["soak"].items() if k != "by_request"}, flush=True)
    report(result)
    out = Path(__file__).parent / "results" / f"classroom-{time.strftime('%Y%m%dT%H%M')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"written: {out}")


def report(r: dict) -> None:
    m = r["machine"]
    print(f"\nMachine: {m['cores']} cores, {m['memory_gb']} GB; load at the start {m['load_1min']}")
    if "storm_full" in r:
        print("\n| participants' servers | core-s per server start | last server ready (s) | module 02: core-s per "
              "run | RSS / USS per participant after module 02 (MB) | load |\n|---|---|---|---|---|---|")
        for kind, label in (("full", "before (full)"), ("lean", "after (lean)")):
            s, n = r[f"storm_{kind}"], r[f"module02_{kind}"]
            print(f"| {label}, {s['participants']} at once | {s['core_s_per_start']} | {s['last_ready_s']} | "
                  f"{n['core_s_per_run']} | {n['rss_mb']} / {n['uss_mb']} | {s['load_1min']}-{n['load_1min']} |")
        for kind in ("full", "lean"):
            k = r[f"module02_{kind}"]["kernel_cpu_s"]
            print(f"  {kind}: each kernel's CPU seconds (start and module 02): min {k['min']}, median "
                  f"{k['median']}, max {k['max']}")
    sizes = sorted(int(k.split("_")[1]) for k in r if k.startswith("storm_") and k.split("_")[1].isdigit())
    if sizes:
        print("\n| participants at once | last server ready (s) | hub pages median / p95 (s) | core-s per start | "
              "module 02 mean / slowest (s) | core-s per run | RSS / USS per participant (MB) | hub, proxy, "
              "PostgreSQL RSS (MB) | load |\n|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        s, n = r[f"storm_{size}"], r[f"module02_{size}"]
        print(f"| {size} | {s['last_ready_s']} | {s['page_median_s']} / {s['page_p95_s']} | {s['core_s_per_start']} | "
              f"{n['run_mean_s']} / {n['run_max_s']} | {n['core_s_per_run']} | {n['rss_mb']} / {n['uss_mb']} | "
              f"{n['hub_rss']}, {n['proxy_rss']}, {n['postgres_rss']} | {s['load_1min']}-{n['load_1min']} |")
        for kind, t in s["by_page"].items():
            print(f"  /hub/{kind}: {t['n']} requests, median {t['median_s']} s, p95 {t['p95_s']} s")
        print(f"  starts the hub gave up on (the participant pressed Launch again): {len(s['failed_starts'])}"
              + "".join(f"; {f['participant']} after {f['after_s']} s" for f in s["failed_starts"]))
    if "submissions" in r:
        sub = r["submissions"]
        print(f"submissions of {sub['participants']}: handed in {sub['submit_s']} s, collect {sub['collect_s']} s, "
              f"autograde {sub['autograde_s']} s, {sub['core_s']} core-s; missing {sub['missing'] or 'none'}, "
              f"not graded {sub['not_graded'] or 'none'} (load {sub['load_1min']}); USS per participant after "
              f"handing in {sub['uss_mb_after_submit']} MB")
    if "soak" in r:
        s = r["soak"]
        print(f"soak: {s['participants']} participants, {s['seconds']} s, {s['requests']} requests, {s['failures']} "
              f"failed; after the warm-up the hub grew {s['hub_grew_mb']} MB, the proxy {s['proxy_grew_mb']} MB, a "
              f"participant at most {s['participant_grew_mb_max']} MB")


if __name__ == "__main__":
    main()
