"""Banks: files and folders to one checked Bank, reusing files checked before and unchanged since.

Reading one file (YAML, line by line checks) is relquiz.bankfile's job; it is imported only
when a file is not in the cache, so an unchanged bank starts a quiz without loading PyYAML.
"""

from __future__ import annotations

import json
import os
import stat
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relquiz import __version__
from relquiz.errors import BankInvalid, Problem, UsageError, quote
from relquiz.model import (
    ANSWER_BY_VALUE,
    DIFFICULTY_BY_VALUE,
    DISTINCTION_BY_VALUE,
    Answer,
    Bank,
    Difficulty,
    Distinction,
    Question,
)
from relquiz.safety import printable

BANK_SUFFIXES = (".yaml", ".yml")
MAX_BANK_BYTES = 32_000_000  # about 20,000 questions the size of the bundled ones
MAX_TEXT_CHARS = 10_000  # a scenario is 30-100 words; far longer text is a pasting accident
MAX_TAG_CHARS = 50  # a tag is a word or two to filter by
MAX_PROBLEMS = 200  # per file: past that, one more line says how many were left out
TOP_FIELDS = ("version", "title", "description", "support_note", "questions")
QUESTION_FIELDS = ("id", "scenario", "answer", "difficulty", "tags", "distinctions", "takeaway")
REQUIRED_QUESTION_FIELDS = ("id", "scenario", "answer", "distinctions")
ANSWERS = tuple(answer.value for answer in Answer)
DIFFICULTIES = tuple(difficulty.value for difficulty in Difficulty)
DISTINCTION_KEYS = tuple(distinction.value for distinction in Distinction)


def find_bank_files(paths: Sequence[Path]) -> list[Path]:
    """Expand files and folders into bank files, sorted so the order never depends on the shell."""
    files: set[Path] = set()
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError as error:
            reason = "no such file or folder" if isinstance(error, FileNotFoundError) else error.strerror
            raise UsageError(f"{printable(str(path))}: {reason}") from None
        if stat.S_ISDIR(mode):
            found = [p for p in path.iterdir() if p.suffix.lower() in BANK_SUFFIXES and p.is_file()]
            if not found:
                raise UsageError(f"{printable(str(path))}: no .yaml or .yml files in this folder")
            files.update(found)
        elif stat.S_ISREG(mode):
            files.add(path)
        else:
            raise UsageError(f"{printable(str(path))}: not a regular file or folder")
    return sorted(files, key=str)


def combined_digest(digests: Sequence[str]) -> str:
    """A bank's identity: its file's SHA-256, or for several files the SHA-256 of their digests."""
    if len(digests) == 1:
        return digests[0]
    import hashlib

    return hashlib.sha256("".join(digests).encode()).hexdigest()


def bank_digest(paths: Sequence[Path]) -> str:
    """The digest of a bank without parsing it (the same value load_bank gives)."""
    import hashlib

    return combined_digest([hashlib.sha256(path.read_bytes()).hexdigest() for path in find_bank_files(paths)])


def load_bank(paths: Sequence[Path], cache: Path | None = None) -> Bank:
    """The bank made of these files and folders; raises BankInvalid listing every problem.

    With a cache folder, a file checked before and unchanged since is taken from there.
    """
    bank, problems = check_bank(paths, cache)
    if bank is None:
        raise BankInvalid(problems)
    return bank


def check_bank(paths: Sequence[Path], cache: Path | None = None) -> tuple[Bank | None, list[Problem]]:
    """Read and check the bank; the bank is None when any problem was found."""
    files = find_bank_files(paths)
    parsed = [_parse(path, cache) for path in files]
    problems = [problem for result in parsed for problem in result.problems]
    problems += _duplicate_ids_across_files(parsed)
    if problems:
        return None, sorted(problems)
    titles = list(dict.fromkeys(result.title for result in parsed))
    bank = Bank(
        title=" + ".join(titles),
        questions=tuple(q for result in parsed for q in result.questions),
        sha256=combined_digest([result.sha256 for result in parsed]),
        sources=tuple(str(path) for path in files),
        description=next((r.description for r in parsed if r.description), None),
        support_note=next((r.support_note for r in parsed if r.support_note), None),
    )
    return bank, []


