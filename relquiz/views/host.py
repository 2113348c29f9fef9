"""The teacher's projected screen in a live class: how to join, the question, how many have
answered (never what, while voting is open), the spreads, the answer, and the class at the end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from relquiz.distinctions import ANSWER_NAMES
from relquiz.views.base import data, holds
from relquiz.views.quiz import QuizView
from relquiz.words import counted

if TYPE_CHECKING:
    from relquiz.live import LiveClass, Spread

QR_BESIDE = 80  # columns: the code (33) beside a panel still wide enough to read

KEYS = {
    "voting": "Enter: close voting and show the spread   q: end the class",
    "revoting": "Enter: close the second vote   q: end the class",
    "spread": "Enter: reveal the answer   d: discuss with a neighbour, then vote again   q: end",
    "respread": "Enter: reveal the answer   q: end the class",
    "revealed": "n: next question   q: end the class",
}


class HostView(QuizView):
    """The projected screen; `notices` (a save that failed) stay on it until the class ends."""

    def __init__(self, console: Console, plain: bool = False) -> None:
        super().__init__(console, plain)
        self.notices: list[str] = []

    def notice(self, message: str) -> None:
        """Called from the server's thread too: kept, and drawn with the next screen."""
        self.notices.append(message)

    def screen(self, live: LiveClass, address: str, qr: list[str]) -> None:
        """The whole screen for the class's current stage, drawn afresh at each change."""
        self.clear()
        stage = live.stage.value
        self.line(Text("Live class", "heading"), f"   join at {address}   room code ", Text(live.room, "heading"))
        joined = counted(len(live.students), "student")
        names = [student.name for student in live.students.values()][-5:]
        latest = [Text(" Latest: ", "hint"), data(", ".join(names))] if names else []
        joined_line = Text.assemble(f"{joined} joined.", *latest)
        if live.index == 0 and stage == "voting" and self.shows_qr(qr):
            self.beside_qr(qr, joined_line, live)
        else:
            self.line(joined_line)
            self.question(live.index + 1, len(live.plan.questions), live.question)
        if stage in ("voting", "revoting"):
            which = "second vote" if stage == "revoting" else "vote"
            self.line(Text(f"{live.answered()} of {len(live.students)} have answered the {which}.", "heading"))
        if stage in ("spread", "respread", "revealed"):
            self.spread("First vote", live.spread())
            if live.second_vote:
                self.spread("After discussing", live.spread(second=True))
        if stage == "revealed":
            question = live.question
            self.line(Text(f"The answer: {ANSWER_NAMES[question.answer]}.", "right"))
            self.explanations(question)
            if question.takeaway:
                self.line(Text("Takeaway: ", "heading"), data(question.takeaway))
        for message in self.notices[-3:]:
            self.line(Text(f"Warning: {message}", "warning"), soft_wrap=True)
        last = stage == "revealed" and live.index + 1 == len(live.plan.questions)
        self.line(
            Text("n: end the class (that was the last question)   q: end the class" if last else KEYS[stage], "hint")
        )

    def shows_qr(self, qr: list[str]) -> bool:
        """Room for the code beside the question, and an output that can hold its half blocks
        (a Latin-1 terminal would get a field of '?': the address alone is better)."""
        return not self.plain and self.console.width >= QR_BESIDE and holds("".join(qr), self.console.encoding)

    def beside_qr(self, qr: list[str], joined: Text, live: LiveClass) -> None:
        """While the class gathers, the QR code to the left of the first question, so both fit
        an 80x24 terminal with the address above them."""
        from rich.console import Group
        from rich.panel import Panel
        from rich.table import Table

        progress = f"Question 1 of {len(live.plan.questions)}"
        panel = Panel(data(live.question.scenario), title=progress, title_align="left", padding=(0, 1))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        grid.add_row(Text("\n".join(qr)), Group(joined, panel))
        self.console.print(grid)

    def spread(self, label: str, spread: Spread) -> None:
        if self.plain:
            self.line(f"{label}: therapy {spread.therapy}, friendship {spread.friendship}.")
            return
        total = spread.total or 1
        for name, count in (("Therapy", spread.therapy), ("Friendship", spread.friendship)):
            self.line(f"{label}, {name}: ".ljust(30), self.bar(count / total, 20), f" {count}")

    def class_summary(self, live: LiveClass) -> None:
        """Per question, how many were right at the first vote and at the final one."""
        self.line(Text("The class", "heading"), f": {counted(len(live.students), 'student')}.")
        for number, question in enumerate(live.plan.questions, start=1):
            answers = [r for s in live.students.values() for r in s.run.responses if r.question_id == question.id]
            if not answers:
                continue
            final = sum(r.correct for r in answers)
            firsts = [r.first_vote for r in answers if r.first_vote is not None]
            before = sum(vote is question.answer for vote in firsts)
            line = f"Question {number}: {final} of {len(answers)} right"
            if firsts:
                line += f" after discussing ({before} of {len(firsts)} at the first vote)"
            self.line(line + ".")

    def ended(self, folder: str) -> None:
        self.line(
            f"Results saved in {self.file_name(folder)}; relquiz report {self.file_name(folder)} shows the class."
        )

    def closing(self) -> None:
        self.line(Text("Students can see their results and save their file now. q: close the class.", "hint"))
