"""Screens about banks: the five distinctions with examples (`learn`), the questions (`list`) and
a bank's coverage (`validate`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from relquiz.distinctions import DEFAULT_SUPPORT_NOTE, DISTINCTIONS, INFO
from relquiz.model import Answer, Distinction
from relquiz.views.base import View, column, data
from relquiz.words import counted

if TYPE_CHECKING:
    from rich.table import Column

    from relquiz.bank.coverage import Coverage
    from relquiz.bank.cues import CueCheck
    from relquiz.model import Bank, Question

LEARN_TITLE = "How a therapy relationship differs from a friendship"


def show_distinction(view: View, number: int, examples: dict[Answer, Question]) -> None:
    """One distinction, the screen `learn` gives it: what it asks, each side in general, and each
    side in a bank scenario, told from its first sentence so the reader meets the people."""
    info = DISTINCTIONS[number - 1]
    view.line(Text(f"{LEARN_TITLE}, {number} of {len(DISTINCTIONS)}: {info.label}", "heading"))
    view.line(info.question)
    for answer, label, general in (
        (Answer.THERAPY, "Therapy relationship", info.therapy),
        (Answer.FRIENDSHIP, "Friendship", info.friendship),
    ):
        example = examples.get(answer)
        if view.plain:
            view.line(f"{info.label}, {label.lower()}: {general}")
            if example is not None:
                view.line(f"{info.label}, {label.lower()}, for example: ", *_example(example, info.distinction))
            continue
        view.line()
        view.line(Text(label, "heading"))
        view.line(general)
        if example is not None:
            view.line(Text("For example: ", "hint"), *_example(example, info.distinction))


def _example(question: Question, distinction: Distinction) -> tuple[Text, Text]:
    from relquiz.views.summary import first_sentence

    return data(first_sentence(question.scenario) + " "), data(question.distinctions[distinction], "cited")


def learn_prompt(number: int) -> Text:
    after = "about this bank" if number == len(DISTINCTIONS) else "next distinction"
    return Text(f"[Enter: {after}, q: stop] ", "hint")


def show_about(view: View, bank: Bank) -> None:
    """What the bank says of itself and the full support note (the quiz shows only its first line)."""
    view.line(data(bank.title, "heading"))
    if bank.description:
        view.line(data(bank.description))
    view.line(data(bank.support_note or DEFAULT_SUPPORT_NOTE, "hint"))


def show_questions(view: View, questions: Sequence[Question]) -> None:
    """One row per question: id over the scenario's opening, then the keys a teacher scans; as a
    line, 'old-friends: answer friendship, difficulty easy, cites boundaries, duration; scenario: …'."""
    rows: list[list[str | Text]] = []
    said: list[Text] = []
    for q in questions:
        cited = [INFO[d] for d in Distinction if d in q.distinctions]
        opening = data(view.opening(q.scenario, 10), "hint")
        letters = " ".join(info.letter for info in cited)
        rows.append([data(q.id, "heading") + "\n" + opening, q.answer.value, q.difficulty.value, letters])
        names = ", ".join(info.distinction.value for info in cited)
        keys = f": answer {q.answer.value}, difficulty {q.difficulty.value}, cites {names}; scenario: "
        said.append(Text.assemble(data(q.id), keys, opening))
    columns: list[str | Column] = [column("Question", ratio=1), "Answer", "Level", column("Cites", no_wrap=True)]
    view.table(columns, rows, said=said)
    legend = ", ".join(f"{info.letter} {info.distinction.value}" for info in DISTINCTIONS)
    view.line(Text(f"{counted(len(questions), 'question')}." + ("" if view.compact else f" Cites: {legend}."), "hint"))


def show_coverage(view: View, source: Path, count: int, coverage: Coverage) -> None:
    """How many questions each answer, difficulty and distinction has; a line reads
    'difficulty easy: 2 questions'."""
    groups = [
        *(("answer", a.value, n) for a, n in coverage.by_answer.items()),
        *(("difficulty", level.value, n) for level, n in coverage.by_difficulty.items()),
        *(("distinction", d.value, n) for d, n in coverage.by_distinction.items()),
    ]
    view.line(view.file_name(source), f": {counted(count, 'question')}", soft_wrap=True)
    view.table(
        ["Group", "Value", "Questions"],
        [[group, value, str(n)] for group, value, n in groups],
        said=[Text(f"{group} {value}: {counted(n, 'question')}") for group, value, n in groups],
    )


def show_cues(view: View, check: CueCheck) -> None:
    """The word-spotter's score overall and per difficulty, then the questions it keys right most
    confidently with the words that give each away."""
    from relquiz.bank.cues import HARD_LIMIT, OVERALL_LIMIT, STRICT_FROM
    from relquiz.model import Difficulty

    right, total = check.share()
    if not total:
        return
    levels = ", ".join(f"{level.value} {r} of {t}" for level in Difficulty for r, t in [check.share(level)] if t)
    view.line(
        Text("Word-spotter check", "heading"), " (naive Bayes on scenario words, each question left out in turn):"
    )
    view.line(f"Keys {right} of {counted(total, 'question')} right ({right / total:.0%}): {levels}.")
    if total >= STRICT_FROM:
        verdict = "over" if check.shortfalls() else "within"
        view.line(
            f"That is {verdict} the --strict limits ({OVERALL_LIMIT:.0%} of all questions, {HARD_LIMIT:.0%} of hard ones)."
        )
    if not check.giveaways:
        return
    view.line("Keyed right most confidently, with the words that give each away:")
    for keyed in check.giveaways:
        view.line("  ", data(keyed.question.id), f" ({keyed.confidence:.1%} sure): ", data(", ".join(keyed.telling)))
