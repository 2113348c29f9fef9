"""The one error boundary: every failure of every command becomes a short message on stderr and
the documented exit code (docs/exit-codes.md), never a traceback."""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, NoReturn, ParamSpec

import typer

from relquiz.errors import ExitCode, Finished, ProblemsFound, RelquizError

if TYPE_CHECKING:
    from relquiz.views.base import Messages

P = ParamSpec("P")
OUTPUT_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def guarded(command: Callable[P, None]) -> Callable[P, None]:
    """`command`, with its failures mapped to messages and exit codes."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except BaseException as error:
            from relquiz.views.base import Messages  # the views are loaded only by what shows something

            exit_with(error, Messages.on_stderr(bool(kwargs.get("plain", False))))

    return run


def exit_with(error: BaseException, stderr: Messages) -> NoReturn:
    if isinstance(error, Finished):
        raise typer.Exit(error.exit_code)
    if isinstance(error, ProblemsFound):
        stderr.problems(error.problems)
        stderr.error(f"{error}; {error.hint}")
    elif isinstance(error, RelquizError):
        stderr.error(str(error))
    elif isinstance(error, KeyboardInterrupt):
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    elif isinstance(error, OSError) and error.errno in OUTPUT_FULL and error.filename is None:
        # A write to stdout or stderr (no file name) that found no room; the files relquiz writes
        # are checked where they are written, and any other OSError is unexpected.
        discard_stdout()
        with suppress(OSError):  # stderr may be the full one
            stderr.error(f"cannot write the output: {error.strerror or error}")
        raise typer.Exit(ExitCode.FAILURE) from None
    elif isinstance(error, Exception):
        unexpected(stderr, error)
    else:
        raise error  # SystemExit and the like: not a failure to report
    raise typer.Exit(error.exit_code) from None


def unexpected(stderr: Messages, error: Exception) -> NoReturn:
    if os.environ.get("RELQUIZ_DEBUG") == "1":
        raise error
    stderr.error(f"unexpected {type(error).__name__}: {error} (run with RELQUIZ_DEBUG=1 to see the details)")
    raise typer.Exit(ExitCode.FAILURE) from None


def discard_stdout() -> None:
    """Point stdout at devnull, or Python's final flush fails once more and prints a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
