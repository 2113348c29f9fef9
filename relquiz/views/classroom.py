"""The class report (`relquiz report`) on a terminal, and as an SVG picture of it."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from relquiz.distinctions import INFO
from relquiz.views.base import THEME, View, column, data
from relquiz.views.class_analysis import FLAG_HINTS, ITEM_TERMS, show_reliability, show_why_matrix, tentative_line
from relquiz.words import counted, duration, percent, rounded, signed

if TYPE_CHECKING:
    from rich.table import Column

    from relquiz.report import BankReport, ClassReport, DistinctionRow, StudentRow


FULL_HEADINGS = ("Answered", "Answered right (facility)", "Separates stronger from weaker (discrimination)")
SHORT_HEADINGS = ("N", "Right", "Separates")  # for long ids in a narrow window: ITEM_TERMS names them whole
ROOM_FOR_FULL_HEADINGS = 62  # the full headings' longest words, with the table's padding
ROOM_FOR_SHORT_HEADINGS = 40  # the short headings, the widest figures and a flag, with padding
ROOM_FOR_A_BAR = 12  # ten blocks and the column's padding
ROOM_FOR_FIRST_VOTE = 8  # "Right at first vote" wrapped, a figure and padding
ROOM_BESIDE_MOST_MISSED = 40  # the distinction and accuracy columns with the table's padding


def show_class_report(view: View, report: ClassReport) -> None:
    """The class report: each bank's students, questions and distinctions."""
    for bank in report.banks:
        view.line(
            Text("Class report: ", "heading"),
            data(bank.title, "heading"),
            Text(f" (bank {bank.sha256[:12]})", "hint"),
        )
        for note in bank.notes:
            view.line(Text("Note: ", "warning"), data(note))
        _students(view, bank.students)
        _items(view, bank)
        flagged = bank.flags_used
        for flag in flagged:
            view.line(Text(f"{flag}: ", "warning"), FLAG_HINTS[flag])
        show_reliability(view, bank.reliability)
        missed = [f"{qid} ({n})" for row in bank.distinctions for qid, n in row.most_missed]
        bars = view.console.width >= max(map(len, missed), default=0) + ROOM_BESIDE_MOST_MISSED + ROOM_FOR_A_BAR
        view.table(
            ["Distinction", "Class accuracy", *([""] if bars else []), column("Most often missed", overflow="fold")],
            [_distinction_row(view, row, bars) for row in bank.distinctions],
            title="By distinction",
            said=[_distinction_line(row) for row in bank.distinctions],
        )
        if bank.why is not None:
            show_why_matrix(view, bank.why)
        view.console.print()


def _students(view: View, students: Sequence[StudentRow]) -> None:
    """One row per results file; a line reads 'Ana: score 3 of 4, 75%, completed, time 2 min 30 s,
    file ana.json'. Late answers are counted only when some student has one."""
    any_late = any(s.late for s in students)
    rows: list[list[str | Text]] = []
    said: list[Text] = []
    for s in students:
        name, file = data(s.name), Text(view.file_name(s.source))
        late = [str(s.late)] if any_late else []
        done = "yes" if s.completed else f"no ({s.answered} answered)"
        rows.append([name, file, f"{s.correct}/{s.total}", f"{rounded(s.percent)}", done, *late, duration(s.seconds)])
        parts = [
            f"score {s.correct} of {s.total}",
            f"{rounded(s.percent)}%",
            "completed" if s.completed else f"not completed ({s.answered} answered)",
            *([f"{s.late} late"] if any_late else []),
            "time unknown" if s.seconds is None else f"time {duration(s.seconds)}",
        ]
        said.append(Text.assemble(name, ": ", ", ".join(parts), ", file ", file))
    columns = ["Student", "File", "Score", "%", "Completed", *(["Late"] if any_late else []), "Time"]
    view.table(columns, rows, title=f"{counted(len(students), 'result')} (score out of the questions drawn)", said=said)


