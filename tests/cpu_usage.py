"""Where the test run's CPU goes (opt-in): `AITRAIN_TEST_CPU=cpu.jsonl pytest ...` appends one line per test phase
(setup, call, teardown) with its wall seconds and the CPU seconds of the worker itself and of its child processes
in that phase: those finished (getrusage's RUSAGE_CHILDREN, which counts a child once it has been waited for) and
those still running (every live descendant's own and waited-for children's CPU, from /proc). Without the second
part, a process tree that lives across tests (the classroom's hub and everything it spawned, a browser, the
forkserver's executions) was counted whole in the phase that waited for it: 74 CPU-seconds in the teardown of
the classroom's last test. A process that leaves the tree before it ends (a daemon's double fork, reparented to
init) is not counted: run pytest alone in a cgroup of its own (cgroup v1 cpuacct) and the column `cgroup` has
the CPU of everything it started.
`python tests/cpu_usage.py cpu.jsonl` prints the table: per xdist group (or test) and per phase."""

import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

OUTPUT = os.environ.get("AITRAIN_TEST_CPU")
if OUTPUT:  # absolute: tests that run elsewhere (the `elsewhere` fixture) change the working folder
    OUTPUT = os.path.abspath(OUTPUT)


def _cgroup_usage() -> Path | None:
    """This process's own cpuacct cgroup (not the root, which counts the whole machine)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if "cpuacct" in controllers.split(",") and path != "/":
            usage = Path("/sys/fs/cgroup/cpuacct", path.lstrip("/"), "cpuacct.usage")
            return usage if usage.is_file() else None
    return None


CGROUP = _cgroup_usage() if OUTPUT else None
TICK = os.sysconf("SC_CLK_TCK")


def _descendants_cpu() -> float:
    """The CPU seconds so far of this process's live descendants, each with its own waited-for children."""
    parents, used = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while we looked: its parent has it now, or will
        pid = int(stat.parent.name)
        parents.setdefault(int(fields[1]), []).append(pid)
        used[pid] = sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    total, todo = 0, list(parents.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        total += used[pid]
        todo += parents.get(pid, [])
    return total / TICK



def _cpu() -> tuple[float, float, float]:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    group = int(CGROUP.read_text()) / 1e9 if CGROUP else 0.0
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime + _descendants_cpu(), group


def _record(item, phase: str):
    wall, (me, children, group) = time.monotonic(), _cpu()
    outcome = yield
    me2, children2, group2 = _cpu()
    groups = [m.args[0] if m.args else m.kwargs.get("name", "") for m in item.iter_markers("xdist_group")]
    line = {"test": item.nodeid, "group": groups[0] if groups else "", "phase": phase,
            "wall": round(time.monotonic() - wall, 2), "self": round(me2 - me, 2),
            "children": round(children2 - children, 2), "cgroup": round(group2 - group, 2),
            "worker": os.environ.get("PYTEST_XDIST_WORKER", ""),
            "failed": outcome.excinfo is not None, "end": round(time.time(), 2)}
    with open(OUTPUT, "a") as handle:
        handle.write(json.dumps(line) + "\n")


if OUTPUT:
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_setup(item):
        yield from _record(item, "setup")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(item):
        yield from _record(item, "call")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(item):
        yield from _record(item, "teardown")


def table(path: str, top: int = 40) -> str:
    """CPU seconds: `cgroup` when measured in a cgroup of its own, else the process's and its children's."""
    units: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    phases: list[tuple[float, str]] = []
    for raw in open(path):
        line = json.loads(raw)
        unit = line["group"] or line["test"]
        cpu = line.get("cgroup") or line["self"] + line["children"]
        for i, value in enumerate((cpu, line["wall"], line["self"], line["children"])):
            units[unit][i] += value
        phases.append((cpu, f"{cpu:7.1f} {line['wall']:7.1f}  {line['phase']:8} {line['test']}"))
    total = [sum(u[i] for u in units.values()) for i in range(4)]
    rows = [f"{'cpu':>7} {'wall':>7} {'self':>7} {'child':>7}  unit"]
    for unit, values in sorted(units.items(), key=lambda kv: -kv[1][0])[:top]:
        rows.append("".join(f"{v:7.1f} " for v in values) + f" {unit}")
    rows.append("".join(f"{v:7.1f} " for v in total) + " TOTAL")
    rows += ["", f"{'cpu':>7} {'wall':>7}  phase    test"] + [r for _, r in sorted(phases, reverse=True)[:top]]
    return "\n".join(rows + timeline(path))


def timeline(path: str, gap: float = 3.0) -> list[str]:
    """Per worker: when its first phase began and its last ended (seconds from the run's first phase), how long
    it was busy, and where it waited longer than `gap` seconds between two phases (xdist handing out work)."""
    spans: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for raw in open(path):
        line = json.loads(raw)
        if "end" in line:
            spans[line["worker"]].append((line["end"] - line["wall"], line["end"], line["test"]))
    if not spans:
        return []
    zero = min(start for worker in spans.values() for start, _, _ in worker)
    rows = ["", "worker   first    last    busy  waits (start: seconds, before test)"]
    for worker, phases in sorted(spans.items()):
        phases.sort()
        waits = [f"{a_end - zero:.0f}: {b_start - a_end:.0f} s, {test.split('::')[-1][:40]}"
                 for (_, a_end, _), (b_start, _, test) in zip(phases, phases[1:], strict=False)
                 if b_start - a_end > gap]
        busy = sum(end - start for start, end, _ in phases)
        rows.append(f"{worker:6} {phases[0][0] - zero:7.0f} {phases[-1][1] - zero:7.0f} {busy:7.0f}  "
                    + "; ".join(waits))
    return rows


if __name__ == "__main__":
    print(table(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 40))
