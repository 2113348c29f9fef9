"""The only reader of user input: one line per reply, from a terminal or a pipe."""

from __future__ import annotations

import sys
from collections.abc import Callable

from rich.console import Console
from rich.text import Text


class EndOfInput(Exception):
    """Standard input is closed; the session treats it as 'q'."""


def line_reader(console: Console) -> Callable[[Text], str]:
    """Ask with `console` and read a line; echo it when stdin is a pipe, so logs read well."""
    echo = not sys.stdin.isatty()

    def ask(prompt: Text) -> str:
        try:
            reply = console.input(prompt)
        except EOFError:
            if echo:
                console.print()
            raise EndOfInput from None
        if echo:
            console.print(Text(reply.strip()))
        return reply

    return ask
