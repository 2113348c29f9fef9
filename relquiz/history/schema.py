"""The history file: its schema and migrations, opening it safely, and what its failures mean.

A file that is not a relquiz history this version can use is refused before a byte of it is written,
and so is one that another user could read or change (relquiz.private).
"""

from __future__ import annotations

import errno
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from relquiz.errors import RelquizError
from relquiz.private import Exposed, check_file, check_folder, create_file

FILE_NAME = "history.sqlite3"
COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's files beside the database
BUSY_TIMEOUT = 5.0
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


class DamagedRow(ValueError):
    """A value in the history that relquiz never writes: an edited or damaged file."""


@dataclass(frozen=True)
class Failure:
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


def claim_private(path: Path) -> None:
    """Refuse a history another user could read or change, and create a missing one 0600 before
    SQLite opens it (SQLite gives its companions the database's mode).

    The folder must be the user's and writable by nobody else (unless sticky), so nothing can be
    swapped in after these checks; the file and SQLite's companions beside it must be the user's
    own files, not links. A link is never followed, so its target is never created or written.
    """
    remedy = "move it aside, and relquiz starts a new history"
    try:
        check_folder(path.parent, link_allowed=True)
        if check_file(path, remedy) is None:
            _create(path)
            check_file(path, remedy)  # another relquiz may have made it meanwhile: check what is there
        for suffix in COMPANIONS:
            check_file(path.with_name(path.name + suffix), "move it aside while no relquiz is running")
    except Exposed as error:
        raise HistoryUnavailable(path, error.reason(path)) from None


def _create(path: Path) -> None:
    try:
        create_file(path)
    except OSError as error:
        if isinstance(error, PermissionError) or error.errno == errno.EROFS:
            raise HistoryUnavailable(path, "the file or its folder is read-only") from None
        raise HistoryUnavailable(path, f"the file cannot be created ({error.strerror or error})") from None


def check_existing(path: Path, fail: Failure) -> None:
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


def use_wal(connection: sqlite3.Connection, timeout: float) -> None:
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


def migrate(connection: sqlite3.Connection, path: Path) -> None:
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
