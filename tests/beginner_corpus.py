"""The beginner-mistakes corpus: realistic wrong answers per exercise, run in a real kernel.

tests/corpus/<module>.yaml maps each exercise's grade id to a list of mistakes:

    ex1-latest-year:
      - code: latest_year = fertility["Year"].max()     # what the participant types in the exercise cell
        says: [no column called, capital letters]       # phrases the feedback must contain (any case)

`correct: true` marks an equivalent right answer (it must pass). Every exercise also gets its blank cell,
as released to participants, and the wrong answers its solution cell lists in its metadata (their feedback
must have a hint). One kernel per module runs the solution notebook once (an execution the papermill checks
and the round trip share: tests/notebook_cache.py), then each mistake: the exercise's variables are removed,
the mistake runs in place of the solution cell, then the check and every teaching cell that uses the answer.
A mistake's feedback is the explanation under the exercise cell and the check's message. The run fails on a
leak (solution code, or the answer's value at display precision), a traceback shown before the plain
explanation, a teaching cell that crashes; a mistake whose feedback lacks a `says` phrase is counted as not
specific. Run `python tests/beginner_corpus.py` for the measurement.

Each mistake is also tried in Russian (the kernel switched with aitrain.i18n.use_language): its feedback must
be in Russian, with no message missing from the catalogues, no English sentence and no leak.
"""

import contextlib
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml
from answer_code import answers, choice_options, exercise_module, leaked_code, normalise, without_option_lists
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from notebook_cache import NotebookCache
from notebook_cells import downstream, nbgrader_meta, read

from aitrain.base.edition import Edition
from aitrain.tooling import mutants, notebook_run
from aitrain.tooling.notebook_run import NotebookRun

CORPUS = Path(__file__).parent / "corpus"
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
ENGLISH_SENTENCE = re.compile(r"(?:\b[A-Za-z][A-Za-z'-]+[ ,;:]+){3}[A-Za-z][A-Za-z'-]+")
RUSSIAN_ON = "from aitrain.i18n import use_language as _use\n_use('ru')\ndel _use"
RUSSIAN_OFF = ("import json as _json\nimport aitrain.i18n as _i18n\nprint(_json.dumps(sorted(_i18n.missing)))\n"
               "_i18n.missing.clear()\n_i18n.use_language('en')\ndel _i18n")


def _markers(message: str) -> tuple[str, ...]:
    """A fixed text of the error explanation, in English and in Russian."""
    from aitrain import i18n

    return (message, i18n.translations("ru").get(message, message))
ANSI = re.compile(r"\x1b\[[0-9;]*m")
MAX_ERROR_LINES = 3  # what an error output may show besides the explanation above it


@dataclass
class Outcome:
    grade_id: str
    code: str
    feedback: str = ""
    specific: bool = True
    stopped: bool = False  # the mistake's own cell stopped with an error
    problems: list[str] = field(default_factory=list)  # leaks, raw tracebacks, crashes, a refused right answer


def corpus_of(slug: str) -> dict:
    path = CORPUS / f"{slug}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def _text(outputs) -> tuple[str, list[str]]:
    """(the text a participant reads, problems with how errors are shown)."""
    parts, problems, explained = [], [], False
    for out in outputs:
        if out.get("output_type") == "error":
            lines = [ANSI.sub("", line) for line in out.get("traceback", [])]
            if out["ename"] not in ("NotYet", "NotReady"):
                shown = "\n".join(lines).count("\n") + 1
                if not explained or shown > MAX_ERROR_LINES:
                    problems.append(f"raw traceback ({out['ename']}, {shown} lines, explained: {explained})")
            parts.append(ANSI.sub("", out.get("evalue", "")))
        elif out.get("output_type") == "display_data":
            text = out.get("data", {}).get("text/plain", "")
            if any(m in text for m in _markers("What went wrong:")):
                explained = True
                for marker in _markers("Technical details (the full error message)"):
                    text = text.split(f"--- {marker}")[0]
            parts.append(text)
        elif out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
    return "\n".join(parts), problems


def _errors(cell) -> list[dict]:
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def _shown_values(value) -> list[str]:
    """How a notebook would print an answer's value (only forms long enough to be telling): a text answer (a
    column's name, a pattern) as it is."""
    if isinstance(value, str):
        return [value] if len(value) >= 4 else []
    if isinstance(value, bool) or not isinstance(value, int | float):
        return []
    if isinstance(value, int) or float(value).is_integer():
        return [str(int(value))] if abs(value) >= 10 else []
    return [s for s in (f"{value:.2f}", f"{value:.3f}", f"{value:.4f}", f"{value:.1%}") if len(s) >= 4]


