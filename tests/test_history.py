"""The SQLite history: recording, reading back, migrations, concurrency, and files it must not touch."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from helpers import SMALL_BANK, Runner

from relquiz.history import SCHEMA_VERSION, AnswerRecord, History, HistoryUnavailable
from relquiz.model import Answer, Distinction, Response
from relquiz.schedule import card_states

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)
P, R, C, B, D = Distinction

# The version 1 schema exactly as released; a file made with it must migrate and keep its rows.
V1_SCHEMA = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    bank_sha256 TEXT NOT NULL,
    bank_title TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('play', 'review')),
    seed INTEGER,
    student TEXT,
    completed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE answers (
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
);
CREATE INDEX answers_by_session ON answers (session_id);
PRAGMA user_version = 1;
"""


class Clock:
    """A clock that moves a minute each time it is read."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        moment = self.now
        self.now += timedelta(minutes=1)
        return moment


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "home" / "history.sqlite3"


@pytest.fixture
def history(path: Path) -> Iterator[History]:
    with History.open(path, Clock()) as opened:
        yield opened


def response(
    question_id: str,
    given: Answer = Answer.THERAPY,
    *,
    seconds: float = 4.2,
    late: bool = False,
    why: tuple[Distinction, ...] | None = None,
) -> Response:
    return Response(question_id, Answer.THERAPY, given, seconds, (P, C), late=late, why=why)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        version: int = connection.execute("PRAGMA user_version").fetchone()[0]
    connection.close()
    return version


def schema(path: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        connection.close()
    return [(name, " ".join(sql.split())) for name, sql in rows]


def columns(path: Path, table: str) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    finally:
        connection.close()


# Recording and reading back


def test_a_session_and_its_answers_read_back_as_recorded(history: History) -> None:
    session = history.start_session("abc123", "The bank", "play", 42, "Ana")
    history.record_answer(session, "abc123", response("q1"), (P,))
    history.record_answer(session, "abc123", response("q2", Answer.FRIENDSHIP, late=True, seconds=31.5), None)
    history.finish_session(session, completed=True)

    [record] = history.sessions()
    assert (record.id, record.bank_sha256, record.bank_title, record.mode, record.seed, record.student) == (
        session,
        "abc123",
        "The bank",
        "play",
        42,
        "Ana",
    )
    assert (record.started_at, record.finished_at, record.completed) == (T0, T0 + timedelta(minutes=3), True)
    assert record.answers == (
        AnswerRecord("q1", "abc123", True, (P, C), (P,), T0 + timedelta(minutes=1), 4.2, False),
        AnswerRecord("q2", "abc123", False, (P, C), None, T0 + timedelta(minutes=2), 31.5, True),
    )
    assert record.correct == 1
    assert history.answers() == list(record.answers)


def test_an_unfinished_session_has_no_finish_time(history: History) -> None:
    history.start_session("abc", "Bank", "review", None, None)
    [record] = history.sessions()
    assert (record.finished_at, record.completed, record.answers, record.seed) == (None, False, (), None)


def test_answers_filter_by_bank_and_come_oldest_first(path: Path) -> None:
    clock = Clock()
    with History.open(path, clock) as history:
        first = history.start_session("one", "One", "play", 1, None)
        second = history.start_session("two", "Two", "play", 2, None)
        clock.now = T0 + timedelta(days=2)
        history.record_answer(first, "one", response("late"), None)
        clock.now = T0 + timedelta(days=1)
        history.record_answer(second, "two", response("other-bank"), None)
        history.record_answer(first, "one", response("early"), None)
        assert [a.question_id for a in history.answers("one")] == ["early", "late"]
        assert [a.question_id for a in history.answers()] == ["other-bank", "early", "late"]
        assert [s.id for s in history.sessions()] == [first, second]
        assert history.answers("unknown") == []


def test_why_keeps_none_skipped_and_named_apart(history: History, path: Path) -> None:
    session = history.start_session("abc", "Bank", "play", 1, None)
    history.record_answer(session, "abc", response("not-asked"), None)
    history.record_answer(session, "abc", response("skipped"), ())
    history.record_answer(session, "abc", response("named"), (R, D))
    history.record_answer(session, "abc", response("from-response", why=(B,)))
    stored = sqlite3.connect(path).execute("SELECT question_id, why FROM answers ORDER BY id").fetchall()
    assert stored == [
        ("not-asked", None),
        ("skipped", ""),
        ("named", "professionalism,duration"),
        ("from-response", "boundaries"),
    ]
    assert [a.why for a in history.answers()] == [None, (), (R, D), (B,)]


def test_times_are_stored_in_utc_and_a_naive_clock_counts_as_utc(path: Path) -> None:
    plus_two = timezone(timedelta(hours=2))
    with History.open(path, lambda: datetime(2026, 11, 27, 12, 0, tzinfo=plus_two)) as history:
        history.start_session("abc", "Bank", "play", 1, None)
    with History.open(path, lambda: datetime(2026, 11, 27, 12, 0)) as history:
        history.start_session("abc", "Bank", "play", 1, None)
        started = [s.started_at for s in history.sessions()]
    assert started == [
        datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc),
        datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc),
    ]


def test_an_unknown_mode_is_a_programming_error(history: History) -> None:
    with pytest.raises(ValueError, match="mode"):
        history.start_session("abc", "Bank", "exam", 1, None)


def test_clear_removes_every_row_and_keeps_the_file_and_schema(history: History, path: Path) -> None:
    for number in range(3):
        session = history.start_session("abc", "Bank", "play", number, "Ana Example")
        history.record_answer(session, "abc", response(f"question-{number}"), (P,))
    history._connection.execute("PRAGMA secure_delete = OFF")  # the default of most SQLite builds
    assert history.clear() == 3
    assert (history.sessions(), history.answers()) == ([], [])
    assert path.is_file() and user_version(path) == SCHEMA_VERSION
    # What was deleted is overwritten, not left readable in free pages or the write-ahead log.
    stored = b"".join(p.read_bytes() for p in path.parent.iterdir())
    assert b"question-1" not in stored and b"Ana Example" not in stored
    history.record_answer(history.start_session("abc", "Bank", "play", 9, None), "abc", response("again"), None)
    assert [a.question_id for a in history.answers()] == ["again"]
    assert history.clear() == 1


def test_recorded_answers_drive_the_review_schedule(path: Path) -> None:
    clock = Clock()
    with History.open(path, clock) as history:
        session = history.start_session("abc", "Bank", "review", 1, None)
        history.record_answer(session, "abc", response("missed", Answer.FRIENDSHIP), None)
        history.record_answer(session, "abc", response("known"), None)
        history.record_answer(session, "other-bank", response("elsewhere", Answer.FRIENDSHIP), None)
        states = card_states(history.answers("abc"))
    assert {qid: (card.box, card.due_at) for qid, card in states.items()} == {
        "missed": (1, T0 + timedelta(minutes=1)),
        "known": (2, T0 + timedelta(days=1, minutes=2)),
    }


# Nothing answered is lost


def test_each_answer_is_committed_before_the_session_ends(history: History, path: Path) -> None:
    session = history.start_session("abc", "Bank", "play", 1, None)
    history.record_answer(session, "abc", response("q1"), None)
    other = sqlite3.connect(path)
    try:
        assert other.execute("SELECT question_id, correct FROM answers").fetchall() == [("q1", 1)]
        assert other.execute("SELECT finished_at FROM sessions").fetchall() == [(None,)]
    finally:
        other.close()


def python(code: str, *args: str) -> subprocess.Popen[str]:
    environment = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args], env=environment, stderr=subprocess.PIPE, text=True
    )


def test_a_killed_process_keeps_every_answer_it_recorded(path: Path) -> None:
    crashing = python(
        """
        import os, signal, sys
        from datetime import datetime, timezone
        from pathlib import Path
        from relquiz.history import History
        from relquiz.model import Answer, Response
        history = History.open(Path(sys.argv[1]), lambda: datetime.now(timezone.utc))
        session = history.start_session("abc", "Bank", "play", 1, None)
        for number in range(3):
            history.record_answer(session, "abc", Response(f"q{number}", Answer.THERAPY, Answer.THERAPY, 1.0), None)
        os.kill(os.getpid(), signal.SIGKILL)
        """,
        str(path),
    )
    _, errors = crashing.communicate(timeout=60)
    assert crashing.returncode == -9, errors
    with History.open(path, Clock()) as history:
        [session] = history.sessions()
    assert [a.question_id for a in session.answers] == ["q0", "q1", "q2"]
    assert (session.finished_at, session.completed) == (None, False)


WRITER = """
    import sys, time
    from datetime import datetime, timezone
    from pathlib import Path
    from relquiz.history import History
    from relquiz.model import Answer, Response
    path, go, name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    while not go.exists():
        time.sleep(0.001)
    with History.open(path, lambda: datetime.now(timezone.utc)) as history:
        session = history.start_session("abc", "Bank", "play", None, name)
        for number in range(200):
            history.record_answer(session, "abc", Response(f"{name}-{number}", Answer.THERAPY, Answer.THERAPY, 1.0))
        history.finish_session(session, True)
