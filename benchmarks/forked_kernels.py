"""Benchmark: what a notebook execution costs the test suite, started fresh (aitrain.tooling.notebook_run, as
`aitrain run` does) and forked from the test workers' warm process (tests/forked_kernels.py), side by side.

Each module's solution notebook is executed in turn both ways (fresh, forked, then forked, fresh, ...), so both
share the machine's load; CPU seconds are those of the execution's processes and its kernel (for the forked one,
the forked process and its kernel, not the forkserver's one-off imports, which are shown apart). Usage:

    python benchmarks/forked_kernels.py [--repeat 3] [MODULE ...]
"""

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import forked_kernels  # noqa: E402

from aitrain.base import catalogue  # noqa: E402
from aitrain.tooling import notebook_run  # noqa: E402


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def fresh(notebook: Path, output: Path) -> tuple[float, float, bool]:
    cpu, start = _children_cpu(), time.perf_counter()
    run = notebook_run.run_notebook(notebook, output)
    return _children_cpu() - cpu, time.perf_counter() - start, run.ok


def forked(notebook: Path, output: Path) -> tuple[float, float, bool]:
    cpu, start = forked_kernels.cpu_seconds, time.perf_counter()
    run = forked_kernels.run_notebook(notebook, output)
    return forked_kernels.cpu_seconds - cpu, time.perf_counter() - start, run.ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=["02", "05", "12", "13"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    modules = catalogue.find_modules(args.modules)
    with tempfile.TemporaryDirectory() as tmp:
        forked_kernels.call(int)  # starts the forkserver: its imports are paid once per test worker
        print("The forkserver's own imports are paid once per test worker and are not counted below.")
        print(f"{'module':28} {'fresh CPU-s':>11} {'forked CPU-s':>12} {'saved':>6} {'fresh s':>8} {'forked s':>9}")
        totals = [0.0, 0.0]
        for module in modules:
            runs = {"fresh": [], "forked": []}
            for i in range(args.repeat):
                order = (("fresh", fresh), ("forked", forked)) if i % 2 == 0 else (("forked", forked), ("fresh", fresh))
                for name, how in order:
                    seconds = how(module.solution, Path(tmp) / f"{module.id}-{name}-{i}" / module.notebook_name)
                    assert seconds[2], f"{module.slug} did not run {name}"
                    runs[name].append(seconds)
            old, new = (statistics.median(r[0] for r in runs[k]) for k in ("fresh", "forked"))
            wall_old, wall_new = (statistics.median(r[1] for r in runs[k]) for k in ("fresh", "forked"))
            totals[0] += old
            totals[1] += new
            print(f"{module.slug:28} {old:11.1f} {new:12.1f} {1 - new / old:6.0%} {wall_old:8.1f} {wall_new:9.1f}")
        print(f"{'total (medians)':28} {totals[0]:11.1f} {totals[1]:12.1f} {1 - totals[1] / totals[0]:6.0%}")


if __name__ == "__main__":
    main()
