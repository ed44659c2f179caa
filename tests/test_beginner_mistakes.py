"""Every exercise's beginner mistakes (tests/corpus/*.yaml and the blank cell) get the feedback they need.

One kernel per module (forked: tests/forked_kernels.py); its execution of the solution is stored for the
papermill checks and the round trip (tests/notebook_cache.py). Fails on a leak, a traceback shown before the
plain explanation, a teaching cell that crashes, a right answer refused or a wrong one accepted, and when more
than 5% of the module's mistakes get a message that does not name their problem.
`python tests/beginner_corpus.py [module ...]` prints the same measurement for the whole course.
"""

import forked_kernels
import pytest
from beginner_corpus import run_module, summary

from aitrain.base import catalogue

pytestmark = pytest.mark.slow

SUBJECTS = ["WELCOME"] + catalogue.all_modules()


@pytest.mark.parametrize("subject", SUBJECTS, ids=["WELCOME"] + [m.slug for m in SUBJECTS[1:]])
def test_beginner_mistakes_get_specific_feedback(subject, elsewhere, notebook_cache):
    outcomes = forked_kernels.call(run_module, subject, elsewhere, notebook_cache)
    problems = [f"{o.grade_id}: {o.code!r}: {p}" for o in outcomes for p in o.problems]
    assert not problems, "\n".join(problems)
    vague = [f"{o.grade_id}: {o.code!r}\n  -> {o.feedback!r}" for o in outcomes if not o.specific]
    assert len(vague) <= 0.05 * len(outcomes), summary(outcomes) + "\n" + "\n".join(vague)
