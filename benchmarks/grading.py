"""Benchmark: a cohort of 60 submissions of module 02 graded by plain sequential `nbgrader autograde` and by
`aitrain autograde --workers 2`, side by side in one run; and the per-submission cost of the sandbox.

    .venv/bin/python benchmarks/grading.py [--cohort 60] [--workers 2] [--repeats 3]

Timings depend on what else runs on the machine; say so when you quote them.
"""

import argparse
import copy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from aitrain.base import catalogue
from aitrain.base.nbgrader_stages import ensure_tools_on_path
from aitrain.grading import autograde, course_directory, intake, integrity
from aitrain.grading.runner import run_submission

CONFIG = """from aitrain.base.nbgrader_stages import configure
c = get_config()
c.CourseDirectory.course_id = "bench"
configure(c)
"""


def cohort(module, size: int) -> dict[str, nbformat.NotebookNode]:
    """A third correct, a third partial (first two exercises answered), a third blank."""
    solution = nbformat.read(module.solution, as_version=4)
    release = nbformat.read(module.release, as_version=4)
    partial = copy.deepcopy(release)
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in solution.cells
               if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"}
    for cell in partial.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in list(answers)[:2]:
            cell.source = answers[gid]
    kinds = [solution, partial, release]
    return {f"p{i:03d}": kinds[i % 3] for i in range(size)}


def plain_nbgrader(module, notebooks, root: Path) -> float:
    (root / "source").mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(CONFIG)
    (root / "source" / module.slug).symlink_to(module.solution.parent)
    run = [sys.executable, "-m", "nbgrader"]
    subprocess.run([*run, "generate_assignment", module.slug, "--force"], cwd=root, check=True, capture_output=True)
    for student, nb in notebooks.items():
        folder = root / "submitted" / student / module.slug
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / module.notebook_name)
    started = time.perf_counter()
    subprocess.run([*run, "autograde", module.slug, "--force", "--create"], cwd=root, check=True,
                   capture_output=True)
    return time.perf_counter() - started


def with_aitrain(module, notebooks, root: Path, workers: int) -> float:
    roster = root / "roster.csv"
    root.mkdir(parents=True)
    roster.write_text("id\n" + "\n".join(notebooks) + "\n")
    course_dir = course_directory.init(root / "course", roster=roster)
    inbox = root / "inbox"
    inbox.mkdir()
    for student, nb in notebooks.items():
        nbformat.write(nb, inbox / f"{student}.ipynb")
    intake.collect(course_dir, module, inbox)
    started = time.perf_counter()
    outcomes = autograde.autograde(course_dir, module, workers=workers)
    seconds = time.perf_counter() - started
    bad = [o for o in outcomes if o.status != "graded"]
    assert not bad, bad
    return seconds


def sandbox_cost(module, repeats: int) -> tuple[float, float]:
    nb = nbformat.reads(nbformat.writes(nbformat.read(module.solution, as_version=4)), as_version=4)
    import json

    raw = json.loads(nbformat.writes(nb))
    imports = integrity.course_imports(nbformat.read(module.release, as_version=4))
    times = {True: [], False: []}
    for _ in range(repeats):
        for sandboxed in (True, False):
            started = time.perf_counter()
            result = run_submission(raw, sandboxed=sandboxed, imports=imports)
            assert not result.problems and not result.tampering, (result.problems, result.tampering)
            times[sandboxed].append(time.perf_counter() - started)
    return statistics.median(times[True]), statistics.median(times[False])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohort", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    ensure_tools_on_path()
    module = catalogue.find_modules(["02"])[0]
    notebooks = cohort(module, args.cohort)
    with tempfile.TemporaryDirectory(prefix="aitrain-bench-") as tmp:
        sequential = plain_nbgrader(module, notebooks, Path(tmp) / "nbgrader")
        parallel = with_aitrain(module, notebooks, Path(tmp) / "aitrain", args.workers)
    boxed, bare = sandbox_cost(module, args.repeats)
    print(f"cohort of {args.cohort} submissions of {module.slug}")
    print(f"plain nbgrader autograde (sequential): {sequential:.1f} s")
    print(f"aitrain autograde --workers {args.workers} (sandboxed): {parallel:.1f} s")
    print(f"speed-up: {sequential / parallel:.2f}x")
    print(f"one submission, median of {args.repeats}: sandboxed {boxed:.2f} s, unsandboxed {bare:.2f} s, "
          f"sandbox cost {100 * (boxed / bare - 1):+.0f}%")


if __name__ == "__main__":
    main()
