"""Screens about banks: the five distinctions with examples (`learn`), the questions (`list`) and
a bank's coverage (`validate`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from relquiz.distinctions import DISTINCTIONS, INFO
from relquiz.model import Answer, Distinction
from relquiz.views.base import View, column, data, first_words
from relquiz.words import counted

if TYPE_CHECKING:
    from rich.table import Column

    from relquiz.bank.coverage import Coverage
    from relquiz.model import Bank, Question

DEFAULT_SUPPORT_NOTE = (
    "This is a learning exercise, not a source of help. If you need support, talk to someone "
    "you trust, your doctor, a counselling service, or your local emergency number."
)
LEARN_TITLE = "How a therapy relationship differs from a friendship"


def show_learn(view: View, bank: Bank, examples: dict[Distinction, dict[Answer, Question]]) -> None:
    """The five distinctions, each side illustrated by a cue from a bank scenario; then what the
    bank says of itself and the full support note (the quiz shows only its first line)."""
    rows = []
    for info in DISTINCTIONS:
        cues = examples.get(info.distinction, {})
        cells = []
        for answer, general in ((Answer.THERAPY, info.therapy), (Answer.FRIENDSHIP, info.friendship)):
            example = cues.get(answer)
            cell = Text(general)
            if example is not None:
                cell.append_text(Text("\nExample: ", "heading"))
                opening = first_words(example.scenario, 6, view.glyph("…"))
                cell.append_text(data(f"{view.glyph('“')}{opening}{view.glyph('”')} ", "hint"))
                cell.append_text(data(example.distinctions[info.distinction], "cited"))
            cells.append(cell)
        rows.append([Text(info.label, "heading"), *cells])
    sides = [column(name, overflow="fold") for name in ("Therapy relationship", "Friendship")]
    view.table(["Distinction", *sides], rows, title=LEARN_TITLE, labelled=True)
    if bank.description:
        view.line(data(bank.description))
    view.line(data(bank.support_note or DEFAULT_SUPPORT_NOTE, "hint"))


def show_questions(view: View, questions: Sequence[Question]) -> None:
    """One row per question: id over the scenario's first words, then the keys a teacher scans."""
    rows = []
    for q in questions:
        cited = [INFO[d] for d in Distinction if d in q.distinctions]
        opening = data(first_words(q.scenario, 10, view.glyph("…")), "hint")
        if view.compact:
            names = ", ".join(info.distinction.value for info in cited)
            rows.append([data(q.id), q.answer.value, q.difficulty.value, names, opening])
        else:
            letters = " ".join(info.letter for info in cited)
            rows.append([data(q.id, "heading") + "\n" + opening, q.answer.value, q.difficulty.value, letters])
    columns: list[str | Column] = [column("Question", ratio=1), "Answer", "Level", column("Cites", no_wrap=True)]
    view.table(columns, rows)
    legend = ", ".join(f"{info.letter} {info.distinction.value}" for info in DISTINCTIONS)
    view.line(Text(f"{counted(len(questions), 'question')}." + ("" if view.compact else f" Cites: {legend}."), "hint"))


def show_coverage(view: View, source: Path, count: int, coverage: Coverage) -> None:
    rows: list[list[str | Text]] = [["answer", a.value, str(n)] for a, n in coverage.by_answer.items()]
    rows += [["difficulty", level.value, str(n)] for level, n in coverage.by_difficulty.items()]
    rows += [["distinction", d.value, str(n)] for d, n in coverage.by_distinction.items()]
    view.line(view.file_name(source), f": {counted(count, 'question')}", soft_wrap=True)
    view.table(["Group", "Value", "Questions"], rows)
