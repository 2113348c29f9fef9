"""Everything relquiz shows: consoles, theme and every view, in rich and plain form.

Bank and results text is data: it is cleaned of control codes and always wrapped in `Text`,
which Rich never parses as markup.
"""

from __future__ import annotations

import io
import json
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console
from rich.style import Style
from rich.text import Text
from rich.theme import Theme

from relquiz.distinctions import ANSWER_NAMES, DISTINCTIONS, INFO
from relquiz.model import Answer, Distinction
from relquiz.safety import clean, escape_unsafe, printable
from relquiz.words import counted

# Only some views need these; importing them lazily keeps the first question fast.
if TYPE_CHECKING:
    from rich.table import Column

    from relquiz.bank import Coverage
    from relquiz.errors import Problem
    from relquiz.history import SessionRecord
    from relquiz.model import Bank, Question, Response
    from relquiz.progress import Progress as PracticeProgress
    from relquiz.quiz import Summary
    from relquiz.report import ClassReport

THEME = Theme(
    {
        "right": "bold green",
        "wrong": "bold red",
        "cited": "bold cyan",
        "general": "dim",
        "heading": "bold",
        "hint": "italic",
        "warning": "yellow",
        "error": "red",
    }
)
DEFAULT_SUPPORT_NOTE = (
    "This is a learning exercise, not a source of help. If you need support, talk to someone "
    "you trust, your doctor, a counselling service, or your local emergency number."
)
LEARN_TITLE = "How a therapy relationship differs from a friendship"
WHY_LEGEND = (
    ", ".join(f"{info.letter} for {info.distinction.value}" for info in DISTINCTIONS)
    + " (several allowed, such as 'pb'; Enter skips; q stops)"
)
NARROW = 60
LONG_TABLE = 100  # rows; Rich's Table takes about 1 ms a row to measure, wrap and draw
PROGRESS_FROM = 20
HISTORY_ROWS = 15
SPARK_SESSIONS = 12
TREND_STEADY = 5  # points of accuracy below which a change is called steady
ANSWER_PROMPT = "Therapy or friendship? [t/f, ? for the five distinctions, q to stop]: "
SHORT_ANSWER_PROMPT = "Therapy or friendship? [t/f/?/q]: "  # the intro says what the keys do


def data(text: str, style: str = "") -> Text:
    """User-supplied text as a renderable that is never read as markup."""
    return Text(clean(text), style=style)


def first_words(text: str, count: int = 8) -> str:
    words = clean(text).split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def make_console(*, plain: bool = False, stderr: bool = False, file: IO[str] | None = None) -> Console:
    """A console built at call time, so NO_COLOR and TERM in the environment are honoured."""
    return Console(
        file=file,
        stderr=stderr,
        theme=THEME,
        no_color=True if plain else None,
        color_system=None if plain else "auto",
        markup=False,
        emoji=False,
        highlight=False,
        # Messages on stderr are never wrapped: one problem, one line, whatever the width.
        soft_wrap=plain or stderr,
    )


