"""Issue 11, item 3: relquiz's own files on a shared machine (a lab folder others can write).

The history and the bank cache are refused, with one line naming the file and what to do, when
another user could read or change them: a folder others can write (unless sticky and the user's),
a link, a file someone else owns, a cache key that is a link, someone else's or readable by others.
What relquiz creates is 0700 (folders) and 0600 (files) whatever the umask, and cache entries are
signed with a secret key (HMAC-SHA256), so an edited entry with a recomputed CRC is not trusted.

CI runs the tests as root: another user is simulated with os.chown(path, 65534, 65534).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import SMALL_BANK, Runner, counting_parses

import relquiz.bank.cache
import relquiz.bank.parse
from relquiz.bank.cache import cache_entry
from relquiz.bank.load import load_bank
from relquiz.history import History, HistoryUnavailable
from relquiz.model import Answer

OTHER = 65534  # nobody
KEY = "key"  # the cache key's file name, beside the entries
CHANGED_BY_OTHERS = "can be changed by other users; make it yours alone (chmod 700) or use another folder"
NEW_HISTORY = "move it aside, and relquiz starts a new history"
NEW_KEY = "delete it, and relquiz makes a new key"

posix_only = pytest.mark.skipif(not hasattr(os, "getuid"), reason="owners and modes are POSIX")
as_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root (as in CI)"
)
pytestmark = posix_only


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The run fixture's RELQUIZ_HOME."""
    return tmp_path / "home"


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    shutil.copyfile(SMALL_BANK, path)
    return path


@pytest.fixture
def umask_000() -> Iterator[None]:
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def play(run: Runner, bank: Path, *args: str) -> tuple[int, str]:
    """One question answered; the exit code and stderr."""
    result = run("play", "-b", str(bank), "-n", "1", "--seed", "1", *args, input="t\n")
    assert "Score: " in result.stdout, result.output  # the quiz went on
    return result.exit_code, result.stderr


def without_missing(stderr: str) -> list[str]:
    """stderr's lines but the last, which must name the answers the refused history never got."""
    lines = stderr.splitlines()
    assert re.fullmatch(r"relquiz: warning: \d+ answers? (is|are) not in your history: .+", lines[-1]), lines
    return lines[:-1]


def history_warning(home: Path, reason: str) -> str:
    return (
        f"relquiz: warning: cannot use the history at {home / 'history.sqlite3'}: {reason}"
        "; the quiz goes on, and the history is tried again with the next answer"
    )


def cache_warning(reason: str) -> str:
    return f"relquiz: warning: the bank cache is off for this run: {reason}"


# The history ------------------------------------------------------------------------------------


@pytest.mark.parametrize("permissions", [0o777, 0o722, 0o1777], ids=["777", "writable by others", "sticky"])
def test_a_history_folder_others_can_write_is_refused(
    run: Runner, home: Path, bank: Path, permissions: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.mkdir()
    home.chmod(permissions)
    if permissions & stat.S_ISVTX:  # sticky, but another user's: they can still remove the learner's files
        monkeypatch.setattr(os, "getuid", lambda: OTHER + 1)
        reason = f"{home} belongs to another user; use a folder of your own"
    else:
        reason = f"{home} {CHANGED_BY_OTHERS}"
    code, stderr = play(run, bank, "--no-shuffle")
    assert code == 0
    assert history_warning(home, reason) in stderr.splitlines()
    assert not (home / "history.sqlite3").exists()


@as_root
def test_a_group_writable_folder_is_refused_when_the_group_has_other_users(run: Runner, home: Path, bank: Path) -> None:
    home.mkdir()
    home.chmod(0o770)
    os.chown(home, os.getuid(), OTHER)
    _, stderr = play(run, bank)
    assert history_warning(home, f"{home} {CHANGED_BY_OTHERS}") in stderr.splitlines()


def test_a_sticky_folder_of_the_learners_own_is_used(run: Runner, home: Path, bank: Path) -> None:
    """As /tmp is for its owner: others may add files but cannot rename or remove the learner's."""
    home.mkdir()
    home.chmod(0o1777)
    code, stderr = play(run, bank)
    assert (code, stderr) == (0, "")
    assert mode(home / "history.sqlite3") == 0o600


def test_a_group_writable_folder_of_the_learners_private_group_is_used(run: Runner, home: Path, bank: Path) -> None:
    """A umask of 002 makes folders group-writable; the user's own group (their name, no one else
    in it) is no one else."""
    import grp
    import pwd

    user = pwd.getpwuid(os.getuid())
    group = grp.getgrgid(os.getgid())
    if group.gr_name != user.pw_name or set(group.gr_mem) - {user.pw_name}:
        pytest.skip("the user's group is not a private group here")
    home.mkdir()
    home.chmod(0o770)
    assert play(run, bank) == (0, "")


@as_root
def test_another_users_history_is_refused_and_left_untouched(run: Runner, home: Path, bank: Path) -> None:
    assert play(run, bank) == (0, "")
    planted = home / "history.sqlite3"
    os.chown(planted, OTHER, OTHER)
    before = digest(planted)
    code, stderr = play(run, bank)
    assert code == 0
    assert without_missing(stderr) == [history_warning(home, f"it belongs to another user; {NEW_HISTORY}")]
    assert digest(planted) == before
    for command in ("review", "history"):
        result = run(command, "-b", str(bank)) if command == "review" else run(command)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"relquiz: error: cannot use the history at {planted}: it belongs to another")


