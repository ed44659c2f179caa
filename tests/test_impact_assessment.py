"""The algorithmic impact assessment scorer: levels, the mitigation deduction, and clear errors."""

import re

import pytest

from aitrain import impact_assessment as aia


def lowest() -> dict[str, str]:
    """Every question answered with its lowest-scoring choice."""
    return {q.id: min(q.choices, key=q.choices.get) for q in aia.questions()}


def highest() -> dict[str, str]:
    return {q.id: max(q.choices, key=q.choices.get) for q in aia.questions()}


def with_mitigation_points(answers: dict[str, str], target: int) -> dict[str, str]:
    """Switch mitigation answers to their best choice, in order, until the mitigation score reaches target."""
    answers = dict(answers)
    score = 0
    for q in aia.questions():
        if q.kind == "mitigation":
            if score + q.max_points > target:
                continue
            answers[q.id] = max(q.choices, key=q.choices.get)
            score += q.max_points
    assert score == target
    return answers


def test_questions_load_from_package_data():
    kinds = [q.kind for q in aia.questions()]
    assert kinds.count("risk") >= 15 and kinds.count("mitigation") >= 10
    assert len({q.id for q in aia.questions()}) == len(kinds), "question ids are unique"
    for q in aia.questions():
        assert q.text and len(q.choices) >= 2 and min(q.choices.values()) == 0
        if q.kind == "mitigation":
            assert set(q.principles) == set(aia.PRINCIPLE_FRAMEWORKS), q.id
    assert list(aia.question_table().columns)[:2] == ["id", "kind"]


@pytest.mark.parametrize("share,level", [
    (0.0, "I"), (0.25, "I"), (0.2501, "II"), (0.5, "II"), (0.51, "III"), (0.75, "III"), (0.76, "IV"), (1.0, "IV"),
])
def test_levels_from_share_of_maximum(share, level):
    assert aia.impact_level(share) == level


def test_share_outside_zero_one_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        aia.impact_level(1.2)


def test_extremes():
    low, high = aia.assess(lowest()), aia.assess(highest())
    max_risk, max_mitigation = aia.max_scores()
    optional_max = sum(q.max_points for q in aia.questions() if q.optional)
    assert (low.raw_risk, low.mitigation, low.level, low.deduction_applied) == (0, 0, "I", False)
    assert (high.raw_risk, high.max_risk, high.mitigation) == (max_risk + optional_max, max_risk, max_mitigation)
    # Full mitigation deducts 15% from the maximum raw score: 85% still lands on level IV (the share capped at 1).
    assert high.deduction_applied and high.current == pytest.approx(0.85 * (max_risk + optional_max))
    assert high.level == "IV" and high.risk_share == 1.0


def test_optional_section_answered_whole_or_not_at_all():
    """Generated content, a third-party model, data abroad, a system that can act: module 15's chatbot section."""
    assert set(aia.optional_ids()) == {"generated_content", "third_party_model", "data_abroad", "can_act"}
    core = {qid: answer for qid, answer in lowest().items() if qid not in aia.optional_ids()}
    assert aia.assess(core) == aia.assess(lowest())  # "no" to every optional question changes nothing
    with pytest.raises(aia.AnswerError, match="answered only in part.*can_act"):
        aia.assess(core | {"data_abroad": "yes"})
    assert len(aia.question_table(optional=True)) == 4 and len(aia.question_table(optional=False)) == len(
        aia.questions()) - 4


def test_optional_section_can_only_raise_the_level():
    """Its points add to the raw score, never to the maximum: an assistant that acts scores above one that only
    quotes (no dilution by answering 'no')."""
    base = {qid: answer for qid, answer in highest().items() if qid not in aia.optional_ids()}
    base |= {"human_role": "a person, using the system's advice", "duration": "days", "reversibility": "easily"}
    quiet = aia.assess(base | {qid: "no" for qid in aia.optional_ids()})
    acting = aia.assess(base | {"generated_content": "yes", "third_party_model": "yes", "data_abroad": "yes",
                                "can_act": "yes"})
    assert aia.assess(base).current == quiet.current and acting.raw_risk == quiet.raw_risk + 12
    assert acting.max_risk == quiet.max_risk and aia.LEVELS.index(acting.level) >= aia.LEVELS.index(quiet.level)


