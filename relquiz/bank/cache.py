"""The cache of checked bank files: an unchanged file starts a quiz without PyYAML or the checker.

An entry is keyed on the file's bytes (SHA-256) and on the checker's own files, so an edited bank
or an edited checker is always read afresh. It is signed with a secret key kept beside the entries
(an HMAC-SHA256), so an entry nobody but relquiz could have written is the only one trusted.
"""

from __future__ import annotations

import json
import os
import stat
import zlib
from pathlib import Path
from typing import Any

from relquiz import __version__
from relquiz.bank.schema import ParsedFile
from relquiz.errors import RelquizError
from relquiz.files import FileRefused, read_limited
from relquiz.model import ANSWER_BY_VALUE, DIFFICULTY_BY_VALUE, DISTINCTION_BY_VALUE, Question
from relquiz.private import (
    Exposed,
    check_file,
    check_folder,
    create_file,
    is_mine,
    make_folder,
    readable_by_others,
    replace_file,
)

KEY_NAME = "key"
KEY_BYTES = 32
_SIGNATURE_LINE = 65  # the HMAC-SHA256 in hex, and a newline
_KEY_REMEDY = "delete it, and relquiz makes a new key"


class CacheRefused(RelquizError):
    """The cache folder or its key could be read or changed by another user; the message names the
    file and what to do. The cache is not used (banks are read afresh)."""


def cache_entry(cache: Path, path: Path) -> Path:
    """The cache file for a bank file: one per absolute path, replaced when the file changes."""
    return cache / f"{zlib.crc32(os.fsencode(path.resolve())):08x}.json"


# Every module whose rules decide what a checked bank holds: editing one (in a source tree,
# without a new version number) must not leave banks checked by the old rules in use.
_PACKAGE = Path(__file__).resolve().parent.parent
CHECKER_FILES = tuple(
    _PACKAGE / name
    for name in (
        "bank/schema.py",
        "bank/parse.py",
        "bank/nodes.py",
        "bank/cache.py",
        "model.py",
        "safety.py",
        "textfile.py",
    )
)


