"""Small pieces of English shared by messages everywhere."""

from __future__ import annotations

import math
from collections.abc import Sequence


def counted(count: int, noun: str) -> str:
    """'1 question', '3 questions': plurals by adding an s, all relquiz's nouns need."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def duration(seconds: float | None, unknown: str = "?") -> str:
    """'2 min 05 s' or '45 s'; `unknown` when the time is not known."""
    if seconds is None:
        return unknown
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def rounded(value: float) -> int:
    """A figure to show, rounded half up as people do (62.5 -> 63); Python's round() and
    format() round half to even, so 5 of 8 and 3 of 8 would show as 62% and 38%."""
    return math.floor(value + 0.5)


def signed(value: float) -> str:
    """'+0.23', '-0.21'; a value that rounds to zero is '+0.00', never '-0.00'."""
    return f"{round(value, 2) + 0.0:+.2f}"


def listed(names: Sequence[str], shown: int = 8) -> str:
    """Names for one line: the first `shown`, then how many more."""
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def percent(share: float) -> str:
    """A share (0 to 1) as a whole percentage, rounded half up: '63%'."""
    return f"{rounded(100 * share)}%"