def test_deduction_threshold_is_80_percent_of_maximum_mitigation():
    _, max_mitigation = aia.max_scores()
    needed = -(-8 * max_mitigation // 10)  # the smallest whole score at or above 80%
    below = aia.assess(with_mitigation_points(highest() | {q.id: "no" for q in aia.questions()
                                                           if q.kind == "mitigation"}, needed - 1))
    at = aia.assess(with_mitigation_points(highest() | {q.id: "no" for q in aia.questions()
                                                        if q.kind == "mitigation"}, needed))
    assert below.mitigation == needed - 1 and not below.deduction_applied and below.current == below.raw_risk
    assert at.mitigation == needed and at.deduction_applied and at.current == pytest.approx(0.85 * at.raw_risk)


def test_current_score_rule():
    assert aia.current_score(40, 8, 10) == pytest.approx(34)
    assert aia.current_score(40, 7.99, 10) == 40


def test_same_system_changes_level_with_mitigations():
    max_risk, _ = aia.max_scores()
    answers = lowest()
    # Raise risk answers until the raw score is just above half of the maximum (level III without deduction).
    for q in aia.questions():
        if q.kind == "risk" and aia.assess(answers).raw_risk / max_risk <= 0.5:
            answers[q.id] = max(q.choices, key=q.choices.get)
    raw = aia.assess(answers)
    mitigated = aia.assess(answers | {q.id: "yes" for q in aia.questions() if q.kind == "mitigation"})
    assert (raw.level, mitigated.level) == ("III", "II")


def test_missing_answers_are_listed():
    answers = lowest()
    del answers["human_role"]
    with pytest.raises(aia.AnswerError, match="No answer for 1 question.*human_role"):
        aia.assess(answers)


def test_unknown_question_is_named():
    with pytest.raises(aia.AnswerError, match="Unknown question id.*'human_rol'"):
        aia.assess(lowest() | {"human_rol": "no"})


def test_invalid_choice_lists_the_choices():
    with pytest.raises(aia.AnswerError, match="'maybe' is not an answer to 'notice'; choose one of: 'no', 'yes'"):
        aia.assess(lowest() | {"notice": "maybe"})
    with pytest.raises(aia.AnswerError, match="not an answer"):
        aia.assess(lowest() | {"notice": True})


def test_answers_must_be_a_dictionary():
    with pytest.raises(aia.AnswerError, match="dictionary"):
        aia.assess(["no", "yes"])


def test_gaps_map_missing_measures_to_principles():
    table = aia.gaps(lowest())
    assert len(table) == sum(q.kind == "mitigation" for q in aia.questions())
    assert table["OECD AI Principles"].str.len().gt(0).all() and table["SSAFE-D"].str.len().gt(0).all()
    assert aia.gaps(highest()).empty


def test_checklist_and_model_card():
    text = aia.deployment_checklist("Test system", lowest())
    assert "Impact level **I**" in text and all(item in text for item in aia.requirements("I"))
    card = aia.model_card("M", "p", "d", {"R²": 0.45}, ["l"], ["n"], "Ministry", "II")
    assert "R²: 0.45" in card and "Impact level.** II" in card
    with pytest.raises(ValueError, match="unknown impact level"):
        aia.requirements("V")


def test_every_question_and_requirement_has_its_russian_text():
    """Module 15 shows the questions and the requirements of each level in the notebook's language."""
    from aitrain import i18n

    cyrillic = re.compile(r"[а-яё]", re.IGNORECASE)
    for q in aia.questions():
        assert cyrillic.search(q.texts.get("ru", "")), f"question {q.id} has no text_ru"
    english = {level: aia.requirements(level) for level in aia.LEVELS}
    try:
        i18n.use_language("ru")
        assert all(q.text == q.texts["ru"] for q in aia.questions())
        for level in aia.LEVELS:
            russian = aia.requirements(level)
            assert len(russian) == len(english[level]) and all(cyrillic.search(item) for item in russian), level
        table = aia.question_table("risk")
        assert list(table.columns)[:2] == ["id", "kind"] and table["question"].str.contains(cyrillic).all()
        assert aia.gaps(lowest())["measure"].str.contains(cyrillic).all()
        text = aia.deployment_checklist("Test", lowest())
        assert all(item in text for item in aia.requirements("I")) and "Deployment checklist" not in text
    finally:
        i18n.use_language("en")
    assert aia.questions()[0].text.startswith("Are many of the people affected")


def test_answers_are_shown_and_accepted_by_their_russian_labels():
    """The Russian edition shows each answer's Russian label; a sheet may give a label in either language."""
    from aitrain import i18n

    cyrillic = re.compile(r"[а-яё]", re.IGNORECASE)
    keys = {answer for q in aia.questions() for answer in q.choices}
    try:
        i18n.use_language("ru")
        assert all(cyrillic.search(aia.label(answer)) for answer in keys), "an answer without a Russian label"
        shown = aia.question_table()["answers (points)"]
        assert not shown.str.contains(r"\b(?:yes|no|with effort|the system alone)\b").any(), shown.tolist()
        russian = {qid: aia.label(answer) for qid, answer in lowest().items()}
        assert aia.assess(russian) == aia.assess(lowest())
        assert aia.gaps(russian).equals(aia.gaps(lowest()))
        with pytest.raises(aia.AnswerError, match="'да'"):  # the choices are listed in Russian
            aia.assess(lowest() | {"vulnerable_people": "может быть"})
    finally:
        i18n.use_language("en")
    mixed = lowest() | {"vulnerable_people": "Да", "reversibility": "с трудом"}  # any language, any case
    assert aia.assess(mixed) == aia.assess(lowest() | {"vulnerable_people": "yes", "reversibility": "with effort"})
    assert "(points)" in aia.question_table().columns[-1] and "yes (3)" in aia.question_table()["answers (points)"][0]