def _parse(path: Path, cache: Path | None) -> ParsedFile:
    """One file, from the cache when it holds this file's exact bytes checked by this checker."""
    from_cache = None
    data = _read_regular(path, MAX_BANK_BYTES) if cache is not None else None
    if cache is not None and data is not None:
        from_cache = cache_entry(cache, path), _cache_key(data)
        cached = _read_cached(*from_cache, source=str(path))
        if cached is not None:
            return cached
    from relquiz.bankfile import parse_bank_file

    result = parse_bank_file(path, data)  # the very bytes the key was made from
    if from_cache is not None and not result.problems:
        _write_cached(*from_cache, result)
    return result


def cache_entry(cache: Path, path: Path) -> Path:
    """The cache file for a bank file: one per absolute path, replaced when the file changes."""
    return cache / f"{zlib.crc32(os.fsencode(path.resolve())):08x}.json"


# Every module whose rules decide what a checked bank holds: editing one (in a source tree,
# without a new version number) must not leave banks checked by the old rules in use.
CHECKER_FILES = tuple(Path(__file__).with_name(name) for name in ("bank.py", "bankfile.py", "model.py", "safety.py"))


def _cache_key(data: bytes) -> dict[str, Any]:
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


def _read_regular(path: Path, limit: int, owned: bool = False) -> bytes | None:
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


def _read_cached(entry: Path, key: dict[str, Any], source: str) -> ParsedFile | None:
    """The checked file kept in `entry`, or None when it is missing, stale or damaged.

    An entry is a CRC-32 line and the JSON it covers, so a damaged entry is a miss, not a bank
    with a changed word; its size is bounded by the bank's, so garbage is never parsed at length;
    and it must be the user's own (a shared RELQUIZ_HOME could hold someone else's).
    """
    raw = _read_regular(entry, _entry_limit(key["size"]), owned=True)
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


def _write_cached(entry: Path, key: dict[str, Any], result: ParsedFile) -> None:
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
    from relquiz.results import write_atomically

    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomically(entry, f"{zlib.crc32(payload.encode()):08x}\n{payload}")
    except OSError:
        pass


@dataclass
class ParsedFile:
    """What one file yielded; `questions` holds only the questions that passed every check."""

    path: str
    sha256: str = ""
    title: str = ""
    description: str | None = None
    support_note: str | None = None
    questions: list[Question] = field(default_factory=list)
    ids: list[tuple[str, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _duplicate_ids_across_files(parsed: list[ParsedFile]) -> list[Problem]:
    first: dict[str, tuple[str, int]] = {}
    problems = []
    for result in parsed:
        for question_id, line in result.ids:
            earlier = first.setdefault(question_id, (result.path, line))
            if earlier[0] != result.path:
                message = f"duplicate id {quote(question_id)} (also in {printable(earlier[0])}:{earlier[1]})"
                problems.append(Problem(result.path, line, message))
    return problems


@dataclass(frozen=True)
class Coverage:
    """How a bank spreads over answers, difficulties and distinctions, and what looks lopsided."""

    by_answer: dict[Answer, int]
    by_difficulty: dict[Difficulty, int]
    by_distinction: dict[Distinction, int]
    warnings: tuple[str, ...]


def bank_coverage(bank: Bank) -> Coverage:
    questions = bank.questions
    by_answer = {answer: sum(q.answer is answer for q in questions) for answer in Answer}
    by_difficulty = {level: sum(q.difficulty is level for q in questions) for level in Difficulty}
    by_distinction = {d: sum(d in q.distinctions for q in questions) for d in Distinction}
    warnings = [f"no question cites '{d.value}'" for d, count in by_distinction.items() if count == 0]
    larger = max(by_answer.values())
    if larger > 0.65 * len(questions):
        answer = max(by_answer, key=lambda a: by_answer[a])
        share = round(100 * larger / len(questions))
        warnings.append(f"answers are unbalanced: {share}% are '{answer.value}' (keep each between 35% and 65%)")
    return Coverage(by_answer, by_difficulty, by_distinction, tuple(warnings))
