"""The end of a quiz: the score, accuracy per distinction, the questions missed, what to revise."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from relquiz.distinctions import ANSWER_LABELS, INFO
from relquiz.model import Answer
from relquiz.views.base import View, column, data

if TYPE_CHECKING:
    from relquiz.quiz import Summary


def show_summary(view: View, summary: Summary, results_path: Path | None) -> None:
    view.console.print()
    if not summary.answered:
        view.line(Text("Stopped before the first answer: nothing to score.", "heading"))
    else:
        score = f"Score: {summary.correct}/{summary.answered} ({summary.percent:.0f}%)"
        if summary.answered < summary.total:
            score += f", stopped after {summary.answered} of {summary.total} questions"
        if summary.late:
            score += f"; {summary.late} answered after the time limit"
        view.line(Text(score, "heading"))
        _scores(view, summary)
    if results_path is not None:
        view.line(f"Results saved to {view.file_name(results_path)}", soft_wrap=True)


def _scores(view: View, summary: Summary) -> None:
    """Accuracy per distinction, the questions missed and what to revise."""
    rows: list[list[str | Text]] = []
    asked_why = any(item.asked_why for item in summary.by_distinction)
    for item in summary.by_distinction:
        label = INFO[item.distinction].label
        if item.accuracy is None:
            empty: list[str | Text] = [label, "not asked", "", ""]
            rows.append(empty[: 4 if asked_why else 3])
            continue
        ratio = f"{item.correct} of the {item.cited} that turn on it ({100 * item.accuracy:.0f}%)"
        row: list[str | Text] = [label, ratio, "" if view.compact else view.bar(item.accuracy)]
        if asked_why:
            recognition = item.recognition
            row.append(
                "" if recognition is None else f"named {item.recognised}/{item.asked_why} ({100 * recognition:.0f}%)"
            )
        rows.append(row)
    columns = ["Distinction", "Accuracy", "", "Recognised (why step)"][: 4 if asked_why else 3]
    view.table(columns, rows, title="Accuracy by distinction")
    if summary.missed:
        view.table(
            [column("Missed", ratio=1), "You said", "The answer"],
            [
                [data(first_sentence(q.scenario)), ANSWER_LABELS[_other(q.answer)], ANSWER_LABELS[q.answer]]
                for q in summary.missed
            ],
            title="Questions to look at again",
            labelled=True,
        )
    view.line(*_advice(summary))


def _advice(summary: Summary) -> tuple[str | Text, ...]:
    """What to do next, named only on evidence (quiz.summarise decides which distinction)."""
    if not summary.missed:
        return ("Nothing missed: every answer was right.",)
    if summary.start_with_learn:
        return (Text("Next: ", "heading"), "start with the five distinctions side by side: relquiz learn")
    if summary.to_revise is None:
        return ("Your misses are spread out: no one distinction stands out to revise.",)
    tally = next(item for item in summary.by_distinction if item.distinction is summary.to_revise)
    info = INFO[summary.to_revise]
    evidence = f"right on {tally.correct} of the {tally.cited} questions that turn on it, against {summary.percent:.0f}% overall"
    return (Text("Revise: ", "heading"), f"{info.label} ({evidence}). {info.question} {info.contrast}")


def _other(answer: Answer) -> Answer:
    """What a wrong answer was: there are two to choose from."""
    return Answer.FRIENDSHIP if answer is Answer.THERAPY else Answer.THERAPY


def first_sentence(text: str) -> str:
    """A scenario's first sentence, whole: the learner finds the question by what happened, and a
    text cut mid-word reads as a typo."""
    from relquiz.bank.rules import sentences

    found = sentences(" ".join(text.split()))
    return found[0] if found else text
