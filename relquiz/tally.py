"""Accuracy and recognition per distinction: one tally for the end-of-quiz summary, the practice
history and the class report, whatever kind of answer they hold."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from relquiz.model import Distinction


class Answered(Protocol):
    """What the tally needs of an answer: a response, a history record or a results file's item."""

    @property
    def correct(self) -> bool: ...

    @property
    def distinctions(self) -> tuple[Distinction, ...]: ...

    @property
    def why(self) -> tuple[Distinction, ...] | None: ...


@dataclass(frozen=True)
class DistinctionTally:
    """Per distinction: answers right (`correct`) of the answers to questions citing it (`cited`);
    with the why step, how often the learner named it when a question cited it (`recognised` of
    `asked_why`; skipped why steps claim nothing and are left out). A ratio without data is None."""

    distinction: Distinction
    correct: int = 0
    cited: int = 0
    recognised: int = 0
    asked_why: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.cited if self.cited else None

    @property
    def recognition(self) -> float | None:
        return self.recognised / self.asked_why if self.asked_why else None


def tally_by_distinction(answers: Iterable[Answered]) -> dict[Distinction, DistinctionTally]:
    """A tally for each of the five distinctions, in their usual order, in one pass over the answers."""
    counts = {distinction: [0, 0, 0, 0] for distinction in Distinction}
    for answer in answers:
        why = answer.why
        for distinction in answer.distinctions:
            row = counts[distinction]
            row[0] += answer.correct
            row[1] += 1
            if why:
                row[2] += distinction in why
                row[3] += 1
    return {distinction: DistinctionTally(distinction, *row) for distinction, row in counts.items()}
