"""Errors that reach the user, each carrying the exit code the CLI maps it to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS_FOUND = 1
    UNEXPECTED = 1
    USAGE = 2
    INTERRUPTED = 130


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, printed as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class RelquizError(Exception):
    exit_code: ExitCode = ExitCode.UNEXPECTED


class UsageError(RelquizError):
    """The command line asks for something that cannot be done (missing file, bad path)."""

    exit_code = ExitCode.USAGE


class BankInvalid(RelquizError):
    exit_code = ExitCode.USAGE

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        super().__init__(f"the bank has {count} problem{'s' if count != 1 else ''}")
        self.problems = problems


class ResultsError(RelquizError):
    """The results file cannot be written where asked."""

    exit_code = ExitCode.USAGE
