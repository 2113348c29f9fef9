"""The strict teaching rules, each broken on purpose in a generated bank that otherwise passes."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pytest
from helpers import SMALL_BANK

from relquiz.bank.load import load_bank
from relquiz.bank.rules import content_words, sentences, similarity, strict_problems
from relquiz.model import Answer, Bank, Difficulty, Distinction, Question

ALL = tuple(Distinction)
LEVELS = [Difficulty.EASY] * 16 + [Difficulty.MEDIUM] * 24 + [Difficulty.HARD] * 24


def token(number: int) -> str:
    """A unique letters-only word, so generated scenarios share no content words."""
    letters = ""
    number += 26 * 26
    while number:
        number, rest = divmod(number, 26)
        letters = chr(ord("a") + rest) + letters
    return "zq" + letters


def make_question(number: int) -> Question:
    words = " ".join(token(number * 100 + k) for k in range(40))
    cited = (ALL[number % 5], ALL[(number + 1) % 5], ALL[(number + 2) % 5])
    return Question(
        id=f"question-{number}",
        scenario=f"{words}.",
        answer=Answer.THERAPY if number % 2 else Answer.FRIENDSHIP,
        distinctions={d: f"In case {token(number)} the {d.value} shows here." for d in cited},
        difficulty=LEVELS[number],
        takeaway=f"Rule {token(number)} carries over.",
        source="bank.yaml",
        line=10 + number,
    )


def make_bank(questions: list[Question] | None = None) -> Bank:
    if questions is None:
        questions = [make_question(n) for n in range(64)]
    return Bank(title="Generated", questions=tuple(questions), sha256="0", sources=("bank.yaml",))


def messages(bank: Bank) -> list[str]:
    return [f"{p.line}: {p.message}" for p in strict_problems(bank)]


def test_the_generated_bank_passes() -> None:
    assert messages(make_bank()) == []


def test_too_few_questions() -> None:
    found = messages(make_bank([make_question(n) for n in range(40)]))
    assert "1: the bank has 40 questions; a teaching bank needs at least 60" in found


def test_answer_balance() -> None:
    questions = [make_question(n) for n in range(64)]
    questions = [dataclasses.replace(q, answer=Answer.THERAPY) if n < 8 else q for n, q in enumerate(questions)]
    assert "1: 'therapy' questions make up 56% (36 of 64); keep them between 45% and 55%" in messages(
        make_bank(questions)
    )


def test_difficulty_counts_and_balance_within_a_level() -> None:
    questions = [make_question(n) for n in range(64)]
    questions = [dataclasses.replace(q, difficulty=Difficulty.MEDIUM) if n < 4 else q for n, q in enumerate(questions)]
    assert "1: 12 easy questions; at least 15 are needed" in messages(make_bank(questions))
    lopsided = [
        dataclasses.replace(q, answer=Answer.THERAPY if n < 10 else Answer.FRIENDSHIP)
        if q.difficulty is Difficulty.EASY
        else q
        for n, q in enumerate(make_bank().questions)
    ]
    lopsided = [
        dataclasses.replace(q, answer=Answer.FRIENDSHIP) if 16 <= n < 22 and q.answer is Answer.THERAPY else q
        for n, q in enumerate(lopsided)
    ]
    assert any("'therapy' answers among easy questions make up 62%" in m for m in messages(make_bank(lopsided)))


def test_each_distinction_needs_twenty_citations_and_eight_per_answer() -> None:
    questions = [
        dataclasses.replace(
            q, distinctions={d: t for d, t in q.distinctions.items() if d is not Distinction.DURATION} or q.distinctions
        )
        if n < 45
        else q
        for n, q in enumerate(make_bank().questions)
    ]
    found = messages(make_bank(questions))
    assert any(m.startswith("1: 'duration' is cited by ") and m.endswith("at least 20 are needed") for m in found)
    only_therapy = [
        dataclasses.replace(q, distinctions={d: t for d, t in q.distinctions.items() if d is not Distinction.PURPOSE})
        if q.answer is Answer.FRIENDSHIP and Distinction.PURPOSE in q.distinctions and n > 20
        else q
        for n, q in enumerate(make_bank().questions)
    ]
    assert any(
        "'purpose' is cited by" in m and "'friendship' questions; at least 8 are needed" in m
        for m in messages(make_bank(only_therapy))
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"id": "Question_5"}, "ids are lower-case words joined by hyphens"),
        ({"scenario": "Too short to teach anything."}, "the scenario has 5 words; write 30 to 100"),
        ({"scenario": " ".join(token(9000 + k) for k in range(101))}, "the scenario has 101 words"),
        ({"distinctions": {Distinction.PURPOSE: "Only one."}}, "cites 1 distinction; cite at least 2"),
        ({"takeaway": None}, "add a takeaway"),
        (
            {"distinctions": {Distinction.PURPOSE: "One. Two. Three.", Distinction.DURATION: "Fine here."}},
            "the 'purpose' explanation has 3 sentences; write one or two",
        ),
    ],
)
def test_question_rules(change: dict[str, Any], expected: str) -> None:
    questions = list(make_bank().questions)
    questions[5] = dataclasses.replace(questions[5], **change)
    found = messages(make_bank(questions))
    assert len(found) == 1 and found[0].startswith("15: ") and expected in found[0], found


def test_similar_scenarios_are_flagged_with_both_places() -> None:
    questions = list(make_bank().questions)
    words = questions[3].scenario.split()
    questions[7] = dataclasses.replace(
        questions[7], scenario=" ".join(words[:30] + [token(7777 + k) for k in range(10)])
    )
    found = messages(make_bank(questions))
    assert found == [
        "17: question 'question-7': its scenario shares 75% of the content words of the shorter one with 'question-3' (line 13); make them distinct"
    ]


def test_repeated_explanation_sentences_are_flagged() -> None:
    questions = list(make_bank().questions)
    repeated = "Both of them open up to each other."
    for index in (2, 9):
        first = next(iter(questions[index].distinctions))
        explained = {**questions[index].distinctions, first: f"{repeated} Extra {token(index)} detail."}
        questions[index] = dataclasses.replace(questions[index], distinctions=explained)
    found = messages(make_bank(questions))
    assert found == [
        "19: question 'question-9': the explanation sentence 'Both of them open up to each other.' repeats one in 'question-2'"
    ]


def test_helpers() -> None:
    assert content_words("The counsellor and the Client's notes, notes!") == {"counsellor", "client's", "notes"}
    assert sentences("Dr Osei waits until 2 a.m. tonight. Then she leaves! Fine?") == [
        "Dr Osei waits until 2 a.m. tonight.",
        "Then she leaves!",
        "Fine?",
    ]
    assert similarity(frozenset("ab"), frozenset("bc")) == pytest.approx(1 / 2)
    assert similarity(frozenset("ab"), frozenset("abcdef")) == 1.0
    assert similarity(frozenset(), frozenset()) == 0.0


def test_tokens_are_unique_words() -> None:
    generated = [token(n) for n in range(5000)]
    assert len(set(generated)) == 5000 and all(t.isalpha() for t in itertools.islice(generated, 100))


def test_a_seminar_bank_is_told_only_what_matters_at_its_size() -> None:
    from relquiz.bank.rules import seminar_notes

    bank = load_bank([SMALL_BANK])
    assert seminar_notes(bank) == ["'boundaries' is cited by no 'therapy' question"]
    lopsided = dataclasses.replace(bank, questions=tuple(q for q in bank.questions if q.answer is Answer.THERAPY))
    assert seminar_notes(lopsided)[0] == "2 'therapy' and 0 'friendship' questions; as even as it can be is best"
    assert "'boundaries' is cited by no question" in seminar_notes(lopsided)
