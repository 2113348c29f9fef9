"""The command line: one thin function per command and the single error boundary.

Heavy modules are imported inside the commands so `relquiz --help` stays fast.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from relquiz import __version__
from relquiz.errors import BankInvalid, ExitCode, RelquizError, ResultsError, UsageError
from relquiz.model import Difficulty

if TYPE_CHECKING:
    from collections.abc import Sequence

    from relquiz.model import Bank, Response
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
DEFAULT_COUNT = 10
PlainOption = Annotated[
    bool, typer.Option("--plain", help="No colour, boxes or symbols: one line per event, for screen readers and logs.")
]


def bundled_bank_folder() -> Path:
    """The bundled banks: inside the installed package, or the source tree's data/ folder."""
    package = Path(__file__).resolve().parent
    for folder in (package / "data", package.parent / "data"):
        if folder.is_dir():
            return folder
    raise RelquizError("the bundled bank is missing from this installation; reinstall relquiz")


def _views(plain: bool) -> tuple[View, View]:
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
    except Exception as error:
        if os.environ.get("RELQUIZ_DEBUG") == "1":
            raise
        errors.error(f"unexpected {type(error).__name__}: {error} (run with RELQUIZ_DEBUG=1 to see the details)")
        raise typer.Exit(ExitCode.UNEXPECTED) from None


def _load(banks: list[Path] | None) -> Bank:
    from relquiz.bank import load_bank

    return load_bank(banks or [bundled_bank_folder()])


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


@app.command()
def play(
    bank: BankOption = None,
    count: Annotated[
        int | None,
        typer.Option(
            "--count",
            "-n",
            min=1,
            metavar="N",
            show_default=False,
            help="How many questions to ask (default 10; more than the bank holds means all).",
        ),
    ] = None,
    all_questions: Annotated[bool, typer.Option("--all", help="Ask every question in the bank.")] = False,
    seed: Annotated[
        int | None,
        typer.Option(
            metavar="N", help="Same seed and bank give the same questions in the same order.", show_default=False
        ),
    ] = None,
    no_shuffle: Annotated[bool, typer.Option("--no-shuffle", help="Keep the bank's order.")] = False,
    results: Annotated[
        str | None,
        typer.Option(
            help="Save answers to this JSON file, or into this folder (never overwrites; saved after every answer).",
            show_default=False,
        ),
    ] = None,
    student: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Your name, recorded in the results file.", show_default=False),
    ] = None,
    plain: PlainOption = False,
) -> None:
    """Answer scenarios: therapy relationship or friendship? Each answer is explained."""
    view, errors = _views(plain)
    with error_boundary(errors):
        from relquiz.prompt import line_reader
        from relquiz.quiz import draw_questions, summarise
        from relquiz.results import ResultsRecord, choose_results_file
        from relquiz.session import QuizSession

        if all_questions and count is not None:
            raise UsageError("use either --all or --count, not both")
        loaded = _load(bank)
        seed = seed if seed is not None else secrets.randbelow(100_000)
        wanted_count = None if all_questions else (count or DEFAULT_COUNT)
        questions = draw_questions(loaded.questions, wanted_count, seed, shuffle=not no_shuffle)
        record = None
        if results is not None:
            wanted, path = choose_results_file(results, student)
            if path != wanted:
                errors.warning(f"{wanted} already exists; saving to {path} instead")
            record = ResultsRecord(path, loaded, seed, student, len(questions), started_at=datetime.now(timezone.utc))
            record.save([])
            if record.failure:
                raise ResultsError(record.failure)

        def save(responses: Sequence[Response]) -> None:
            if record is not None:
                record.save(responses)
                if record.failure:
                    errors.warning(f"{record.failure}; the quiz goes on and saving is tried again after each answer")

        session = QuizSession(view, line_reader(view.console), save=save)
        view.intro(loaded, len(questions), seed)
        try:
            completed = session.run(questions)
        except KeyboardInterrupt:
            view.console.print()
            view.stopped(len(session.responses), record.path if record and not record.failure else None)
            raise
        if record is not None:
            record.save(session.responses, datetime.now(timezone.utc), completed)
        view.summary(summarise(questions, session.responses), record.path if record and not record.failure else None)
        if record is not None and record.failure:
            raise RelquizError(record.failure)


@app.command()
def learn(bank: BankOption = None, plain: PlainOption = False) -> None:
    """The five distinctions side by side, each with an example from the bank."""
    view, errors = _views(plain)
    with error_boundary(errors):
        from relquiz.quiz import pick_examples

        examples = pick_examples(_load(bank).questions)
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
    view, errors = _views(plain)
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
                    errors.warning(f"{path}: {warning}")
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
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", metavar="TAG", help="Only questions with this tag (repeatable).", show_default=False),
    ] = None,
    difficulty: Annotated[
        list[Difficulty] | None,
        typer.Option(
            "--difficulty", case_sensitive=False, help="Only questions at this level (repeatable).", show_default=False
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the questions as JSON for scripts.")] = False,
    plain: PlainOption = False,
) -> None:
    """The questions of a bank as a table, optionally filtered by tag and difficulty."""
    view, errors = _views(plain)
    with error_boundary(errors):
        from relquiz.quiz import select_questions

        questions = select_questions(_load(bank).questions, tags=tag or (), difficulties=difficulty or ())
        if as_json:
            view.json([question.as_dict() for question in questions])
        elif questions:
            view.questions(questions)
        else:
            errors.warning("no question matches these filters")


def main() -> None:
    app(prog_name="relquiz")
