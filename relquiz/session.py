"""The terminal's quiz loop: show a question, read a reply, hand the answer to the run, explain."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from rich.text import Text

from relquiz.model import Answer, Distinction
from relquiz.prompt import EndOfInput
from relquiz.quiz import Command, interpret_reply, interpret_why
from relquiz.run import QuizRun
from relquiz.views.quiz import QuizView


@dataclass
class QuizSession:
    """Drives a QuizRun from the keyboard; the run keeps every answer even if this is cut short."""

    view: QuizView
    ask: Callable[[Text], str]
    run: QuizRun
    clock: Callable[[], float] = field(default_factory=lambda: time.monotonic)
    pause: bool = False  # wait for Enter after each explanation, so it is read before the next question

    def play(self) -> bool:
        """Play the run's questions; True when all were answered, False when the learner stopped."""
        questions = self.run.plan.questions
        for number, question in enumerate(questions, start=1):
            self.view.question(number, len(questions), question)
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
            self.view.feedback(question, response)
            if why is Command.QUIT:
                return number == len(questions)  # 'q' after the last answer still completes the run
            if self.pause and not self.read_next(last=number == len(questions)):
                return number == len(questions)
        return True

    def read_next(self, last: bool) -> bool:
        """Wait until the learner has read the explanation: Enter goes on, q (or end of input) stops."""
        try:
            reply = self.ask(self.view.pause_prompt(last))
        except EndOfInput:
            return False
        return interpret_reply(reply) is not Command.QUIT

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
                self.view.distinctions_help()
                show_again()
            else:
                self.view.reply_hint(line)
