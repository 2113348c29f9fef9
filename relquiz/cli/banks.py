"""Commands for reading and checking banks: `learn`, `validate`, `list`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relquiz.cli.common import BankOption, DifficultyOption, PlainOption, TagOption, app, error_boundary, load, views
from relquiz.errors import ExitCode, UsageError
from relquiz.safety import printable


@app.command()
def learn(bank: BankOption = None, plain: PlainOption = False) -> None:
    """The five distinctions side by side, each with an example from the bank."""
    view, errors = views(plain)
    with error_boundary(errors):
        from relquiz.quiz import pick_examples

        examples = pick_examples(load(bank).questions)
        view.learn(examples)


@app.command()
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
    plain: PlainOption = False,
) -> None:
    """Check banks: every problem as PATH:LINE: message, then a coverage table."""
    view, errors = views(plain)
    with error_boundary(errors):
        from relquiz.bank import bank_coverage, check_bank
        from relquiz.rules import strict_problems

        failed = unusable = False
        for path in paths:
            try:
                bank, problems = check_bank([path])
            except UsageError as error:  # one missing path should not hide the others' problems
                errors.error(str(error))
                unusable = True
                continue
            if bank is not None:
                coverage = bank_coverage(bank)
                view.coverage(str(path), len(bank.questions), coverage)
                for warning in coverage.warnings:
                    errors.warning(f"{printable(str(path))}: {warning}")
                problems = strict_problems(bank) if strict else []
            errors.problems(problems)
            failed = failed or bool(problems)
        if unusable:
            raise typer.Exit(ExitCode.USAGE)
        if failed:
            raise typer.Exit(ExitCode.PROBLEMS_FOUND)


@app.command("list")
def list_questions(
    bank: BankOption = None,
    tag: TagOption = None,
    difficulty: DifficultyOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the questions as JSON for scripts.")] = False,
    plain: PlainOption = False,
) -> None:
    """The questions of a bank as a table, optionally filtered by tag and difficulty."""
    view, errors = views(plain)
    with error_boundary(errors):
        from relquiz.quiz import select_questions

        questions = select_questions(load(bank).questions, tags=tag or (), difficulties=difficulty or ())
        if as_json:
            view.json([question.as_dict() for question in questions])
        elif questions:
            view.questions(questions)
        else:
            errors.warning("no question matches these filters")
