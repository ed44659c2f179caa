"""Benchmark: a module taught on the last day, graded during the open lab for a cohort of 60, through the
trainer's real commands, each timed: `aitrain collect` (an e-mail inbox of 60 attachments, all named
02-proxy-means-test (N).ipynb, placed by the name `aitrain lab` wrote in), `aitrain autograde --workers 2`
(sandboxed), marking the written answer (`aitrain mark`, every answer given a mark from its input),
`aitrain feedback`, `aitrain export` and `aitrain report`.

    .venv/bin/python benchmarks/trainer_day.py [--cohort 60] [--workers 2] [--module 02]

A third of the cohort answer every exercise, a third the first two, a third hand in the notebook untouched.
Timings depend on what else runs on the machine; say so when you quote them.
"""

import argparse
import copy
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from aitrain.base import catalogue
from aitrain.tooling.lab import name_notebook

SCRIPTS = [("Айгерім", "Сейітқали"), ("ნინო", "ბერიძე"), ("សុខា", "ចាន់"), ("Батбаяр", "Дорж"), ("Ana", "Lima"),
           ("Արամ", "Պետրոսյան")]


def cohort(module, size: int, folder: Path) -> tuple[Path, Path]:
    """A roster of `size` (names in several scripts) and an inbox of their notebooks, each named inside."""
    solution = nbformat.read(module.solution, as_version=4)
    release = nbformat.read(module.release, as_version=4)
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in solution.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    code = [g for g, _ in answers.items() if any(c.metadata.get("nbgrader", {}).get("grade_id") == g
                                                  and c.cell_type == "code" for c in solution.cells)]
    roster = ["id,first_name,last_name,email"]
    inbox = folder / "inbox"
    inbox.mkdir(parents=True)
    for i in range(size):
        first, last = SCRIPTS[i % len(SCRIPTS)]
        pid, name = f"p{i:03d}", (f"{first}{i}", last)
        roster.append(f"{pid},{name[0]},{name[1]},{pid}@example.org")
        nb = copy.deepcopy(release)
        wanted = {0: answers, 1: {g: answers[g] for g in code[:2]}, 2: {}}[i % 3]
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in wanted:
                cell.source = wanted[grade_id]
        path = inbox / f"{module.slug}{f' ({i})' if i else ''}.ipynb"
        nbformat.write(nb, path)
        name_notebook(path, " ".join(name))
    (folder / "roster.csv").write_text("\n".join(roster) + "\n", encoding="utf-8")
    return folder / "roster.csv", inbox


def aitrain(*args, stdin: str | None = None) -> float:
    """Run `aitrain ARGS`; its wall-clock seconds."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "aitrain", *map(str, args)], capture_output=True, text=True,
                          input=stdin)
    if done.returncode:
        raise SystemExit(f"aitrain {' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohort", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--module", default="02")
    args = parser.parse_args()
    module = catalogue.find_modules([args.module])[0]
    written = [c.metadata["nbgrader"]["grade_id"] for c in nbformat.read(module.solution, as_version=4).cells
               if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade")]
    with tempfile.TemporaryDirectory(prefix="aitrain-day-") as tmp:
        roster, inbox = cohort(module, args.cohort, Path(tmp))
        course = Path(tmp) / "course"
        aitrain("course", "init", course, "--roster", roster, "--module", args.module)
        c = ("--course", course)
        times = {"collect": aitrain("collect", args.module, *c, "--from", inbox),
                 f"autograde --workers {args.workers}": aitrain("autograde", args.module, *c,
                                                                "--workers", args.workers)}
        for grade_id in written:  # one mark per answer, typed as fast as the input comes
            times[f"mark --question {grade_id}"] = aitrain("mark", args.module, "--question", grade_id, *c,
                                                           stdin="2\n\n" * args.cohort)
        times["feedback"] = aitrain("feedback", args.module, *c)
        times["export"] = aitrain("export", *c, "--to", Path(tmp) / "grades.csv")
        times["report"] = aitrain("report", *c)
    print(f"cohort of {args.cohort} participants, module {module.slug}")
    for what, seconds in times.items():
        print(f"  aitrain {what}: {seconds:.0f} s")
    print(f"  all but marking: {sum(s for w, s in times.items() if not w.startswith('mark')):.0f} s")


if __name__ == "__main__":
    main()
