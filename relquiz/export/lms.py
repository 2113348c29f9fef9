"""What a question carries into an LMS, whatever the file format (GIFT, Moodle XML): the question
text that reads on its own, the two choices with short feedback, and the distinctions the question
cites, which with the takeaway make the general feedback, as relquiz explains after an answer."""

from __future__ import annotations

from dataclasses import dataclass

from relquiz.distinctions import ANSWER_LABELS, ANSWER_NAMES, INFO
from relquiz.model import Answer, Distinction, Question

STEM = "Is this a therapy relationship or a friendship?"


@dataclass(frozen=True)
class Choice:
    label: str
    right: bool
    feedback: str


def choices(question: Question) -> tuple[Choice, ...]:
    """Therapy first, friendship second, in every question, as relquiz asks (t/f)."""
    verdict = f"this is {ANSWER_NAMES[question.answer]}."
    listed = []
    for answer in Answer:
        right = answer is question.answer
        feedback = "Right: " + verdict if right else f"Not {ANSWER_NAMES[answer]}: {verdict}"
        listed.append(Choice(ANSWER_LABELS[answer], right, feedback))
    return tuple(listed)


def cited(question: Question) -> list[tuple[str, str]]:
    """(label, sentence) for each distinction the question cites, in the order of the five."""
    return [(INFO[d].label, question.distinctions[d]) for d in Distinction if d in question.distinctions]
