"""`relquiz review`'s own lines: what this review is at the start, and when its questions come
back at the end."""

from __future__ import annotations

from collections.abc import Mapping

from relquiz.views.base import View
from relquiz.words import counted


def review_heading(playing: int, due: int, missed: int) -> str:
    """'Review: 6 questions due, 4 of them missed last time.' (or '5 of the 6 questions due')."""
    if playing == 1:
        return f"Review: 1 question{'' if due == 1 else f' of the {due}'} due, {'missed' if missed else 'right'} last time."
    share = f"{playing} of the {counted(due, 'question')}" if playing < due else counted(due, "question")
    missed_part = f"{missed} of them missed last time" if missed else "all of them right last time"
    return f"Review: {share} due, {missed_part}."


def show_coming_back(view: View, days: Mapping[int, int]) -> None:
    """'When they come back: 1 due again now, 2 due tomorrow, 3 due in 3 days.'"""
    if days:
        view.line(f"When they come back: {', '.join(f'{count} due {_when(wait)}' for wait, count in days.items())}.")


def _when(days: int) -> str:
    return "again now" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
