"""Small pieces of English shared by messages everywhere."""

from __future__ import annotations


def counted(count: int, noun: str) -> str:
    """'1 question', '3 questions': plurals by adding an s, all relquiz's nouns need."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
