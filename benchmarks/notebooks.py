"""Benchmark: median wall time and peak memory of each solution notebook, beside the floor.

The floor is an empty notebook (kernel start and run of one trivial cell), measured in the same run, so the
figures can be read as "notebook cost = median - floor". Usage:

    python benchmarks/notebooks.py [--repeat 3] [MODULE ...]
"""

import argparse
import statistics
import tempfile
from pathlib import Path

import nbformat

from aitrain.base import catalogue
from aitrain.tooling.notebook_run import run_notebook


def empty_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("seed = 0", metadata={"tags": ["parameters"]})]
    path = folder / "floor.ipynb"
    nbformat.write(nb, path)
    return path


def measure(notebook: Path, folder: Path, repeat: int) -> tuple[float, float, str]:
    times, peaks = [], []
    for i in range(repeat):
        result = run_notebook(notebook, folder / f"{notebook.stem}-{i}.ipynb")
        if not result.ok:
            return float("nan"), float("nan"), result.error
        times.append(result.seconds)
        peaks.append(result.peak_mb)
    return statistics.median(times), max(peaks), ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    modules = catalogue.find_modules(args.modules)
    with tempfile.TemporaryDirectory(prefix="aitrain-bench-") as tmp:
        folder = Path(tmp)
        floor_time, floor_mb, _ = measure(empty_notebook(folder), folder, args.repeat)
        print(f"{'notebook':32} {'median s':>9} {'minus floor':>12} {'peak MB':>8}")
        print(f"{'(floor: empty notebook)':32} {floor_time:9.2f} {0:12.2f} {floor_mb:8.0f}")
        for m in modules:
            median, peak, error = measure(m.solution, folder, args.repeat)
            note = f"  FAILED: {error}" if error else ""
            print(f"{m.slug:32} {median:9.2f} {median - floor_time:12.2f} {peak:8.0f}{note}")
    print(f"({args.repeat} runs each; medians of wall time, maximum of peak kernel memory)")


if __name__ == "__main__":
    main()
