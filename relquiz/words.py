"""Small pieces of English shared by messages everywhere."""

from __future__ import annotations


def counted(count: int, noun: str) -> str:
    """'1 question', '3 questions': plurals by adding an s, all relquiz's nouns need."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def duration(seconds: float | None, unknown: str = "?") -> str:
    """'2 min 05 s' or '45 s'; `unknown` when the time is not known."""
    if seconds is None:
        return unknown
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"
