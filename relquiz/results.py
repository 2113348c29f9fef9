"""Results files: where to write them, what they hold, and writing them atomically."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from relquiz.errors import ResultsError
from relquiz.model import Bank, Response

FORMAT = "relquiz-results"
VERSION = 1


def results_path(requested: Path, student: str | None) -> Path:
    """Where to write: the requested file, or for a folder a file named after the student."""
    if not requested.is_dir():
        return requested
    name = re.sub(r"[^\w-]+", "-", student or "").strip("-_").lower()
    return requested / f"{name or 'relquiz'}-results.json"


def free_path(path: Path) -> Path:
    """`path` itself if nothing is there, else the first free `name-N.ext` beside it."""
    candidate, number = path, 1
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def check_writable(path: Path) -> None:
    """Raise ResultsError now, before any question, if a file cannot be created at `path`."""
    folder = path.parent
    if not folder.is_dir():
        raise ResultsError(f"cannot write results to {path}: the folder {folder} does not exist")
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{path.name}.", suffix=".check"):
            pass
    except OSError as error:
        raise ResultsError(f"cannot write results to {path}: {error.strerror or error}") from error


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` in one step, so a reader or a crash never sees half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def _timestamp(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


@dataclass
class ResultsRecord:
    """One learner's run, rewritten to disk after every answer."""

    path: Path
    bank: Bank
    seed: int
    student: str | None
    total: int
    started_at: datetime

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
            "score": {
                "correct": sum(r.correct for r in responses),
                "answered": len(responses),
                "total": self.total,
            },
            "answers": [
                {
                    "id": r.question_id,
                    "expected": r.expected.value,
                    "given": r.given.value,
                    "correct": r.correct,
                    "seconds": r.seconds,
                    "distinctions": [d.value for d in r.distinctions],
                }
                for r in responses
            ],
        }

    def save(self, responses: Sequence[Response], finished_at: datetime | None = None, completed: bool = False) -> None:
        text = json.dumps(self.document(responses, finished_at, completed), ensure_ascii=False, indent=2)
        write_atomically(self.path, text + "\n")