"""


def test_two_processes_writing_at_once_lose_no_rows(path: Path, tmp_path: Path) -> None:
    # Both start on a file that does not exist yet, so they also race to create and migrate it.
    go = tmp_path / "go"
    writers = [python(WRITER, str(path), str(go), name) for name in ("left", "right")]
    time.sleep(0.5)  # let both interpreters import and wait at the starting line
    go.touch()
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
    with History.open(path, Clock()) as history:
        sessions = history.sessions()
    assert sorted(s.student or "" for s in sessions) == ["left", "right"]
    for session in sessions:
        assert session.completed
        assert [a.question_id for a in session.answers] == [f"{session.student}-{n}" for n in range(200)]
    assert user_version(path) == SCHEMA_VERSION


def test_a_lock_held_past_the_timeout_is_unavailable_not_a_crash(path: Path) -> None:
    with History.open(path, Clock(), timeout=0.2) as history:
        session = history.start_session("abc", "Bank", "play", 1, None)
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(HistoryUnavailable, match=r"locked for more than 0\.2 s"):
                history.record_answer(session, "abc", response("q1"), None)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        history.record_answer(session, "abc", response("q2"), None)  # usable again once released
        assert [a.question_id for a in history.answers()] == ["q2"]


def test_opening_waits_for_the_switch_to_wal_while_another_relquiz_holds_the_file(path: Path) -> None:
    # While another connection holds a write lock, SQLite refuses the switch at once instead of
    # waiting; two terminals starting together on a new history lost that race now and then.
    path.parent.mkdir()
    path.touch()
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN")
    other.execute("PRAGMA user_version = 0")  # a write lock, as another relquiz migrating it holds
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    try:
        with History.open(path, Clock(), timeout=5) as history:
            history.start_session("abc", "Bank", "play", 1, None)
    finally:
        release.join()
        other.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()


def test_a_file_locked_while_opening_is_unavailable(path: Path) -> None:
    path.parent.mkdir()
    holder = sqlite3.connect(path, isolation_level=None)  # a fresh file, not yet in WAL mode
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(HistoryUnavailable, match="locked"):
            History.open(path, Clock(), timeout=0.2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# Migrations


def test_a_missing_file_and_its_folders_are_created_at_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "history.sqlite3"
    History.open(path, Clock()).close()
    assert user_version(path) == SCHEMA_VERSION == 2
    assert "why" in columns(path, "answers")
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()


def test_an_empty_file_is_migrated_to_the_current_version(path: Path) -> None:
    path.parent.mkdir()
    path.touch()
    History.open(path, Clock()).close()
    assert user_version(path) == 2
    assert {name for name, _ in schema(path)} >= {"sessions", "answers", "answers_for_review"}


def make_v1_file(path: Path) -> None:
    path.parent.mkdir(exist_ok=True)
    connection = sqlite3.connect(path)
    connection.executescript(V1_SCHEMA)
    connection.execute(
        "INSERT INTO sessions VALUES (1, '2026-11-01T09:00:00.000000+00:00', NULL, 'abc', 'Bank', 'play', 7, 'Ana', 0)"
    )
    connection.execute(
        "INSERT INTO answers VALUES (1, 1, 'abc', 'q1', 'therapy', 'friendship', 0, 3.5, 0,"
        " 'purpose,boundaries', '2026-11-01T09:01:00.000000+00:00')"
    )
    connection.commit()
    connection.close()


def test_a_version_1_file_keeps_its_rows_and_gains_why_and_the_review_index(path: Path, tmp_path: Path) -> None:
    make_v1_file(path)
    assert user_version(path) == 1
    with History.open(path, Clock()) as history:
        [session] = history.sessions()
        assert (session.student, session.seed, session.completed) == ("Ana", 7, False)
        assert session.answers == (
            AnswerRecord(
                "q1", "abc", False, (P, B), None, datetime(2026, 11, 1, 9, 1, tzinfo=timezone.utc), 3.5, False
            ),
        )
        history.record_answer(session.id, "abc", response("q2"), (C,))
    assert user_version(path) == 2
    fresh = tmp_path / "fresh.sqlite3"
    History.open(fresh, Clock()).close()
    assert schema(path) == schema(fresh)  # a migrated file ends up exactly like a new one


def test_a_file_from_a_newer_relquiz_is_refused_untouched(path: Path) -> None:
    path.parent.mkdir()
    connection = sqlite3.connect(path)
    connection.executescript(V1_SCHEMA + "PRAGMA user_version = 3;")
    connection.close()
    before = digest(path)
    with pytest.raises(HistoryUnavailable, match=r"newer relquiz \(schema 3; this one knows up to 2\)"):
        History.open(path, Clock())
    assert digest(path) == before
    assert user_version(path) == 3


# Files that must be left alone


def assert_refused_untouched(path: Path, match: str) -> None:
    before = digest(path)
    neighbours = set(path.parent.iterdir())
    with pytest.raises(HistoryUnavailable, match=match) as raised:
        History.open(path, Clock())
    assert digest(path) == before
    # Nothing deleted; at most the empty companions any SQLite reader of a WAL file makes.
    added = set(path.parent.iterdir()) - neighbours
    assert neighbours <= set(path.parent.iterdir())
    assert {p.name for p in added} <= {f"{path.name}-wal", f"{path.name}-shm"}
    assert all(p.stat().st_size == 0 for p in added if p.name.endswith("-wal"))
    assert str(path) in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize(
    "content",
    [os.urandom(4096), b"Dear diary,\nnot a database at all.\n" * 20, b"SQLite format 2\x00" + bytes(4080), b"SQLite"],
    ids=["random-bytes", "text", "other-header", "short"],
)
def test_a_file_that_is_not_a_database_is_refused_untouched(path: Path, content: bytes) -> None:
    path.parent.mkdir()
    path.write_bytes(content)
    assert_refused_untouched(path, "not a SQLite database; it was left untouched")


def fill(history: History) -> None:
    """Enough answers for several pages, then closed: a file to damage."""
    session = history.start_session("abc", "Bank", "play", 1, None)
    for number in range(300):
        history.record_answer(session, "abc", response(f"question-{number}"), (P,))
    history.close()


def test_a_damaged_database_is_refused_untouched(history: History, path: Path) -> None:
    fill(history)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert len(data) > 4 * page_size
    data[3 * page_size : 3 * page_size + 64] = b"\xa5" * 64  # scribble over a table page's header
    path.write_bytes(bytes(data))
    assert_refused_untouched(path, "damaged")


def test_a_truncated_database_is_refused_untouched(history: History, path: Path) -> None:
    fill(history)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    assert_refused_untouched(path, "damaged")


def test_another_programs_database_is_refused_untouched(path: Path) -> None:
    path.parent.mkdir()
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    assert_refused_untouched(path, "holds other data")


def test_a_folder_in_place_of_the_file_is_refused(path: Path) -> None:
    path.mkdir(parents=True)
    with pytest.raises(HistoryUnavailable, match="not a regular file"):
        History.open(path, Clock())
    assert path.is_dir()


def test_a_file_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("a file, not a folder")
    with pytest.raises(HistoryUnavailable, match="folder cannot be created"):
        History.open(blocker / "history.sqlite3", Clock())
    assert blocker.read_text() == "a file, not a folder"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_history_is_unavailable_and_untouched(history: History, path: Path) -> None:
    history.record_answer(history.start_session("abc", "Bank", "play", 1, None), "abc", response("q1"), None)
    history.close()
    before = digest(path)
    path.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        with pytest.raises(HistoryUnavailable), History.open(path, Clock()) as reopened:
            reopened.start_session("abc", "Bank", "play", 2, None)
    finally:
        path.parent.chmod(0o755)
        path.chmod(0o644)
    assert digest(path) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_folder_without_a_history_is_unavailable(tmp_path: Path) -> None:
    folder = tmp_path / "home"
    folder.mkdir(mode=0o555)
    try:
        with pytest.raises(HistoryUnavailable, match=r"cannot be opened|read-only"):
            History.open(folder / "history.sqlite3", Clock())
    finally:
        folder.chmod(0o755)
    assert list(folder.iterdir()) == []


def edited_history(path: Path, statement: str) -> None:
    """One session with one wrong answer, then a hand edit of the file."""
    with History.open(path, Clock()) as opened:
        session = opened.start_session("abc", "Bank", "play", 1, None)
        opened.record_answer(session, "abc", response("q1", Answer.FRIENDSHIP))
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(statement)
    connection.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE answers SET answered_at = 'garbage'",
        "UPDATE answers SET answered_at = 12345",
        "UPDATE sessions SET started_at = 'garbage'",
        "UPDATE sessions SET finished_at = 'yesterday'",
    ],
)
def test_a_time_that_cannot_be_read_is_damage_not_a_crash(path: Path, statement: str) -> None:
    edited_history(path, statement)
    before = digest(path)
    with History.open(path, Clock()) as opened, pytest.raises(HistoryUnavailable, match="a time that cannot be read"):
        opened.sessions()
    assert digest(path) == before


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE answers SET distinctions = x'00ff'",
        "UPDATE answers SET why = x'00'",
        "UPDATE answers SET correct = 'yes'",
        "UPDATE answers SET seconds = 'long'",
        "UPDATE sessions SET bank_title = x'ff'",
        "UPDATE sessions SET student = x'ff'",
        "UPDATE sessions SET seed = 'seven'",
    ],
)
def test_a_value_of_the_wrong_kind_is_damage_not_a_crash(path: Path, statement: str) -> None:
    """Blobs and numbers where relquiz writes text gave 'unexpected TypeError' in history and review."""
    edited_history(path, statement)
    before = digest(path)
    with History.open(path, Clock()) as opened, pytest.raises(HistoryUnavailable, match="a value relquiz never writes"):
        opened.sessions()
    assert digest(path) == before


@pytest.mark.parametrize("command", [["history"], ["history", "--json"], ["review", "-b", str(SMALL_BANK)]])
def test_commands_on_a_damaged_history_say_so_in_one_line(run: Runner, tmp_path: Path, command: list[str]) -> None:
    assert run("play", "-b", str(SMALL_BANK), "-n", "1", "--seed", "1", input="f\n").exit_code == 0
    connection = sqlite3.connect(tmp_path / "home" / "history.sqlite3")
    with connection:
        connection.execute("UPDATE answers SET distinctions = x'00ff'")
    connection.close()
    result = run(*command, input="q\n")
    assert result.exit_code == 1 and "unexpected" not in result.stderr
    assert result.stderr.startswith("relquiz: error: cannot use the history at ") and result.stderr.count("\n") == 1
    assert "it holds a value relquiz never writes (bytes" in result.stderr and "left untouched" in result.stderr


def test_times_without_a_zone_or_in_the_future_are_usable(path: Path) -> None:
    """A hand-written time without a zone is UTC; one in the future (a clock that ran ahead)
    counts as now when scheduling, so a missed question is due at once rather than in years."""
    edited_history(path, "UPDATE answers SET answered_at = '2026-11-27T09:00:00'")
    with History.open(path, Clock()) as opened:
        assert opened.answers()[0].answered_at == datetime(2026, 11, 27, 9, tzinfo=timezone.utc)
    edited_history(path, "UPDATE answers SET answered_at = '9999-12-31T23:59:59+00:00'")
    with History.open(path, Clock(T0)) as opened:
        answers = opened.answers()
    assert card_states(answers, T0)["q1"].due_at <= T0  # missed: due at once, and no date overflow


def test_a_missed_answer_stamped_in_the_future_is_asked_by_review_now(run: Runner, tmp_path: Path) -> None:
    """The real command, whose clock is read before the history's: the same row must be due."""
    home = tmp_path / "home"
    assert run("play", "-b", str(SMALL_BANK), "-n", "1", "--seed", "1", input="f\n").exit_code == 0
    connection = sqlite3.connect(home / "history.sqlite3")
    with connection:
        connection.execute("UPDATE answers SET answered_at = '2030-01-01T00:00:00+00:00', correct = 0")
    connection.close()
    result = run("review", "-b", str(SMALL_BANK), input="q\n")
    assert result.exit_code == 0 and "Question 1 of 1" in result.stdout, result.stdout


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "garbage"])
def test_a_time_no_calendar_can_hold_is_damage(path: Path, moment: str) -> None:
    edited_history(path, f"UPDATE answers SET answered_at = '{moment}'")
    with History.open(path, Clock()) as opened, pytest.raises(HistoryUnavailable, match="a time that cannot be read"):
        opened.answers()


