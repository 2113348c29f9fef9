"""Errors that reach the user, each carrying the exit code the CLI maps it to, and the two
helpers every message uses: a short quote of a user value and a did-you-mean hint."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from relquiz.safety import printable
from relquiz.words import counted

QUOTE_LIMIT = 40


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
        return f"{printable(self.path)}:{self.line}: {self.message}"


class RelquizError(Exception):
    exit_code: ExitCode = ExitCode.UNEXPECTED


class UsageError(RelquizError):
    """The command line asks for something that cannot be done (missing file, bad path)."""

    exit_code = ExitCode.USAGE


class BankInvalid(RelquizError):
    exit_code = ExitCode.USAGE

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        super().__init__(f"the bank has {counted(count, 'problem')}")
        self.problems = problems


class ResultsError(RelquizError):
    """The results file cannot be written where asked."""

    exit_code = ExitCode.USAGE


def quote(text: str) -> str:
    """A short, single-line rendering of a user value for messages (values can be huge)."""
    flat = " ".join(text.split())
    if len(flat) > QUOTE_LIMIT:
        flat = flat[: QUOTE_LIMIT - 1] + "…"
    return repr(flat)


def suggest(word: str, options: Iterable[str]) -> str:
    """A '(did you mean ...?)' hint, or an empty string when nothing is close."""
    import difflib  # only needed when something is wrong

    options = list(options)
    close = difflib.get_close_matches(word.lower(), options, n=1, cutoff=0.6)
    if not close and len(word) <= 2:
        close = [option for option in options if option.startswith(word.lower())][:1]
    return f" (did you mean '{close[0]}'?)" if close else ""