def _shows(text: str, value: str) -> bool:
    """Whether feedback shows an answer's value (as a notebook prints it) outside a listing of every option of a
    choice ("North", "East", "South" or "West"), which gives nothing away."""
    return bool(re.search(rf"(?<![\d.]){re.escape(value)}(?!\d)", without_option_lists(text)))


def run_module(module, workdir: Path, cache: NotebookCache | None = None,
               generated: list | None = None) -> list[Outcome]:
    """Run the corpus of one module (or of WELCOME) in one kernel; return one outcome per mistake. The solution's
    execution, run first in that kernel, is stored in `cache` for the other tests. With `generated` (a list),
    each exercise's generated mistakes (aitrain.tooling.mutants) run in the same kernel too, their results
    appended to it."""
    if module == "WELCOME":
        return _run_welcome(workdir, generated)
    corpus = corpus_of(module.slug)
    nb = read(module.solution)
    pristine = read(module.solution)
    blanks = _blanks(module)
    found = answers(module.solution)
    options = choice_options(exercise_module(pristine))  # naming every option of a choice is no leak
    needs = downstream(pristine)
    mutant_runs = {run.index: run for run in mutants.exercise_runs(module, pristine)}
    client = NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=False,
                            resources={"metadata": {"path": str(workdir)}})
    outcomes = []
    with client.setup_kernel(env=notebook_run.kernel_environment()):
        run = _run_solution(client, module.solution, cache)
        assert run.ok, f"the solution did not run: {run.error}"
        failed = [(i, _errors(c)) for i, c in enumerate(nb.cells) if _errors(c)]
        assert not failed, f"solution cell {failed[0][0]} failed: {failed[0][1]}"
        client.allow_errors = True  # from here on, the mistakes' errors are what is checked
        for answer in found:
            stored = sorted(set(answer.checker.variables) & _stored_names(pristine.cells[answer.index].source))
            probe = nbformat.v4.new_code_cell(
                "import json as _json\nprint(_json.dumps({_v: (float(globals()[_v]) if isinstance(globals()[_v], "
                "(int, float)) or type(globals()[_v]).__module__ == 'numpy' and hasattr(globals()[_v], '__float__') "
                f"else str(globals()[_v]) if isinstance(globals()[_v], str) else None) for _v in {stored!r}}}, "
                "default=str))")
            client.execute_cell(probe, answer.index)
            values = json.loads(probe.outputs[0]["text"]) if probe.outputs and "text" in probe.outputs[0] else {}
            shown = [s for v in values.values() if v is not None and v not in options for s in _shown_values(v)]
            test = pristine.cells[nb_test_index(pristine, answer.index)].source.split("### BEGIN HIDDEN TESTS")[0]
            later = sorted(i for i, n in needs.items() if answer.checker_name in n)
            blank = blanks[answer.grade_id]
            says = ["placeholder"] if "= ..." in blank else ["not exist yet"]  # a decision: `name = ...`
            mistakes = [{"code": blank, "says": says, "blank": True}] + list(corpus.get(answer.grade_id, []))
            mistakes += _listed_wrong_answers(pristine.cells[answer.index], mistakes)
            for mistake in mistakes:
                outcome = _try(client, mistake, answer, stored, test, later, pristine, shown)
                outcome.problems += _in_russian(client, mistake, answer, stored, test, shown, outcome)
                outcomes.append(outcome)
            if generated is not None:
                generated += mutant_runs[answer.index].run(client)
            restore = nbformat.v4.new_code_cell(pristine.cells[answer.index].source)
            client.execute_cell(restore, answer.index)
            assert not _errors(restore), _errors(restore)
    return outcomes


def run_with_generated(module, workdir: Path, cache: NotebookCache | None = None) -> tuple[list, list]:
    """(the corpus's outcomes, the generated mistakes' results) of one module, run in one kernel."""
    generated: list = []
    return run_module(module, workdir, cache, generated), generated


def _blanks(module) -> dict[str, str]:
    """What each exercise's cell holds in the participant's notebook, by grade id: the source has the exercises of
    every path the module has, each released in its path's own notebook (a policy decision is `name = ...`)."""
    return {nbgrader_meta(cell)["grade_id"]: cell.source for path in module.paths
            for cell in read(Edition(path=path).release(module)).cells if nbgrader_meta(cell).get("solution")}


def _run_solution(client, solution: Path, cache: NotebookCache | None) -> NotebookRun:
    """Execute every cell of the solution notebook in the corpus's kernel, as papermill would (stopping at the
    first error), measuring the kernel's peak memory; store the execution in the run's notebook cache, where the
    papermill checks and the round trip read it instead of executing the notebook again."""
    started = time.perf_counter()
    status, error = "ok", ""
    with cache.lock(solution) if cache else contextlib.nullcontext():
        for index, cell in enumerate(client.nb.cells):
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as exc:
                status, error = "failed", f"cell {index}: {exc.ename}: {exc.evalue}"[:500]
                break
        run = NotebookRun(str(solution), "", status, time.perf_counter() - started, _peak_mb(client), error)
        if cache and cache.get(solution) is None:
            cache.put(solution, client.nb, run)
    return run


