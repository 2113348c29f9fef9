"""The quiz's screens: the start, each question and its prompts, and the feedback after an answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from relquiz.distinctions import ANSWER_NAMES, DISTINCTIONS, INFO
from relquiz.model import Distinction
from relquiz.views.base import View, data
from relquiz.words import counted

if TYPE_CHECKING:
    from relquiz.model import Bank, Question, Response

SHORT_SUPPORT_NOTE = "This is a learning exercise, not help: for support, talk to someone you trust."
WHY_LEGEND = (
    ", ".join(f"{info.letter} for {info.distinction.value}" for info in DISTINCTIONS)
    + " (several allowed, such as 'pb'; Enter skips; q stops)"
)
ANSWER_PROMPT = "Therapy or friendship? [t/f, ? for the five distinctions, q to stop]: "
SHORT_ANSWER_PROMPT = "Therapy or friendship? [t/f/?/q]: "  # the intro says what the keys do


class QuizView(View):
    """The screens of one quiz run; it remembers what the countdown needs to redraw its line."""

    def __init__(self, console: Console, plain: bool = False) -> None:
        super().__init__(console, plain)
        self.announced: float | None = None
        self.shown_prompt = ANSWER_PROMPT

    def intro(self, bank: Bank, count: int, seed: int | None, why: bool = False, heading: str | None = None) -> None:
        """At most five lines before the first question: the title, the count and the seed to share
        (or a `heading` saying what the run is, as review's), how to answer, and a one-line support
        note (the bank's description and its full note are in `relquiz learn`)."""
        self.line(data(bank.title, "heading"))
        if heading is not None:
            self.line(heading)
        else:
            shared = f", seed {seed}: the same seed and bank give anyone the same questions" if seed is not None else ""
            self.line(f"{counted(count, 'question')}{shared}.")
        self.line("Answer t (therapy) or f (friendship); ? shows the five distinctions; q stops.")
        if why:
            self.line(f"After each answer, say which distinction told you: {WHY_LEGEND}.")
        self.line(data(support_line(bank), "hint"))
        self.gap()

    def question(self, number: int, total: int, question: Question, spaced: bool = False) -> None:
        progress = f"Question {number} of {total}"
        if self.plain:
            self.line(f"{progress}: ", data(question.scenario))
            return
        if spaced:
            self.console.print()
        from rich.panel import Panel

        self.console.print(Panel(data(question.scenario), title=progress, title_align="left", padding=(0, 1)))

    def prompt(self) -> Text:
        """The answer prompt; in a window too narrow for it, the short form, which never breaks
        in the middle of a word."""
        self.shown_prompt = ANSWER_PROMPT if len(ANSWER_PROMPT) + 4 <= self.console.width else SHORT_ANSWER_PROMPT
        return Text(self.shown_prompt)

    def pause_prompt(self, last: bool) -> Text:
        """The line that holds the explanation on the screen until the learner goes on."""
        after = "the summary" if last else "next question"
        full = f"[Enter: {after}, ?: the five distinctions, q: stop] "
        return Text(full if len(full) + 4 <= self.console.width else "[Enter: go on, ?: help, q: stop] ", "hint")

    def why_prompt(self) -> Text:
        letters = "/".join(info.letter for info in DISTINCTIONS)
        full = f"Which distinction told you? [{letters}, several allowed, Enter skips]: "
        return Text(full if len(full) + 4 <= self.console.width else f"Which told you? [{letters}]: ")

    def why_hint(self, reply: str) -> None:
        self.line(Text(f"'{self.echoed(reply)}' names no distinction. ", "hint"), f"Type {WHY_LEGEND}.")

    def reply_hint(self, reply: str) -> None:
        shown = f"'{self.echoed(reply)}' is not an answer. " if reply.strip() else ""
        self.line(Text(shown, "hint"), "Type t for therapy, f for friendship, ? for help or q to stop.")

    def echoed(self, reply: str) -> str:
        """A reply quoted back: its first words on a terminal, where a pasted paragraph would
        bury the hint; whole in plain output, where an ellipsis would stand for words a screen
        reader never hears."""
        words = self.opening(reply, 4)
        return words if self.plain or len(words) <= 30 else words[:30] + self.glyph("…")

    def feedback(self, question: Question, response: Response) -> None:
        right = ANSWER_NAMES[question.answer]
        if response.correct:
            verdict = Text("Right." if self.plain else f"{self.glyph('✓')} Right.", "right")
            self.line(verdict, f" This is {right}.")
        else:
            verdict = Text("Wrong." if self.plain else f"{self.glyph('✗')} Wrong.", "wrong")
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
        self.explanations(question)
        if question.takeaway:
            self.line(Text("Takeaway: ", "heading"), data(question.takeaway))
        others = [info.label for info in DISTINCTIONS if info.distinction not in question.distinctions]
        if others:
            self.line(Text(f"Not at stake here: {_listed(others)} (? shows what each means).", "general"))

    def explanations(self, question: Question) -> None:
        """How each distinction the scenario turns on shows in it, one row each. The others are
        only named after the takeaway (? gives their general contrast), so the feedback fits one
        screen."""
        cited = [
            (info, question.distinctions[info.distinction])
            for info in DISTINCTIONS
            if info.distinction in question.distinctions
        ]
        if self.compact:
            for info, explanation in cited:
                self.line(Text(f"{info.label}, in this scenario: ", "cited"), data(explanation))
        else:
            from rich.table import Table

            grid = Table.grid(padding=(0, 2))
            grid.add_column(no_wrap=True)
            grid.add_column()
            for info, explanation in cited:
                grid.add_row(Text(info.label, "cited"), data(explanation))
            self.console.print(grid)

    def why_feedback(self, question: Question, named: tuple[Distinction, ...]) -> None:
        """What the learner named, against what the scenario turns on, in sentences."""
        if not named:
            self.line(Text("You skipped the why step.", "hint"))
            return
        self.line(Text("Your reasons: ", "heading"), why_sentences(named, tuple(question.distinctions)))

    def distinctions_help(self) -> None:
        """The five distinctions in a dozen lines at 80 columns, a reminder rather than a lesson
        (`relquiz learn` has both sides at length); the scenario is shown again after it."""
        self.line(Text("The five distinctions", "heading"), " (each in one sentence; relquiz learn has more):")
        for info in DISTINCTIONS:
            self.line(Text(f"{info.label}: ", "heading"), info.contrast)
        self.gap()

    def gap(self) -> None:
        """A blank line before the scenario's panel; none in plain output, a line per event."""
        if not self.plain:
            self.console.print()

    def stopped(self, answered: int, results_path: Path | None) -> None:
        saved = f"; {counted(answered, 'answer')} saved to {self.file_name(results_path)}" if results_path else ""
        self.line(Text(f"Stopped{saved}.", "warning"), soft_wrap=True)

    @property
    def live(self) -> bool:
        """Whether the countdown may redraw its line: only on a terminal that takes cursor movement
        and colour. Not with --plain, NO_COLOR or TERM=dumb, nor when output is not a terminal
        (FORCE_COLOR makes Rich colour a pipe, but cursor movement would still litter a log)."""
        console = self.console
        return (
            not self.plain
            and console.is_terminal
            and not console.is_dumb_terminal
            and not console.no_color
            and console.color_system is not None
            and _is_tty(console.file)
        )

    @contextmanager
    def countdown(self, limit: int | None, shown_at: float, clock: Callable[[], float]) -> Iterator[None]:
        """The time limit while the learner types: a live line on a colour terminal; for plain
        output, pipes, dumb terminals and NO_COLOR the limit once per question, so screen readers
        and logs are not flooded with cursor movement."""
        if limit is None:
            yield
        elif not self.live:
            if shown_at != self.announced:  # once per question, not at every re-prompt
                self.announced = shown_at
                self.line(Text(f"Time limit: {counted(limit, 'second')} (a late answer still counts).", "hint"))
            yield
        else:
            from relquiz.views.countdown import live_countdown

            with live_countdown(self, limit, shown_at, clock, self.shown_prompt):
                yield


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):  # not a real stream, or closed
        return False


def why_sentences(named: Sequence[Distinction], cited: Sequence[Distinction]) -> str:
    """'You named Boundaries, which this scenario does not turn on. It turns on Purpose and
    Professionalism, which you did not name.'"""
    right = [d for d in Distinction if d in named and d in cited]
    extra = [d for d in Distinction if d in named and d not in cited]
    missed = [d for d in Distinction if d in cited and d not in named]
    if not extra and not missed:
        return f"You named {_labels(right)}: just what this scenario turns on."
    if not extra:
        sentences = [f"You named {_labels(right)}, which {_verb(right, 'is', 'are')} right."]
    elif not right:
        sentences = [f"You named {_labels(extra)}, which this scenario does not turn on."]
    else:
        sentences = [
            f"You named {_labels(right + extra)}.",
            f"{_labels(right)} {_verb(right, 'is', 'are')} right; "
            f"{_labels(extra)} {_verb(extra, 'does', 'do')} not show here.",
        ]
    if missed:
        sentences.append(f"It {'also ' if right else ''}turns on {_labels(missed)}, which you did not name.")
    return " ".join(sentences)


def _verb(group: Sequence[Distinction], one: str, several: str) -> str:
    return one if len(group) == 1 else several


def _labels(group: Sequence[Distinction]) -> str:
    return _listed([INFO[d].label for d in group])


def _listed(labels: Sequence[str]) -> str:
    """'Purpose', 'Purpose and Duration', 'Purpose, Boundaries and Duration'."""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def support_line(bank: Bank) -> str:
    """The support note on one line: the bank's first sentence, or relquiz's short note."""
    if not bank.support_note:
        return SHORT_SUPPORT_NOTE
    from relquiz.views.summary import first_sentence

    return first_sentence(bank.support_note)
