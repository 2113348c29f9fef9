"""The cache of checked bank files: an unchanged file starts a quiz without PyYAML or the checker.

An entry is keyed on the file's bytes (SHA-256) and on the checker's own files, so an edited bank
or an edited checker is always read afresh.
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
from relquiz.files import write_atomically
from relquiz.model import ANSWER_BY_VALUE, DIFFICULTY_BY_VALUE, DISTINCTION_BY_VALUE, Question


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


def _entry_limit(bank_size: int) -> int:
    """The largest entry kept for a bank of this size: JSON's escapes can double its text."""
    return 4 * bank_size + 65_536


def read_regular(path: Path, limit: int, owned: bool = False) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes (and, if `owned`, ours); else None.

    Opened without blocking and checked on the open file, so a FIFO or a device put in its
    place, even at the last moment, is never read.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(handle, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
                return None
            if owned and hasattr(os, "getuid") and status.st_uid != os.getuid():
                return None
            data = stream.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None


def read_cached(entry: Path, key: dict[str, Any], source: str) -> ParsedFile | None:
    """The checked file kept in `entry`, or None when it is missing, stale or damaged.

    An entry is a CRC-32 line and the JSON it covers, so a damaged entry is a miss, not a bank
    with a changed word; its size is bounded by the bank's, so garbage is never parsed at length;
    and it must be the user's own (a shared RELQUIZ_HOME could hold someone else's).
    """
    raw = read_regular(entry, _entry_limit(key["size"]), owned=True)
    if raw is None:
        return None
    checksum, _, payload = raw.partition(b"\n")
    if checksum != b"%08x" % zlib.crc32(payload):
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
    """Keep a checked file, unless its entry would be too large to be read back (YAML aliases
    can repeat one text many times) or the folder cannot be written."""
    limit = _entry_limit(key["size"])
    texts = [result.title, result.description or "", result.support_note or ""]
    for question in result.questions:
        texts += [question.id, question.scenario, question.takeaway or "", *question.tags]
        texts += question.distinctions.values()
    if sum(map(len, texts)) > limit:
        return
    data = {
        "key": key,
        "title": result.title,
        "description": result.description,
        "support_note": result.support_note,
        "questions": [{**question.as_dict(), "line": question.line} for question in result.questions],
        "ids": result.ids,
    }
    payload = json.dumps(data)  # ASCII: any character the bank holds can be written
    if len(payload) > limit:
        return
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomically(entry, f"{zlib.crc32(payload.encode()):08x}\n{payload}")
    except OSError:
        pass
