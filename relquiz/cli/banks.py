"""Commands for reading and checking banks: `learn`, `validate`, `list`."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from relquiz.cli.common import (
    BankOption,
    DifficultyOption,
    DistinctionOption,
    PlainOption,
    TagOption,
    command,
    load,
    views,
)
from relquiz.errors import ExitCode, Finished, UsageError


@command()
def learn(bank: BankOption = None, plain: PlainOption = False) -> None:
    """The five distinctions, each with both sides and an example of each from the bank; at a
    terminal one screen each, Enter for the next."""
    import sys

    from relquiz.distinctions import DISTINCTIONS
    from relquiz.prompt import line_reader
    from relquiz.quiz import pick_examples
    from relquiz.session import Pager
    from relquiz.views.banks import learn_prompt, show_about, show_distinction

    view, _ = views(plain)
    loaded = load(bank, plain)
    examples = pick_examples(loaded.questions)
    at_terminal = not plain and view.console.is_terminal and sys.stdin is not None and sys.stdin.isatty()
    pager = Pager(view, line_reader(view.console), waiting=at_terminal)
    for number, info in enumerate(DISTINCTIONS, start=1):
        if not pager.screen(partial(show_distinction, view, number, examples.get(info.distinction, {}))):
            return
        if pager.waiting and not pager.read_next(learn_prompt(number)):
            return
        if not pager.waiting:
            view.line()
    pager.screen(partial(show_about, view, loaded))


@command()
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH", help="Bank files or folders; each argument is checked as one bank.", show_default=False
        ),
    ],
    strict: Annotated[
        bool, typer.Option("--strict", help="Also apply the teaching rules for a full bank (docs/bank-format.md).")
    ] = False,
    cues: Annotated[
        bool,
        typer.Option(
            "--cues",
            help="Also show how many questions a word-spotter keys right, and the giveaway words (--strict shows them too).",
        ),
    ] = False,
    plain: PlainOption = False,
) -> None:
    """Check banks: every problem as PATH:LINE: message, then a coverage table."""
    from relquiz.bank.coverage import bank_coverage
    from relquiz.bank.load import check_bank
    from relquiz.bank.rules import SEMINAR_BANK, seminar_notes, strict_problems
    from relquiz.views.banks import show_coverage

    view, stderr = views(plain)
    failed = unusable = False
    for path in paths:
        try:
            bank, problems = check_bank([path])
        except UsageError as error:  # one missing path should not hide the others' problems
            stderr.error(str(error))
            unusable = True
            continue
        if bank is not None:
            coverage = bank_coverage(bank)
            show_coverage(view, path, len(bank.questions), coverage)
            for warning in coverage.warnings:
                stderr.warning(f"{path}: {warning}")
            if cues or strict:  # --strict holds a full bank to the figures; a small one sees them
                from relquiz.bank.cues import check_cues
                from relquiz.views.banks import show_cues

                show_cues(view, check_cues(bank.questions))
            problems = strict_problems(bank) if strict else []
        stderr.problems(problems)  # each question's first, in file order; then what concerns the bank
        if bank is not None and strict and len(bank.questions) < SEMINAR_BANK:  # a seminar bank is told, not failed
            notes = seminar_notes(bank)
            intro = f"under {SEMINAR_BANK} questions, the rules for a full course are information only"
            stderr.say(f"{path}: {intro}" + ("; at this size, worth a look:" if notes else "."))
            for note in notes:
                stderr.say(f"  {note}")
        failed = failed or bool(problems)
    if unusable:
        raise Finished(ExitCode.USAGE)
    if failed:
        raise Finished(ExitCode.FAILURE)


@command("list")
def list_questions(
    bank: BankOption = None,
    tag: TagOption = None,
    difficulty: DifficultyOption = None,
    distinction: DistinctionOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the questions as JSON for scripts.")] = False,
    plain: PlainOption = False,
) -> None:
    """The questions of a bank as a table, optionally filtered by tag, difficulty and distinction."""
    from relquiz.quiz import select_questions
    from relquiz.views.banks import show_questions

    view, stderr = views(plain)
    questions = select_questions(
        load(bank, plain).questions, tags=tag or (), difficulties=difficulty or (), distinctions=distinction or ()
    )
    if as_json:
        view.json([question.as_dict() for question in questions])
    elif questions:
        show_questions(view, questions)
    else:
        stderr.warning("no question matches these filters")
