"""Results files: where to write them and what they hold, saved after every answer.

Saving one answer costs the same however many came before: it is appended, as one line, to a
journal beside the file (`NAME.journal`) and flushed to disk. The file itself is written whole,
in one step, at the start and at the end of the run (and after a failed save, to catch up); the
journal is then removed. A run killed on the spot leaves its journal, which the reader folds in
(relquiz.results_reader), so every answer given is kept either way.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from relquiz.errors import ResultsError
from relquiz.files import default_file_mode, reserve_free_path, write_atomically
from relquiz.model import Bank, Response

FORMAT = "relquiz-results"
VERSION = 1
JOURNAL_SUFFIX = ".journal"
# What a results file's name may add to the stem made from a student's name: "-results.json", a
# number for a name already taken ("-123"), and the temporary name of an atomic write
# (".NAME.XXXXXXXX.tmp"); the rest of the file system's limit is the stem's.
NAME_ADDS = len("-results.json") + len("-123") + len("..XXXXXXXX.tmp")
NAME_MAX = 255  # bytes in one name on the file systems relquiz is used on, where it cannot be asked
NAME_LIMIT = 60  # characters of a student's name kept in a file name: enough to tell students apart


def choose_results_file(requested: str, student: str | None) -> tuple[Path, Path]:
    """The file asked for and the free file to write, checked now, before any question.

    A folder (existing, or written with a trailing slash, then made if its parent exists) gets a
    file named after the student.
    An existing file is never overwritten: the name gets a numbered suffix instead.
    """
    try:
        path = _results_path(requested, student)
        return path, reserve_free_path(path)
    except OSError as error:  # a name too long for the file system, a folder that cannot be written
        raise ResultsError(
            f"cannot write results to {error.filename or requested}: {error.strerror or error}"
        ) from None


def _results_path(requested: str, student: str | None) -> Path:
    path = Path(requested)
    if requested.endswith(("/", os.sep)) or path.is_dir():
        if not path.exists() and not path.is_symlink():
            # A class's results folder is made on first use (with the umask, as results are meant
            # to be collected); only the last part: a typo higher up is still an error.
            _check_folder(path.parent, requested)
            path.mkdir(exist_ok=True)
        _check_folder(path, requested)
        name = re.sub(r"[^\w-]+", "-", student or "").strip("-_").lower()[:NAME_LIMIT]
        name = _fitted(name, _name_max(path) - NAME_ADDS)
        path = path / f"{name or 'relquiz'}-results.json"
    elif path.exists() and not path.is_file():
        raise ResultsError(
            f"cannot write results to {requested}: it is not a regular file; give a name such as results.json"
        )
    _check_folder(path.parent, requested)
    return path


def _name_max(folder: Path) -> int:
    try:
        return min(os.pathconf(folder, "PC_NAME_MAX"), NAME_MAX)
    except (AttributeError, OSError, ValueError):  # no pathconf (Windows), or the folder is not there yet
        return NAME_MAX


def _fitted(name: str, limit: int) -> str:
    """The name cut to `limit` bytes as the file system stores it (a character can take four)."""
    while len(os.fsencode(name)) > limit:
        name = name[:-1]
    return name.strip("-_")


def _check_folder(folder: Path, requested: str) -> None:
    if not folder.exists():
        raise ResultsError(f"cannot write results to {requested}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise ResultsError(f"cannot write results to {requested}: {folder} is a file, not a folder")


def _timestamp(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def answer_entry(response: Response) -> dict[str, Any]:
    """One answer as the file and the journal hold it."""
    return {
        "id": response.question_id,
        "expected": response.expected.value,
        "given": response.given.value,
        "correct": response.correct,
        "seconds": response.seconds,
        "late": response.late,
        "distinctions": [d.value for d in response.distinctions],
        "why": None if response.why is None else [d.value for d in response.why],
        **({} if response.first_vote is None else {"first_vote": response.first_vote.value}),
    }


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + JOURNAL_SUFFIX)


@dataclass
class ResultsRecord:
    """One learner's run on disk: the file, and the journal of answers since it was last written."""

    path: Path
    bank: Bank
    seed: int
    student: str | None
    total: int
    started_at: datetime
    time_limit: int | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)
    failure: str | None = None
    written: bool = False  # the file itself is on disk
    kept: int = 0  # answers on disk, in the file or its journal
    journal_id: tuple[int, int] | None = None  # (device, inode) of the journal relquiz created

    def document(self, responses: Sequence[Response], finished_at: datetime | None, completed: bool) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "student": self.student,
            "seed": self.seed,
            "bank": {"title": self.bank.title, "sha256": self.bank.sha256},
            "started_at": _timestamp(self.started_at),
            "finished_at": _timestamp(finished_at),
            "completed": completed,
            "time_limit": self.time_limit,
            "filters": self.filters,
            "score": {
                "correct": sum(r.correct for r in responses),
                "answered": len(responses),
                "total": self.total,
            },
            "answers": [answer_entry(r) for r in responses],
        }

    def save(self, responses: Sequence[Response]) -> None:
        """Keep the answers not yet on disk, appended to the journal; after a failed save, the
        whole file is written again instead. A failure is kept in `failure` (not raised), so
        the quiz can go on."""
        if self.failure is not None or not self.written:
            self.write(responses)
            return
        lines = "".join(
            json.dumps({"n": number, **answer_entry(r)}, ensure_ascii=False) + "\n"
            for number, r in enumerate(responses[self.kept :], start=self.kept)
        )
        try:
            self._append(lines)
        except OSError as error:
            self._failed(error)
        else:
            self.kept = len(responses)

    def _append(self, lines: str) -> None:
        """Append to the journal this run created: never through a link, never to a pipe or to a
        file someone put in its place (in a shared folder another user could try either)."""
        flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        if self.journal_id is None:
            flags |= os.O_CREAT | os.O_EXCL
        handle = os.open(journal_of(self.path), flags, default_file_mode())
        with os.fdopen(handle, "w", encoding="utf-8") as journal:
            status = os.fstat(journal.fileno())
            if self.journal_id is None:
                self.journal_id = (status.st_dev, status.st_ino)
            elif (status.st_dev, status.st_ino) != self.journal_id or not stat.S_ISREG(status.st_mode):
                raise OSError(errno.EEXIST, "its journal was replaced by another file")
            journal.write(lines)
            journal.flush()
            os.fsync(journal.fileno())

    def write(
        self, responses: Sequence[Response], finished_at: datetime | None = None, completed: bool = False
    ) -> None:
        """Write the whole file in one step and remove the journal it now holds."""
        text = json.dumps(self.document(responses, finished_at, completed), ensure_ascii=False, indent=2)
        try:
            write_atomically(self.path, text + "\n")
            journal_of(self.path).unlink(missing_ok=True)  # a link planted there goes, not its target
            self.journal_id = None
        except OSError as error:
            self._failed(error)
        else:
            self.failure, self.written, self.kept = None, True, len(responses)

    def _failed(self, error: OSError) -> None:
        self.failure = f"could not save results to {self.path}: {error.strerror or error}"