def _peak_mb(client) -> float:
    """The kernel's peak resident memory so far (what papermill's run measures once the kernel has exited)."""
    status = Path(f"/proc/{client.km.provisioner.pid}/status").read_text()
    return round(int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1)) / 1024, 1)


def _russian_feedback(outputs) -> str:
    """What the course itself says in a cell's outputs (the check, the plain explanation), not Python's own
    error line nor what the participant's code printed."""
    parts = []
    for out in outputs:
        if out.get("output_type") == "error" and out["ename"] in ("NotYet", "NotReady"):
            parts.append(ANSI.sub("", out.get("evalue", "")))
        elif out.get("output_type") == "display_data":
            text = out.get("data", {}).get("text/plain", "")
            for marker in _markers("Technical details (the full error message)"):
                text = text.split(f"--- {marker}")[0]
            parts.append("\n".join(line for line in text.splitlines() if not line.startswith("\u26a0")))
    return "\n".join(parts)


def english_left(text: str) -> str:
    """An English sentence in a Russian message, outside code (backticks) and quoted names ("" if none)."""
    prose = re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"", " ", text)
    found = ENGLISH_SENTENCE.search(prose)
    return found.group(0) if found else ""


def _in_russian(client, mistake, answer, stored, test_source, shown, outcome) -> list[str]:
    """Check the mistake again with the kernel speaking Russian (running the mistake again only when it stopped
    with an error, whose explanation is then read); return what is wrong with the Russian feedback."""
    rerun = outcome.stopped
    if rerun:
        _reset(client, stored, answer.index)
    client.execute_cell(nbformat.v4.new_code_cell(RUSSIAN_ON), answer.index)
    trial = nbformat.v4.new_code_cell(mistake["code"] if rerun else "")
    client.execute_cell(trial, answer.index)
    check = nbformat.v4.new_code_cell(test_source)
    client.execute_cell(check, answer.index + 1)
    probe = nbformat.v4.new_code_cell(RUSSIAN_OFF)
    client.execute_cell(probe, answer.index + 1)
    feedback = _russian_feedback(trial.outputs) + "\n" + _russian_feedback(check.outputs)
    problems = [p for p in _text(trial.outputs)[1] + _text(check.outputs)[1]]
    missing = json.loads(probe.outputs[0]["text"]) if probe.outputs and "text" in probe.outputs[0] else ["?"]
    if missing:
        problems.append(f"messages missing from the Russian catalogues: {missing}")
    if _errors(check) and not CYRILLIC.search(_russian_feedback(check.outputs)):
        problems.append("the check's message is not in Russian")
    if english_left(feedback):
        problems.append(f"English left in the Russian feedback: {english_left(feedback)!r}")
    leak = leaked_code(feedback, answer.code)
    if leak and leak not in normalise(mistake["code"]):
        problems.append(f"leak of the solution code {leak!r}")
    problems += [f"leak of the answer's value {v}" for v in shown
                 if _shows(feedback, v) and v not in mistake["code"]]
    return [f"in Russian: {p}" for p in problems]


def _listed_wrong_answers(cell, mistakes) -> list[dict]:
    """The solution cell's `wrong_answers` metadata not already in the corpus: each needs feedback with a hint."""
    known = {normalise(m["code"]) for m in mistakes}
    listed = cell.metadata.get("aitrain", {}).get("wrong_answers", [])
    return [{"code": code, "says": ["hint"]} for code in listed if normalise(code) not in known]


def nb_test_index(nb, solution_index: int) -> int:
    from notebook_cells import exercises

    return next(e.tests[0][0] for e in exercises(nb) if e.index == solution_index)


def _stored_names(source: str) -> set[str]:
    import ast

    return {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)} | \
        {n.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)}


def _reset(client, names, index) -> None:
    cell = nbformat.v4.new_code_cell(
        f"for _v in {names!r}:\n    globals().pop(_v, None)\nimport aitrain.feedback as _f\n"
        "_f._STATE['waiting'].clear()\ndel _v, _f")
    client.execute_cell(cell, index)
    assert not _errors(cell), _errors(cell)


