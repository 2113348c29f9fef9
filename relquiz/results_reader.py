"""Results files read back for a report: checked field by field, with a run's journal folded in."""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from relquiz.bank.schema import MAX_BANK_BYTES
from relquiz.errors import ResultsError
from relquiz.model import ANSWER_BY_VALUE, DISTINCTION_BY_VALUE, Answer, Distinction
from relquiz.results import FORMAT, VERSION, journal_of

T = TypeVar("T")


# What relquiz itself writes for the largest bank it reads: an answer takes about 330 bytes and a
# bank question at least 100, so 4x the bank limit holds any real run; far larger is not a results file.
MAX_RESULTS_BYTES = 4 * MAX_BANK_BYTES
# Longer than any real quiz or answer: a bigger time is a damaged or edited field, shown as unknown.
MAX_SECONDS = 30 * 24 * 3600
MAX_QUESTIONS = 1_000_000  # a score.total above this is not a quiz anyone took


class AnsweredItem(NamedTuple):
    """One answer as read back from a results file (a named tuple: a class has thousands)."""

    id: str
    correct: bool
    distinctions: tuple[Distinction, ...]
    seconds: float | None = None
    late: bool = False
    why: tuple[Distinction, ...] | None = None  # the distinctions named in the why step, if held
    first_correct: bool | None = None  # a live class's first vote, where a second was held
    expected: Answer = Answer.THERAPY  # the key: two versions of a bank are compared by it


@dataclass(frozen=True)
class ResultsFile:
    """A results file read back for a report: who, which bank, what they answered."""

    path: Path
    student: str | None
    bank_title: str
    bank_sha256: str
    completed: bool
    answers: tuple[AnsweredItem, ...]
    total: int
    seconds_taken: float | None
    started_at: str = ""
    seed: int | None = None

    @property
    def name(self) -> str:
        return self.student or self.path.stem

    @property
    def start_time(self) -> datetime:
        """When the run started, to put runs in order; one without a readable time comes first."""
        try:
            start = datetime.fromisoformat(self.started_at)
        except ValueError:
            return datetime.min.replace(tzinfo=timezone.utc)
        return start if start.tzinfo is not None else start.replace(tzinfo=timezone.utc)

    @property
    def correct(self) -> int:
        return sum(answer.correct for answer in self.answers)


def read_results(path: Path) -> ResultsFile:
    """Read and check one results file; ResultsError says in a few words why it cannot be used.

    A file that contradicts itself (an answer marked right that is wrong, a question answered
    twice, more answers than questions) is refused: one edited file must not skew a class report.
    """
    data = _read_limited(path)
    try:
        document = _DECODER.decode(data.decode(json.detect_encoding(data), "surrogatepass"))
    except RecursionError:
        raise ResultsError("nested too deeply to be a results file") from None
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as error:
        reason = f"not valid JSON (line {error.lineno})" if isinstance(error, json.JSONDecodeError) else "not JSON text"
        raise ResultsError(f"{reason}; a truncated or edited file?") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ResultsError('not a relquiz results file (no "format": "relquiz-results")')
    version = document.get("version")
    if type(version) is not int or version != VERSION:  # true and 1.0 equal 1 in Python, not in the format
        raise ResultsError(f"results version {str(version)[:10]!r} is not one this relquiz reads")
    bank = _field(document, "bank", dict)
    items = _field(document, "answers", list)
    answers = _answered_items(items)
    _check_answered_once(answers)
    score = _field(document, "score", dict)
    total = _field(score, "total", int, "score")
    if len(answers) > total or _field(score, "correct", int, "score") != sum(a.correct for a in answers):
        raise ResultsError("the score does not match the answers; an edited file?")
    finished = document.get("finished_at") is not None
    answers += _answered_items(_journal_entries(path, len(items), finished), start=len(items))
    _check_answered_once(answers)
    if len(answers) > total:
        raise ResultsError(f"its journal holds more answers than the run had questions ({total}); an edited file?")
    if total > MAX_QUESTIONS:
        raise ResultsError(f"'score.total' is {total:,}, more questions than any bank holds; an edited file?")
    completed = _field(document, "completed", bool)
    if completed and len(answers) < total:
        raise ResultsError(f"marked completed with {len(answers)} of {total} questions answered; an edited file?")
    student = document.get("student")
    return ResultsFile(
        path=path,
        student=_optional_text(str(student) if type(student) in (int, float) else student),
        bank_title=_field(bank, "title", str, "bank")[:200],
        bank_sha256=_field(bank, "sha256", str, "bank"),
        completed=completed,
        answers=answers,
        total=total,
        seconds_taken=_duration(document.get("started_at"), document.get("finished_at"), answers),
        started_at=started if isinstance(started := document.get("started_at"), str) else "",
        seed=seed if type(seed := document.get("seed")) is int else None,
    )


