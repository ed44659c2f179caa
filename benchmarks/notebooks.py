"""Benchmark: median wall time, CPU time and peak memory of each solution notebook, beside the floor.

The floor is an empty notebook (kernel start and run of one trivial cell), measured in the same run, so the
figures can be read as "notebook cost = median - floor". CPU time is that of the run's processes (papermill
and the kernel, all their threads): on a busy machine it moves less than wall time. Usage:

    python benchmarks/notebooks.py [--repeat 3] [MODULE ...]
    python benchmarks/notebooks.py --against 96f2237 [--repeat 3] [MODULE ...]

With --against COMMIT, that commit's solutions, data and package (src/) are checked out into a temporary git
worktree, run by that commit's own papermill runner and kernel (PYTHONPATH and AITRAIN_HOME point at the old
tree), and each module's old and new notebooks run in turn (old, new, then new, old, ...), so both sides
share the machine's load; the table gives both medians and the change, and whether the two notebooks showed
the same outputs (printed text, tables, figures' PNG bytes), with the first differences listed below it.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from aitrain import paths
from aitrain.base import catalogue
from aitrain.tooling.notebook_run import TIMEOUT_SECONDS

FLOOR = "(floor: empty notebook)"


@dataclass
class Side:
    """One version of the course: where its notebooks are, its papermill runner (a module run with python -m)
    and the environment its runner and kernels need."""

    name: str
    root: Path
    runner: str = "aitrain.tooling.notebook_run"
    environment: dict = field(default_factory=dict)

    def solution(self, slug: str) -> Path:
        return self.root / "solutions" / slug / f"{slug}.ipynb"


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    error: str = ""

    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds and not self.error else float("nan")

    def median_cpu(self) -> float:
        return statistics.median(self.cpu) if self.cpu and not self.error else float("nan")


def empty_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("seed = 0", metadata={"tags": ["parameters"]})]
    path = folder / "floor.ipynb"
    nbformat.write(nb, path)
    return path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(notebook: Path, output: Path, side: Side) -> tuple[dict, float, float]:
    """Execute a notebook with the side's runner: (its report, wall seconds, CPU seconds of runner and kernel).

    As aitrain.tooling.notebook_run.run_notebook, with the side's runner and environment."""
    output.parent.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, "PYTHONHASHSEED": "0", **side.environment}
    command = [sys.executable, "-m", side.runner, str(notebook), str(output), "{}"]
    cpu, start = _children_cpu(), time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=environment)
    except subprocess.TimeoutExpired:
        return {"status": "timed out", "error": f"stopped after {TIMEOUT_SECONDS} s"}, 0.0, 0.0
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    try:
        return json.loads(done.stdout.strip().splitlines()[-1]), seconds, cpu
    except (IndexError, json.JSONDecodeError):
        return {"status": "failed", "error": " ".join(done.stderr.strip().splitlines()[-3:])}, seconds, cpu


def run_once(notebook: Path, output: Path, side: Side, runs: Runs) -> None:
    if runs.error:
        return
    report, seconds, cpu = run(notebook, output, side)
    if report["status"] != "ok":
        runs.error = report["error"] or report["status"]
        return
    runs.seconds.append(seconds)
    runs.cpu.append(cpu)
    runs.peak_mb = max(runs.peak_mb, report["peak_mb"])


def old_side(commit: str, folder: Path) -> Side:
    """`commit`'s course in a git worktree under `folder`, run by its own runner and package."""
    root = folder / "before"
    repository = paths.home()
    subprocess.run(["git", "-C", str(repository), "worktree", "add", "--detach", "--quiet", str(root), commit],
                   check=True)
    runners = sorted((root / "src").glob("aitrain/**/notebook_run.py"))
    if not runners:
        raise SystemExit(f"{commit} has no papermill runner (notebook_run.py) in src/aitrain.")
    runner = ".".join(runners[0].relative_to(root / "src").with_suffix("").parts)
    return Side(commit, root, runner, {"PYTHONPATH": str(root / "src"), "AITRAIN_HOME": str(root),
                                       "AITRAIN_DATASETS": str(root / "datasets")})


