"""The engine: replies, balanced reproducible draws, scoring by distinction."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from relquiz.errors import UsageError
from relquiz.model import Answer, Difficulty, Distinction, Question, Response
from relquiz.quiz import (
    Command,
    Summary,
    draw_questions,
    interpret_reply,
    interpret_why,
    judge,
    pick_examples,
    select_questions,
    summarise,
)

ALL = tuple(Distinction)


def make_question(number: int, answer: Answer, *distinctions: Distinction) -> Question:
    cited = distinctions or (ALL[number % 5], ALL[(number + 1) % 5])
    return Question(
        id=f"q{number}",
        scenario=f"Scenario {number}",
        answer=answer,
        distinctions={d: f"{d.value} in q{number}" for d in cited},
        difficulty=Difficulty.MEDIUM,
    )


def make_bank(therapy: int, friendship: int) -> list[Question]:
    answers = [Answer.THERAPY] * therapy + [Answer.FRIENDSHIP] * friendship
    return [make_question(number, answer) for number, answer in enumerate(answers)]


@pytest.mark.parametrize(
    ("typed", "meaning"),
    [
        ("t", Answer.THERAPY),
        (" T ", Answer.THERAPY),
        ("Therapy", Answer.THERAPY),
        ("the rapy", Answer.THERAPY),
        ("1", Answer.THERAPY),
        ("f", Answer.FRIENDSHIP),
        ("FRIENDSHIP", Answer.FRIENDSHIP),
        ("2", Answer.FRIENDSHIP),
        ("?", Command.HELP),
        ("q", Command.QUIT),
        ("Q", Command.QUIT),
        ("", None),
        ("3", None),
        ("therapist", None),
    ],
)
def test_interpret_reply(typed: str, meaning: Answer | Command | None) -> None:
    assert interpret_reply(typed) is meaning


def test_same_seed_same_questions_in_same_order() -> None:
    bank = make_bank(12, 12)
    first = [q.id for q in draw_questions(bank, 10, seed=7)]
    assert first == [q.id for q in draw_questions(bank, 10, seed=7)]
    assert first != [q.id for q in draw_questions(bank, 10, seed=8)]


@pytest.mark.parametrize("count", range(1, 25))
def test_draw_is_balanced_between_answers(count: int) -> None:
    for seed in range(20):
        drawn = draw_questions(make_bank(12, 12), count, seed)
        answers = Counter(q.answer for q in drawn)
        assert len(drawn) == count
        assert abs(answers[Answer.THERAPY] - answers[Answer.FRIENDSHIP]) <= 1
        assert len({q.id for q in drawn}) == count


def test_draw_fills_from_the_larger_side_when_the_bank_is_lopsided() -> None:
    drawn = draw_questions(make_bank(2, 10), 8, seed=1)
    assert Counter(q.answer for q in drawn) == {Answer.THERAPY: 2, Answer.FRIENDSHIP: 6}


def test_draw_spreads_over_the_five_distinctions() -> None:
    # Twenty questions citing only purpose and five citing one other distinction each:
    # a draw of five must still reach every distinction.
    bank = [make_question(n, Answer.THERAPY if n % 2 else Answer.FRIENDSHIP, Distinction.PURPOSE) for n in range(20)]
    bank += [make_question(20 + n, Answer.THERAPY if n % 2 else Answer.FRIENDSHIP, d) for n, d in enumerate(ALL[1:])]
    for seed in range(10):
        drawn = draw_questions(bank, 5, seed)
        assert {d for q in drawn for d in q.distinctions} == set(ALL)


def test_draw_keeps_spreading_when_the_least_cited_distinction_runs_out() -> None:
    # One question cites duration, forty purpose, ten each of the other three: once the duration
    # question is drawn, the draw must go on spreading, not fall back to the shuffle (purpose would
    # then take half of a set of 20, as it has half of the bank).
    P, R, C, B, D = ALL
    bank = [make_question(0, Answer.THERAPY, D)]
    bank += [make_question(1 + n, Answer.THERAPY if n % 2 else Answer.FRIENDSHIP, P) for n in range(40)]
    bank += [make_question(41 + n, Answer.THERAPY if n % 2 else Answer.FRIENDSHIP, (R, C, B)[n % 3]) for n in range(30)]
    for seed in range(30):
        cited = Counter(d for q in draw_questions(bank, 20, seed) for d in q.distinctions)
        assert cited[D] == 1 and cited[P] <= 5 and min(cited[R], cited[C], cited[B]) >= 4, cited


def test_count_beyond_the_bank_means_all_and_none_means_all() -> None:
    bank = make_bank(3, 2)
    assert sorted(q.id for q in draw_questions(bank, 50, seed=1)) == sorted(q.id for q in bank)
    assert len(draw_questions(bank, None, seed=1)) == 5


def test_no_shuffle_keeps_bank_order() -> None:
    bank = make_bank(6, 6)
    assert draw_questions(bank, None, seed=3, shuffle=False) == bank
    drawn = draw_questions(bank, 4, seed=3, shuffle=False)
    assert drawn == sorted(drawn, key=bank.index)


def test_judge_and_summary() -> None:
    purpose, boundaries, duration = Distinction.PURPOSE, Distinction.BOUNDARIES, Distinction.DURATION
    questions = [
        make_question(1, Answer.THERAPY, purpose, boundaries),
        make_question(2, Answer.FRIENDSHIP, boundaries),
        make_question(3, Answer.FRIENDSHIP, purpose, duration),
        make_question(4, Answer.THERAPY, duration),
    ]
    responses = [
        judge(questions[0], Answer.THERAPY, 3.04),
        judge(questions[1], Answer.THERAPY, 5),
        judge(questions[2], Answer.FRIENDSHIP, 2),
    ]
    assert responses[0] == Response("q1", Answer.THERAPY, Answer.THERAPY, 3.0, (purpose, boundaries))
    assert [r.correct for r in responses] == [True, False, True]
    summary = summarise(questions, responses)
    assert (summary.correct, summary.answered, summary.total) == (2, 3, 4)
    assert round(summary.percent, 1) == 66.7
    scores = {s.distinction: (s.correct, s.cited) for s in summary.by_distinction}
    assert scores == {
        purpose: (2, 2),
        Distinction.PROFESSIONALISM: (0, 0),
        Distinction.CONFIDENTIALITY: (0, 0),
        boundaries: (1, 2),
        duration: (1, 1),
    }
    assert [q.id for q in summary.missed] == ["q2"]
    assert summary.to_revise is None  # one miss of two citing boundaries is no evidence to name it


def evidence_run(right: list[bool], cited: list[tuple[Distinction, ...]]) -> Summary:
    questions = [make_question(n, Answer.THERAPY, *c) for n, c in enumerate(cited, start=1)]
    given = [Answer.THERAPY if ok else Answer.FRIENDSHIP for ok in right]
    return summarise(questions, [judge(q, a, 1) for q, a in zip(questions, given, strict=True)])


def test_a_distinction_is_named_to_revise_only_on_evidence() -> None:
    p, r, d = Distinction.PURPOSE, Distinction.PROFESSIONALISM, Distinction.DURATION
    # Purpose: 1 of 3 right (33%) against 5 of 7 overall (71%): clearly worse, and enough questions.
    weak = evidence_run([False, False, True, True, True, True, True], [(p, r), (p, d), (p,), (r,), (r,), (d,), (d,)])
    assert weak.to_revise is p and not weak.start_with_learn
    # The same misses spread over three distinctions, each cited once or twice: nothing stands out.
    spread = evidence_run([False, False, True, True], [(p,), (r,), (d,), (d,)])
    assert spread.to_revise is None
    # Nothing right out of three: the contrast itself, not one distinction, is the place to start.
    lost = evidence_run([False, False, False], [(p,), (p,), (p,)])
    assert lost.start_with_learn and lost.to_revise is None


def test_nothing_to_revise_when_nothing_missed() -> None:
    question = make_question(1, Answer.THERAPY)
    summary = summarise([question], [judge(question, Answer.THERAPY, 1)])
    assert summary.to_revise is None and summary.missed == ()
    assert summarise([question], []).percent == 0.0


def test_pick_examples_takes_the_shortest_explanation_per_side() -> None:
    short = Question("short", "s", Answer.THERAPY, {Distinction.PURPOSE: "brief"})
    long = Question("long", "s", Answer.THERAPY, {Distinction.PURPOSE: "a much longer explanation"})
    friend = Question("friend", "s", Answer.FRIENDSHIP, {Distinction.PURPOSE: "mutual fun"})
    examples = pick_examples([long, short, friend])
    assert examples == {Distinction.PURPOSE: {Answer.THERAPY: short, Answer.FRIENDSHIP: friend}}
    pronoun = Question("pronoun", "s", Answer.THERAPY, {Distinction.PURPOSE: "She works on it."})
    assert pick_examples([pronoun, long])[Distinction.PURPOSE][Answer.THERAPY] is long  # reads alone


def test_select_questions_combines_options_and_matches_any_value() -> None:
    tagged = [
        Question("a", "s", Answer.THERAPY, {Distinction.PURPOSE: "x"}, Difficulty.EASY, ("school",)),
        Question("b", "s", Answer.FRIENDSHIP, {Distinction.DURATION: "x"}, Difficulty.HARD, ("school", "sport")),
        Question("c", "s", Answer.FRIENDSHIP, {Distinction.PURPOSE: "x"}, Difficulty.HARD, ("sport",)),
    ]

    def ids(**options: object) -> list[str]:
        return [q.id for q in select_questions(tagged, **options)]  # type: ignore[arg-type]

    assert ids() == ["a", "b", "c"]
    assert ids(tags=["school"]) == ["a", "b"]
    assert ids(tags=["school", "sport"]) == ["a", "b", "c"]
    assert ids(tags=["school"], difficulties=[Difficulty.HARD]) == ["b"]
    assert ids(distinctions=[Distinction.PURPOSE], difficulties=[Difficulty.HARD]) == ["c"]
    assert ids(difficulties=[Difficulty.MEDIUM]) == []
    with pytest.raises(UsageError, match="no question has the tag 'scool' \\(did you mean 'school'\\?\\)"):
        select_questions(tagged, tags=["scool"])


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("p", (Distinction.PURPOSE,)),
        ("bp", (Distinction.PURPOSE, Distinction.BOUNDARIES)),
        ("p, b", (Distinction.PURPOSE, Distinction.BOUNDARIES)),
        (" R c ", (Distinction.PROFESSIONALISM, Distinction.CONFIDENTIALITY)),
        ("duration purpose", (Distinction.PURPOSE, Distinction.DURATION)),
        ("prof conf", (Distinction.PROFESSIONALISM, Distinction.CONFIDENTIALITY)),
        ("bou", (Distinction.BOUNDARIES,)),
        ("", ()),
        ("q", Command.QUIT),
        ("x", None),
        ("pz", None),
        ("therapy", None),
    ],
)
def test_interpret_why(typed: str, named: object) -> None:
    assert interpret_why(typed) == named


def test_recognition_counts_named_over_cited_leaving_out_skips() -> None:
    purpose, duration = Distinction.PURPOSE, Distinction.DURATION
    q1 = make_question(1, Answer.THERAPY, purpose, duration)
    q2 = make_question(2, Answer.FRIENDSHIP, purpose)
    q3 = make_question(3, Answer.FRIENDSHIP, duration)
    responses = [
        dataclasses.replace(judge(q1, Answer.THERAPY, 1), why=(purpose, Distinction.BOUNDARIES)),
        dataclasses.replace(judge(q2, Answer.THERAPY, 1), why=(duration,)),
        dataclasses.replace(judge(q3, Answer.FRIENDSHIP, 1), why=()),  # skipped
    ]
    scores = {s.distinction: (s.recognised, s.asked_why) for s in summarise([q1, q2, q3], responses).by_distinction}
    assert scores[purpose] == (1, 2)
    assert scores[duration] == (0, 1)
    assert scores[Distinction.BOUNDARIES] == (0, 0)  # named, but no question cited it
