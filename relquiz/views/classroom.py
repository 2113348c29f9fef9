"""The class report (`relquiz report`) on a terminal, and its copies as HTML and SVG."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Literal

from rich.console import Console
from rich.text import Text

from relquiz.distinctions import INFO
from relquiz.views.base import THEME, View, column, data
from relquiz.words import counted

if TYPE_CHECKING:
    from relquiz.report import ClassReport, DistinctionRow


FLAG_HINTS = {  # what a teacher can do about a flagged question
    "too easy": "almost everyone is right; check that the scenario does not give the answer away",
    "too hard": "most students are wrong; check the key, and whether one detail outweighs the distinctions",
    "weak": "weak discrimination: strong and weak students miss it alike; look for ambiguity in the text",
}


def show_class_report(view: View, report: ClassReport) -> None:
    """The class report: each bank's students, questions and distinctions."""
    for bank in report.banks:
        view.line(
            Text("Class report: ", "heading"),
            data(bank.title, "heading"),
            Text(f" (bank {bank.sha256[:12]})", "hint"),
        )
        any_late = any(s.late for s in bank.students)
        students: list[list[str | Text]] = []
        for s in bank.students:
            done = "yes" if s.completed else f"no ({s.answered} answered)"
            row: list[str | Text] = [
                data(" ".join(s.name.split())),
                Text(view.file_name(s.source)),
                f"{s.correct}/{s.total}",
                f"{s.percent:.0f}",
                done,
            ]
            students.append([*row, str(s.late), _duration(s.seconds)] if any_late else [*row, _duration(s.seconds)])
        columns = ["Student", "File", "Score", "%", "Completed", *(["Late"] if any_late else []), "Time"]
        count = len(bank.students)
        view.table(columns, students, title=f"{counted(count, 'result')} (score out of the questions drawn)")
        view.table(
            [
                column("Question", no_wrap=True, overflow="fold"),
                "N",
                "Right",
                "Discr.",
                column("Flags", overflow="fold"),
            ],
            [
                [
                    data(item.id),
                    str(item.answered),
                    f"{100 * item.facility:.0f}%",
                    "n/a" if item.discrimination is None else f"{item.discrimination:+.2f}",
                    Text(", ".join(item.flags), "warning"),
                ]
                for item in bank.items
            ],
            title="Questions (N answered, Right = facility; Discr. = discrimination; both need 5 answers)",
        )
        flagged = sorted({flag for item in bank.items for flag in item.flags})
        for flag in flagged:
            view.line(Text(f"{flag}: ", "warning"), FLAG_HINTS[flag])
        view.table(
            ["Distinction", "Class accuracy", "", column("Most often missed", overflow="fold")],
            [_distinction_row(view, row) for row in bank.distinctions],
            title="By distinction",
        )
        view.console.print()


def _distinction_row(view: View, row: DistinctionRow) -> list[str | Text]:
    tally, accuracy = row.tally, row.tally.accuracy
    return [
        INFO[tally.distinction].label,
        "not asked" if accuracy is None else f"{tally.correct}/{tally.cited} ({100 * accuracy:.0f}%)",
        "" if view.compact or accuracy is None else view.bar(accuracy),
        data(", ".join(f"{qid} ({n})" for qid, n in row.most_missed)),
    ]


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def report_copy(report: ClassReport, kind: Literal["html", "svg"]) -> str:
    """A shareable copy of the report as it looks in a terminal: 'html' or 'svg' (Rich's export)."""
    console = Console(record=True, width=110, file=io.StringIO(), theme=THEME, markup=False, highlight=False)
    show_class_report(View(console), report)
    return console.export_svg(title="relquiz class report") if kind == "svg" else console.export_html()
