"""Progress over the history: accuracy and recognition per distinction, their trend, the streak."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from relquiz.model import Distinction

if TYPE_CHECKING:
    from relquiz.history import AnswerRecord, SessionRecord

RECENT_SESSIONS = 5


@dataclass(frozen=True)
class DistinctionProgress:
    """One distinction over the whole history.

    `correct` of `cited`: answers to questions citing it that were right. `recent` and `earlier`:
    that accuracy in the last five sessions and in the sessions before them. `series`: the accuracy
    in each session that cited it, oldest first. `recognised` of `asked_why`: answers citing it
    where the learner named it in the why step; skipped why steps claim nothing and are left out,
    as in the end-of-quiz summary.
    """

    distinction: Distinction
    correct: int
    cited: int
    recent: float | None
    earlier: float | None
    series: tuple[float, ...]
    recognised: int
    asked_why: int

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.cited)

    @property
    def trend(self) -> float | None:
        """Recent minus earlier accuracy (-1..1); None unless both exist."""
        return None if self.recent is None or self.earlier is None else self.recent - self.earlier

    @property
    def recognition(self) -> float | None:
        return _ratio(self.recognised, self.asked_why)


@dataclass(frozen=True)
class Progress:
    """The learner's figures; `sessions` counts only sessions with at least one answer, and
    `series` is the accuracy of each of them, oldest first."""

    sessions: int
    answers: int
    correct: int
    streak_days: int
    series: tuple[float, ...]
    by_distinction: tuple[DistinctionProgress, ...]


def progress(sessions: Sequence[SessionRecord], now: datetime) -> Progress:
    """Figures for `relquiz history`. The streak counts calendar days (UTC) with an answer, in a
    row, ending today or yesterday, so a streak is not lost before the day is out."""
    played = sorted((s for s in sessions if s.answers), key=lambda s: s.started_at)
    recent, earlier = played[-RECENT_SESSIONS:], played[:-RECENT_SESSIONS]
    answers = [answer for session in played for answer in session.answers]
    return Progress(
        sessions=len(played),
        answers=len(answers),
        correct=sum(answer.correct for answer in answers),
        streak_days=_streak({_day(answer.answered_at) for answer in answers}, _day(now)),
        series=tuple(session.correct / len(session.answers) for session in played),
        by_distinction=tuple(_distinction_progress(d, played, recent, earlier) for d in Distinction),
    )


def _distinction_progress(
    distinction: Distinction,
    played: Sequence[SessionRecord],
    recent: Sequence[SessionRecord],
    earlier: Sequence[SessionRecord],
) -> DistinctionProgress:
    def citing(chosen: Sequence[SessionRecord]) -> list[AnswerRecord]:
        return [a for session in chosen for a in session.answers if distinction in a.distinctions]

    def accuracy(chosen: Sequence[SessionRecord]) -> float | None:
        cited = citing(chosen)
        return _ratio(sum(a.correct for a in cited), len(cited))

    every = citing(played)
    with_why = [a for a in every if a.why]
    per_session = (accuracy([session]) for session in played)
    return DistinctionProgress(
        distinction=distinction,
        correct=sum(a.correct for a in every),
        cited=len(every),
        recent=accuracy(recent),
        earlier=accuracy(earlier),
        series=tuple(value for value in per_session if value is not None),
        recognised=sum(distinction in (a.why or ()) for a in with_why),
        asked_why=len(with_why),
    )


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _day(moment: datetime) -> date:
    return moment.astimezone(timezone.utc).date()


def _streak(days: set[date], today: date) -> int:
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def as_data(sessions: Sequence[SessionRecord], figures: Progress, due_now: dict[str, int]) -> dict[str, object]:
    """The history figures as plain data for `relquiz history --json`."""
    return {
        "sessions": [
            {
                "started_at": record.started_at.isoformat(timespec="seconds"),
                "mode": record.mode,
                "bank": {"title": record.bank_title, "sha256": record.bank_sha256},
                "correct": record.correct,
                "answered": len(record.answers),
                "completed": record.completed,
            }
            for record in sessions
            if record.answers  # as in the figures: a run stopped before any answer is no session
        ],
        "distinctions": [
            {
                "distinction": item.distinction.value,
                "correct": item.correct,
                "cited": item.cited,
                "accuracy": item.accuracy,
                "recent": item.recent,
                "earlier": item.earlier,
                "trend": item.trend,
                "recognised": item.recognised,
                "asked_why": item.asked_why,
                "recognition": item.recognition,
            }
            for item in figures.by_distinction
        ],
        "answers": figures.answers,
        "correct": figures.correct,
        "streak_days": figures.streak_days,
        "due_now": sum(due_now.values()),
        "due_by_bank": due_now,
    }