def test_a_negative_schema_version_is_refused_untouched(path: Path) -> None:
    edited_history(path, "PRAGMA user_version = -1")
    before = digest(path)
    with pytest.raises(HistoryUnavailable, match="schema version -1 is not one relquiz writes"):
        History.open(path, Clock())
    assert digest(path) == before


def test_clearing_in_another_terminal_mid_quiz_is_named_not_raw_sqlite(path: Path) -> None:
    with History.open(path, Clock()) as playing:
        session = playing.start_session("abc", "Bank", "play", 1, None)
        playing.record_answer(session, "abc", response("q1"))
        with History.open(path, Clock()) as other:
            other.clear()
        with pytest.raises(HistoryUnavailable, match=r"it was cleared \(relquiz history --clear\) while this quiz"):
            playing.record_answer(session, "abc", response("q2"))


def test_the_read_only_check_sees_one_moment_while_another_relquiz_creates_the_schema(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two terminals starting at once: the second checks the file while the first creates the
    tables. Read in separate moments, 'version 0' and 'has tables' once made it refuse the file."""
    from relquiz.history.schema import Failure, check_existing

    path.parent.mkdir(parents=True)
    created = sqlite3.connect(path)
    created.execute("PRAGMA journal_mode = WAL")  # a database file, its schema not yet made
    created.close()
    real_connect = sqlite3.connect

    class OtherRelquizCommitsInBetween:
        def __init__(self, connection: sqlite3.Connection) -> None:
            self.connection = connection

        def execute(self, sql: str, *args: Any) -> object:
            cursor = self.connection.execute(sql, *args)
            if sql.startswith("PRAGMA user_version"):
                row = cursor.fetchone()
                monkeypatch.setattr("relquiz.history.schema.sqlite3.connect", real_connect)
                History.open(path, Clock()).close()  # the first relquiz finishes creating it
                return type("Row", (), {"fetchone": lambda self: row})()
            return cursor

        def close(self) -> None:
            self.connection.close()

    def connect(*args: Any, **kwargs: Any) -> object:
        return OtherRelquizCommitsInBetween(real_connect(*args, **kwargs))

    monkeypatch.setattr("relquiz.history.schema.sqlite3.connect", connect)
    check_existing(path, Failure(path, 5.0))  # no HistoryUnavailable
