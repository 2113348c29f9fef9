"""The learner's history in SQLite: sessions and answers, written the moment they happen."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

from relquiz.history.schema import (
    BUSY_TIMEOUT,
    DamagedRow,
    Failure,
    HistoryUnavailable,
    check_existing,
    claim_private,
    migrate,
    use_wal,
)
from relquiz.model import Distinction, Mode, Response, utc_now
from relquiz.private import make_folder

MODES = {mode.value for mode in Mode}


@dataclass(frozen=True)
class AnswerRecord:
    """One recorded answer; `why` is None when the why step was not used, () when it was skipped."""

    question_id: str
    bank_sha256: str
    correct: bool
    distinctions: tuple[Distinction, ...]
    why: tuple[Distinction, ...] | None
    answered_at: datetime
    seconds: float
    late: bool


@dataclass(frozen=True)
class SessionRecord:
    """One play or review run and its answers, oldest first; unfinished runs have no finished_at."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    bank_sha256: str
    bank_title: str
    mode: str
    completed: bool
    answers: tuple[AnswerRecord, ...]
    seed: int | None = None
    student: str | None = None

    @property
    def correct(self) -> int:
        return sum(answer.correct for answer in self.answers)


class History:
    """An open history file. Every write commits at once; every sqlite3 error is HistoryUnavailable."""

    def __init__(self, connection: sqlite3.Connection, path: Path, clock: Callable[[], datetime], timeout: float):
        self._connection = connection
        self.path = path
        self._clock = clock
        self._timeout = timeout

    @classmethod
    def open(cls, path: Path, clock: Callable[[], datetime] = utc_now, *, timeout: float = BUSY_TIMEOUT) -> History:
        """Open or create the history at `path`, migrated to the current schema.

        A history another user could read or change (a folder others can write, a link, someone
        else's file) is refused; a new one is created 0600 in folders created 0700. The file is
        checked read-only first: a file that is not a SQLite database, is damaged,
        holds other data or comes from a newer relquiz raises HistoryUnavailable before a byte
        of it is written. `timeout` is how long to wait for another relquiz holding the lock.
        """
        fail = Failure(path, timeout)
        with fail.translated():
            try:
                make_folder(path.parent)
            except OSError as error:
                raise HistoryUnavailable(path, f"its folder cannot be created ({error.strerror or error})") from None
            claim_private(path)
            check_existing(path, fail)
            connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
            try:
                connection.execute("PRAGMA foreign_keys = ON")
                use_wal(connection, timeout)
                migrate(connection, path)
            except BaseException:
                connection.close()
                raise
        return cls(connection, path, clock, timeout)

    def __enter__(self) -> History:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._connection.close()

    def start_session(self, bank_sha256: str, bank_title: str, mode: str, seed: int | None, student: str | None) -> int:
        """Record the start of a run and return its id."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {sorted(MODES)}, not {mode!r}")
        with self._failure.translated():
            cursor = self._connection.execute(
                "INSERT INTO sessions (started_at, bank_sha256, bank_title, mode, seed, student)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (_stamp(self._clock()), bank_sha256, bank_title, mode, seed, student),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def record_answer(
        self, session_id: int, bank_sha256: str, response: Response, why: tuple[Distinction, ...] | None = None
    ) -> None:
        """Store one answer, committed before returning; `why` defaults to the response's own."""
        chosen = response.why if why is None else why
        with self._failure.translated():
            self._connection.execute(
                "INSERT INTO answers (session_id, bank_sha256, question_id, expected, given, correct, seconds,"
                " late, distinctions, answered_at, why) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    bank_sha256,
                    response.question_id,
                    response.expected.value,
                    response.given.value,
                    response.correct,
                    response.seconds,
                    response.late,
                    _names(response.distinctions),
                    _stamp(self._clock()),
                    None if chosen is None else _names(chosen),
                ),
            )

    def finish_session(self, session_id: int, completed: bool) -> None:
        with self._failure.translated():
            self._connection.execute(
                "UPDATE sessions SET finished_at = ?, completed = ? WHERE id = ?",
                (_stamp(self._clock()), completed, session_id),
            )

    def sessions(self) -> list[SessionRecord]:
        """Every session, oldest first, each with its answers, oldest first."""
        by_session: dict[int, list[AnswerRecord]] = {}
        with self._failure.translated(), self._snapshot():
            for session_id, answer in self._answer_rows("SELECT session_id, " + _ANSWER_COLUMNS, ()):
                by_session.setdefault(session_id, []).append(answer)
            rows = self._connection.execute(
                "SELECT id, started_at, finished_at, bank_sha256, bank_title, mode, completed, seed, student"
                " FROM sessions ORDER BY started_at, id"
            ).fetchall()
            return [
                SessionRecord(
                    id=row[0],
                    started_at=_moment(row[1]),
                    finished_at=_moment(row[2]) if row[2] is not None else None,
                    bank_sha256=_stored(row[3], str),
                    bank_title=_stored(row[4], str),
                    mode=_stored(row[5], str),
                    completed=bool(_stored(row[6], int)),
                    answers=tuple(by_session.get(row[0], ())),
                    seed=_stored(row[7], int, optional=True),
                    student=_stored(row[8], str, optional=True),
                )
                for row in rows
            ]

    def answers(self, bank_sha256: str | None = None) -> list[AnswerRecord]:
        """Every answer, or those for one bank, oldest first."""
        query = "SELECT 0, " + _ANSWER_COLUMNS
        parameters: tuple[str, ...] = ()
        if bank_sha256 is not None:
            query, parameters = query + " WHERE bank_sha256 = ?", (bank_sha256,)
        with self._failure.translated():
            return [answer for _, answer in self._answer_rows(query, parameters)]

    def clear(self) -> int:
        """Remove every session and answer, keeping the file and its schema; how many sessions went."""
        with self._failure.translated():
            # Overwrite what is deleted, so a cleared history cannot be read back from free pages.
            self._connection.execute("PRAGMA secure_delete = ON")
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                self._connection.execute("DELETE FROM answers")
                removed = self._connection.execute("DELETE FROM sessions").rowcount
                self._connection.execute("COMMIT")
            except BaseException:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """One read transaction, so sessions and answers written meanwhile by another relquiz agree."""
        self._connection.execute("BEGIN")
        try:
            yield
        finally:
            if self._connection.in_transaction:
                self._connection.execute("COMMIT")

    @property
    def _failure(self) -> Failure:
        return Failure(self.path, self._timeout)

    def _answer_rows(self, query: str, parameters: tuple[str, ...]) -> Iterator[tuple[int, AnswerRecord]]:
        for row in self._connection.execute(query + " ORDER BY answered_at, id", parameters).fetchall():
            yield (
                row[0],
                AnswerRecord(
                    question_id=_stored(row[1], str),
                    bank_sha256=_stored(row[2], str),
                    correct=bool(_stored(row[3], int)),
                    distinctions=_distinctions(_stored(row[4], str)),
                    why=_distinctions(_stored(row[5], str)) if row[5] is not None else None,
                    answered_at=_moment(row[6]),
                    seconds=float(_stored(row[7], (int, float))),
                    late=bool(_stored(row[8], int)),
                ),
            )


