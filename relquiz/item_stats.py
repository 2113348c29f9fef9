"""The statistics of a class's answers, as Moodle's quiz statistics compute them: how well one
question separates stronger from weaker students, and how consistent a shared set is as a whole;
and what the class named in the why step when it was wrong."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from relquiz.model import Distinction
from relquiz.results_reader import AnsweredItem

MIN_ANSWERS_FOR_DISCRIMINATION = 5
MIN_STUDENTS_FOR_RELIABILITY = 5
SATISFACTORY_ALPHA = 0.75  # Moodle's reading of its coefficient of internal consistency
ACCEPTABLE_ERROR_RATIO = 0.50
NO_CONSISTENCY = "the questions pull against each other, so no error ratio or standard error is given"


def discrimination(pairs: Sequence[tuple[int, float]]) -> float | None:
    """Pearson correlation of item score with rest-of-test score (the share right on the other
    questions answered), as Moodle's quiz statistics compute it; None below the minimum count
    or when either score does not vary."""
    usable = [(x, y) for x, y in pairs if not math.isnan(y)]
    if len(usable) < MIN_ANSWERS_FOR_DISCRIMINATION:
        return None
    count = len(usable)
    mean_x = sum(x for x, _ in usable) / count
    mean_y = sum(y for _, y in usable) / count
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in usable)
    spread_x = math.sqrt(sum((x - mean_x) ** 2 for x, _ in usable))
    spread_y = math.sqrt(sum((y - mean_y) ** 2 for _, y in usable))
    if spread_x == 0 or spread_y == 0:
        return None
    return covariance / (spread_x * spread_y)


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha of a set every student answered whole (KR-20 for right/wrong items; Moodle
    calls it the coefficient of internal consistency, CIC), the error ratio (the share of the
    scores' spread that is chance, sqrt(1 - alpha)) and the standard error (error ratio times the
    standard deviation of the scores, in questions). `reason` says why they are missing, if so;
    an alpha at or below zero comes with no error ratio or standard error."""

    questions: int = 0
    students: int = 0
    alpha: float | None = None
    error_ratio: float | None = None
    standard_error: float | None = None
    reason: str = ""

    @property
    def satisfactory(self) -> bool:
        return self.alpha is not None and self.alpha > SATISFACTORY_ALPHA


def reliability(answer_sets: Sequence[dict[str, bool]], stopped_early: bool) -> Reliability:
    """The reliability of a shared set: each student's answers by question id, all to the same
    questions; otherwise no figure describes the set, and the reason says why."""
    students = len(answer_sets)
    questions = sorted(answer_sets[0]) if answer_sets else []
    shape = Reliability(len(questions), students)
    if any(sorted(answers) != questions for answers in answer_sets):
        if stopped_early:
            return dataclasses.replace(
                shape, reason="some students stopped before the end; it needs the whole set from everyone"
            )
        why = "students answered different questions; it needs one set for everyone (one seed, count and filters)"
        return dataclasses.replace(shape, reason=why)
    if students < MIN_STUDENTS_FOR_RELIABILITY:
        return dataclasses.replace(shape, reason=f"it needs at least {MIN_STUDENTS_FOR_RELIABILITY} students")
    if len(questions) < 2:
        return dataclasses.replace(shape, reason="it needs at least 2 questions")
    totals = [sum(answers.values()) for answers in answer_sets]
    mean = sum(totals) / students
    variance = sum((total - mean) ** 2 for total in totals) / students
    if variance == 0:
        return dataclasses.replace(shape, reason="every student had the same score, so there is no spread to measure")
    item_variance = 0.0
    for question in questions:
        share = sum(answers[question] for answers in answer_sets) / students
        item_variance += share * (1 - share)
    alpha = len(questions) / (len(questions) - 1) * (1 - item_variance / variance)
    if alpha <= 0:  # the error ratio would pass 100%: chance explains all of the spread and more
        return dataclasses.replace(shape, alpha=alpha, reason=NO_CONSISTENCY)
    error_ratio = math.sqrt(max(0.0, 1 - alpha))  # alpha is at most 1; max() guards the rounding
    spread = math.sqrt(variance * students / (students - 1))  # the scores' SD as Moodle gives it (n - 1)
    return dataclasses.replace(shape, alpha=alpha, error_ratio=error_ratio, standard_error=error_ratio * spread)


@dataclass(frozen=True)
class WhyMatrix:
    """The why step's wrong answers: for each distinction their questions cited (a row), how often
    each distinction was named (`named[cited][named]`); a misconception shows away from the diagonal."""

    answers: int
    cited: dict[Distinction, int]  # wrong answers (with a why step) to questions citing it
    named: dict[Distinction, dict[Distinction, int]]


def why_matrix(answers: Sequence[AnsweredItem]) -> WhyMatrix | None:
    """What the class named when it was wrong, over the wrong answers whose why step named
    something (a skipped one claims nothing); None when there are none."""
    wrong = [answer for answer in answers if not answer.correct and answer.why and answer.distinctions]
    if not wrong:
        return None
    cited = dict.fromkeys(Distinction, 0)
    named = {row: dict.fromkeys(Distinction, 0) for row in Distinction}
    for answer in wrong:
        for row in answer.distinctions:
            cited[row] += 1
            for choice in answer.why or ():
                named[row][choice] += 1
    return WhyMatrix(len(wrong), cited, named)
