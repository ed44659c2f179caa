"""Learning gain from the before-and-after assessment (catalogue.PROGRAMME: `pre` and `post`, parallel forms whose
item N tests the same objective).

Scores are read from the gradebook for the participants whose sitting `aitrain status` counts as graded. The
normalised gain (Hake 1998, "Interactive-engagement versus traditional methods", Am. J. Phys. 66) is the share of
what a participant did not know at the start that they knew at the end: g = (post - pre) / (100 - pre), in
percentage points of the test; undefined for someone who scored 100% at the start. Per item, the same on the
share of participants answering it right; for the cohort, on the mean scores of those who sat both.
"""

import re
from dataclasses import dataclass, field

from aitrain.base import catalogue
from aitrain.grading import status
from aitrain.grading.autograde import GRADED
from aitrain.grading.course_directory import CourseDirectory

ITEM = re.compile(r"^item-(\d+)-check$")


@dataclass
class Sitting:
    """One participant's graded test: item number -> 1 (right) or 0."""
    items: dict[int, float] = field(default_factory=dict)
    maximum: int = 0

    @property
    def percent(self) -> float:
        return 100 * sum(self.items.values()) / self.maximum if self.maximum else 0.0


def gain(before: float, after: float) -> float | None:
    """The normalised gain from `before` to `after` (percentages); None when there was nothing left to learn."""
    return None if before >= 100 else (after - before) / (100 - before)


def sittings(course_dir: CourseDirectory, form: str) -> dict[str, Sitting]:
    """participant -> their graded sitting of the form ('pre' or 'post'); nobody when it was never collected."""
    module = catalogue.find_modules([form])[0]
    if not course_dir.folder("intake", module.slug, "ledger.json").exists():
        return {}
    graded = {r.student for r in status.standings(course_dir, module) if r.status == GRADED}
    found: dict[str, Sitting] = {}
    with course_dir.gradebook() as gb:
        for student in sorted(graded):
            notebook = gb.find_submission_notebook(module.solution.stem, module.slug, student)
            sitting = found.setdefault(student, Sitting())
            for grade in notebook.grades:
                number = ITEM.match(grade.name)
                if number:
                    sitting.items[int(number.group(1))] = 1.0 if (grade.score or 0) >= grade.max_score else 0.0
                    sitting.maximum += 1
    return found


@dataclass
class Gains:
    pre: dict[str, Sitting]
    post: dict[str, Sitting]

    @property
    def both(self) -> list[str]:
        """The participants who sat both tests (graded)."""
        return sorted(set(self.pre) & set(self.post))

    def participant(self, student: str) -> float | None:
        if student not in self.pre or student not in self.post:
            return None
        return gain(self.pre[student].percent, self.post[student].percent)

    def items(self) -> dict[int, tuple[float, float, float | None]]:
        """item -> (% right before, % right after, normalised gain), over those who sat both."""
        people = self.both
        numbers = sorted({n for s in people for n in self.pre[s].items})
        out = {}
        for n in numbers:
            before = 100 * sum(self.pre[s].items.get(n, 0) for s in people) / len(people)
            after = 100 * sum(self.post[s].items.get(n, 0) for s in people) / len(people)
            out[n] = (before, after, gain(before, after))
        return out

    def cohort(self, people: list[str] | None = None) -> tuple[float, float, float | None] | None:
        """(mean % before, mean % after, normalised gain of the means) over `people` who sat both (default: all)."""
        people = [s for s in (self.both if people is None else people) if s in self.pre and s in self.post]
        if not people:
            return None
        before = sum(self.pre[s].percent for s in people) / len(people)
        after = sum(self.post[s].percent for s in people) / len(people)
        return before, after, gain(before, after)


def gains(course_dir: CourseDirectory) -> Gains:
    return Gains(sittings(course_dir, "pre"), sittings(course_dir, "post"))
