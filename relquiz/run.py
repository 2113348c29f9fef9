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
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from relquiz.errors import ResultsError
from relquiz.model import Answer, Bank, Distinction, Question, Response
from relquiz.quiz import Summary, judge, summarise

if TYPE_CHECKING:
    from relquiz.history import History
    from relquiz.results import ResultsRecord

Notify = Callable[[str], None]


class Mode(str, Enum):
    PLAY = "play"  # a fresh draw, its seed shown to share
    REVIEW = "review"  # the questions due again, in the order the history gives


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


def now() -> datetime:
    return datetime.now(timezone.utc)


def open_results(plan: RunPlan, requested: str, notify: Notify, clock: Callable[[], datetime] = now) -> ResultsRecord:
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


class QuizRun:
    """One run over the plan's questions; `responses` holds every answer given, even if cut short.

    The history is got from `history` at the first answer (so the first question is not kept
    waiting, and a run without answers leaves no session) and closed by whoever opened it. If it
    fails, one notice and the run goes on without it.
    """

    def __init__(
        self,
        plan: RunPlan,
        results: ResultsRecord | None,
        history: Callable[[], History | None],
        notify: Notify,
        clock: Callable[[], datetime] = now,
    ) -> None:
        self.plan = plan
        self.results = results
        self.responses: list[Response] = []
        self._get_history: Callable[[], History | None] | None = history
        self._history: History | None = None
        self._session_id: int | None = None
        self._notify = notify
        self._clock = clock

    def answer(
        self, question: Question, given: Answer, seconds: float, why: tuple[Distinction, ...] | None = None
    ) -> Response:
        """Judge an answer and save it to the results file and the history before returning it,
        so nothing shown to the learner afterwards can lose it."""
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
    def saved_to(self) -> Path | None:
        """The results file, when it holds every answer given so far."""
        return self.results.path if self.results is not None and not self.results.failure else None

    def finish(self, completed: bool) -> Summary:
        """The end of a run the learner finished or stopped with q: the results file marked
        finished, the history session closed, and the summary."""
        if self.results is not None:
            self.results.save(self.responses, self._clock(), completed)
        self.stop(completed)
        return summarise(self.plan.questions, self.responses)

    def stop(self, completed: bool = False) -> None:
        """Close the history session (the results file already holds every answer)."""
        if self._history is not None and self._session_id is not None:
            with self._history_failsafe():
                self._history.finish_session(self._session_id, completed)
        self._history = None

    def _record(self, response: Response) -> None:
        if self._get_history is not None:
            get, self._get_history = self._get_history, None
            self._history = get()
            if self._history is not None:
                bank, plan = self.plan.bank, self.plan
                with self._history_failsafe():
                    self._session_id = self._history.start_session(
                        bank.sha256, bank.title, plan.mode.value, plan.seed, plan.student
                    )
        if self._history is not None and self._session_id is not None:
            with self._history_failsafe():
                self._history.record_answer(self._session_id, self.plan.bank.sha256, response, response.why)

    @contextlib.contextmanager
    def _history_failsafe(self) -> Iterator[None]:
        from relquiz.history import HistoryUnavailable

        try:
            yield
        except HistoryUnavailable as error:
            self._notify(f"history is off for the rest of this run: {error}")
            self._history = None