@as_root
@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_another_users_sqlite_companion_is_refused(run: Runner, home: Path, bank: Path, suffix: str) -> None:
    """A planted write-ahead log would be read into the learner's database."""
    assert play(run, bank) == (0, "")
    companion = home / f"history.sqlite3{suffix}"
    companion.write_bytes(b"")
    os.chown(companion, OTHER, OTHER)
    _, stderr = play(run, bank)
    reason = f"{companion} belongs to another user; move it aside while no relquiz is running"
    assert without_missing(stderr) == [history_warning(home, reason)]


@pytest.mark.parametrize("target_exists", [False, True], ids=["to nothing", "to an empty file"])
def test_a_link_at_the_history_is_not_followed(
    run: Runner, home: Path, bank: Path, tmp_path: Path, target_exists: bool
) -> None:
    """SQLite would create the link's target, or turn an empty file there into a database."""
    target = tmp_path / "elsewhere" / "notes.txt"
    target.parent.mkdir()
    if target_exists:
        target.write_bytes(b"")
    home.mkdir()
    (home / "history.sqlite3").symlink_to(target)
    code, stderr = play(run, bank)
    assert target.exists() == target_exists
    assert not target_exists or target.read_bytes() == b""
    assert sorted(path.name for path in target.parent.iterdir()) == (["notes.txt"] if target_exists else [])
    assert code == 0
    assert without_missing(stderr) == [
        history_warning(home, f"it is a link, which relquiz does not follow here; {NEW_HISTORY}")
    ]
    result = run("review", "-b", str(bank))
    assert result.exit_code == (1 if target_exists else 0)  # a link to nothing: nothing recorded yet


def test_history_files_and_folders_are_private_whatever_the_umask(tmp_path: Path, umask_000: None) -> None:
    path = tmp_path / "data" / "relquiz" / "history.sqlite3"
    with History.open(path) as history:
        session = history.start_session("abc", "Bank", "play", 1, None)
        history.finish_session(session, True)
        companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
        assert all(companion.exists() for companion in companions)
        assert {companion.name: mode(companion) for companion in companions} == {
            companion.name: 0o600 for companion in companions
        }
    assert (mode(tmp_path / "data"), mode(path.parent), mode(path)) == (0o700, 0o700, 0o600)


