"""The Typer app, the options and paths commands share, and how a command is registered.

Heavy modules are imported inside the commands so `relquiz --help` stays fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec

import typer

from relquiz import __version__
from relquiz.cli.usage import RelquizCommand, RelquizGroup
from relquiz.errors import RelquizError, UsageError
from relquiz.model import Difficulty, Distinction

if TYPE_CHECKING:
    from relquiz.model import Bank
    from relquiz.views.base import Messages, View

P = ParamSpec("P")

app = typer.Typer(
    name="relquiz",
    cls=RelquizGroup,  # usage lines and usage errors in relquiz's words (cli/usage.py)
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
    top = _cache_top()
    return top / "cache" / "banks" if os.environ.get("RELQUIZ_HOME") else top / "banks"


def _cache_top() -> Path:
    """The folder the user or the system gives for the cache, which may be a link: RELQUIZ_HOME,
    else the platform's user cache folder."""
    home = os.environ.get("RELQUIZ_HOME")
    if home:
        return Path(home)
    import platformdirs

    return platformdirs.user_cache_path("relquiz")


def usable_bank_cache(plain: bool) -> Path | None:
    """The bank cache folder, or None (with a one-line warning) when another user could read or
    change it: the quiz goes on, reading the bank afresh."""
    folder = bank_cache_folder()
    if folder is None:
        return None
    from relquiz.bank.cache import CacheRefused, check_cache

    try:
        check_cache(folder, _cache_top())
    except CacheRefused as error:
        from relquiz.views.base import Messages

        Messages.on_stderr(plain).warning(f"the bank cache is off for this run: {error}")
        return None
    return folder


def check_encodable(value: str | None, option: str) -> None:
    """Refuse text the terminal could not decode (it would fail later, when saved)."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(f"{option} is not valid text in this terminal's encoding; type it again") from None


def views(plain: bool) -> tuple[View, Messages]:
    """The command's screens on stdout and its messages on stderr (Rich is loaded only now)."""
    from relquiz.views.base import Messages, View

    return View.on_stdout(plain), Messages.on_stderr(plain)


def command(name: str | None = None) -> Callable[[Callable[P, None]], Callable[P, None]]:
    """Register a command on the app, inside the one error boundary every command has."""

    def register(function: Callable[P, None]) -> Callable[P, None]:
        from relquiz.cli.boundary import guarded

        # The boundary reads --plain from the keyword arguments Typer passes: every command has it.
        if "plain" not in function.__code__.co_varnames[: function.__code__.co_argcount]:
            raise TypeError(f"the command {function.__name__} has no 'plain' parameter")
        # The summary in --help's list of commands is the docstring's first paragraph, whole:
        # Click would cut it after 45 characters ("Answer scenarios: ... Each...").
        summary = " ".join((function.__doc__ or "").strip().split("\n\n")[0].split())
        app.command(name, cls=RelquizCommand, short_help=summary or None)(guarded(function))
        return function

    return register


def load(banks: list[Path] | None, plain: bool, cached: bool = True) -> Bank:
    """The bank the command was given (default: the bundled one), through the cache if it is safe
    and wanted (`host` writes nothing outside its results folder, so it reads the files)."""
    from relquiz.bank.load import load_bank

    return load_bank(banks or [bundled_bank_folder()], usable_bank_cache(plain) if cached else None)


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
