"""The quiz run: what happens to an answer, whoever asked the question.

A driver (the terminal loop in relquiz.session today, a web host tomorrow) shows the questions
and reads the replies; the run judges each answer, writes the results file (what a teacher
collects, so first), records it in the history, and builds the summary at the end. It prints
nothing: anything the learner should know (a save that failed) goes to the driver's `notify`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from relquiz.errors import ResultsError
from relquiz.model import Answer, Bank, Distinction, Mode, Question, Response, utc_now
from relquiz.quiz import Summary, judge, summarise

if TYPE_CHECKING:
    from relquiz.results import ResultsRecord

Notify = Callable[[str], None]


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
    record.save([])
    if record.failure:
        # Nothing was written into the name just claimed: give it back, or the next run would
        # find it taken ("saving to r-1.json instead") by an empty file.
        with contextlib.suppress(OSError):
            if path.stat().st_size == 0:
                path.unlink()
        raise ResultsError(record.failure)
    return record


class AnswerLog(Protocol):
    """Where the run records answers as they are given: relquiz.history.History, or a stand-in."""

    def start_session(
        self, bank_sha256: str, bank_title: str, mode: str, seed: int | None, student: str | None
    ) -> int: ...

    def record_answer(self, session_id: int, bank_sha256: str, response: Response) -> None: ...

    def finish_session(self, session_id: int, completed: bool) -> None: ...


class RunEnded(RuntimeError):
    """An answer or an end given to a run that has already ended: a driver's mistake."""


class QuizRun:
    """One run over the plan's questions; `responses` holds every answer given, even if cut short.

    The answer log is opened by `open_history` at the first answer (so the first question is not
    kept waiting, and a run without answers leaves no session) and closed by whoever opened it. If
    it fails, one notice and the run goes on without it. A run ends once, by finish() or stop().
    """

    def __init__(
        self,
        plan: RunPlan,
        results: ResultsRecord | None,
        open_history: Callable[[], AnswerLog | None],
        notify: Notify,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.plan = plan
        self.results = results
        self.responses: list[Response] = []
        self._open_history: Callable[[], AnswerLog | None] | None = open_history
        self._history: AnswerLog | None = None
        self._session_id: int | None = None
        self._notify = notify
        self._clock = clock
        self._ended = False

    def answer(
        self, question: Question, given: Answer, seconds: float, why: tuple[Distinction, ...] | None = None
    ) -> Response:
        """Judge an answer and save it to the results file and the history before returning it,
        so nothing shown to the learner afterwards can lose it."""
        if self._ended:
            raise RunEnded("this run has ended; start a new one")
        response = judge(question, given, seconds, self.plan.time_limit)
        if why is not None:
            response = replace(response, why=why)
        self.responses.append(response)
        if self.results is not None:
            self.results.save(self.responses)
            if self.results.failure:
                self._notify(f"{self.results.failure}; the quiz goes on and saving is tried again after each answer")
        self._record(response)
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
        if self.results is not None:
            self.results.save(self.responses, self._clock(), completed)
        self._end_session(completed)
        return summarise(self.plan.questions, self.responses)

    def stop(self) -> None:
        """The end of a run cut short (Ctrl-C, a signal, an error): the history session is closed
        as not completed; the results file is left as the last answer's save made it."""
        self._end()
        self._end_session(completed=False)

    def _end(self) -> None:
        if self._ended:
            raise RunEnded("this run has already ended")
        self._ended = True
        self._open_history = None

    def _end_session(self, completed: bool) -> None:
        if self._history is not None and self._session_id is not None:
            with self._history_failsafe():
                self._history.finish_session(self._session_id, completed)
        self._history = None

    def _record(self, response: Response) -> None:
        if self._open_history is not None:
            open_history, self._open_history = self._open_history, None
            self._history = open_history()
            if self._history is not None:
                bank, plan = self.plan.bank, self.plan
                with self._history_failsafe():
                    self._session_id = self._history.start_session(
                        bank.sha256, bank.title, plan.mode.value, plan.seed, plan.student
                    )
        if self._history is not None and self._session_id is not None:
            with self._history_failsafe():
                self._history.record_answer(self._session_id, self.plan.bank.sha256, response)

    @contextlib.contextmanager
    def _history_failsafe(self) -> Iterator[None]:
        from relquiz.history import HistoryUnavailable

        try:
            yield
        except HistoryUnavailable as error:
            self._notify(f"history is off for the rest of this run: {error}")
            self._history = None