def cache_key(data: bytes) -> dict[str, Any]:
    """What must match for a cached check to hold: the file's bytes and the checker.

    The bytes by SHA-256, the digest results files record: time stamps can be set back (on some
    systems st_ctime is the creation time), and a CRC can be matched on purpose.
    """
    import hashlib

    try:
        checker = [[info.st_size, info.st_mtime_ns] for info in (file.stat() for file in CHECKER_FILES)]
    except OSError:  # not installed as files (a zip): the relquiz version still stands for the checker
        checker = []
    return {"relquiz": __version__, "checker": checker, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def check_cache(folder: Path, top: Path | None = None) -> None:
    """Raise CacheRefused when the cache in `folder` could be read or changed by another user.

    `top` is the folder relquiz was given (RELQUIZ_HOME, or the platform's cache folder): it may
    be a link; the folders below it, down to `folder`, must not be. Each must be the user's and
    writable by nobody else (unless sticky), and a key there must be the user's own file, readable
    by nobody else. What is missing is fine: it is created, privately, when an entry is written.
    """
    top = folder if top is None else top
    parts = folder.relative_to(top).parts
    try:
        for depth in range(len(parts) + 1):
            if not check_folder(top.joinpath(*parts[:depth]), link_allowed=depth == 0):
                return
        key = folder / KEY_NAME
        status = check_file(key, _KEY_REMEDY)
    except Exposed as error:
        raise CacheRefused(str(error)) from None
    if status is None:
        return
    if not stat.S_ISREG(status.st_mode) or status.st_size != KEY_BYTES:
        raise CacheRefused(f"{key} is not a key relquiz made; {_KEY_REMEDY}")
    if readable_by_others(status):
        raise CacheRefused(f"{key} can be read or changed by other users; {_KEY_REMEDY}")


def _read_key(folder: Path) -> bytes | None:
    """The secret key of the cache in `folder`: None unless it is the user's own regular file of
    KEY_BYTES, readable by nobody else, and not a link."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        with os.fdopen(os.open(folder / KEY_NAME, flags), "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode) or status.st_size != KEY_BYTES:
                return None
            if not is_mine(status) or readable_by_others(status):
                return None
            key = stream.read(KEY_BYTES + 1)
    except OSError:
        return None
    return key if len(key) == KEY_BYTES else None


def _new_key(folder: Path) -> bytes | None:
    """A key made now (created exclusively, 0600), or the one another relquiz made meanwhile."""
    key = os.urandom(KEY_BYTES)
    return key if create_file(folder / KEY_NAME, key) else _read_key(folder)


def _signature(key: bytes, payload: bytes) -> bytes:
    import hmac

    return hmac.new(key, payload, "sha256").hexdigest().encode()


def _entry_limit(bank_size: int) -> int:
    """The largest entry kept for a bank of this size: JSON's escapes can double its text."""
    return 4 * bank_size + 65_536


def read_regular(path: Path, limit: int, owned: bool = False) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes (and, if `owned`, ours); else None:
    anything else only means the bank is read and checked afresh."""
    try:
        return read_limited(path, limit, owned=owned)
    except (OSError, FileRefused):
        return None


def read_cached(entry: Path, key: dict[str, Any], source: str) -> ParsedFile | None:
    """The checked file kept in `entry`, or None when it is missing, stale, damaged or forged.

    An entry is a line with the HMAC-SHA256 of the JSON that follows, made with the cache's secret
    key: a damaged entry is a miss, not a bank with a changed word, and an entry written by anyone
    without the key (another user, on a shared machine) is a miss, not a changed answer key. Its
    size is bounded by the bank's, so garbage is never parsed at length; and it must be the user's.
    """
    secret = _read_key(entry.parent)
    if secret is None:
        return None
    raw = read_regular(entry, _entry_limit(key["size"]), owned=True)
    if raw is None:
        return None
    signature, _, payload = raw.partition(b"\n")
    import hmac

    if not hmac.compare_digest(signature, _signature(secret, payload)):
        return None
    try:
        data = json.loads(payload)
        if data["key"] != key:
            return None
        return ParsedFile(
            path=source,
            sha256=key["sha256"],
            title=_checked(data["title"], str),
            description=_checked(data["description"], str, optional=True),
            support_note=_checked(data["support_note"], str, optional=True),
            questions=[_question(item, source) for item in _checked(data["questions"], list)],
            ids=[(_checked(question_id, str), _checked(line, int)) for question_id, line in data["ids"]],
        )
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def _question(item: dict[str, Any], source: str) -> Question:
    distinctions = _checked(item["distinctions"], dict)
    return Question(
        id=_checked(item["id"], str),
        scenario=_checked(item["scenario"], str),
        answer=ANSWER_BY_VALUE[item["answer"]],
        distinctions={DISTINCTION_BY_VALUE[key]: _checked(text, str) for key, text in distinctions.items()},
        difficulty=DIFFICULTY_BY_VALUE[item["difficulty"]],
        tags=tuple(_checked(tag, str) for tag in _checked(item["tags"], list)),
        takeaway=_checked(item["takeaway"], str, optional=True),
        source=source,
        line=_checked(item["line"], int),
    )


def _checked(value: Any, kind: type, optional: bool = False) -> Any:
    """A cached value of the type it was written with; anything else makes the entry a miss."""
    if isinstance(value, kind) or (optional and value is None):
        return value
    raise TypeError(f"not {kind.__name__}")


def write_cached(entry: Path, key: dict[str, Any], result: ParsedFile) -> None:
    """Keep a checked file, unless its entry would be too large to be read back (aliases can
    repeat a text up to the checker's limit, and JSON writes a non-ASCII character in six bytes)
    or the folder cannot be written or is not private.

    The folder is created 0700, the key and the entry 0600, whatever the umask; the key is created
    exclusively, never through a link, and a key that cannot be trusted means nothing is written."""
    limit = _entry_limit(key["size"])
    data = {
        "key": key,
        "title": result.title,
        "description": result.description,
        "support_note": result.support_note,
        "questions": [{**question.as_dict(), "line": question.line} for question in result.questions],
        "ids": result.ids,
    }
    payload = json.dumps(data)  # ASCII: any character the bank holds can be written
    if _SIGNATURE_LINE + len(payload) > limit:
        return
    try:
        make_folder(entry.parent)
        check_folder(entry.parent, link_allowed=False)
        secret = _read_key(entry.parent) or _new_key(entry.parent)
        if secret is not None:
            content = payload.encode()
            replace_file(entry, _signature(secret, content) + b"\n" + content)
    except (OSError, Exposed):
        pass
