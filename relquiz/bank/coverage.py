"""How a bank spreads over answers, difficulties and distinctions (`relquiz validate`)."""

from __future__ import annotations

from dataclasses import dataclass

from relquiz.model import Answer, Bank, Difficulty, Distinction


@dataclass(frozen=True)
class Coverage:
    """How a bank spreads over answers, difficulties and distinctions, and what looks lopsided."""

    by_answer: dict[Answer, int]
    by_difficulty: dict[Difficulty, int]
    by_distinction: dict[Distinction, int]
    warnings: tuple[str, ...]


def bank_coverage(bank: Bank) -> Coverage:
    questions = bank.questions
    by_answer = {answer: sum(q.answer is answer for q in questions) for answer in Answer}
    by_difficulty = {level: sum(q.difficulty is level for q in questions) for level in Difficulty}
    by_distinction = {d: sum(d in q.distinctions for q in questions) for d in Distinction}
    warnings = [f"no question cites '{d.value}'" for d, count in by_distinction.items() if count == 0]
    larger = max(by_answer.values())
    if larger > 0.65 * len(questions):
        answer = max(by_answer, key=lambda a: by_answer[a])
        share = round(100 * larger / len(questions))
        warnings.append(f"answers are unbalanced: {share}% are '{answer.value}' (keep each between 35% and 65%)")
    return Coverage(by_answer, by_difficulty, by_distinction, tuple(warnings))
