"""Errors that reach the user, each carrying the exit code the CLI maps it to, and the two
helpers every message uses: a short quote of a user value and a did-you-mean hint.

Messages hold file names as they are; the one place that shows a message escapes what a terminal
must not get (relquiz.views.base), so no message is escaped twice or forgotten.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum, unique

from relquiz.words import counted

QUOTE_LIMIT = 40


@unique
class ExitCode(IntEnum):
    """The documented exit codes (docs/exit-codes.md), one name for each; a quiz ended by a
    signal exits 128 + the signal's number (129 SIGHUP, 143 SIGTERM), as shells do."""

    OK = 0
    FAILURE = 1  # problems found by validate, a declined confirmation, or an unexpected error
    USAGE = 2  # bad usage, or an input file that cannot be used
    INTERRUPTED = 130  # Ctrl-C


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, shown as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class RelquizError(Exception):
    exit_code: ExitCode = ExitCode.FAILURE


class UsageError(RelquizError):
    """The command line asks for something that cannot be done (missing file, bad path)."""

    exit_code = ExitCode.USAGE


class ProblemsFound(RelquizError):
    """An input file with problems: each is shown on its own line, then the message and the hint."""

    exit_code = ExitCode.USAGE

    def __init__(self, problems: Sequence[Problem], what: str, hint: str) -> None:
        super().__init__(f"{what} has {counted(len(problems), 'problem')}")
        self.problems = list(problems)
        self.hint = hint


class BankInvalid(ProblemsFound):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems, "the bank", "nothing was started. Run 'relquiz validate' on it after fixing.")


class ResultsError(RelquizError):
    """The results file cannot be written where asked."""

    exit_code = ExitCode.USAGE


class Finished(Exception):
    """The command has shown all it has to say; only its exit code is left to give.

    Not a RelquizError: it carries no message, and nothing catching those may print it.
    """

    def __init__(self, exit_code: ExitCode) -> None:
        super().__init__(exit_code)
        self.exit_code = exit_code


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
