"""Leitner scheduling and progress figures, on hand-built answers with a fixed clock."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from relquiz.history import AnswerRecord, SessionRecord
from relquiz.model import Answer, Distinction, Question
from relquiz.practice import practice_figures
from relquiz.schedule import CardState, card_states, due_by_bank, due_count, due_questions, next_due

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)
P, R, C, B, D = Distinction


def answer(
    question_id: str,
    correct: bool,
    at: datetime,
    distinctions: tuple[Distinction, ...] = (P,),
    why: tuple[Distinction, ...] | None = None,
) -> AnswerRecord:
    return AnswerRecord(
        question_id=question_id,
        bank_sha256="bank",
        correct=correct,
        distinctions=distinctions,
        why=why,
        answered_at=at,
        seconds=3.0,
        late=False,
    )


def question(question_id: str) -> Question:
    return Question(id=question_id, scenario="A scenario.", answer=Answer.THERAPY, distinctions={P: "why"})


def state(question_id: str, box: int, last_answered: datetime, last_correct: bool = True) -> CardState:
    return CardState(question_id, box, last_answered, last_correct)


# Scheduling


def test_a_wrong_answer_puts_the_card_in_box_1_due_at_once() -> None:
    states = card_states([answer("q", False, T0)])
    assert states == {"q": state("q", 1, T0, last_correct=False)}
    assert states["q"].due_at == T0
    assert due_count(states, T0) == 1


def test_right_answers_climb_the_boxes_with_growing_intervals() -> None:
    history = [answer("q", False, T0)]
    expected = [(2, 1), (3, 3), (4, 7), (5, 14), (5, 14)]  # box 5 is the top: it stays there
    at = T0
    for box, days in expected:
        history.append(answer("q", True, at))
        card = card_states(history)["q"]
        assert (card.box, card.due_at) == (box, at + days * DAY)
        assert due_count({"q": card}, card.due_at - timedelta(seconds=1)) == 0
        assert due_count({"q": card}, card.due_at) == 1
        at = card.due_at


def test_a_first_answer_that_is_right_lands_in_box_2() -> None:
    card = card_states([answer("q", True, T0)])["q"]
    assert (card.box, card.due_at) == (2, T0 + DAY)


def test_a_miss_in_box_4_drops_the_card_to_box_1() -> None:
    history = [answer("q", True, T0), answer("q", True, T0 + DAY), answer("q", True, T0 + 4 * DAY)]
    assert card_states(history)["q"].box == 4
    history.append(answer("q", False, T0 + 11 * DAY))
    assert card_states(history)["q"] == state("q", 1, T0 + 11 * DAY, last_correct=False)


def test_answers_are_replayed_in_time_order_whatever_order_they_come_in() -> None:
    history = [answer("q", ok, T0 + n * DAY) for n, ok in enumerate([True, True, False, True, True])]
    shuffled = history[:]
    random.Random(3).shuffle(shuffled)
    assert card_states(shuffled) == card_states(history) == {"q": state("q", 3, T0 + 4 * DAY)}


def test_each_question_has_its_own_card() -> None:
    states = card_states([answer("a", True, T0), answer("b", False, T0), answer("a", True, T0 + DAY)])
    assert {qid: card.box for qid, card in states.items()} == {"a": 3, "b": 1}


def test_due_questions_come_missed_first_then_oldest_due() -> None:
    now = T0 + 30 * DAY
    bank = [question(qid) for qid in ("new", "late-right", "early-right", "missed-late", "missed-early", "waiting")]
    states = {
        "late-right": state("late-right", 2, now - 2 * DAY),  # due a day ago
        "early-right": state("early-right", 3, now - 10 * DAY),  # due a week ago
        "missed-late": state("missed-late", 1, now - DAY, last_correct=False),
        "missed-early": state("missed-early", 1, now - 5 * DAY, last_correct=False),
        "waiting": state("waiting", 5, now - DAY),  # due in 13 days
        "removed-from-bank": state("removed-from-bank", 1, now - 9 * DAY, last_correct=False),
    }
    due = due_questions(bank, states, now)
    assert [q.id for q in due] == ["missed-early", "missed-late", "early-right", "late-right"]


def test_nothing_answered_means_nothing_due_and_no_next_date() -> None:
    assert due_questions([question("q")], {}, T0) == []
    assert next_due({}, T0) is None
    assert due_count({}, T0) == 0


def test_next_due_is_the_first_card_still_waiting() -> None:
    states = {
        "due": state("due", 1, T0 - DAY, last_correct=False),
        "due-this-instant": state("due-this-instant", 2, T0 - DAY),
        "soon": state("soon", 2, T0 - timedelta(hours=2)),  # due in 22 hours
        "later": state("later", 4, T0),
    }
    assert next_due(states, T0) == T0 + timedelta(hours=22)
    assert due_count(states, T0) == 2
    assert [q.id for q in due_questions([question(qid) for qid in states], states, T0)] == ["due", "due-this-instant"]
    assert next_due({"due": states["due"], "due-this-instant": states["due-this-instant"]}, T0) is None


# Progress


def session(number: int, started: datetime, *answers: AnswerRecord) -> SessionRecord:
    return SessionRecord(
        id=number,
        started_at=started,
        finished_at=None,
        bank_sha256="bank",
        bank_title="Bank",
        mode="play",
        completed=True,
        answers=answers,
    )


def test_trend_compares_the_last_five_sessions_with_those_before() -> None:
    # Seven sessions on consecutive days: purpose 0/2, then 1/2, then 2/2 five times.
    sessions = []
    for n in range(7):
        day = T0 + n * DAY
        sessions.append(session(n, day, answer(f"a{n}", n >= 2, day), answer(f"b{n}", n >= 1, day, (P, C))))
    sessions.append(session(99, T0 + 8 * DAY))  # started and left at once: not a session played
    figures = practice_figures(list(reversed(sessions)), now=T0 + 6 * DAY + timedelta(hours=5))
    purpose = figures.by_distinction[0]
    assert purpose.distinction is P
    assert (purpose.tally.correct, purpose.tally.cited) == (11, 14)
    assert (purpose.earlier, purpose.recent) == (0.25, 1.0)
    assert purpose.trend == 0.75
    assert purpose.series == (0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0)
    confidentiality = figures.by_distinction[2]
    assert (confidentiality.earlier, confidentiality.recent, confidentiality.trend) == (0.5, 1.0, 0.5)
    boundaries = figures.by_distinction[3]
    assert (boundaries.tally.cited, boundaries.tally.accuracy, boundaries.trend, boundaries.series) == (
        0,
        None,
        None,
        (),
    )
    assert (figures.sessions, figures.answers, figures.correct) == (7, 14, 11)
    assert figures.series == (0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0)
    assert figures.streak_days == 7


def test_no_trend_without_sessions_before_the_last_five() -> None:
    sessions = [session(n, T0 + n * DAY, answer(f"q{n}", True, T0 + n * DAY)) for n in range(5)]
    purpose = practice_figures(sessions, T0 + 5 * DAY).by_distinction[0]
    assert (purpose.recent, purpose.earlier, purpose.trend) == (1.0, None, None)


def test_recognition_counts_answers_citing_it_where_the_learner_named_it() -> None:
    answers = (
        answer("a", True, T0, (P, C), why=(P,)),  # purpose named, confidentiality not
        answer("b", False, T0, (P,), why=(P, B)),  # boundaries named but not cited: no effect
        answer("c", True, T0, (P, C), why=None),  # no why step: left out
        answer("d", True, T0, (C,), why=()),  # why step skipped: claims nothing, left out
        answer("e", True, T0, (C,), why=(C,)),
    )
    figures = practice_figures([session(1, T0, *answers)], T0).by_distinction
    purpose, confidentiality, boundaries = figures[0], figures[2], figures[3]
    assert (purpose.tally.recognised, purpose.tally.asked_why, purpose.tally.recognition) == (2, 2, 1.0)
    assert (confidentiality.tally.recognised, confidentiality.tally.asked_why, confidentiality.tally.recognition) == (
        1,
        2,
        0.5,
    )
    assert (boundaries.tally.asked_why, boundaries.tally.recognition) == (0, None)


@pytest.mark.parametrize(
    ("days_ago", "now_offset", "expected"),
    [
        ({0, 1, 2}, timedelta(hours=1), 3),  # today, yesterday, the day before
        ({1, 2, 3}, timedelta(hours=1), 3),  # not yet today: the streak still counts
        ({2, 3}, timedelta(hours=1), 0),  # missed yesterday: broken
        ({0, 2, 3}, timedelta(hours=1), 1),  # a gap ends it
        (set(), timedelta(hours=1), 0),
    ],
)
def test_streak_counts_utc_days_in_a_row_ending_today_or_yesterday(
    days_ago: set[int], now_offset: timedelta, expected: int
) -> None:
    today = datetime(2026, 11, 20, tzinfo=timezone.utc)
    sessions = [session(n, today - n * DAY, answer("q", True, today - n * DAY + timedelta(hours=23))) for n in days_ago]
    assert practice_figures(sessions, today + now_offset, timezone.utc).streak_days == expected


def test_streak_days_are_calendar_days_where_the_learner_is() -> None:
    # 18:30 and 19:30 at UTC-5 are one evening there, but two days in UTC (23:30 and 00:30).
    minus_five = timezone(timedelta(hours=-5))
    first = datetime(2026, 11, 19, 18, 30, tzinfo=minus_five)
    second = first + timedelta(hours=1)
    sessions = [session(1, first, answer("q", True, first), answer("r", True, second))]
    now = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
    assert practice_figures(sessions, now, timezone.utc).streak_days == 2
    assert practice_figures(sessions, now, minus_five).streak_days == 1


def test_due_by_bank_counts_each_bank_apart() -> None:
    import dataclasses

    start = datetime(2026, 11, 27, 9, tzinfo=timezone.utc)
    other = [dataclasses.replace(answer(q, False, start), bank_sha256="other") for q in ("a", "b")]
    mine = [answer("a", False, start), answer("b", True, start)]  # b waits a day in box 2
    assert due_by_bank(mine + other, start) == {"bank": 1, "other": 2}
    assert due_by_bank(mine[1:], start) == {}