_TYPE_WORDS = {str: "text", int: "a whole number", bool: "true or false", dict: "an object", list: "a list"}


def _field(container: dict[str, Any], key: str, kind: type[T], where: str = "") -> T:
    """container[key] if it has the expected JSON type; otherwise a ResultsError naming the field
    (`where.key`; the name is only built when something is wrong, as files hold thousands)."""
    value = container.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)) or (kind is str and not value):
        shown = "missing" if key not in container else f"not {_TYPE_WORDS[kind]}"
        raise ResultsError(f"'{f'{where}.{key}' if where else key}' is {shown}; an edited or damaged file?")
    return value


def _check_answered_once(answers: Sequence[AnsweredItem]) -> None:
    if len({answer.id for answer in answers}) < len(answers):
        repeated = next(qid for qid, times in Counter(a.id for a in answers).items() if times > 1)
        raise ResultsError(f"question {repeated[:40]!r} is answered more than once; an edited file?")


def _read_limited(path: Path) -> bytes:
    """The bytes of a regular file of a results file's size at most."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise ResultsError("not a regular file")
        if status.st_size > MAX_RESULTS_BYTES:
            raise ResultsError(f"larger than {MAX_RESULTS_BYTES // 1_000_000} MB, not a results file")
        return path.read_bytes()
    except OSError as error:
        raise ResultsError(f"cannot be read: {error.strerror or error}") from None


def _journal_entries(path: Path, folded: int, finished: bool) -> list[Any]:
    """The answers the journal beside `path` holds beyond the `folded` ones the file holds; none
    without a journal. A last line cut short (the run was killed while writing it) is left out:
    that answer was never taken. A journal must be the file's owner's (in a shared folder a
    classmate could plant one), and beside a finished file it can only repeat what the file holds
    (relquiz removes it once the file is written whole). Anything else is a damaged file."""
    journal = journal_of(path)
    if not os.path.lexists(journal):
        return []
    try:
        data = _read_limited(journal)
        same_owner = journal.stat().st_uid == path.stat().st_uid
    except (ResultsError, OSError) as error:
        reason = str(error) if isinstance(error, ResultsError) else f"cannot be read: {error.strerror or error}"
        raise ResultsError(f"its journal {journal.name}: {reason}") from None
    if not same_owner:
        raise ResultsError(f"its journal {journal.name} belongs to another user than the file; a planted file?")
    *complete, _torn = data.split(b"\n")
    entries: list[Any] = []
    for number, line in enumerate(complete, start=1):
        if not line.strip():  # an empty line an editor added: nothing to read
            continue
        try:
            entry = _DECODER.decode(line.decode("utf-8", "surrogatepass"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            entry = None
        if not isinstance(entry, dict) or type(entry.get("n")) is not int:
            raise ResultsError(f"line {number} of its journal cannot be read; an edited or damaged file?")
        position = entry.pop("n")
        if position < folded:  # written into the file too before the run ended
            continue
        if finished:
            raise ResultsError("a journal beside a finished file holds answers the file does not; an edited file?")
        if position != folded + len(entries):
            raise ResultsError(f"its journal skips from answer {folded + len(entries)} to {position}; an edited file?")
        entries.append(entry)
    return entries


def _answered_items(items: list[Any], start: int = 0) -> tuple[AnsweredItem, ...]:
    """Every answer, checked with plain lookups: a class's files hold thousands of answers.

    Anything unusable raises KeyError, TypeError or ValueError here (a list or text where an
    answer should be, an unknown name, a missing field, a contradiction) and _answer_problem
    then says what it was.
    """
    answers = []
    for number, item in enumerate(items, start=start):
        try:
            expected = ANSWER_BY_VALUE[item["expected"]]
            correct = expected is ANSWER_BY_VALUE[item["given"]]
            question_id = item["id"]
            cited = item["distinctions"]
            distinctions = tuple([DISTINCTION_BY_VALUE[name] for name in cited])
            if type(question_id) is not str or not question_id or type(cited) is not list:
                raise TypeError
            if item.get("correct", correct) is not correct:
                raise ValueError
        except (KeyError, TypeError, ValueError):
            raise _answer_problem(item, number) from None
        seconds = item.get("seconds")
        seconds = float(seconds) if _is_duration(seconds) else None
        vote = item.get("first_vote")
        first = ANSWER_BY_VALUE.get(vote) if isinstance(vote, str) else None  # a damaged one counts as none
        first_correct = None if first is None else first is expected
        late = item.get("late") is True
        answers.append(
            AnsweredItem(
                question_id, correct, distinctions, seconds, late, _named(item.get("why")), first_correct, expected
            )
        )
    return tuple(answers)


def _named(why: object) -> tuple[Distinction, ...] | None:
    """The why step's named distinctions; None without one, and for a damaged list (it claims nothing)."""
    if not isinstance(why, list):
        return None
    named = [DISTINCTION_BY_VALUE[name] for name in why if isinstance(name, str) and name in DISTINCTION_BY_VALUE]
    return tuple(dict.fromkeys(named)) if len(named) == len(why) else None  # one named twice counts once


