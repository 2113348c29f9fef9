"""The interactive loop: show a question, read a reply, save, then explain."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from rich.text import Text

from relquiz.model import Answer, Distinction, Question, Response
from relquiz.prompt import EndOfInput
from relquiz.quiz import Command, interpret_reply, interpret_why, judge
from relquiz.render import View


@dataclass
class QuizSession:
    """One run over drawn questions; `responses` keeps every answer even if the run is cut short."""

    view: View
    ask: Callable[[Text], str]
    save: Callable[[Sequence[Response]], None]
    clock: Callable[[], float] = field(default_factory=lambda: time.monotonic)
    time_limit: int | None = None
    ask_why: bool = False
    responses: list[Response] = field(default_factory=list)

    def run(self, questions: Sequence[Question]) -> bool:
        """Play the questions; True when all were answered, False when the learner stopped."""
        for number, question in enumerate(questions, start=1):
            self.view.question(number, len(questions), question)
            shown_at = self.clock()
            reply = self.read_answer(shown_at)
            if reply is None:
                return False
            response = judge(question, reply, self.clock() - shown_at, self.time_limit)
            why: tuple[Distinction, ...] | Command | None = None
            try:
                if self.ask_why:
                    why = self.read_why()
            finally:
                # Kept and saved even if the learner stops at the why prompt, and saved before
                # the feedback is drawn, so a failure while rendering loses nothing.
                if isinstance(why, tuple):
                    response = replace(response, why=why)
                self.responses.append(response)
                self.save(self.responses)
            self.view.feedback(question, response)
            if why is Command.QUIT:
                return number == len(questions)  # 'q' after the last answer still completes the run
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

    def read_answer(self, shown_at: float) -> Answer | None:
        """The learner's answer, or None for 'q' and end of input."""
        while True:
            try:
                with self.view.countdown(self.time_limit, shown_at, self.clock):
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
            else:
                self.view.reply_hint(line)
