"""The bank format's vocabulary and limits, and what one checked file yields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from relquiz.errors import Problem, quote, suggest
from relquiz.model import Answer, Difficulty, Distinction, Question

BANK_SUFFIXES = (".yaml", ".yml")
MAX_BANK_BYTES = 32_000_000  # about 20,000 questions the size of the bundled ones
MAX_TEXT_CHARS = 10_000  # a scenario is 30-100 words; far longer text is a pasting accident
MAX_ID_CHARS = 100  # an id names a question in tables and file names: a few words
MAX_TAG_CHARS = 50  # a tag is a word or two to filter by
MAX_PROBLEMS = 200  # per file: past that, one more line says how many were left out
TOP_FIELDS = ("version", "title", "description", "support_note", "questions")
QUESTION_FIELDS = ("id", "scenario", "answer", "difficulty", "tags", "distinctions", "takeaway")
REQUIRED_QUESTION_FIELDS = ("id", "scenario", "answer", "distinctions")
ANSWERS = tuple(answer.value for answer in Answer)
DIFFICULTIES = tuple(difficulty.value for difficulty in Difficulty)
DISTINCTION_KEYS = tuple(distinction.value for distinction in Distinction)


@dataclass
class ParsedFile:
    """What one file yielded; `questions` holds only the questions that passed every check."""

    path: str
    sha256: str = ""
    title: str = ""
    description: str | None = None
    support_note: str | None = None
    questions: list[Question] = field(default_factory=list)
    ids: list[tuple[str, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def match_choice(value: str, name: str, options: Sequence[str]) -> tuple[str | None, str | None]:
    """One of `options`, matched ignoring case and spaces, or None with the message saying why."""
    word = "".join(value.split()).lower()
    if word in options:
        return word, None
    return None, f"unknown {name} {quote(value)}{suggest(word, options)}; use one of: {', '.join(options)}"