def _try(client, mistake, answer, stored, test_source, later, pristine, shown) -> Outcome:
    outcome = Outcome(answer.grade_id, mistake["code"])
    _reset(client, stored, answer.index)
    trial = nbformat.v4.new_code_cell(mistake["code"])
    client.execute_cell(trial, answer.index)
    outcome.stopped = bool(_errors(trial))
    explained, problems = _text(trial.outputs)
    outcome.problems += problems
    check = nbformat.v4.new_code_cell(test_source)
    client.execute_cell(check, answer.index + 1)
    message, problems = _text(check.outputs)
    outcome.problems += problems
    outcome.feedback = (explained + "\n" + message).strip()
    passed = not _errors(check)
    if mistake.get("correct"):
        if not passed:
            outcome.problems.append("a right answer was refused")
    elif passed:
        outcome.problems.append("a wrong answer passed its check")
    elif not any(e["ename"] == "NotYet" for e in _errors(check)):
        outcome.problems.append(f"the check crashed: {_errors(check)[0]['ename']}")
    hints = "\n".join(answer.checker.hints)
    for text in (outcome.feedback, hints):
        leak = leaked_code(text, answer.code)
        if leak and leak not in normalise(mistake["code"]):  # the participant's own line, shown back, is no leak
            outcome.problems.append(f"leak of the solution code {leak!r}")
        for value in shown:
            if _shows(text, value) and value not in mistake["code"]:
                outcome.problems.append(f"leak of the answer's value {value}")
    lowered = outcome.feedback.lower()
    says = mistake.get("says") or []
    outcome.specific = all(phrase.lower() in lowered for phrase in says) and bool(says or mistake.get("correct"))
    ran_through = []
    for index in later:
        cell = nbformat.v4.new_code_cell(pristine.cells[index].source)
        client.execute_cell(cell, index)
        errors = _errors(cell)
        if errors and errors[0]["ename"] != "NotReady":
            outcome.problems.append(f"teaching cell {index} crashed with {errors[0]['ename']}")
        if not errors:
            ran_through.append(index)
    if ran_through:  # the mistake's values reached teaching cells: put the right ones back
        client.execute_cell(nbformat.v4.new_code_cell(pristine.cells[answer.index].source), answer.index)
        for index in ran_through:
            client.execute_cell(nbformat.v4.new_code_cell(pristine.cells[index].source), index)
    return outcome


def _run_welcome(workdir: Path, generated: list | None = None) -> list[Outcome]:
    """WELCOME's practice exercise (no solution cell: its answer is RECEIVING / HOUSEHOLDS)."""
    from answer_code import Answer

    from aitrain.exercises import welcome as practice
    from aitrain.tooling import welcome_notebook as welcome

    nb = mutants.welcome_notebook()
    client = NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=True,
                            resources={"metadata": {"path": str(workdir)}})
    answer = Answer("practice", practice.practice, 2, [normalise("300 / 1200"), normalise("300/1200")])
    answer.checker_name = "practice"
    value = practice.RECEIVING / practice.HOUSEHOLDS
    mistakes = [{"code": welcome.PRACTICE_CODE, "says": ["placeholder"], "blank": True}] + \
        corpus_of("WELCOME").get("practice", [])
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells[:2]):
            client.execute_cell(cell, index)
        outcomes = []
        for mistake in mistakes:
            outcome = _try(client, mistake, answer, ["share"], welcome.PRACTICE_CHECK, [], nb, _shown_values(value))
            outcome.problems += _in_russian(client, mistake, answer, ["share"], welcome.PRACTICE_CHECK,
                                            _shown_values(value), outcome)
            outcomes.append(outcome)
        if generated is not None:
            generated += mutants.welcome_exercise().run(client)
        return outcomes


def summary(outcomes: list[Outcome]) -> str:
    total = len(outcomes)
    specific = sum(o.specific and not o.problems for o in outcomes)
    leaks = sum(any(p.startswith("leak") for p in o.problems) for o in outcomes)
    raw = sum(any(p.startswith("raw traceback") for p in o.problems) for o in outcomes)
    crashes = sum(any("crashed" in p for p in o.problems) for o in outcomes)
    return (f"{total} mistakes: {specific} ({specific / max(total, 1):.1%}) with a specific, correct message; "
            f"{leaks} leaks; {raw} raw tracebacks; {crashes} crashes")


def main(slugs: list[str]) -> int:
    import tempfile
    import time

    from aitrain.base import catalogue

    modules = ["WELCOME"] + [m for m in catalogue.all_modules()]
    if slugs:
        modules = [m for m in modules if (m if m == "WELCOME" else m.slug) in slugs or
                   (m != "WELCOME" and m.id in slugs)]
    everything = []
    for module in modules:
        start = time.monotonic()
        with tempfile.TemporaryDirectory() as tmp:
            outcomes = run_module(module, Path(tmp))
        everything += outcomes
        name = module if module == "WELCOME" else module.slug
        print(f"{name}: {summary(outcomes)} ({time.monotonic() - start:.0f} s)")
        for o in outcomes:
            if o.problems or not o.specific:
                print(f"  {o.grade_id}: {o.code!r}\n    -> {o.feedback!r}\n    problems: {o.problems}")
    print("TOTAL:", summary(everything))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main(sys.argv[1:]))
