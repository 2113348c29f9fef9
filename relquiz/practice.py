"""Practice over the history: accuracy and recognition per distinction, their trend, the streak."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from relquiz.model import Distinction
from relquiz.tally import DistinctionTally, tally_by_distinction

if TYPE_CHECKING:
    from relquiz.history import SessionRecord

RECENT_SESSIONS = 5


@dataclass(frozen=True)
class DistinctionProgress:
    """One distinction over the whole history: its tally over every answer; `recent` and `earlier`,
    its accuracy in the last five sessions and in the sessions before them; `series`, its accuracy
    in each session that cited it, oldest first."""

    tally: DistinctionTally
    recent: float | None
    earlier: float | None
    series: tuple[float, ...]

    @property
    def distinction(self) -> Distinction:
        return self.tally.distinction

    @property
    def trend(self) -> float | None:
        """Recent minus earlier accuracy (-1..1); None unless both exist."""
        return None if self.recent is None or self.earlier is None else self.recent - self.earlier


@dataclass(frozen=True)
class PracticeFigures:
    """The learner's figures; `sessions` counts only sessions with at least one answer, and
    `series` is the accuracy of each of them, oldest first."""

    sessions: int
    answers: int
    correct: int
    streak_days: int
    series: tuple[float, ...]
    by_distinction: tuple[DistinctionProgress, ...]


def practice_figures(sessions: Sequence[SessionRecord], now: datetime, zone: tzinfo | None = None) -> PracticeFigures:
    """Figures for `relquiz history`. The streak counts calendar days in `zone` (None: this
    machine's, as the learner lives them) with an answer, in a row, ending today or yesterday,
    so a streak is not lost before the day is out."""
    played = sorted((s for s in sessions if s.answers), key=lambda s: s.started_at)
    recent, earlier = played[-RECENT_SESSIONS:], played[:-RECENT_SESSIONS]
    answers = [answer for session in played for answer in session.answers]
    return PracticeFigures(
        sessions=len(played),
        answers=len(answers),
        correct=sum(answer.correct for answer in answers),
        streak_days=_streak({_day(answer.answered_at, zone) for answer in answers}, _day(now, zone)),
        series=tuple(session.correct / len(session.answers) for session in played),
        by_distinction=_distinction_progress(played, recent, earlier),
    )


def _distinction_progress(
    played: Sequence[SessionRecord], recent: Sequence[SessionRecord], earlier: Sequence[SessionRecord]
) -> tuple[DistinctionProgress, ...]:
    def tallies(chosen: Sequence[SessionRecord]) -> dict[Distinction, DistinctionTally]:
        return tally_by_distinction(answer for session in chosen for answer in session.answers)

    overall, recent_tally, earlier_tally = tallies(played), tallies(recent), tallies(earlier)
    per_session = [tallies([session]) for session in played]
    return tuple(
        DistinctionProgress(
            tally=overall[distinction],
            recent=recent_tally[distinction].accuracy,
            earlier=earlier_tally[distinction].accuracy,
            series=tuple(value for session in per_session if (value := session[distinction].accuracy) is not None),
        )
        for distinction in Distinction
    )


def _day(moment: datetime, zone: tzinfo | None) -> date:
    try:
        return moment.astimezone(zone).date()
    except (OverflowError, OSError):  # a hand-edited time at the edge of the calendar
        return moment.astimezone(timezone.utc).date()


def _streak(days: set[date], today: date) -> int:
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def as_data(sessions: Sequence[SessionRecord], figures: PracticeFigures, due_now: dict[str, int]) -> dict[str, object]:
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
                "correct": item.tally.correct,
                "cited": item.tally.cited,
                "accuracy": item.tally.accuracy,
                "recent": item.recent,
                "earlier": item.earlier,
                "trend": item.trend,
                "recognised": item.tally.recognised,
                "asked_why": item.tally.asked_why,
                "recognition": item.tally.recognition,
            }
            for item in figures.by_distinction
        ],
        "answers": figures.answers,
        "correct": figures.correct,
        "streak_days": figures.streak_days,
        "due_now": sum(due_now.values()),
        "due_by_bank": due_now,
    }
