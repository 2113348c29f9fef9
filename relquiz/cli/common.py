"""The Typer app, the options commands share, and the single error boundary.

Heavy modules are imported inside the commands so `relquiz --help` stays fast.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from relquiz import __version__
from relquiz.errors import BankInvalid, ExitCode, RelquizError, UsageError
from relquiz.model import Difficulty, Distinction
from relquiz.safety import printable

if TYPE_CHECKING:
    from relquiz.model import Bank
    from relquiz.render import View

app = typer.Typer(
    name="relquiz",
    help="Practise telling a therapy relationship from a friendship, one scenario at a time.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

BankOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--bank",
        "-b",
        metavar="PATH",
        help="A bank file (.yaml/.yml) or a folder of them; repeat to combine. Default: the bundled bank.",
        show_default=False,
    ),
]
TagOption = Annotated[
    list[str] | None,
    typer.Option("--tag", metavar="TAG", help="Only questions with this tag (repeatable).", show_default=False),
]
DifficultyOption = Annotated[
    list[Difficulty] | None,
    typer.Option(
        "--difficulty",
        metavar="LEVEL",
        case_sensitive=False,
        help="Only questions at this level: easy, medium or hard (repeatable).",
        show_default=False,
    ),
]
DistinctionOption = Annotated[
    list[Distinction] | None,
    typer.Option(
        "--distinction",
        metavar="NAME",
        case_sensitive=False,
        help="Only questions citing this distinction: purpose, professionalism, confidentiality, boundaries or duration (repeatable).",
        show_default=False,
    ),
]
DEFAULT_COUNT = 10
PlainOption = Annotated[
    bool, typer.Option("--plain", help="No colour, boxes or symbols: one line per event, for screen readers and logs.")
]


def bundled_bank_folder() -> Path:
    """The bundled banks: inside the installed package, or the source tree's data/ folder."""
    package = Path(__file__).resolve().parent.parent
    for folder in (package / "data", package.parent / "data"):
        if folder.is_dir():
            return folder
    raise RelquizError("the bundled bank is missing from this installation; reinstall relquiz")


def history_path() -> Path:
    """Where the practice history lives: $RELQUIZ_HOME, else the platform's user data folder."""
    from relquiz.history import FILE_NAME

    home = os.environ.get("RELQUIZ_HOME")
    if home:
        return Path(home) / FILE_NAME
    import platformdirs

    return platformdirs.user_data_path("relquiz") / FILE_NAME


def bank_cache_folder() -> Path | None:
    """Where checked banks are kept: $RELQUIZ_HOME/cache/banks, else in the user cache folder.

    None when RELQUIZ_NO_CACHE=1, for anyone who wants every bank read afresh.
    """
    if os.environ.get("RELQUIZ_NO_CACHE") == "1":
        return None
    home = os.environ.get("RELQUIZ_HOME")
    if home:
        return Path(home) / "cache" / "banks"
    import platformdirs

    return platformdirs.user_cache_path("relquiz") / "banks"


def check_text(value: str | None, option: str) -> None:
    """Refuse text the terminal could not decode (it would fail later, when saved)."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(f"{option} is not valid text in this terminal's encoding; type it again") from None


def check_output(path: Path, force: bool) -> None:
    """Refuse, before any work, an output that cannot or must not be written.

    Only a regular file is ever replaced: --force on a link would swap the link for a file, and
    on a device (run as root) would turn /dev/full or /dev/stdout into an ordinary file.
    """
    if path.is_dir():
        raise UsageError(f"{printable(str(path))} is a folder; give a file name")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise UsageError(
            f"{printable(str(path))} is a link or a special file, which relquiz never replaces; give a file name"
        )
    if path.exists() and not force:
        raise UsageError(f"{printable(str(path))} already exists; add --force to replace it")
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write {printable(str(path))}: the folder {printable(str(folder))} does not exist")


def write(path: Path, text: str) -> None:
    from relquiz.results import write_atomically

    try:
        write_atomically(path, text)
    except OSError as error:
        raise UsageError(f"cannot write {printable(str(path))}: {error.strerror or error}") from None


def views(plain: bool) -> tuple[View, View]:
    from relquiz.render import View, make_console

    return View(make_console(plain=plain), plain), View(make_console(plain=plain, stderr=True), plain)


@contextmanager
def error_boundary(errors: View) -> Iterator[None]:
    """Turn every failure into a short message on stderr and the documented exit code."""
    try:
        yield
    except BankInvalid as error:
        errors.problems(error.problems)
        errors.error(f"{error}; nothing was started. Run 'relquiz validate' on it after fixing.")
        raise typer.Exit(error.exit_code) from None
    except RelquizError as error:
        errors.error(str(error))
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    except (typer.Exit, typer.Abort):
        raise
    except OSError as error:
        # A write to stdout or stderr (no file name) that found no room; the files relquiz writes
        # are checked where they are written, and any other OSError is unexpected.
        if error.errno not in OUTPUT_FULL or error.filename is not None:
            unexpected(errors, error)
        discard_stdout()
        with suppress(OSError):  # stderr may be the full one
            errors.error(f"cannot write the output: {error.strerror or error}")
        raise typer.Exit(ExitCode.UNEXPECTED) from None
    except Exception as error:
        unexpected(errors, error)


OUTPUT_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def unexpected(errors: View, error: Exception) -> NoReturn:
    if os.environ.get("RELQUIZ_DEBUG") == "1":
        raise error
    errors.error(f"unexpected {type(error).__name__}: {error} (run with RELQUIZ_DEBUG=1 to see the details)")
    raise typer.Exit(ExitCode.UNEXPECTED) from None


def discard_stdout() -> None:
    """Point stdout at devnull, or Python's final flush fails once more and prints a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def load(banks: list[Path] | None) -> Bank:
    from relquiz.bank import load_bank

    return load_bank(banks or [bundled_bank_folder()], bank_cache_folder())


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"relquiz {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Practise telling a therapy relationship from a friendship, one scenario at a time."""
