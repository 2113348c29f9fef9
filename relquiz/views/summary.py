"""The end of a quiz: the score, accuracy per distinction, the questions missed, what to revise."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from relquiz.distinctions import ANSWER_LABELS, INFO
from relquiz.model import Answer
from relquiz.views.base import View, column, data
from relquiz.words import percent, rounded

if TYPE_CHECKING:
    from collections.abc import Sequence

    from relquiz.model import Question
    from relquiz.quiz import Summary


def show_summary(view: View, summary: Summary, results_path: Path | None) -> None:
    view.console.print()
    if not summary.answered:
        view.line(Text("Stopped before the first answer: nothing to score.", "heading"))
    else:
        score = f"Score: {summary.correct}/{summary.answered} ({rounded(summary.percent)}%)"
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
    asked_why = any(item.asked_why for item in summary.by_distinction)
    width = 4 if asked_why else 3
    rows: list[Sequence[str | Text]] = []
    said: list[Text] = []
    for item in summary.by_distinction:
        label = INFO[item.distinction].label
        if item.accuracy is None:
            rows.append([label, "not asked", "", ""][:width])
            said.append(Text(f"{label}: not asked"))
            continue
        accuracy = percent(item.accuracy)
        row: list[str | Text] = [
            label,
            f"{item.correct} of {_turning(item.cited, with_noun=False)} ({accuracy})",
            view.bar(item.accuracy),
        ]
        line = f"{label}: right on {item.correct} of {_turning(item.cited)} ({accuracy})"
        recognition = item.recognition
        if asked_why and recognition is None:
            row.append("")
        elif recognition is not None:
            share = f"({percent(recognition)})"
            row.append(f"named {item.recognised}/{item.asked_why} {share}")
            line += f"; named at the why step {item.recognised} of {item.asked_why} times {share}"
        rows.append(row)
        said.append(Text(line))
    columns = ["Distinction", "Accuracy", "", "Recognised (why step)"][:width]
    view.table(columns, rows, title="Accuracy by distinction", said=said)
    if summary.missed:
        view.table(
            [column("Missed", ratio=1), "You said", "The answer"],
            [
                [data(first_sentence(q.scenario)), ANSWER_LABELS[_other(q.answer)], ANSWER_LABELS[q.answer]]
                for q in summary.missed
            ],
            title="Questions to look at again",
            said=[_missed_line(q) for q in summary.missed],
        )
    view.line(*_advice(summary))


def _missed_line(question: Question) -> Text:
    """The verdict, then the sentence the learner finds the question by: it may end in any way."""
    said, answer = ANSWER_LABELS[_other(question.answer)], ANSWER_LABELS[question.answer]
    return Text.assemble(
        f"You said {said.lower()}, the answer is {answer.lower()}: ", data(first_sentence(question.scenario))
    )


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
    evidence = f"right on {tally.correct} of {_turning(tally.cited)}, against {rounded(summary.percent)}% overall"
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


def _turning(cited: int, with_noun: bool = True) -> str:
    """'the 3 questions that turn on it', 'the 1 question that turns on it'."""
    noun = (" question" if cited == 1 else " questions") if with_noun else ""
    return f"the {cited}{noun} that turn{'s' if cited == 1 else ''} on it"
