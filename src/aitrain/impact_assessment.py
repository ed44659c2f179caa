"""A rule-based algorithmic impact assessment (module 15), modelled on the Government of Canada's AIA.

The questions, their points and the scoring thresholds are data (aitrain/data/aia_questions.yaml). Answers are
a dictionary {question id: chosen answer}. The raw risk score is the sum of the points of the risk answers;
when the mitigation score reaches at least 80% of its maximum, 15% is deducted from it (the current score).
The impact level (I to IV) comes from the current score as a share of the maximum raw risk score.
The optional section (generated content, a third-party model, data abroad, a system that can act) is answered
whole or not at all. Its points add to the raw risk score but not to the maximum, so that answering it can only
raise a system's level, never dilute it; the share is capped at 100%.

The texts a participant reads (the questions, the requirements of each level) are in the data in English and in
Russian (`text_ru`, `requirements_ru`); they are shown in the course's current language (aitrain.i18n). So are
the answers' labels (`answer_labels`), and an answer sheet may give an answer by its key or by its label in any
language. The ids, areas, kinds and principles are data and stay as they are in every language; a translation
shows the areas, kinds and principles by their names (`shown_values`, aitrain.category_names).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd
import yaml

from aitrain import category_names
from aitrain.i18n import LANGUAGES, _, language

LEVELS = ("I", "II", "III", "IV")
PRINCIPLE_FRAMEWORKS = {"oecd": "OECD AI Principles", "unesco": "UNESCO Recommendation", "ssafed": "SSAFE-D"}


class AnswerError(ValueError):
    """An answer sheet that cannot be scored: the message says which question and what to do."""


class ShareError(ValueError):
    """A share outside 0 to 1 given to `impact_level`: what is wrong (`what`) and what to do (`todo`), which the
    notebook's error explanation shows as they are."""

    def __init__(self, what: str, todo: str):
        self.what, self.todo = what, todo
        super().__init__(what)


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # "risk" or "mitigation"
    area: str
    texts: dict[str, str]  # the question in each language: {"en": ..., "ru": ...}
    choices: dict[str, int]
    principles: dict[str, str]
    optional: bool = False  # a question of the optional section (generative AI and agents)

    @property
    def text(self) -> str:
        """The question in the course's current language (English when the data have no translation)."""
        return self.texts.get(language()) or self.texts["en"]

    @property
    def max_points(self) -> int:
        return max(self.choices.values())


@dataclass(frozen=True)
class Assessment:
    raw_risk: int
    max_risk: int
    mitigation: int
    max_mitigation: int
    current: float
    level: str

    @property
    def mitigation_share(self) -> float:
        return self.mitigation / self.max_mitigation

    @property
    def deduction_applied(self) -> bool:
        return self.current < self.raw_risk

    @property
    def risk_share(self) -> float:
        """The current score as a share of the maximum raw risk score, at most 1 (what decides the level)."""
        return min(1.0, self.current / self.max_risk)

    def _repr_markdown_(self) -> str:
        """The assessment as a notebook shows it: each field (read with a dot), what it is and its value, in the
        course's language."""
        rows = [("raw_risk", _("raw risk score"), self.raw_risk), ("max_risk", _("maximum raw risk score"),
                                                                     self.max_risk),
                ("mitigation", _("mitigation score"), self.mitigation),
                ("max_mitigation", _("maximum mitigation score"), self.max_mitigation),
                ("current", _("current score"), f"{self.current:.1f}"), ("level", _("impact level"), self.level)]
        return "\n".join([_("| field | what it is | value |"), "|---|---|---|",
                          *(f"| `{name}` | {what} | {value} |" for name, what, value in rows)])


