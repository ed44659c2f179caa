"""Every exercise's beginner mistakes (tests/corpus/*.yaml, the blank cell and the mistakes generated from its
solution) get the feedback they need.

One kernel per module (forked: tests/forked_kernels.py); its execution of the solution is stored for the
papermill checks and the round trip (tests/notebook_cache.py). Fails on a leak, a traceback shown before the
plain explanation, a teaching cell that crashes, a right answer refused or a wrong one accepted, and when more
than 5% of the module's mistakes get a message that does not name their problem.
`python tests/beginner_corpus.py [module ...]` prints the same measurement for the whole course.

The generated mistakes (aitrain.tooling.mutants: swapped arguments, x100, the training set, a dropped filter...)
run in the same kernel, after each exercise's corpus. Their target is the issue's: at least 90% with a specific
message, none misleading, no leak, crash or raw traceback. Until every module reaches it, tests/mutant_floors.yaml
holds the level each module has reached, a floor that only rises: the test fails below it (raise a floor when
`aitrain mutants NN` reports more). `aitrain mutants NN` prints the report. tests/misleading.yaml lists messages
a reader judged misleading for one mutant each; they must not come back.
"""

from pathlib import Path

import forked_kernels
import pytest
import yaml
from beginner_corpus import run_with_generated, summary

from aitrain.base import catalogue
from aitrain.tooling import mutants

pytestmark = pytest.mark.slow

SUBJECTS = ["WELCOME"] + catalogue.all_modules()
FLOORS = yaml.safe_load((Path(__file__).parent / "mutant_floors.yaml").read_text(encoding="utf-8"))
JUDGED = yaml.safe_load((Path(__file__).parent / "misleading.yaml").read_text(encoding="utf-8"))
_RUNS: dict[str, tuple[list, list]] = {}  # module -> (corpus outcomes, generated mistakes' results), per process


def _run(subject, workdir, cache) -> tuple[list, list]:
    """The module's corpus and generated mistakes, run once per test process in one kernel."""
    name = subject if subject == "WELCOME" else subject.slug
    if name not in _RUNS:
        _RUNS[name] = forked_kernels.call(run_with_generated, subject, workdir, cache)
    return _RUNS[name]


@pytest.mark.parametrize("subject", SUBJECTS, ids=["WELCOME"] + [m.slug for m in SUBJECTS[1:]])
def test_beginner_mistakes_get_specific_feedback(subject, elsewhere, notebook_cache):
    outcomes, _generated = _run(subject, elsewhere, notebook_cache)
    problems = [f"{o.grade_id}: {o.code!r}: {p}" for o in outcomes for p in o.problems]
    assert not problems, "\n".join(problems)
    vague = [f"{o.grade_id}: {o.code!r}\n  -> {o.feedback!r}" for o in outcomes if not o.specific]
    assert len(vague) <= 0.05 * len(outcomes), summary(outcomes) + "\n" + "\n".join(vague)


@pytest.mark.parametrize("subject", SUBJECTS, ids=["WELCOME"] + [m.slug for m in SUBJECTS[1:]])
def test_generated_mistakes_get_specific_feedback(subject, elsewhere, notebook_cache):
    _outcomes, results = _run(subject, elsewhere, notebook_cache)
    assert results, "no mistake was generated from the module's solutions"
    name = subject if subject == "WELCOME" else subject.slug
    tally = mutants.tally(name, results)
    print(mutants.report(results))  # shown by `pytest -rP`
    floor = FLOORS.get(name, {})
    lowest = min(mutants.TARGET, floor.get("specific", 100) / 100)
    below = [f"{tally.specific_share:.1%} specific, below {lowest:.0%}"] if tally.specific_share < lowest else []
    below += [f"{tally.verdicts[v]} {v}, more than {floor.get(v, 0)}" for v in mutants.FAILURES
              if tally.verdicts[v] > floor.get(v, 0)]
    assert not below, "; ".join(below) + "\n" + mutants.report(results)
    for judged in (j for j in JUDGED if j["module"] == name):  # messages a reader judged misleading, not back
        found = [r for r in results if r.grade_id == judged["exercise"]
                 and mutants.normalised(judged["mutant"]) in mutants.normalised(r.code)]
        assert found, f"tests/misleading.yaml: no mutant of {judged['exercise']} holds {judged['mutant']!r} any more"
        again = [r.feedback for r in found if judged["phrase"].lower() in r.feedback.lower()]
        assert not again, f"judged misleading ({judged['why']}), and said again:\n{again[0]}"
