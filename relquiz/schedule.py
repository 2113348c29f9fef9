"""Leitner scheduling of answered questions: which box each is in, and which are due when."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from relquiz.model import Question

if TYPE_CHECKING:
    from relquiz.history import AnswerRecord

# Days from the last answer until a card in box 1..5 is due again.
INTERVALS = {
    1: timedelta(days=0),
    2: timedelta(days=1),
    3: timedelta(days=3),
    4: timedelta(days=7),
    5: timedelta(days=14),
}
TOP_BOX = max(INTERVALS)


@dataclass(frozen=True)
class CardState:
    """Where one answered question stands: its box and its last answer."""

    question_id: str
    box: int
    last_answered: datetime
    last_correct: bool

    @property
    def due_at(self) -> datetime:
        return self.last_answered + INTERVALS[self.box]


def card_states(answers: Iterable[AnswerRecord], now: datetime | None = None) -> dict[str, CardState]:
    """Replay one bank's answers in time order: a miss sends a card to box 1, a right answer
    moves it up one box (a first answer that is right lands in box 2), never past box 5.

    An answer stamped after `now` (a clock that ran ahead and was put right) counts as given at
    `now`, or a missed question would wait for the clock to catch up.
    """
    states: dict[str, CardState] = {}
    for answer in sorted(answers, key=lambda answer: answer.answered_at):
        previous = states.get(answer.question_id)
        box = min((previous.box if previous else 1) + 1, TOP_BOX) if answer.correct else 1
        answered = min(answer.answered_at, now) if now is not None else answer.answered_at
        states[answer.question_id] = CardState(answer.question_id, box, answered, answer.correct)
    return states


def due_questions(questions: Sequence[Question], states: Mapping[str, CardState], now: datetime) -> list[Question]:
    """The bank's questions due at `now`: those last missed first, then the longest overdue.

    Questions never answered are not scheduled; states of questions no longer in the bank are ignored.
    """
    due = [(states[q.id], q) for q in questions if q.id in states and states[q.id].due_at <= now]
    due.sort(key=lambda pair: (pair[0].last_correct, pair[0].due_at))
    return [question for _, question in due]


def next_due(states: Mapping[str, CardState], now: datetime) -> datetime | None:
    """When the first card not yet due falls due; None when no card is waiting."""
    return min((state.due_at for state in states.values() if state.due_at > now), default=None)


def due_count(states: Mapping[str, CardState], now: datetime) -> int:
    return sum(state.due_at <= now for state in states.values())


def due_by_bank(answers: Iterable[AnswerRecord], now: datetime) -> dict[str, int]:
    """How many questions are due now in each bank (by digest) that has any due."""
    by_bank: dict[str, list[AnswerRecord]] = {}
    for answer in answers:
        by_bank.setdefault(answer.bank_sha256, []).append(answer)
    counts = {sha: due_count(card_states(bank_answers, now), now) for sha, bank_answers in by_bank.items()}
    return {sha: count for sha, count in counts.items() if count}


def coming_back(states: Mapping[str, CardState], question_ids: Iterable[str]) -> dict[int, int]:
    """For these questions, how many come back after how many days (0: due again at once, as
    a missed one is), from the box each is in now."""
    days: dict[int, int] = {}
    for question_id in question_ids:
        if question_id in states:
            wait = INTERVALS[states[question_id].box].days
            days[wait] = days.get(wait, 0) + 1
    return dict(sorted(days.items()))
