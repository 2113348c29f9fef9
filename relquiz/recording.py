"""Recording a run's answers in the learner's history, one by one, without ever stopping the quiz.

The history is opened at the first answer (so the first question is not kept waiting, and a run
without answers leaves no session). An answer the history cannot take (a full disk, a lock held
too long) is kept and written with the next one, so a passing failure costs nothing; only what
is still missing at the end is named.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from relquiz.model import Bank, Mode, Response

Notify = Callable[[str], None]
SHOWN_MISSING = 5  # question ids named when answers never reached the history


class AnswerLog(Protocol):
    """Where answers are recorded as they are given: relquiz.history.History, or a stand-in."""

    def start_session(
        self, bank_sha256: str, bank_title: str, mode: str, seed: int | None, student: str | None
    ) -> int: ...

    def record_answer(self, session_id: int, bank_sha256: str, response: Response) -> None: ...

    def finish_session(self, session_id: int, completed: bool) -> None: ...


class HistoryRecorder:
    """Writes one run's answers (of this bank, mode, seed and student) into an AnswerLog,
    catching up after failures."""

    def __init__(
        self,
        run: tuple[Bank, Mode, int, str | None],
        open_history: Callable[[], AnswerLog | None] | None,  # None: this run keeps no history
        notify: Notify,
    ) -> None:
        self._bank, self._mode, self._seed, self._student = run
        self._open: Callable[[], AnswerLog | None] | None = open_history
        self._log: AnswerLog | None = None
        self._session_id: int | None = None
        self._waiting: list[Response] = []  # given, not yet in the history
        self._failing = False
        self._notify = notify

    def record(self, response: Response) -> None:
        if self._open is None:  # the learner turned the history off
            return
        self._waiting.append(response)
        self._catch_up()

    def finish(self, completed: bool) -> None:
        """Close the session; say which answers, if any, never reached the history."""
        if self._waiting:
            self._catch_up()
        if not self._waiting and self._session_id is not None:
            self._try(lambda: self._finish_session(completed))
        if self._waiting:
            shown = [response.question_id for response in self._waiting[:SHOWN_MISSING]]
            more = len(self._waiting) - len(shown)
            ids = ", ".join(shown) + (f" and {more} more" if more else "")
            count = len(self._waiting)
            self._notify(f"{count} answer{'s are' if count > 1 else ' is'} not in your history: {ids}")
        self._open = None

    def _catch_up(self) -> None:
        if self._log is None and not self._try(self._open_log):
            return
        if self._log is None:  # no history for this run, by the learner's choice
            self._open, self._waiting = None, []
            return
        if self._session_id is None and not self._try(self._start_session):
            return
        while self._waiting and self._try(self._record_first):
            self._waiting.pop(0)
        if not self._waiting and self._failing:
            self._failing = False
            self._notify("the history is being written again; no answer was lost")

    def _open_log(self) -> None:
        assert self._open is not None
        self._log = self._open()

    def _start_session(self) -> None:
        assert self._log is not None
        bank = self._bank
        self._session_id = self._log.start_session(bank.sha256, bank.title, self._mode.value, self._seed, self._student)

    def _record_first(self) -> None:
        assert self._log is not None and self._session_id is not None
        self._log.record_answer(self._session_id, self._bank.sha256, self._waiting[0])

    def _finish_session(self, completed: bool) -> None:
        assert self._log is not None and self._session_id is not None
        self._log.finish_session(self._session_id, completed)

    def _try(self, step: Callable[[], None]) -> bool:
        from relquiz.history import HistoryUnavailable

        try:
            step()
        except HistoryUnavailable as error:
            if not self._failing:
                self._failing = True
                self._notify(f"{error}; the quiz goes on, and the history is tried again with the next answer")
            return False
        return True
