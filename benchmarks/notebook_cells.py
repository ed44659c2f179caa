"""Profile: where a solution notebook's time goes, cell by cell (wall and CPU time in the kernel).

Runs each notebook once in a fresh kernel with IPython's pre/post cell hooks timing every cell (a cell's
time includes drawing its figures), and prints the cells by cost. CPU time is the kernel process's (all its
threads), so it is less disturbed than wall time by other work on the machine. With --profile the kernel
also runs cProfile over all cells and prints the top functions by cumulative time. Usage:

    python benchmarks/notebook_cells.py [--top 3] [--profile 25] [MODULE ...]
"""

import argparse
import json
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from aitrain.base import catalogue

START = """\
import json as _j, time as _t
_cells = []
def _pre(info):
    _cells.append([info.raw_cell, _t.perf_counter(), _t.process_time()])
def _post(result):
    _c = _cells[-1]
    _c[1], _c[2] = _t.perf_counter() - _c[1], _t.process_time() - _c[2]
get_ipython().events.register("pre_run_cell", _pre)
get_ipython().events.register("post_run_cell", _post)
"""
PROFILE = """\
import cProfile as _cp
_prof = _cp.Profile()
_prof.enable()
"""
END = """\
get_ipython().events.unregister("pre_run_cell", _pre)
get_ipython().events.unregister("post_run_cell", _post)
print(_j.dumps(_cells[:-1]))
"""
PROFILE_END = """\
_prof.disable()
import pstats as _ps
_prof.dump_stats({stats!r})
_ps.Stats(_prof).sort_stats("cumulative").print_stats({top})
"""


def profile(notebook: Path, top_functions: int, stats: Path | None = None) -> tuple[float, list, str]:
    """(seconds from kernel start to the first cell, [[source, wall, cpu] per cell], cProfile text).

    With `top_functions`, cProfile runs over the cells; its statistics are saved in `stats` if given."""
    nb = nbformat.read(notebook, as_version=4)
    first = [nbformat.v4.new_code_cell(START)]
    if top_functions:
        first.append(nbformat.v4.new_code_cell(PROFILE))
    last = [nbformat.v4.new_code_cell(END)]
    if top_functions:
        end = PROFILE_END.format(top=top_functions, stats=str(stats or "/dev/null"))
        last.insert(0, nbformat.v4.new_code_cell(end))
    nb.cells = first + nb.cells + last
    with tempfile.TemporaryDirectory(prefix="aitrain-cells-") as tmp:
        client = NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": tmp}}, timeout=600)
        start = time.perf_counter()
        with client.setup_kernel():
            started = time.perf_counter() - start
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
    cells = json.loads(nb.cells[-1].outputs[0]["text"])
    cells = [c for c in cells if not c[0].startswith(("import cProfile", "_prof.disable"))]
    text = nb.cells[-2].outputs[0]["text"] if top_functions else ""
    return started, cells, text


def first_line(source: str) -> str:
    lines = [line for line in source.splitlines() if line.strip() and not line.startswith("#")]
    return (lines[0] if lines else "")[:70]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*")
    parser.add_argument("--top", type=int, default=3, help="cells to list per notebook (0: all)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile's top N functions")
    parser.add_argument("--stats", type=Path, metavar="DIR", help="with --profile, save each module's statistics "
                        "in DIR/<module>.prof (read them with python -m pstats)")
    args = parser.parse_args()
    for m in catalogue.find_modules(args.modules):
        stats = args.stats / f"{m.slug}.prof" if args.stats else None
        if stats:
            stats.parent.mkdir(parents=True, exist_ok=True)
        started, cells, text = profile(m.solution, args.profile, stats.resolve() if stats else None)
        wall, cpu = sum(c[1] for c in cells), sum(c[2] for c in cells)
        print(f"{m.slug}: kernel start {started:.2f} s, cells {wall:.2f} s wall, {cpu:.2f} s CPU")
        ranked = sorted(enumerate(cells, 1), key=lambda ic: -ic[1][1])
        for index, (source, w, c) in ranked[:args.top or None]:
            print(f"    cell {index:2} {w:6.2f} s wall {c:6.2f} s CPU  {first_line(source)}")
        if text:
            print(text)


if __name__ == "__main__":
    main()