def _answer_problem(item: object, number: int) -> ResultsError:
    """What is wrong with an answer that _answered_items could not use, in the file's terms."""
    where = f"answers[{number}]"
    if not isinstance(item, dict):
        return ResultsError(f"'{where}' is not an object; an edited or damaged file?")
    try:
        expected = ANSWER_BY_VALUE[_field(item, "expected", str, where)]
        given = ANSWER_BY_VALUE[_field(item, "given", str, where)]
        for name in _field(item, "distinctions", list, where):
            DISTINCTION_BY_VALUE[name]
    except ResultsError as error:
        return error
    except (KeyError, TypeError):
        return ResultsError(f"'{where}' names an unknown answer or distinction; an edited file?")
    if "correct" in item and item["correct"] is not (expected is given):
        return ResultsError(f"'{where}.correct' disagrees with its expected and given answers; an edited file?")
    try:
        _field(item, "id", str, where)
    except ResultsError as error:
        return error
    return ResultsError(f"'{where}' cannot be read; an edited or damaged file?")  # not reached with JSON


def _optional_text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _refuse_constant(name: str) -> object:
    """NaN and Infinity are not JSON; Python's reader accepts them unless told not to."""
    raise ValueError(f"{name} is not a JSON value")


# One decoder for every file (json.loads with options builds a new one each call); bytes are
# decoded as json.loads decodes them, so UTF-16 and a UTF-8 BOM are still read.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def _is_duration(value: object) -> bool:
    """A usable number of seconds; compared before any conversion, as 10**400 has no float."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= MAX_SECONDS


def _duration(started: object, finished: object, answers: Sequence[AnsweredItem]) -> float | None:
    """Seconds from start to finish; without both times (an unfinished run) or with times that
    cannot be compared, the time spent on the answers; None when unknown or implausible."""
    if isinstance(started, str) and isinstance(finished, str):
        try:
            taken: float | None = (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
        except (ValueError, TypeError):  # unreadable, or one time with a zone and one without
            taken = None
        if taken is not None:
            return taken if _is_duration(taken) else None
    spent = [answer.seconds for answer in answers if answer.seconds is not None]
    total = sum(spent)
    return total if spent and _is_duration(total) else None