def check_side(side: Side, folder: Path) -> None:
    """Stop unless this side's kernel imports the side's own package and finds the side's course."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(
        "import aitrain, aitrain.paths\n"
        f"assert aitrain.__file__.startswith({str(side.root / 'src')!r}), aitrain.__file__\n"
        f"assert str(aitrain.paths.home()) == {str(side.root)!r}, aitrain.paths.home()")]
    probe = folder / f"probe-{side.name}.ipynb"
    nbformat.write(nb, probe)
    report, _, _ = run(probe, folder / side.name / probe.name, side)
    if report["status"] != "ok":
        raise SystemExit(f"The kernel for {side.name} does not run that version of aitrain: {report['error']}")


def remove_worktree(side: Side) -> None:
    subprocess.run(["git", "-C", str(paths.home()), "worktree", "remove", "--force", str(side.root)], check=False)


def measure(slugs: list[str], sides: list[Side], folder: Path, repeat: int) -> dict[tuple[str, str], Runs]:
    """Run every notebook `repeat` times, sides alternating in order from one round to the next."""
    floor = empty_notebook(folder)
    results: dict[tuple[str, str], Runs] = {}
    for i in range(repeat):
        order = sides if i % 2 == 0 else sides[::-1]
        for slug in [FLOOR, *slugs]:
            for side in order:
                runs = results.setdefault((slug, side.name), Runs())
                notebook = floor if slug == FLOOR else side.solution(slug)
                if not notebook.is_file():
                    runs.error = "no such notebook"
                    continue
                output = folder / side.name / f"{notebook.stem}-{i}.ipynb"
                run_once(notebook, output, side, runs)
    return results


def print_table(slugs: list[str], results: dict, repeat: int) -> None:
    floor = results[FLOOR, "now"]
    print(f"{'notebook':32} {'median s':>9} {'- floor':>8} {'CPU s':>6} {'- floor':>8} {'peak MB':>8}")
    total, total_cpu = 0.0, 0.0
    for slug in [FLOOR, *slugs]:
        runs = results[slug, "now"]
        note = f"  FAILED: {runs.error}" if runs.error else ""
        print(f"{slug:32} {runs.median():9.2f} {runs.median() - floor.median():8.2f} {runs.median_cpu():6.2f} "
              f"{runs.median_cpu() - floor.median_cpu():8.2f} {runs.peak_mb:8.0f}{note}")
        if slug != FLOOR:
            total, total_cpu = total + runs.median(), total_cpu + runs.median_cpu()
    print(f"{'all modules':32} {total:9.2f} {total - len(slugs) * floor.median():8.2f} {total_cpu:6.2f} "
          f"{total_cpu - len(slugs) * floor.median_cpu():8.2f}")
    print(f"({repeat} runs each; medians of wall and CPU time, maximum of peak kernel memory)")


def shown(notebook: Path) -> list[tuple[int, str, str]]:
    """What a run of a notebook showed: (cell number, kind, content) for each output.

    A cell's printed text is one entry per stream (its pieces, and where they fall among the cell's displays,
    depend on when the kernel flushed them); displays and errors follow in order.
    """
    found = []
    code = [cell for cell in nbformat.read(notebook, as_version=4).cells if cell.cell_type == "code"]
    for number, cell in enumerate(code, start=1):
        streams: dict[str, str] = {}
        displays = []
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                streams[output.name] = streams.get(output.name, "") + output.text
            elif output.output_type in ("execute_result", "display_data"):
                displays.extend((number, mime, data if isinstance(data, str) else json.dumps(data, sort_keys=True))
                                for mime, data in sorted(output.data.items()))
            elif output.output_type == "error":
                displays.append((number, "error", f"{output.ename}: {output.evalue}"))
        found.extend((number, name, text) for name, text in sorted(streams.items()))
        found.extend(displays)
    return found


def differences(old: Path, new: Path) -> list[str]:
    """The outputs that differ between two runs of a notebook, described in a line each."""
    if not (old.is_file() and new.is_file()):
        return ["not run"]
    before, after = shown(old), shown(new)
    found = []
    for (_, kind, was), (number, now_kind, now) in zip(before, after, strict=False):
        if (kind, was) != (now_kind, now):
            what = "a figure" if "image" in kind or "image" in now_kind else f"{kind} {was[:60]!r} -> {now[:60]!r}"
            found.append(f"cell {number}: {what}")
    if len(before) != len(after):
        found.append(f"{len(before)} outputs before, {len(after)} now")
    return found


def print_comparison(slugs: list[str], results: dict, commit: str, repeat: int, folder: Path) -> None:
    floors = {side: results[FLOOR, side] for side in (commit, "now")}
    print(f"{'':32} {'wall s: ' + commit:>26} {'wall s: now':>20} {'CPU s: ' + commit:>22} {'CPU s: now':>18}")
    print(f"{'notebook':32} {'median':>9} {'- floor':>8} {'median':>9} {'- floor':>8} {'change':>8} "
          f"{'median':>7} {'- floor':>7} {'median':>7} {'- floor':>7}")
    totals = {side: [0.0, 0.0] for side in floors}
    changed = {}
    for slug in [FLOOR, *slugs]:
        cells, notes = [], []
        if slug != FLOOR:
            changed[slug] = differences(folder / commit / f"{slug}-0.ipynb", folder / "now" / f"{slug}-0.ipynb")
            notes.append("same outputs" if not changed[slug] else f"{len(changed[slug])} outputs differ")
        for side in (commit, "now"):
            runs, floor = results[slug, side], floors[side]
            cells.append((runs.median(), runs.median() - floor.median(), runs.median_cpu(),
                          runs.median_cpu() - floor.median_cpu()))
            if runs.error:
                notes.append(f"{side} FAILED: {runs.error}")
            if slug != FLOOR:
                totals[side][0] += runs.median()
                totals[side][1] += runs.median_cpu()
        (old, old_extra, old_cpu, old_cpu_extra), (new, new_extra, new_cpu, new_cpu_extra) = cells
        print(f"{slug:32} {old:9.2f} {old_extra:8.2f} {new:9.2f} {new_extra:8.2f} {new - old:+8.2f} "
              f"{old_cpu:7.2f} {old_cpu_extra:7.2f} {new_cpu:7.2f} {new_cpu_extra:7.2f}"
              + ("  " + "; ".join(notes) if notes else ""))
    n = len(slugs)
    (old, old_cpu), (new, new_cpu) = totals[commit], totals["now"]
    old_floor, new_floor = floors[commit], floors["now"]
    print(f"{'all modules':32} {old:9.2f} {old - n * old_floor.median():8.2f} {new:9.2f} "
          f"{new - n * new_floor.median():8.2f} {new - old:+8.2f} {old_cpu:7.2f} "
          f"{old_cpu - n * old_floor.median_cpu():7.2f} {new_cpu:7.2f} {new_cpu - n * new_floor.median_cpu():7.2f}")
    print(f"({repeat} runs each, {commit} and now alternating; medians of wall and CPU time)")
    for slug, found in changed.items():
        for line in found[:3]:
            print(f"{slug}: {line}")
        if len(found) > 3:
            print(f"{slug}: ... and {len(found) - 3} more")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", metavar="COMMIT", help="also run this commit's notebooks, side by side")
    args = parser.parse_args()
    slugs = [m.slug for m in catalogue.find_modules(args.modules)]
    now = Side("now", paths.home())
    with tempfile.TemporaryDirectory(prefix="aitrain-bench-") as tmp:
        folder = Path(tmp)
        if not args.against:
            print_table(slugs, measure(slugs, [now], folder, args.repeat), args.repeat)
            return
        before = old_side(args.against, folder)
        try:
            for side in (before, now):
                check_side(side, folder)
            results = measure(slugs, [before, now], folder, args.repeat)
        finally:
            remove_worktree(before)
        print_comparison(slugs, results, args.against, args.repeat, folder)


if __name__ == "__main__":
    main()