class View:
    """All output of a command, on one console; `plain` gives one line per event, no boxes."""

    def __init__(self, console: Console, plain: bool = False) -> None:
        self.console = console
        self.plain = plain
        self.announced: float | None = None
        self.shown_prompt = ANSWER_PROMPT

    @property
    def compact(self) -> bool:
        """Lines instead of tables and bars: asked for with --plain, or forced by a narrow window."""
        return self.plain or self.console.width < NARROW

    def line(self, *parts: str | Text) -> None:
        self.console.print(Text.assemble(*(clean(part) if isinstance(part, str) else part for part in parts)))

    def table(
        self,
        columns: Sequence[str | Column],
        rows: Sequence[Sequence[str | Text]],
        title: str = "",
        labelled: bool = False,
    ) -> None:
        """A table; in plain mode or a narrow terminal, one line per row: 'first: second | third'.

        `labelled` puts each column's name before its cell in the line form, for tables whose
        cells do not say what they are (therapy side, friendship side).
        """
        if self.compact:
            if title:
                self.line(Text(title, "heading"))
            names = [column if isinstance(column, str) else str(column.header) for column in columns]
            for row in rows:
                cells = [
                    Text.assemble(f"{name}: " if labelled else "", _one_line(cell))
                    for name, cell in zip(names[1:] + [""] * len(row), row[1:], strict=False)
                    if cell
                ]
                self.line(_one_line(row[0]), ": ", *_joined(cells, " | "))
            return
        if len(rows) > LONG_TABLE:
            if title:
                self.console.print(Text(title, "table.title"))
            self.console.print(_aligned_table(columns, rows, self.console.width), no_wrap=True, crop=False)
            return
        from rich import box
        from rich.table import Table

        table = Table(*columns, title=title or None, box=box.SIMPLE_HEAD, title_justify="left")
        for row in rows:
            table.add_row(*row)
        self.console.print(table)

    # --- the quiz -------------------------------------------------------------------------

    def intro(self, bank: Bank, count: int, seed: int | None, why: bool = False) -> None:
        """Title, how to answer, the seed to share (None when the order comes from the history)."""
        self.line(data(bank.title, "heading"))
        if bank.description and not self.plain:
            self.line(data(bank.description))
        self.line(
            f"{counted(count, 'question')}. For each scenario, decide: is it a "
            "therapy relationship (t) or a friendship (f)? Type ? to see the five distinctions, q to stop."
        )
        if why:
            self.line(f"After each answer, say which distinction told you: {WHY_LEGEND}.")
        if seed is not None:
            self.line(f"Seed {seed}: anyone using this seed with the same bank gets the same questions.")
        self.line(data(bank.support_note or DEFAULT_SUPPORT_NOTE, "hint"))

    def question(self, number: int, total: int, question: Question) -> None:
        progress = f"Question {number} of {total}"
        if self.plain:
            self.line(f"{progress}: ", data(question.scenario))
            return
        self.console.print()
        from rich.panel import Panel

        self.console.print(Panel(data(question.scenario), title=progress, title_align="left", padding=(0, 1)))

    def prompt(self) -> Text:
        """The answer prompt; in a window too narrow for it, the short form, which never breaks
        in the middle of a word."""
        self.shown_prompt = ANSWER_PROMPT if len(ANSWER_PROMPT) + 4 <= self.console.width else SHORT_ANSWER_PROMPT
        return Text(self.shown_prompt)

    @contextmanager
    def countdown(self, limit: int | None, shown_at: float, clock: Callable[[], float]) -> Iterator[None]:
        """While the learner types: the time left on the line above the prompt, once a second.

        Only a colour terminal gets the live line (it moves the cursor); plain output and pipes
        get the limit once, so screen readers and logs are not flooded. After a resize the line
        stops changing for that question; the limit itself still applies.
        """
        if limit is None:
            yield
            return
        if self.plain or not self.console.is_terminal:
            if shown_at != self.announced:  # once per question, not at every re-prompt
                self.announced = shown_at
                unit = "second" if limit == 1 else "seconds"
                self.line(Text(f"Time limit: {limit} {unit} (a late answer still counts).", "hint"))
            yield
            return
        self.line(Text(_time_left(max(0, round(limit - (clock() - shown_at)))), "hint"))
        stop = threading.Event()

        started_width = self.console.size.width

        def tick() -> None:
            while not stop.wait(1):
                width = max(self.console.size.width, 1)
                if width != started_width:
                    # The window was resized: the lines above the cursor have moved or reflowed in
                    # ways a terminal does not report, so stop rather than write over something.
                    return
                status = _time_left(max(0, round(limit - (clock() - shown_at))))[: width - 1]
                # Save the cursor, go up past the prompt and what is typed so far (they may wrap),
                # rewrite the status line, restore: the typing is untouched.
                up = 1 + (len(self.shown_prompt) + len(_typed_so_far())) // width
                self.console.file.write(f"\x1b7\x1b[{up}A\r\x1b[2K{status}\x1b8")
                self.console.file.flush()

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            yield
        finally:
            stop.set()
            ticker.join()

    def clear_prompt(self, sessions: int) -> Text:
        what = "the one session" if sessions == 1 else f"all {sessions} sessions"
        return Text(f"Remove {what} of your practice history? This cannot be undone. [y/N]: ")

    def why_prompt(self) -> Text:
        letters = "/".join(info.letter for info in DISTINCTIONS)
        full = f"Which distinction told you? [{letters}, several allowed, Enter skips]: "
        return Text(full if len(full) + 4 <= self.console.width else f"Which told you? [{letters}]: ")

    def why_hint(self, reply: str) -> None:
        shown = first_words(reply, 4)[:30]
        self.line(Text(f"'{shown}' names no distinction. ", "hint"), f"Type {WHY_LEGEND}.")

    def reply_hint(self, reply: str) -> None:
        words = first_words(reply, 4)
        shown = (
            f"'{words[:30]}…' is not an answer. "
            if len(words) > 30
            else f"'{words}' is not an answer. "
            if words
            else ""
        )
        self.line(Text(shown, "hint"), "Type t for therapy, f for friendship, ? for help or q to stop.")

    def feedback(self, question: Question, response: Response) -> None:
        right = ANSWER_NAMES[question.answer]
        if response.correct:
            verdict = Text("Right." if self.plain else "✓ Right.", "right")
            self.line(verdict, f" This is {right}.")
        else:
            verdict = Text("Wrong." if self.plain else "✗ Wrong.", "wrong")
            self.line(verdict, f" This is {right}, not {ANSWER_NAMES[response.given]}.")
        if response.why is not None:
            self.why_feedback(question, response.why)
        if response.late:
            self.line(
                Text(
                    f"Answered after the time limit ({response.seconds:.0f} s): it counts, and is marked late.",
                    "warning",
                )
            )
        rows = []
        for info in DISTINCTIONS:
            explanation = question.distinctions.get(info.distinction)
            if explanation is not None:
                rows.append([Text(f"{info.label} (in this scenario)", "cited"), data(explanation, "cited")])
            else:
                rows.append([Text(f"{info.label} (in general)", "general"), Text(info.contrast, "general")])
        self.table(["Distinction", "How it shows"], rows)
        if question.takeaway:
            self.line(Text("Takeaway: ", "heading"), data(question.takeaway))

    def why_feedback(self, question: Question, named: tuple[Distinction, ...]) -> None:
        """Which of the named distinctions this question cites, and which it cites unnamed."""
        if not named:
            self.line(Text("You skipped the why step.", "hint"))
            return

        def names(group: Sequence[Distinction]) -> str:
            return ", ".join(INFO[d].label for d in group) if group else "none"

        cited = [d for d in Distinction if d in question.distinctions]
        self.line(
            Text("Your reasons: ", "heading"),
            f"cited and named: {names([d for d in named if d in cited])}; ",
            f"named but not cited here: {names([d for d in named if d not in cited])}; ",
            f"cited but not named: {names([d for d in cited if d not in named])}.",
        )

    def distinctions_help(self) -> None:
        rows: list[list[str | Text]] = [
            [Text(info.label, "heading"), info.therapy, info.friendship] for info in DISTINCTIONS
        ]
        self.table(
            ["Distinction", "Therapy relationship", "Friendship"], rows, title="The five distinctions", labelled=True
        )

    def summary(self, summary: Summary, results_path: Path | None) -> None:
        self.console.print()
        if not summary.answered:
            self.line(Text("Stopped before the first answer: nothing to score.", "heading"))
        else:
            score = f"Score: {summary.correct}/{summary.answered} ({summary.percent:.0f}%)"
            if summary.answered < summary.total:
                score += f", stopped after {summary.answered} of {summary.total} questions"
            if summary.late:
                score += f"; {summary.late} answered after the time limit"
            self.line(Text(score, "heading"))
            self.scores(summary)
        if results_path is not None:
            self.line(f"Results saved to {printable(str(results_path))}")

    def scores(self, summary: Summary) -> None:
        """Accuracy per distinction, the questions missed and what to revise."""
        rows: list[list[str | Text]] = []
        asked_why = any(item.asked_why for item in summary.by_distinction)
        for item in summary.by_distinction:
            label = INFO[item.distinction].label
            if not item.cited:
                empty: list[str | Text] = [label, "not asked", "", ""]
                rows.append(empty[: 4 if asked_why else 3])
                continue
            ratio = f"{item.correct}/{item.cited} right ({100 * item.accuracy:.0f}%)"
            row: list[str | Text] = [label, ratio, "" if self.compact else _bar(item.accuracy)]
            if asked_why:
                recognised = f"named {item.recognised}/{item.asked_why} ({100 * item.recognition:.0f}%)"
                row.append(recognised if item.asked_why else "")
            rows.append(row)
        columns = ["Distinction", "Accuracy", "", "Recognised (why step)"][: 4 if asked_why else 3]
        self.table(columns, rows, title="Accuracy by distinction")
        if summary.missed:
            self.table(
                ["Missed", "Scenario"],
                [[data(q.id), data(first_words(q.scenario))] for q in summary.missed],
                title="Questions to look at again",
            )
        if summary.to_revise is not None:
            info = INFO[summary.to_revise]
            self.line(Text("Revise: ", "heading"), f"{info.label}. {info.question} {info.contrast}")
        else:
            self.line("Nothing missed: every answer was right.")

    def stopped(self, answered: int, results_path: Path | None) -> None:
        saved = f"; {counted(answered, 'answer')} saved to {printable(str(results_path))}" if results_path else ""
        self.line(Text(f"Stopped{saved}.", "warning"))

    def nothing_due(self, has_cards: bool, next_due_at: datetime | None, now: datetime) -> None:
        """`review` with nothing due: say so, and when the next question will be."""
        if not has_cards:
            self.line("Nothing to review yet: no answers to this bank are in your history. Play first: relquiz play")
            return
        self.line("Nothing is due for review in this bank right now.")
        if next_due_at is not None:
            self.line(f"The next question is due {_when(next_due_at, now)}.")

    def history(
        self,
        sessions: Sequence[SessionRecord],
        figures: PracticeProgress,
        due: dict[str, tuple[str, int]],
        bundled: str,
    ) -> None:
        """Practice over time: sessions, accuracy per distinction with its trend, recognition,
        the streak and what is due."""
        sessions = [record for record in sessions if record.answers]  # a run stopped at once is no session
        if not sessions:
            self.line("No practice recorded yet. Play a quiz: relquiz play")
            return
        rows: list[list[str | Text]] = [
            [
                f"{record.started_at:%Y-%m-%d %H:%M}",
                record.mode,
                data(record.bank_title),
                f"{record.correct}/{len(record.answers)}",
                f"{100 * record.correct / len(record.answers):.0f}%",
                "yes" if record.completed else "stopped",
            ]
            for record in sessions[-HISTORY_ROWS:]
        ]
        shown = f"last {HISTORY_ROWS} of {len(sessions)}" if len(sessions) > HISTORY_ROWS else f"{len(sessions)}"
        self.table(["Date (UTC)", "Mode", "Bank", "Score", "%", "Completed"], rows, title=f"Sessions ({shown})")
        asked_why = any(d.asked_why for d in figures.by_distinction)
        rows = []
        for item in figures.by_distinction:
            label = INFO[item.distinction].label
            if item.accuracy is None:
                empty: list[str | Text] = [label, "not asked yet", "", "", ""]
                rows.append(empty[: 5 if asked_why else 4])
                continue
            row: list[str | Text] = [
                label,
                f"{item.correct}/{item.cited} ({100 * item.accuracy:.0f}%)",
                _trend(item.trend, self.compact),
                "" if self.compact else _sparkline(item.series),
            ]
            if asked_why:
                row.append(f"{100 * item.recognition:.0f}% of {item.asked_why}" if item.recognition is not None else "")
            rows.append(row)
        columns = ["Distinction", "Accuracy", "Trend (last 5 vs before)", "Sessions"] + (
            ["Recognised (why step)"] if asked_why else []
        )
        self.table(columns, rows, title="By distinction")
        days = figures.streak_days
        self.line(
            f"Days practised in a row: {days}."
            if days
            else "No practice today or yesterday: the streak starts again with your next quiz."
        )
        if not due:
            self.line("Questions due for review now: none.")
        for sha256, (title, count) in due.items():
            where = "" if sha256 == bundled else " -b BANK"
            self.line("Questions due for review now: ", data(f"{count} in '{title}'"), f". Run: relquiz review{where}")

    # --- other commands -------------------------------------------------------------------

    def learn(self, examples: dict[Distinction, dict[Answer, Question]]) -> None:
        """The five distinctions, each side illustrated by a cue from a bank scenario."""
        rows = []
        for info in DISTINCTIONS:
            cues = examples.get(info.distinction, {})
            cells = []
            for answer, general in ((Answer.THERAPY, info.therapy), (Answer.FRIENDSHIP, info.friendship)):
                example = cues.get(answer)
                cell = Text(general)
                if example is not None:
                    cell.append_text(Text("\nExample: ", "heading"))
                    cell.append_text(data(f"“{first_words(example.scenario, 6)}” ", "hint"))
                    cell.append_text(data(example.distinctions[info.distinction], "cited"))
                cells.append(cell)
            rows.append([Text(info.label, "heading"), *cells])
        sides = [_column(name, overflow="fold") for name in ("Therapy relationship", "Friendship")]
        self.table(["Distinction", *sides], rows, title=LEARN_TITLE, labelled=True)

    def questions(self, questions: Sequence[Question]) -> None:
        """One row per question: id over the scenario's first words, then the keys a teacher scans."""
        rows = []
        for q in questions:
            cited = [INFO[d] for d in Distinction if d in q.distinctions]
            opening = data(first_words(q.scenario, 10), "hint")
            if self.compact:
                names = ", ".join(info.distinction.value for info in cited)
                rows.append([data(q.id), q.answer.value, q.difficulty.value, names, opening])
            else:
                letters = " ".join(info.letter for info in cited)
                rows.append([data(q.id, "heading") + "\n" + opening, q.answer.value, q.difficulty.value, letters])
        columns: list[str | Column] = [_column("Question", ratio=1), "Answer", "Level", _column("Cites", no_wrap=True)]
        self.table(columns, rows)
        legend = ", ".join(f"{info.letter} {info.distinction.value}" for info in DISTINCTIONS)
        self.line(
            Text(f"{counted(len(questions), 'question')}." + ("" if self.compact else f" Cites: {legend}."), "hint")
        )

    def coverage(self, source: str, count: int, coverage: Coverage) -> None:
        rows: list[list[str | Text]] = [["answer", a.value, str(n)] for a, n in coverage.by_answer.items()]
        rows += [["difficulty", level.value, str(n)] for level, n in coverage.by_difficulty.items()]
        rows += [["distinction", d.value, str(n)] for d, n in coverage.by_distinction.items()]
        self.line(data(source), f": {counted(count, 'question')}")
        self.table(["Group", "Value", "Questions"], rows)

    def report(self, report: ClassReport) -> None:
        """The class report: each bank's students, questions and distinctions."""
        from relquiz.report import HINTS as report_hints

        for bank in report.banks:
            self.line(
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
                    data(s.source),
                    f"{s.correct}/{s.total}",
                    f"{s.percent:.0f}",
                    done,
                ]
                students.append([*row, str(s.late), _duration(s.seconds)] if any_late else [*row, _duration(s.seconds)])
            columns = ["Student", "File", "Score", "%", "Completed", *(["Late"] if any_late else []), "Time"]
            count = len(bank.students)
            self.table(columns, students, title=f"{counted(count, 'result')} (score out of the questions drawn)")
            self.table(
                [
                    _column("Question", no_wrap=True, overflow="fold"),
                    "N",
                    "Right",
                    "Discr.",
                    _column("Flags", overflow="fold"),
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
                self.line(Text(f"{flag}: ", "warning"), report_hints[flag])
            self.table(
                ["Distinction", "Class accuracy", "", _column("Most often missed", overflow="fold")],
                [
                    [
                        INFO[row.distinction].label,
                        f"{row.correct}/{row.answered} ({100 * row.accuracy:.0f}%)" if row.answered else "not asked",
                        "" if self.compact or not row.answered else _bar(row.accuracy),
                        data(", ".join(f"{qid} ({n})" for qid, n in row.most_missed)),
                    ]
                    for row in bank.distinctions
                ],
                title="By distinction",
            )
            self.console.print()

    @contextmanager
    def progress(self, total: int, label: str) -> Iterator[Callable[[], None]]:
        """A progress bar on a terminal for long jobs; elsewhere, nothing."""
        if total < PROGRESS_FROM or self.plain or not self.console.is_terminal:
            yield lambda: None
            return
        from rich.progress import Progress

        with Progress(*Progress.get_default_columns(), console=self.console, transient=True) as bar:
            task = bar.add_task(label, total=total)
            yield lambda: bar.advance(task)

    def problems(self, problems: Sequence[Problem]) -> None:
        """One line each (Problem's text writes the file name out with escapes)."""
        for problem in problems:
            self.console.print(data(str(problem)))

    def error(self, message: str) -> None:
        self.line(Text("relquiz: error: ", "error"), data(message))

    def warning(self, message: str) -> None:
        self.line(Text("relquiz: warning: ", "warning"), data(message))

    def json(self, value: object) -> None:
        """Machine-readable output: unsafe characters escaped, never wrapped or styled."""
        # Straight to the stream: Rich would measure and segment every line of a large document.
        try:
            self.console.file.write(escape_unsafe(json.dumps(value, ensure_ascii=False, indent=2)) + "\n")
            self.console.file.flush()
        except BrokenPipeError:
            self.console.on_broken_pipe()  # as for everything Rich prints: stop quietly, exit 1


def _when(moment: datetime, now: datetime) -> str:
    """A due date people read easily: 'in 3 days (on 2026-11-30 at 10:00 UTC)'."""
    hours = (moment - now).total_seconds() / 3600
    days, whole_hours = round(hours / 24), round(hours)
    if hours >= 23.5:
        ahead = f"in {counted(days, 'day')}"
    elif whole_hours >= 1:
        ahead = f"in {counted(whole_hours, 'hour')}"
    else:
        ahead = "in less than an hour"
    return f"{ahead} (on {moment:%Y-%m-%d at %H:%M} UTC)"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def report_copy(report: ClassReport, kind: str) -> str:
    """A shareable copy of the report as it looks in a terminal: 'html' or 'svg' (Rich's export)."""
    console = Console(record=True, width=110, file=io.StringIO(), theme=THEME, markup=False, highlight=False)
    View(console).report(report)
    return console.export_svg(title="relquiz class report") if kind == "svg" else console.export_html()


def _typed_so_far() -> str:
    """What the learner has typed at the prompt, when readline (used on terminals) can tell."""
    readline = sys.modules.get("readline")
    return str(readline.get_line_buffer()) if readline is not None else ""


def _trend(change: float | None, words: bool) -> str:
    """Up, down or steady, as an arrow with the change in points (in words in plain mode)."""
    if change is None:
        return "not enough sessions yet"
    points = round(100 * change)
    if abs(points) < TREND_STEADY:
        return "steady" if words else f"→ steady ({points:+d} points)"
    direction = ("up" if points > 0 else "down") if words else ("↑" if points > 0 else "↓")
    return f"{direction} {points:+d} points"


def _sparkline(series: Sequence[float]) -> str:
    """One block per recent session, its height the share right."""
    blocks = "▁▂▃▄▅▆▇█"
    return "".join(blocks[min(7, int(value * 8))] for value in series[-SPARK_SESSIONS:])


def _time_left(seconds: int) -> str:
    return f"Time left: {seconds} s" if seconds else "Time is up: answer when ready (it will be marked late)."


def _column(header: str, **options: Any) -> Column:
    from rich.table import Column

    return Column(header, **options)


def _aligned_table(columns: Sequence[str | Column], rows: Sequence[Sequence[str | Text]], width: int) -> Text:
    """A long table drawn like the short ones, but one line per row, fast.

    Columns are as wide as their longest cell; when the table is wider than the window, the
    widest columns give way and their cells end in '…' (the full text is in --csv and --json).
    Built as one string with style spans: a Text per cell would cost as much as Rich's Table.
    Tabs and newlines become spaces: either would move the columns after it.
    """
    from rich.cells import cell_len, set_cell_size
    from rich.text import Span

    headers = [column if isinstance(column, str) else str(column.header) for column in columns]
    plain = [
        [(cell.plain if isinstance(cell, Text) else cell).replace("\t", " ").replace("\n", " ") for cell in row]
        for row in rows
    ]
    widths = [max([cell_len(header)] + [cell_len(row[index]) for row in plain]) for index, header in enumerate(headers)]
    # Two spaces before the first column and three between columns, as Rich's SIMPLE_HEAD box draws.
    while 2 + sum(widths) + 3 * (len(widths) - 1) > width and max(widths) > 4:
        widths[widths.index(max(widths))] -= 1

    pieces: list[str] = []
    spans: list[Span] = []
    at = 0

    def add(piece: str, style: str | Style = "") -> None:
        nonlocal at
        if style:
            spans.append(Span(at, at + len(piece), style))
        pieces.append(piece)
        at += len(piece)

    def add_row(cells: Sequence[str], styles: Sequence[str | Style]) -> None:
        add("  ")
        for index, (cell, size, style) in enumerate(zip(cells, widths, styles, strict=True)):
            if index:
                add("   ")
            fitted = set_cell_size(cell, size) if cell_len(cell) <= size else set_cell_size(cell, size - 1) + "…"
            add(fitted, style)
        add("\n")

    add_row(headers, ["table.header"] * len(headers))
    add(" " + "─" * (sum(widths) + 3 * len(widths) - 1) + "\n")
    for row, cells in zip(rows, plain, strict=True):
        add_row(cells, [cell.style if isinstance(cell, Text) else "" for cell in row])
    return Text("".join(pieces), spans=spans)


def _one_line(cell: str | Text) -> Text:
    """A cell's lines joined by spaces, for the one-line-per-row form."""
    text = cell if isinstance(cell, Text) else Text(cell)
    return Text(" ").join(text.split("\n"))


def _joined(parts: Sequence[str | Text], separator: str) -> list[str | Text]:
    joined: list[str | Text] = []
    for index, part in enumerate(parts):
        if index:
            joined.append(separator)
        joined.append(part)
    return joined


def _bar(fraction: float, width: int = 10) -> Text:
    filled = round(fraction * width)
    return Text("█" * filled, "right") + Text("░" * (width - filled), "general")