@cache
def _config() -> dict:
    text = resources.files("aitrain").joinpath("data/aia_questions.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _texts(question: dict) -> dict[str, str]:
    """The question's text in each language of the data: `text` (English) and `text_<language>`."""
    texts = {"en": question["text"]}
    texts |= {lang: question[f"text_{lang}"] for lang in LANGUAGES if question.get(f"text_{lang}")}
    return texts


@cache
def questions() -> tuple[Question, ...]:
    """Every question, risk questions first."""
    config = _config()
    return tuple(
        Question(q["id"], kind, q["area"], _texts(q), {str(k): int(v) for k, v in q["choices"].items()},
                 dict(q.get("principles", {})), bool(q.get("optional", False)))
        for kind in ("risk", "mitigation") for q in config[kind]
    )


def _labels() -> dict[str, dict[str, str]]:
    """Each language's label of each answer: {language: {answer: label}}."""
    return _config().get("answer_labels", {})


def label(answer: str) -> str:
    """An answer's label in the course's current language (the answer itself where there is none)."""
    return _labels().get(language(), {}).get(answer, answer)


def _words(text: str) -> str:
    return " ".join(text.replace("ё", "е").lower().split())


def answer_key(question: Question, answer):
    """The answer of `question` that `answer` names, by its key or by its label in any language (case and
    spaces ignored); `answer` itself when it names none."""
    if not isinstance(answer, str) or answer in question.choices:
        return answer
    for key in question.choices:
        if _words(answer) in {_words(key)} | {_words(labels.get(key, "")) for labels in _labels().values()}:
            return key
    return answer


def _keys(answers: Mapping[str, str]) -> dict:
    """The sheet with every answer given by its key."""
    known = _by_id()
    return {qid: answer_key(known[qid], a) if qid in known else a for qid, a in answers.items()}


def question_table(kind: str | None = None, optional: bool | None = None) -> pd.DataFrame:
    """The questions as a table: id, kind, area, text and the possible answers with their points, in the course's
    language.

    `optional=False` leaves out the optional section, `optional=True` shows only it, None shows everything."""
    rows = [(q.id, q.kind, q.area, q.text, "; ".join(f"{label(a)} ({p})" for a, p in q.choices.items()))
            for q in questions() if kind in (None, q.kind) and optional in (None, q.optional)]
    return pd.DataFrame(rows, columns=["id", "kind", "area", "question", "answers (points)"])


def shown_values() -> list[str]:
    """The areas, kinds and principles the tables show: data, shown in a translation by their names in its
    language (aitrain.category_names)."""
    values = [q.area for q in questions()] + [q.kind for q in questions()]
    values += [principle for q in questions() for principle in q.principles.values()]
    return list(dict.fromkeys(values))


def optional_ids() -> tuple[str, ...]:
    """The ids of the optional section's questions (generative AI and agents)."""
    return tuple(q.id for q in questions() if q.optional)


def _counted(answers: Mapping[str, str]) -> list[Question]:
    """The questions a sheet must answer: all but the optional section, unless the sheet answers part of it."""
    with_optional = any(qid in answers for qid in optional_ids())
    return [q for q in questions() if with_optional or not q.optional]


def _by_id() -> dict[str, Question]:
    return {q.id: q for q in questions()}


def check_answers(answers: Mapping[str, str]) -> None:
    """Raise AnswerError unless every question has exactly one of its allowed answers."""
    if not isinstance(answers, Mapping):
        raise AnswerError(_("The answers should be a dictionary {{question id: answer}}, not a {kind}.").format(
            kind=type(answers).__name__))
    known = _by_id()
    unknown = [k for k in answers if k not in known]
    if unknown:
        raise AnswerError(_("Unknown question id(s): {ids}. See impact_assessment.question_table() for the "
                            "ids.").format(ids=", ".join(map(repr, unknown))))
    missing = [q.id for q in _counted(answers) if q.id not in answers]
    if missing and all(qid in optional_ids() for qid in missing):
        raise AnswerError(_("The section on generative AI and agents is answered only in part: answer all its "
                            "questions ({ids}), or none of them if the system generates nothing, uses no "
                            "supplier's model and cannot act.").format(ids=", ".join(optional_ids())))
    if missing:
        raise AnswerError(_("No answer for {count} question(s): {ids}.").format(count=len(missing),
                                                                              ids=", ".join(missing)))
    for qid, answer in answers.items():
        choices = known[qid].choices
        if not isinstance(answer, str) or answer_key(known[qid], answer) not in choices:
            raise AnswerError(_("{answer!r} is not an answer to {qid!r}; choose one of: {choices}.").format(
                answer=answer, qid=qid, choices=", ".join(repr(label(c)) for c in choices)))


def max_scores() -> tuple[int, int]:
    """The maximum raw risk score and the maximum mitigation score, without the optional section (whose points
    are added on top)."""
    return (sum(q.max_points for q in questions() if q.kind == "risk" and not q.optional),
            sum(q.max_points for q in questions() if q.kind == "mitigation"))


def current_score(raw_risk: float, mitigation: float, max_mitigation: float) -> float:
    """The raw risk score, less the deduction (15%) when mitigation reaches the threshold (80% of its maximum)."""
    scoring = _config()["scoring"]
    # A small tolerance, so that exactly 80% counts despite rounding (0.8 * 23 is 18.400000000000002).
    if mitigation >= scoring["mitigation_threshold"] * max_mitigation - 1e-9:
        return raw_risk * (1 - scoring["deduction"])
    return float(raw_risk)


def impact_level(share: float) -> str:
    """Level I to IV for a score given as a share of the maximum raw risk score (0 to 1)."""
    if share > 10:  # a share of 0.3 to 0.9 is 30 to 90 in percent, but 1.1 to 3.3 upside down
        raise ShareError(_("`impact_level` takes the score as a share of the maximum, between 0 and 1, but got "
                           "{share:g}: this looks like a percentage (a share multiplied by 100).").format(share=share),
                         _("Give the share itself: do not multiply by 100."))
    if share > 1:
        raise ShareError(_("`impact_level` takes the score as a share of the maximum, between 0 and 1, but got "
                           "{share:g}: a share above 1 is usually a division turned upside down (the maximum "
                           "divided by the score).").format(share=share),
                         _("Divide the current score by the maximum risk score, not the other way round."))
    if not 0 <= share <= 1:
        raise ShareError(_("`impact_level` takes the score as a share of the maximum, between 0 and 1, but got "
                           "{share}.").format(share=share),
                         _("Divide the current score by the maximum risk score."))
    bounds = _config()["scoring"]["levels"]
    return next(level for level in LEVELS if share <= bounds[level])


def assess(answers: Mapping[str, str]) -> Assessment:
    """Score an answer sheet: raw risk, mitigation, current score and impact level."""
    check_answers(answers)
    answers, known = _keys(answers), _by_id()
    raw = sum(known[q].choices[a] for q, a in answers.items() if known[q].kind == "risk")
    mitigation = sum(known[q].choices[a] for q, a in answers.items() if known[q].kind == "mitigation")
    max_risk, max_mitigation = max_scores()
    current = current_score(raw, mitigation, max_mitigation)
    return Assessment(raw, max_risk, mitigation, max_mitigation, current, impact_level(min(1.0, current / max_risk)))


def gaps(answers: Mapping[str, str]) -> pd.DataFrame:
    """The mitigation measures not in place, with the principles each gap falls short of."""
    check_answers(answers)
    answers = _keys(answers)
    rows = [(q.id, q.area, q.text, q.max_points - q.choices[answers[q.id]], *(q.principles.get(f, "")
                                                                              for f in PRINCIPLE_FRAMEWORKS))
            for q in questions() if q.kind == "mitigation" and q.choices[answers[q.id]] < q.max_points]
    return pd.DataFrame(rows, columns=["id", "area", "measure", "points missing", *PRINCIPLE_FRAMEWORKS.values()])


def requirements(level: str) -> list[str]:
    """What a system of this impact level needs before deployment."""
    if level not in LEVELS:
        raise ValueError(_("unknown impact level {level!r}; the levels are {levels}").format(
            level=level, levels=", ".join(LEVELS)))
    config = _config()
    shown = config.get(f"requirements_{language()}", config["requirements"])
    return list(shown.get(level) or config["requirements"][level])


def deployment_checklist(system: str, answers: Mapping[str, str]) -> str:
    """A one-page checklist in Markdown: the level, what it requires, and the measures still missing."""
    result = assess(answers)
    missing = gaps(answers)
    deduction = _(", deduction applied") if result.deduction_applied else ""
    lines = [_("### Deployment checklist: {system}").format(system=system), "",
             _("Impact level **{level}** (current score {current:.1f} of {max_risk}, {risk_share:.0%}; mitigation "
               "{mitigation} of {max_mitigation}, {mitigation_share:.0%}{deduction}).").format(
                 level=result.level, current=result.current, max_risk=result.max_risk,
                 risk_share=result.risk_share, mitigation=result.mitigation,
                 max_mitigation=result.max_mitigation, mitigation_share=result.mitigation_share,
                 deduction=deduction), "",
             _("**Required at level {level}:**").format(level=result.level)]
    lines += [f"- [ ] {item}" for item in requirements(result.level)]
    lines += ["", _("**Measures not yet in place** (with the principles: OECD; UNESCO; SSAFE-D):")]
    frameworks = list(PRINCIPLE_FRAMEWORKS.values())
    lines += [f"- [ ] {row['measure']} ({'; '.join(category_names.shown(row[f]) for f in frameworks)})"
              for _row_number, row in missing.iterrows()] or [_("- none")]
    return "\n".join(lines)


def model_card(name: str, purpose: str, data: str, performance: Mapping[str, float], limitations: list[str],
               not_for: list[str], owner: str, level: str) -> str:
    """A short model card (after Mitchell et al. 2019) in Markdown."""
    if level not in LEVELS:
        raise ValueError(_("unknown impact level {level!r}; the levels are {levels}").format(
            level=level, levels=", ".join(LEVELS)))
    lines = [_("### Model card: {name}").format(name=name), "", _("**Purpose.** {purpose}").format(purpose=purpose),
             "", _("**Data.** {data}").format(data=data), "", _("**Performance on data the model had not seen.**")]
    lines += [f"- {metric}: {value:.2f}" for metric, value in performance.items()]
    lines += ["", _("**Known limitations.**"), *[f"- {item}" for item in limitations],
              "", _("**Not to be used for.**"), *[f"- {item}" for item in not_for],
              "", _("**Impact level.** {level}. **Accountable owner.** {owner}").format(level=level, owner=owner)]
    return "\n".join(lines)
