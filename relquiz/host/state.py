"""What one student's browser is told: the question and their own vote while voting, the answer
and the explanation only once revealed, their own summary at the end. Never anyone else's vote,
and never the answer early."""

from __future__ import annotations

from typing import Any

from relquiz.distinctions import ANSWER_NAMES, DISTINCTIONS
from relquiz.live import LiveClass, Stage, Student
from relquiz.quiz import Summary
from relquiz.safety import clean

SECOND_ROUND = (Stage.REVOTING, Stage.RESPREAD)


def student_state(live: LiveClass, student: Student) -> dict[str, Any]:
    with live.lock:
        stage = live.stage
        state: dict[str, Any] = {
            "name": student.name,
            "stage": stage.value,
            "number": live.index + 1,
            "total": len(live.plan.questions),
        }
        if stage is Stage.ENDED:
            state["summary"] = _summary(student.summary)
            return state
        question = live.question
        first, second = student.votes.get(live.index, (None, None))
        mine = second if stage in SECOND_ROUND else (second or first) if stage is Stage.REVEALED else first
        state.update(scenario=clean(question.scenario), vote=mine and mine.value, second_vote=live.second_vote)
        if stage is Stage.REVEALED:
            final = second or first
            state["reveal"] = {
                "answer": question.answer.value,
                "answer_name": ANSWER_NAMES[question.answer],
                "right": None if final is None else final is question.answer,
                "rows": [
                    {"label": info.label, "text": clean(question.distinctions[info.distinction])}
                    for info in DISTINCTIONS
                    if info.distinction in question.distinctions
                ],
                "takeaway": clean(question.takeaway or ""),
                "not_at_stake": [
                    {"label": info.label, "text": info.contrast}
                    for info in DISTINCTIONS
                    if info.distinction not in question.distinctions
                ],
            }
        return state


def _summary(summary: Summary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "correct": summary.correct,
        "answered": summary.answered,
        "total": summary.total,
        "by_distinction": [
            {"label": info.label, "correct": tally.correct, "cited": tally.cited}
            for info, tally in zip(DISTINCTIONS, summary.by_distinction, strict=True)
        ],
    }