def test_without_owners_the_ownership_checks_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no os.getuid, and its modes say nothing about other users."""
    path = tmp_path / "home" / "history.sqlite3"
    History.open(path).close()
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.chown(path, OTHER, OTHER)
    path.parent.chmod(0o777)
    monkeypatch.delattr(os, "getuid")
    History.open(path).close()
    path.unlink()
    path.symlink_to(tmp_path / "target")
    with pytest.raises(HistoryUnavailable, match="is a link"):  # links are still refused
        History.open(path)


def test_messages_name_a_hostile_folder_on_one_line(run: Runner, tmp_path: Path, bank: Path) -> None:
    lab = tmp_path / "lab\n\x1b[31m"
    lab.mkdir()
    lab.chmod(0o777)
    result = run("play", "-b", str(bank), "-n", "1", input="t\n", env={"RELQUIZ_HOME": str(lab)})
    lines = without_missing(result.stderr)
    assert len(lines) == 2, lines  # the history, then the cache
    assert all("lab\\x0a\\x1b[31m can be changed by other users" in line for line in lines)


# The bank cache -----------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", [".", "cache", "cache/banks"])
def test_a_cache_folder_others_can_write_is_refused(
    run: Runner, home: Path, bank: Path, folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert play(run, bank, "--no-history") == (0, "")
    entry = cache_entry(home / "cache" / "banks", bank)
    before = (digest(entry), entry.stat().st_mtime_ns)
    (home / folder).chmod(0o777)
    parsed = counting_parses(monkeypatch)
    code, stderr = play(run, bank, "--no-history")
    assert code == 0
    assert stderr.splitlines() == [cache_warning(f"{home / folder} {CHANGED_BY_OTHERS}")]
    assert parsed == [bank]  # read afresh
    assert (digest(entry), entry.stat().st_mtime_ns) == before  # and nothing written


@pytest.mark.parametrize("linked", ["cache", "cache/banks"])
def test_a_linked_cache_folder_is_refused(run: Runner, home: Path, bank: Path, tmp_path: Path, linked: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (home / linked).parent.mkdir(parents=True, exist_ok=True)
    (home / linked).symlink_to(elsewhere, target_is_directory=True)
    code, stderr = play(run, bank, "--no-history")
    assert list(elsewhere.rglob("*")) == []  # no entry, no key written through the link
    assert code == 0
    remedy = "is a link, not a folder; remove it and relquiz makes the folder again"
    assert stderr.splitlines() == [cache_warning(f"{home / linked} {remedy}")]


@pytest.mark.parametrize("untrusted", ["a link", "another user's", "readable by others", "not a key"])
def test_an_untrusted_key_turns_the_cache_off(
    run: Runner, home: Path, bank: Path, tmp_path: Path, untrusted: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert play(run, bank, "--no-history") == (0, "")
    key = home / "cache" / "banks" / KEY
    assert key.is_file() and mode(key) == 0o600
    if untrusted == "a link":
        copy = tmp_path / "copied-key"
        shutil.copyfile(key, copy)
        copy.chmod(0o600)
        key.unlink()
        key.symlink_to(copy)
        problem = "is a link, which relquiz does not follow here"
    elif untrusted == "another user's":
        if os.geteuid() != 0:
            pytest.skip("giving a file to another user needs root (as in CI)")
        os.chown(key, OTHER, OTHER)
        problem = "belongs to another user"
    elif untrusted == "readable by others":
        key.chmod(0o644)
        problem = "can be read or changed by other users"
    else:
        key.write_bytes(b"short")
        problem = "is not a key relquiz made"
    parsed = counting_parses(monkeypatch)
    code, stderr = play(run, bank, "--no-history")
    assert code == 0
    assert stderr.splitlines() == [cache_warning(f"{key} {problem}; {NEW_KEY}")]
    assert parsed == [bank]
    key.unlink()  # as the message says
    assert play(run, bank, "--no-history") == (0, "")
    assert play(run, bank, "--no-history") == (0, "")
    assert parsed == [bank, bank]  # a new key, the entry signed again with it, and used


def test_the_key_is_created_exclusively_never_through_a_link(tmp_path: Path, bank: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    stolen = tmp_path / "stolen"
    (cache / KEY).symlink_to(stolen)
    assert load_bank([bank], cache) == load_bank([bank])
    assert not stolen.exists()
    assert not cache_entry(cache, bank).exists()  # no key to sign with: nothing kept


def test_an_entry_edited_with_a_recomputed_crc_does_not_change_the_answer_key(
    tmp_path: Path, bank: Path, umask_000: None
) -> None:
    """Another user, able to write an entry (umask 000), flips an answer and recomputes the checksum."""
    cache = tmp_path / "cache" / "banks"
    expected = load_bank([bank], cache)
    entry = cache_entry(cache, bank)
    payload = json.loads(entry.read_text(encoding="utf-8").split("\n", 1)[1])
    first = payload["questions"][0]
    first["answer"] = Answer.FRIENDSHIP.value if first["answer"] == Answer.THERAPY.value else Answer.THERAPY.value
    forged = json.dumps(payload)
    with entry.open("r+", encoding="utf-8") as stream:  # in place: the file stays the learner's
        stream.truncate()
        stream.write(f"{zlib.crc32(forged.encode()):08x}\n{forged}")
    assert load_bank([bank], cache) == expected
    assert (mode(tmp_path / "cache"), mode(cache), mode(entry)) == (0o700, 0o700, 0o600)  # and no one else can


def test_cache_files_and_folders_are_private_whatever_the_umask(
    run: Runner, home: Path, bank: Path, umask_000: None
) -> None:
    assert play(run, bank) == (0, "")
    banks = home / "cache" / "banks"
    folders = {name: mode(home / name) for name in (".", "cache", "cache/banks")}
    assert folders == {".": 0o700, "cache": 0o700, "cache/banks": 0o700}
    assert {path.name: mode(path) for path in banks.iterdir()} == {
        KEY: 0o600,
        cache_entry(banks, bank).name: 0o600,
    }
    assert mode(home / "history.sqlite3") == 0o600
    assert relquiz.bank.cache.KEY_NAME == KEY


def test_a_home_that_cannot_even_be_checked_is_a_warning_not_a_crash(run: Runner, tmp_path: Path) -> None:
    """A RELQUIZ_HOME that is a link loop gave 'unexpected OSError: Too many levels of symbolic links'."""
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    for args in (("list", "-b", str(SMALL_BANK)), ("play", "-b", str(SMALL_BANK), "-n", "1")):
        result = run(*args, input="t\n", env={"RELQUIZ_HOME": str(loop)})
        assert result.exit_code == 0 and "unexpected" not in result.stderr, result.stderr
        assert f"relquiz: warning: the bank cache is off for this run: {loop} cannot be checked" in result.stderr
