"""How the command line explains itself: usage lines and help in Click's plain forms, and a
mistake in the options as one of relquiz's own errors.

Typer writes a required argument as `{PATH}`, a type as `<int range>` and a range as `1<=x<=65535`;
here they read `PATH...`, `N` and `1 to 65535`. Click reports a usage error as the usage line, a
hint and `Error: Invalid value for '--seed': 'x' is not a valid int.`; here it is
`relquiz: error: --seed: 'x' is not a whole number` and the hint, with the exit code kept (2).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import takewhile
from typing import IO, Any

from typer._click import Context, HelpFormatter, Parameter  # the Click that Typer carries (0.26 on)
from typer._click.exceptions import BadParameter, MissingParameter, NoArgsIsHelpError, NoSuchOption, UsageError
from typer.core import TyperCommand, TyperGroup

TYPE_NAMES = {"int": "N", "int range": "N", "integer": "N", "float": "NUMBER", "float range": "NUMBER", "str": "TEXT"}
NOUNS = {"N": "a whole number", "NUMBER": "a number"}
REWORDED = (  # Click's messages with no parameter attached, in relquiz's manner
    (r"^Option '(.+?)'", r"\1"),
    (r" requires an argument", " needs a value"),
    (r"^Got unexpected extra (argument\S*) \((.*)\)$", r"unexpected \1: \2"),
    (r"\. Did you mean (.+)\?$", r" (did you mean \1?)"),
)
NOT_UTF8_BYTE = re.compile(r"\\udc([89a-f][0-9a-f])")
PLAIN = "relquiz.plain"  # in the context's meta: whether --plain was given, for the error's colour


class UsageMistake(UsageError):
    """A usage error, shown as relquiz shows its own errors (views.base.Messages): one line, and
    the hint to ask for help."""

    def __init__(self, error: UsageError, plain: bool) -> None:
        super().__init__(describe(error), error.ctx)
        self.plain = plain

    def show(self, file: IO[Any] | None = None) -> None:
        from relquiz.views.base import Messages

        stderr = Messages.on_stderr(self.plain)
        stderr.error(self.message)
        if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
            stderr.say(f"Try '{self.ctx.command_path} {self.ctx.help_option_names[0]}' for help.")


@contextmanager
def in_relquiz_words(ctx: Context) -> Iterator[None]:
    """Click's usage errors raised inside, as UsageMistake."""
    try:
        yield
    except (UsageMistake, NoArgsIsHelpError):  # already in relquiz's words; or `relquiz` alone, shown its help
        raise
    except UsageError as error:
        if error.ctx is None:  # a missing option value: Click leaves the command out, and the hint with it
            error.ctx = ctx
        raise UsageMistake(error, bool(ctx.meta.get(PLAIN))) from None


class RelquizCommand(TyperCommand):
    """Every command (cli/common.command): its usage line, its help and its usage errors."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        with in_relquiz_words(ctx):
            return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        return pieces + [argument_metavar(param) for param in self.get_params(ctx) if is_argument(param)]

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None:
                (arguments if is_argument(param) else options).append(plain_help_record(param, ctx, *record))
        for title, records in (("Arguments", arguments), ("Options", options)):
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)


class RelquizGroup(TyperGroup):
    """The app: it sees every argument, the command's too, so it notes --plain for the errors."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        ctx.meta[PLAIN] = "--plain" in takewhile(lambda arg: arg != "--", args)
        with in_relquiz_words(ctx):
            return super().parse_args(ctx, args)

    def invoke(self, ctx: Context) -> Any:
        with in_relquiz_words(ctx):  # no such command; a command's own mistakes are already worded
            return super().invoke(ctx)


def is_argument(param: Parameter) -> bool:
    return param.param_type_name == "argument"


def argument_metavar(param: Parameter) -> str:
    """Click's own form: `PATH...` for one or more, `[PATH]` when it may be left out."""
    name = param.metavar or (param.name or "").upper()
    name = name if param.required else f"[{name}]"
    return f"{name}..." if param.nargs != 1 else name


def option_metavar(param: Parameter) -> str:
    """The value an option takes: its own metavar, its choices `[a|b]`, or N, NUMBER, TEXT..."""
    if param.metavar is not None:
        return param.metavar
    choices = getattr(param.type, "choices", None)
    name = f"[{'|'.join(map(choice_name, choices))}]" if choices else type_name(param)
    return f"{name}..." if param.nargs != 1 else name


def type_name(param: Parameter) -> str:
    return TYPE_NAMES.get(param.type.name, param.type.name.upper().replace(" ", "_"))


def choice_name(choice: object) -> str:
    return str(getattr(choice, "value", choice))


def plain_help_record(param: Parameter, ctx: Context, names: str, text: str) -> tuple[str, str]:
    if not is_argument(param) and not getattr(param, "is_flag", False):
        names = names.replace(f" {param.make_metavar(ctx)}", f" {option_metavar(param)}")
    described = range_described(param)
    if described is not None:
        text = text.replace(described, range_in_words(param))
    return names, text


def range_described(param: Parameter) -> str | None:
    """How Click writes the range of a bounded number (`x>=1`, `1<=x<=65535`), or None."""
    describe = getattr(param.type, "_describe_range", None)
    return str(describe()) if callable(describe) else None


def range_in_words(param: Parameter) -> str:
    low, high = getattr(param.type, "min", None), getattr(param.type, "max", None)
    low_word = "over" if getattr(param.type, "min_open", False) else "at least"
    high_word = "under" if getattr(param.type, "max_open", False) else "at most"
    if low is not None and high is not None and low_word == "at least" and high_word == "at most":
        return f"{low} to {high}"
    return " and ".join(f"{word} {bound}" for word, bound in ((low_word, low), (high_word, high)) if bound is not None)


def describe(error: UsageError) -> str:
    """Click's message as one line in relquiz's manner: the option first, no capital, no full stop."""
    param = getattr(error, "param", None)
    if isinstance(error, MissingParameter) and param is not None:
        message = f"missing {named(param)}"
        choices = getattr(param.type, "choices", None)
        if choices:
            message += f"; use one of: {', '.join(map(choice_name, choices))}"
    elif isinstance(error, BadParameter) and param is not None:
        message = f"{named(param)}: {in_words(error.message, param)}"
    elif isinstance(error, NoSuchOption):
        guesses = sorted(error.possibilities or ())
        message = f"no such option: {error.option_name}" + (
            f" (did you mean {' or '.join(guesses)}?)" if guesses else ""
        )
    else:
        message = error.format_message()
        for pattern, replacement in REWORDED:
            message = re.sub(pattern, replacement, message)
    message = "; ".join(line.strip() for line in message.splitlines() if line.strip()).removesuffix(".")
    # A byte that was not UTF-8 reaches Click as a lone surrogate, which its repr() spells '\udcff';
    # file names show it as '\xff', as Python holds it.
    message = NOT_UTF8_BYTE.sub(r"\\x\1", message)
    return message[:1].lower() + message[1:] if message[1:2].islower() else message


def named(param: Parameter) -> str:
    """An option by its long name (`--count`, not `'--count' / '-n'`), an argument by its metavar."""
    if is_argument(param):
        return param.metavar or (param.name or "").upper()
    return max(param.opts, key=len)


def in_words(message: str, param: Parameter) -> str:
    noun = NOUNS.get(type_name(param))
    if noun is not None:
        message = re.sub(r"is not a valid [\w ]+\.?$", f"is not {noun}", message)
    described = range_described(param)
    if described is not None:
        message = message.replace(f"is not in the range {described}", f"is out of range ({range_in_words(param)})")
    return message