def _items(view: View, bank: BankReport) -> None:
    """The item analysis under plain-language headings; a line reads 'q2: 6 answered, 67% answered
    right, separates stronger from weaker -0.21 (discrimination), flagged weak (tentative)'."""
    rows: list[list[str | Text]] = []
    said: list[Text] = []
    voted_twice = any(item.first_facility is not None for item in bank.items)  # a live class's second votes
    tentative = " (tentative)" if bank.tentative else ""
    for item in bank.items:
        discrimination = None if item.discrimination is None else signed(item.discrimination)
        flags = Text(", ".join(item.flags), "warning")
        right = percent(item.facility)
        first = "" if item.first_facility is None else percent(item.first_facility)
        rows.append(
            [
                data(item.id),
                str(item.answered),
                *([first] if voted_twice else []),
                right,
                discrimination or "n/a",
                flags,
            ]
        )
        before = f"{first} right at the first vote, " if first else ""
        separates = f"{discrimination} (discrimination)" if discrimination else "not available (discrimination)"
        figures = (
            f"{item.answered} answered, {before}{right} answered right, separates stronger from weaker {separates}"
        )
        flagged = (", flagged ", flags, tentative) if item.flags else ()
        said.append(Text.assemble(data(item.id), ": ", figures, *flagged))
    longest = max((len(item.id) for item in bank.items), default=0) + (ROOM_FOR_FIRST_VOTE if voted_twice else 0)
    full = view.console.width >= longest + ROOM_FOR_FULL_HEADINGS  # else the headings' first words
    answered, right_heading, separates_heading = FULL_HEADINGS if full else SHORT_HEADINGS
    whole_ids = view.console.width >= longest + ROOM_FOR_SHORT_HEADINGS  # else ids break, never the figures
    figure = {"no_wrap": not full, "justify": "right"}
    columns: list[str | Column] = [
        column("Question", no_wrap=whole_ids, overflow="fold"),
        column(answered, **figure),
        *([column("Right at first vote", **figure)] if voted_twice else []),
        column(right_heading, **figure),
        column(separates_heading, **figure),
        column(f"Flags{tentative}", overflow="fold", min_width=len("too easy")),
    ]
    view.table(columns, rows, title="Questions" if full else "Questions (N answered)", said=said)
    view.line(Text(ITEM_TERMS, "hint"))
    if bank.tentative and any(item.flags for item in bank.items):
        view.line(Text(tentative_line(bank), "hint"))


def _distinction_row(view: View, row: DistinctionRow, bar: bool) -> list[str | Text]:
    """One id a line in 'Most often missed', so that an id breaks only when the window is narrower
    than it; the bar gives up its room first."""
    tally, accuracy = row.tally, row.tally.accuracy
    return [
        INFO[tally.distinction].label,
        "not asked" if accuracy is None else f"{tally.correct}/{tally.cited} ({percent(accuracy)})",
        *([Text("") if accuracy is None else view.bar(accuracy)] if bar else []),
        data("\n".join(f"{qid} ({n})" for qid, n in row.most_missed)),
    ]


def _distinction_line(row: DistinctionRow) -> Text:
    """'Purpose: 8 of 12 answers right (67%); most often missed: q3 (3 times), q1 (1 time)'."""
    tally, accuracy = row.tally, row.tally.accuracy
    label = INFO[tally.distinction].label
    if accuracy is None:
        return Text(f"{label}: not asked")
    missed = ", ".join(f"{qid} ({counted(n, 'time')})" for qid, n in row.most_missed)
    return Text.assemble(
        f"{label}: {tally.correct} of {tally.cited} answers right ({percent(accuracy)})",
        *(("; most often missed: ", data(missed)) if missed else ()),
    )


def report_svg(report: ClassReport) -> str:
    """The report as it looks in a terminal, as an SVG picture (Rich's export)."""
    console = Console(record=True, width=110, file=io.StringIO(), theme=THEME, markup=False, highlight=False)
    show_class_report(View(console), report)
    # Rich's SVG fetches Fira Code from a CDN: a shared file must reach out to nothing, so it keeps
    # the font's name and falls back to the reader's own monospace.
    return re.sub(r"\s*@font-face\s*\{[^}]*\}", "", console.export_svg(title="relquiz class report"))
