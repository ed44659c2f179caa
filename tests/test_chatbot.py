"""The module 16 helpers: the n-gram language model, retrieval, and redaction."""

import pandas as pd

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
    retriever = chatbot.fit_retriever(book)
    found = chatbot.retrieve(retriever, pd.Series(["How much is the Child Benefit?", "Which documents do I need "
                                                   "for the Funeral Grant?"]))
    assert found["passage_id"].iat[1] == "FUN-5.1"
    assert found["score"].between(0, 1).all() and (found["score"] >= found["runner_up"]).all()
    # "child" also names the Birth Grant ("payment when a child is born"): the amount of the Birth Grant comes first.
    assert chatbot.in_top_k(found, pd.Series(["CHB-3.1", "FUN-5.1"])).tolist() == [True, True]
    assert chatbot.in_top_k(found, pd.Series(["CHB-3.1", "FUN-5.1"]), k=1).tolist() == [False, True]


def test_redaction_and_what_it_misses():
    text = "My name is Aigerim Kasymova. Tel +999 55 123 45 67. PIN 21503198700123."
    redacted = chatbot.redact(text, {"id_number": r"\b[12]\d{13}\b", **chatbot.PATTERNS})
    assert redacted == "My name is [NAME]. Tel [PHONE]. PIN [ID_NUMBER]."
    assert not chatbot.leaked("Aigerim Kasymova", redacted) and not chatbot.leaked("21503198700123", redacted)
    assert chatbot.leaked("aigerim kasymova", chatbot.redact("i am aigerim kasymova"))
    assert chatbot.leaked("zero five five", "call zero five five")
