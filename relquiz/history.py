"""The learner's history in SQLite: sessions and answers, schema migrations, safe opening."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

from relquiz.errors import RelquizError
from relquiz.model import Distinction, Response

FILE_NAME = "history.sqlite3"
BUSY_TIMEOUT = 5.0
MODES = ("play", "review")
_SQLITE_HEADER = b"SQLite format 3\x00"

# One list of statements per schema version; MIGRATIONS[n] takes a file from version n to n + 1.
# Never edit a released step: add a new one, so every older file follows the same path.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            bank_sha256 TEXT NOT NULL,
            bank_title TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('play', 'review')),
            seed INTEGER,
            student TEXT,
            completed INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            bank_sha256 TEXT NOT NULL,
            question_id TEXT NOT NULL,
            expected TEXT NOT NULL,
            given TEXT NOT NULL,
            correct INTEGER NOT NULL,
            seconds REAL NOT NULL,
            late INTEGER NOT NULL DEFAULT 0,
            distinctions TEXT NOT NULL,
            answered_at TEXT NOT NULL
        )""",
        "CREATE INDEX answers_by_session ON answers (session_id)",
    ),
    (
        "ALTER TABLE answers ADD COLUMN why TEXT",
        "CREATE INDEX answers_for_review ON answers (bank_sha256, question_id, answered_at)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class HistoryUnavailable(RelquizError):
    """The history cannot be used; `reason` is one line. The file is left exactly as it was."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot use the history at {path}: {reason}")
        self.path = path
        self.reason = reason


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
    def open(cls, path: Path, clock: Callable[[], datetime], *, timeout: float = BUSY_TIMEOUT) -> History:
        """Open or create the history at `path`, migrated to the current schema.

        The file is checked read-only first: a file that is not a SQLite database, is damaged,
        holds other data or comes from a newer relquiz raises HistoryUnavailable before a byte
        of it is written. `timeout` is how long to wait for another relquiz holding the lock.
        """
        fail = _Failure(path, timeout)
        with fail.translated():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise HistoryUnavailable(path, f"its folder cannot be created ({error.strerror or error})") from None
            _check_existing(path, fail)
            connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
            try:
                connection.execute("PRAGMA foreign_keys = ON")
                _use_wal(connection, timeout)
                _migrate(connection, path)
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
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
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
                    bank_sha256=row[3],
                    bank_title=row[4],
                    mode=row[5],
                    completed=bool(row[6]),
                    answers=tuple(by_session.get(row[0], ())),
                    seed=row[7],
                    student=row[8],
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
    def _failure(self) -> _Failure:
        return _Failure(self.path, self._timeout)

    def _answer_rows(self, query: str, parameters: tuple[str, ...]) -> Iterator[tuple[int, AnswerRecord]]:
        for row in self._connection.execute(query + " ORDER BY answered_at, id", parameters).fetchall():
            yield (
                row[0],
                AnswerRecord(
                    question_id=row[1],
                    bank_sha256=row[2],
                    correct=bool(row[3]),
                    distinctions=_distinctions(row[4]),
                    why=_distinctions(row[5]) if row[5] is not None else None,
                    answered_at=_moment(row[6]),
                    seconds=row[7],
                    late=bool(row[8]),
                ),
            )


_ANSWER_COLUMNS = "question_id, bank_sha256, correct, distinctions, why, answered_at, seconds, late FROM answers"


@dataclass(frozen=True)
class _Failure:
    """Turns sqlite3 and file errors into HistoryUnavailable with a reason a learner can act on."""

    path: Path
    timeout: float

    @contextmanager
    def translated(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise HistoryUnavailable(self.path, self.reason(error)) from None
        except OSError as error:
            raise HistoryUnavailable(self.path, f"the file cannot be read ({error.strerror or error})") from None
        except DamagedRow as error:
            raise HistoryUnavailable(self.path, f"{error}; it was left untouched") from None

    def reason(self, error: sqlite3.Error) -> str:
        name = getattr(error, "sqlite_errorname", "")
        text = str(error).lower()
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
            return f"another program has held it locked for more than {self.timeout:g} s"
        if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or "not a database" in text or "malformed" in text:
            return "the file is damaged or not a relquiz history; it was left untouched"
        if name.startswith("SQLITE_READONLY") or "readonly" in text:
            return "the file or its folder is read-only"
        if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
            return "the file cannot be opened"
        if name.startswith("SQLITE_FULL"):
            return "the disk is full"
        if "foreign key" in text:  # this run's session row is gone: cleared by another relquiz
            return "it was cleared (relquiz history --clear) while this quiz was running"
        return (str(error).splitlines() or ["unknown SQLite error"])[0][:120]


def _check_existing(path: Path, fail: _Failure) -> None:
    """Refuse, without writing anything, a file that is not a relquiz history this version can use."""
    if not path.exists():
        return
    if not path.is_file():
        raise HistoryUnavailable(path, "it is not a regular file")
    with path.open("rb") as stream:
        header = stream.read(len(_SQLITE_HEADER))
    if not header:
        return  # an empty file is a new database
    if header != _SQLITE_HEADER:
        raise HistoryUnavailable(path, "the file is not a SQLite database; it was left untouched")
    # Read-only, so that closing it can never checkpoint or roll anything into the file.
    connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=fail.timeout, isolation_level=None
    )
    try:
        # One read transaction: another relquiz may be creating the schema right now, and the
        # version and the tables must be seen from the same moment (both before, or both after).
        connection.execute("BEGIN")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        _refuse_unknown(path, version)
        if connection.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
            raise HistoryUnavailable(path, "the file is damaged; it was left untouched")
        if version == 0 and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise HistoryUnavailable(path, "the file holds other data, not a relquiz history; it was left untouched")
    finally:
        connection.close()


def _use_wal(connection: sqlite3.Connection, timeout: float) -> None:
    """Switch to WAL, so a second terminal reads and queues its writes instead of failing.

    The switch needs the file to itself. When another relquiz is creating the same file at the
    same moment, SQLite answers "locked" at once instead of waiting (waiting could deadlock), so
    try again until the busy timeout has passed.
    """
    deadline = time.monotonic() + timeout
    while connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return  # a file system without WAL keeps its journal; writes still wait their turn
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to date in one transaction; a second relquiz doing the same waits, then skips."""
    if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        _refuse_unknown(path, version)
        for step in MIGRATIONS[version:]:
            for statement in step:
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def _refuse_unknown(path: Path, version: int) -> None:
    if version < 0:
        raise HistoryUnavailable(path, f"its schema version {version} is not one relquiz writes; it was left untouched")
    if version > SCHEMA_VERSION:
        raise HistoryUnavailable(
            path, f"it was written by a newer relquiz (schema {version}; this one knows up to {SCHEMA_VERSION})"
        )


def _stamp(moment: datetime) -> str:
    """UTC with a fixed width, so text order is time order (a naive clock is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


class DamagedRow(ValueError):
    """A value in the history that relquiz never writes: an edited or damaged file."""


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


def _distinctions(text: str) -> tuple[Distinction, ...]:
    # Names this version does not know (a hand-edited row) are left out rather than fatal.
    known = {distinction.value: distinction for distinction in Distinction}
    return tuple(known[name] for name in text.split(",") if name in known)