_ANSWER_COLUMNS = "question_id, bank_sha256, correct, distinctions, why, answered_at, seconds, late FROM answers"


def _stamp(moment: datetime) -> str:
    """UTC with a fixed width, so text order is time order (a naive clock is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _moment(text: object) -> datetime:
    """A stored time, in UTC as _stamp writes it (a time without a zone is taken as UTC)."""
    try:
        moment = datetime.fromisoformat(text)  # type: ignore[arg-type]  # TypeError for a number
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc)  # OverflowError for year 1 east of Greenwich
    except (TypeError, ValueError, OverflowError):
        raise DamagedRow(f"it holds a time that cannot be read ({str(text)[:30]!r})") from None


def _names(distinctions: tuple[Distinction, ...]) -> str:
    return ",".join(distinction.value for distinction in distinctions)


def _stored(value: Any, kind: type | tuple[type, ...], optional: bool = False) -> Any:
    """A value as relquiz writes it; a hand-edited blob, number or text where it never writes one
    is a damaged row, said as such, not a crash later on."""
    if (optional and value is None) or (isinstance(value, kind) and not isinstance(value, bytes)):
        return value
    found = "bytes" if isinstance(value, bytes) else type(value).__name__
    raise DamagedRow(f"it holds a value relquiz never writes ({found} {str(value)[:30]!r})")


def _distinctions(text: str) -> tuple[Distinction, ...]:
    # Names this version does not know (a hand-edited row) are left out rather than fatal.
    known = {distinction.value: distinction for distinction in Distinction}
    return tuple(known[name] for name in text.split(",") if name in known)
