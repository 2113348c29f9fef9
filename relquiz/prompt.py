"""The only reader of user input: one line per reply, from a terminal or a pipe."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable

from rich.console import Console
from rich.text import Text

from relquiz.safety import clean


class EndOfInput(Exception):
    """Standard input is closed; the session treats it as 'q'."""


def line_reader(console: Console) -> Callable[[Text], str]:
    """Ask with `console` and read a line, cleaned of control codes.

    On a terminal, readline gives arrow keys and editing; from a pipe the reply is echoed,
    so logs read like the screen.
    """
    interactive = sys.stdin is not None and sys.stdin.isatty()
    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401 - importing it turns on line editing for input()

    def ask(prompt: Text) -> str:
        if sys.stdin is None:  # started with standard input closed (`0<&-`): nothing will come
            raise EndOfInput
        console.file.flush()
        try:
            # input() itself prints the prompt, so readline knows it and redraws it on Backspace.
            reply = clean(input(clean(prompt.plain)))
        except EOFError:
            if not interactive:
                console.print()
            raise EndOfInput from None
        if not interactive:
            console.print(Text(reply.strip()))
        return reply

    return ask
