"""The quiz run: what happens to an answer, whoever asked the question.

A driver (the terminal loop in relquiz.session today, a web host tomorrow) shows the questions
and reads the replies; the run judges each answer, writes the results file (what a teacher
collects, so first), records it in the history, and builds the summary at the end. It prints
nothing: anything the learner should know (a save that failed) goes to the driver's `notify`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from relquiz.errors import ResultsError
from relquiz.model import Answer, Bank, Distinction, Mode, Question, Response, utc_now
from relquiz.quiz import Summary, judge, summarise
from relquiz.recording import AnswerLog, HistoryRecorder, Notify

if TYPE_CHECKING:
    from relquiz.results import ResultsRecord


@dataclass(frozen=True)
class RunPlan:
    """Everything that decides a run, fixed before the first question."""

    bank: Bank
    questions: tuple[Question, ...]
    seed: int
    mode: Mode
    student: str | None = None
    time_limit: int | None = None
    why: bool = False
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)


def open_results(
    plan: RunPlan, requested: str, notify: Notify, clock: Callable[[], datetime] = utc_now
) -> ResultsRecord:
    """The results file, chosen, created and written empty before the first question, so a
    results path that cannot be used stops the run before any answer is given."""
    from relquiz.results import ResultsRecord, choose_results_file

    wanted, path = choose_results_file(requested, plan.student)
    if path != wanted:
        notify(f"{wanted} already exists; saving to {path} instead")
    filters = {name: list(values) for name, values in plan.filters.items()}
    record = ResultsRecord(
        path, plan.bank, plan.seed, plan.student, len(plan.questions), clock(), plan.time_limit, filters
    )
    record.write([])
    if record.failure:
        # Nothing was written into the name just claimed: give it back, or the next run would
        # find it taken ("saving to r-1.json instead") by an empty file.
        with contextlib.suppress(OSError):
            if path.stat().st_size == 0:
                path.unlink()
        raise ResultsError(record.failure)
    return record


class RunEnded(RuntimeError):
    """An answer or an end given to a run that has already ended: a driver's mistake."""


class QuizRun:
    """One run over the plan's questions; `responses` holds every answer given, even if cut short.

    `guard` is entered around each answer's saving: the terminal defers Ctrl-C and other signals
    there, so an answer is either saved everywhere or not taken. The history is written by a
    HistoryRecorder (relquiz.recording). A run ends once, by finish() or stop().
    """

    def __init__(
        self,
        plan: RunPlan,
        results: ResultsRecord | None,
        open_history: Callable[[], AnswerLog | None] | None,
        notify: Notify,
        clock: Callable[[], datetime] = utc_now,
        guard: Callable[[], AbstractContextManager[object]] = contextlib.nullcontext,
    ) -> None:
        self.plan = plan
        self.results = results
        self.responses: list[Response] = []
        self._history = HistoryRecorder((plan.bank, plan.mode, plan.seed, plan.student), open_history, notify)
        self._notify = notify
        self._clock = clock
        self._guard = guard
        self._ended = False

    def answer(
        self,
        question: Question,
        given: Answer,
        seconds: float,
        why: tuple[Distinction, ...] | None = None,
        first_vote: Answer | None = None,
    ) -> Response:
        """Judge an answer and save it to the results file and the history before returning it,
        so nothing shown to the learner afterwards can lose it. `first_vote` is a live class's
        answer before a second vote."""
        if self._ended:
            raise RunEnded("this run has ended; start a new one")
        response = replace(judge(question, given, seconds, self.plan.time_limit), why=why, first_vote=first_vote)
        with self._guard():
            self.responses.append(response)
            if self.results is not None:
                self.results.save(self.responses)
                if self.results.failure:
                    self._notify(
                        f"{self.results.failure}; the quiz goes on and saving is tried again after each answer"
                    )
            self._history.record(response)
        return response

    @property
    def ended(self) -> bool:
        return self._ended

    @property
    def saved_to(self) -> Path | None:
        """The results file, when it holds every answer given so far."""
        return self.results.path if self.results is not None and not self.results.failure else None

    def finish(self, completed: bool) -> Summary:
        """The end of a run the learner finished or stopped with q: the results file marked
        finished, the history session closed, and the summary."""
        self._end()
        with self._guard():
            if self.results is not None:
                self.results.write(self.responses, self._clock(), completed)
            self._history.finish(completed)
        return summarise(self.plan.questions, self.responses)

    def stop(self) -> Summary:
        """The end of a run cut short (Ctrl-C, a signal, an error): the results file is written
        whole, not finished (if that fails too, its journal still holds every answer), and the
        history session is closed as not completed."""
        self._end()
        with self._guard():
            if self.results is not None:
                self.results.write(self.responses)
            self._history.finish(completed=False)
        return summarise(self.plan.questions, self.responses)

    def _end(self) -> None:
        if self._ended:
            raise RunEnded("this run has already ended")
        self._ended = True
