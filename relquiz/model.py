"""The quiz's vocabulary: answers, distinctions, difficulties, questions, banks, responses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum


class Answer(str, Enum):
    THERAPY = "therapy"
    FRIENDSHIP = "friendship"


class Distinction(str, Enum):
    PURPOSE = "purpose"
    PROFESSIONALISM = "professionalism"
    CONFIDENTIALITY = "confidentiality"
    BOUNDARIES = "boundaries"
    DURATION = "duration"


class Mode(str, Enum):
    PLAY = "play"  # a fresh draw, its seed shown to share
    REVIEW = "review"  # the questions due again, in the order the history gives
    LIVE = "live"  # a class led from the teacher's terminal, answered in browsers


class Difficulty(str, Enum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


def utc_now() -> datetime:
    """The time every record is stamped with (tests pass a clock of their own instead)."""
    return datetime.now(timezone.utc)


# Members by value, for reading files: a dict lookup, where calling the enum is a Python call each.
ANSWER_BY_VALUE = {answer.value: answer for answer in Answer}
DISTINCTION_BY_VALUE = {distinction.value: distinction for distinction in Distinction}
DIFFICULTY_BY_VALUE = {difficulty.value: difficulty for difficulty in Difficulty}


@dataclass(frozen=True)
class Question:
    id: str
    scenario: str
    answer: Answer
    distinctions: dict[Distinction, str]
    difficulty: Difficulty = Difficulty.MEDIUM
    tags: tuple[str, ...] = ()
    takeaway: str | None = None
    source: str = ""
    line: int = 0

    def as_dict(self) -> dict[str, object]:
        """The question as plain data, in bank-format field names."""
        return {
            "id": self.id,
            "scenario": self.scenario,
            "answer": self.answer.value,
            "difficulty": self.difficulty.value,
            "tags": list(self.tags),
            "distinctions": {d.value: text for d, text in self.distinctions.items()},
            "takeaway": self.takeaway,
        }


@dataclass(frozen=True)
class Bank:
    title: str
    questions: tuple[Question, ...]
    sha256: str
    sources: tuple[str, ...] = ()
    description: str | None = None
    support_note: str | None = None


@dataclass(frozen=True)
class Response:
    """One answered question; `seconds` is the time from showing it to the answer, and `late`
    says it came after a time limit (it still counts)."""

    question_id: str
    expected: Answer
    given: Answer
    seconds: float
    distinctions: tuple[Distinction, ...] = field(default=())
    late: bool = False
    why: tuple[Distinction, ...] | None = None  # what the learner said told them; None if not asked
    first_vote: Answer | None = None  # in a live class with a second vote, the answer before discussing

    @property
    def correct(self) -> bool:
        return self.expected is self.given
