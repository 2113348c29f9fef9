"""The terminal's quiz loop: show a question, read a reply, hand the answer to the run, explain."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from rich.text import Text

from relquiz.model import Answer, Distinction, Mode
from relquiz.prompt import EndOfInput
from relquiz.quiz import Command, interpret_reply, interpret_why
from relquiz.run import QuizRun
from relquiz.views.base import View
from relquiz.views.quiz import QuizView


@dataclass
class Pager:
    """Screens held until the reader goes on, when `waiting` (a person at a terminal); otherwise
    everything is drawn straight through, as for piped input."""

    view: View
    ask: Callable[[Text], str]
    waiting: bool

    def screen(self, *draws: Callable[[], None]) -> bool:
        """Draw on a fresh screen, a page at a time; False when the reader stops."""
        if self.waiting:
            self.view.clear()
        return self.paged(*draws)

    def paged(self, *draws: Callable[[], None]) -> bool:
        """Draw in pages of the window's height, each held until Enter, so a long explanation never
        scrolls its first lines away unread. False when the reader stops at a page."""
        if not self.waiting:
            for draw in draws:
                draw()
            return True
        pages = self.view.pages(*draws)
        for number, page in enumerate(pages):
            if number and not self.read_next(self.view.more_prompt()):
                return False
            self.view.write(page, after_prompt=number > 0)
        return True

    def read_next(self, prompt: Text, *on_help: Callable[[], None]) -> bool:
        """Wait until the reader has read what is shown: Enter goes on, q (or end of input) stops;
        ? draws `on_help` on a fresh screen (help, then what was shown) and waits again."""
        while True:
            try:
                reply = interpret_reply(self.ask(prompt))
            except EndOfInput:
                return False
            if reply is Command.HELP and on_help:
                if not self.screen(*on_help):
                    return False
                continue
            return reply is not Command.QUIT


@dataclass
class QuizSession:
    """Drives a QuizRun from the keyboard; the run keeps every answer even if this is cut short."""

    view: QuizView
    ask: Callable[[Text], str]
    run: QuizRun
    clock: Callable[[], float] = field(default_factory=lambda: time.monotonic)
    pause: bool = False  # wait for Enter after each explanation, so it is read before the next question
    heading: str | None = None  # what the run is, in place of the count and seed (review says what is due)

    def __post_init__(self) -> None:
        self.pager = Pager(self.view, self.ask, self.pause)

    def play(self) -> bool:
        """Play the run's questions; True when all were answered, False when the learner stopped."""
        plan = self.run.plan
        questions = plan.questions
        seed = plan.seed if plan.mode is Mode.PLAY else None
        intro = partial(self.view.intro, plan.bank, len(questions), seed, plan.why, self.heading)
        for number, question in enumerate(questions, start=1):
            # A blank line parts a question from the feedback above it, when that stays on screen.
            spaced = partial(self.view.question, number, len(questions), question, spaced=number > 1 and not self.pause)
            if not self.pager.screen(*((intro, spaced) if number == 1 else (spaced,))):
                return False
            shown_at = self.clock()
            reply = self.read_answer(shown_at, partial(self.view.question, number, len(questions), question))
            if reply is None:
                return False
            seconds = self.clock() - shown_at
            why: tuple[Distinction, ...] | Command | None = None
            try:
                if self.run.plan.why:
                    why = self.read_why()
            finally:
                # Saved even if the learner stops at the why prompt, and before the feedback is
                # drawn, so a failure while rendering loses nothing.
                response = self.run.answer(question, reply, seconds, why if isinstance(why, tuple) else None)
            last = number == len(questions)
            show_feedback = partial(self.view.feedback, question, response)
            if why is Command.QUIT or not self.pager.paged(show_feedback):
                return last  # 'q' after the last answer still completes the run
            if self.pause and not self.pager.read_next(
                self.view.pause_prompt(last), self.view.distinctions_help, show_feedback
            ):
                return last
        return True

    def read_why(self) -> tuple[Distinction, ...] | Command:
        """The distinctions the learner says told them; an empty tuple when skipped; QUIT for
        'q' and end of input, as at the answer prompt."""
        while True:
            try:
                line = self.ask(self.view.why_prompt())
            except EndOfInput:
                return Command.QUIT
            named = interpret_why(line)
            if named is not None:
                return named
            self.view.why_hint(line)

    def read_answer(self, shown_at: float, show_again: Callable[[], None]) -> Answer | None:
        """The learner's answer, or None for 'q' and end of input; after `?`, the scenario is shown
        again, so the prompt never stands below the help alone."""
        while True:
            try:
                with self.view.countdown(self.run.plan.time_limit, shown_at, self.clock):
                    line = self.ask(self.view.prompt())
            except EndOfInput:
                return None
            reply = interpret_reply(line)
            if isinstance(reply, Answer):
                return reply
            if reply is Command.QUIT:
                return None
            if reply is Command.HELP:
                if not self.pager.screen(self.view.distinctions_help, show_again):
                    return None
            else:
                self.view.reply_hint(line)
