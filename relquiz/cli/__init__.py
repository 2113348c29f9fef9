"""The command line: one thin module per group of commands, all on one Typer app.

A command module is imported only when its command runs (or all of them for --help), so
starting `relquiz play` does not pay for building the report or export commands.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import sys
from pathlib import Path

from relquiz.cli.common import app, bundled_bank_folder
from relquiz.errors import ExitCode

COMMAND_MODULES = {
    "play": "play",
    "review": "review",
    "learn": "banks",
    "validate": "banks",
    "list": "banks",
    "history": "practice",
    "report": "classroom",
    "host": "host",
    "export": "exchange",
    "import": "exchange",
}
HELP_ORDER = ("play", "review", "banks", "practice", "classroom", "host", "exchange")


def register(command: str | None = None) -> None:
    """Import the module defining `command`, or every command module (in --help order)."""
    modules = [COMMAND_MODULES[command]] if command in COMMAND_MODULES else HELP_ORDER
    for module in modules:
        importlib.import_module(f"relquiz.cli.{module}")


def main() -> None:
    if sys.stderr is None:  # started with stderr closed (2>&-): warnings go nowhere, the work goes on
        sys.stderr = Path(os.devnull).open("w")  # noqa: SIM115 - open for the life of the process
    if sys.stdout is None:  # started with stdout closed (>&-): nothing could be shown
        sys.stderr.write("relquiz: error: standard output is closed; nothing can be shown\n")
        sys.exit(ExitCode.FAILURE)
    tolerate_encodings()
    register(next((argument for argument in sys.argv[1:] if not argument.startswith("-")), None))
    try:
        app(prog_name="relquiz")
    except OSError as error:  # --help, --version or a usage message that found no room on the screen
        from relquiz.cli.boundary import OUTPUT_FULL, discard_stdout

        if error.errno not in OUTPUT_FULL or error.filename is not None:
            raise
        discard_stdout()
        with contextlib.suppress(OSError):  # stderr may be the full one
            sys.stderr.write(f"relquiz: error: cannot write the output: {error.strerror or error}\n")
            sys.stderr.flush()
        sys.exit(ExitCode.FAILURE)


def tolerate_encodings() -> None:
    """Text the standard streams' encoding cannot hold is replaced rather than fatal.

    With output in ASCII, Latin-1 or cp1252 (Windows, output redirected to a file), relquiz's own
    symbols are drawn in ASCII (`views.base.GLYPHS`), but a bank or a file name may hold any
    character: on stdout it becomes '?', on stderr an escape. Rich and input()'s prompt write
    through these same streams; input() decodes the reply with stdin's, where a byte the encoding
    cannot read becomes U+FFFD instead of ending the quiz.
    """
    for stream, errors in ((sys.stdin, "replace"), (sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=errors)


__all__ = ["app", "bundled_bank_folder", "main", "register"]
