"""The module 16 helpers: the n-gram language model, retrieval, and redaction."""

import pandas as pd
import pytest

from aitrain import chatbot, datasets


def test_language_model_continues_with_words_it_has_seen():
    model = chatbot.train_language_model(["The benefit is 1,200 som (CHB-3.1)", "The grant is 8,000 som (BIG-3.1)"], 3)
    assert chatbot.next_word_probabilities(model, ["The", "benefit"]).to_dict() == {"is": 1.0}
    text = chatbot.generate(model, "The grant", seed=1)
    assert text.startswith("The grant is") and chatbot.facts(text) <= {"1,200", "8,000", "CHB-3.1", "BIG-3.1"}


def test_unsupported_lists_numbers_and_citations_not_in_the_rule():
    rule = "The benefit is 1,200 som per month (CHB-3.1)"
    assert chatbot.unsupported("The benefit is 1,800 som per month (CAR-3.1)", rule) == ["1,800", "CAR-3.1"]
    assert chatbot.unsupported(rule, rule) == []


def test_retrieval_finds_a_passage_asked_in_its_own_words():
    book = datasets.load("benefit_rulebook")
    questions = pd.Series(["How much is the Child Benefit?", "Which documents do I need for the Funeral Grant?",
                           "How much is it?"])
    found = chatbot.retrieve(chatbot.fit_retriever(book), questions)
    assert found["passage_id"].tolist()[:2] == ["CHB-3.1", "FUN-5.1"]
    assert found["score"].between(0, 1).all() and (found["lead"] == found["score"] - found["runner_up"]).all()
    # A question that names no benefit fits the amount of every benefit almost equally: a small lead.
    assert found["lead"].iat[2] < 0.02 < found["lead"].iat[0]
    # Whole words: "child" also names the Birth Grant ("when a child is born"), whose amount comes first.
    by_word = chatbot.retrieve(chatbot.fit_retriever(book, analyzer="word", ngram_range=(1, 1)), questions[:2])
    assert chatbot.in_top_k(by_word, pd.Series(["CHB-3.1", "FUN-5.1"])).tolist() == [True, True]
    assert chatbot.in_top_k(by_word, pd.Series(["CHB-3.1", "FUN-5.1"]), k=1).tolist() == [False, True]


def test_lead_threshold_reaches_the_precision_on_a_fine_grid():
    lead = [0.001, 0.004, 0.01, 0.05, 0.2]
    correct = [False, False, True, True, True]
    assert chatbot.lead_threshold(lead, correct, 0.9) == pytest.approx(0.006)
    curve = chatbot.handover_curve(lead, correct)
    assert curve.set_index("threshold").loc[0.006, "auto_share"] == pytest.approx(0.6)


def test_redaction_and_what_it_misses():
    text = "My name is Aigerim Kasymova. Tel 07700 900 123. PIN 91503198700123."
    redacted = chatbot.redact(text, {"id_number": r"\b[89]\d{13}\b", **chatbot.PATTERNS})
    assert redacted == "My name is [NAME]. Tel [PHONE]. PIN [ID_NUMBER]."
    assert not chatbot.leaked("Aigerim Kasymova", redacted) and not chatbot.leaked("91503198700123", redacted)
    assert chatbot.leaked("aigerim kasymova", chatbot.redact("i am aigerim kasymova"))
    assert chatbot.leaked("zero five five", "call zero five five")


def test_russian_questions_are_logged_with_russian_placeholders_and_cyrillic_leaks_are_counted():
    from aitrain.i18n import language, use_language

    before = language()
    try:
        use_language("ru")
        text = "Меня зовут Асель Курманова. Тел 07700 900 123. ПИН 91503198700123."
        redacted = chatbot.redact(text, {"id_number": r"\b[89]\d{13}\b", **chatbot.patterns()})
        assert redacted == "Меня зовут [ИМЯ]. Тел [ТЕЛЕФОН]. ПИН [ЛИЧНЫЙ НОМЕР]."
        assert not chatbot.leaked("Асель Курманова", redacted)
        assert chatbot.redact("Пишите на a@b.kg", {"email": r"\S+@\S+"}) == "Пишите на [EMAIL]"
    finally:
        use_language(before)
    assert chatbot.redact("Tel 07700 900 123") == "Tel [PHONE]"  # the English edition's placeholders
    # A word of a Cyrillic name that survives is a leak; "son of", "daughter of" alone are not.
    assert chatbot.leaked("Маматов Нурлан Айбекович", "Я [ИМЯ] Айбекович")
    assert not chatbot.leaked("Асель Рустам кызы", "Я [ИМЯ] кызы")


def test_the_example_texts_follow_the_rulebook_in_use(monkeypatch):
    """The notebook's examples and the poisoned sentence are in the language of the rulebook the kernel loads, not
    the kernel's: a Russian kernel reading the English rulebook gets English examples."""
    import dataclasses

    from aitrain.datasets import registry
    from aitrain.i18n import language, use_language

    before = language()
    try:
        use_language("ru")
        assert chatbot.rulebook_language() == "Russian"
        assert "ПИН" in chatbot.poison_sentence() and "пособи" in chatbot.example("question")
        monkeypatch.setitem(registry.DATASETS, "benefit_rulebook_ru",
                            dataclasses.replace(registry.DATASETS["benefit_rulebook_ru"], edition_in_use=False))
        assert chatbot.rulebook_language() == "English"
        assert chatbot.example("question") == "How much is the Child Benefit?"
    finally:
        use_language(before)
