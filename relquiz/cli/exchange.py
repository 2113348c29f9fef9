"""`relquiz export` and `relquiz import`: banks out to LMSs, print and spreadsheets, and CSV back in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relquiz.cli.common import BankOption, app, check_output, discard_stdout, error_boundary, load, views, write
from relquiz.errors import ExitCode, UsageError
from relquiz.export import Format
from relquiz.safety import printable
from relquiz.words import counted

ForceOption = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
BANK_SUFFIXES = (".yaml", ".yml")


@app.command()
def export(
    format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="gift (Moodle and other LMSs), markdown (a printable worksheet and key), csv (spreadsheets, "
            "read back by 'relquiz import') or json.",
            show_default=False,
        ),
    ],
    bank: BankOption = None,
    to: Annotated[
        str | None,  # text, not a Path: Path("./-") would be taken for "-"
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write to this file instead of the screen ('-' is the screen).",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Write a bank as GIFT, a Markdown worksheet, CSV or JSON (docs/export.md)."""
    _, errors = views(plain=False)
    with error_boundary(errors):
        from relquiz.export import export_bank

        # '-' is the usual spelling of standard output, not a file named '-'.
        output = Path(to) if to not in (None, "-") else None
        if output is not None:
            check_output(output, force)
        loaded = load(bank)
        text = export_bank(loaded, format)
        if output is None:
            print_bytes(text.encode("utf-8"))  # bytes: exact, whatever the terminal's encoding
            return
        write(output, text)
        count = len(loaded.questions)
        errors.line(f"Wrote {counted(count, 'question')} as {format.value} to {printable(str(output))}.")


@app.command("import")
def import_csv(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE.csv", help="A CSV saved from a spreadsheet (docs/export.md).", show_default=False),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="BANK.yaml", help="The bank file to write.", show_default=False),
    ],
    title: Annotated[
        str | None,
        typer.Option(
            "--title", metavar="TEXT", help="The bank's title. Default: the CSV file's name.", show_default=False
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Turn a spreadsheet's CSV into a bank: every problem as FILE:ROW: message, nothing written unless all is well."""
    _, errors = views(plain=False)
    with error_boundary(errors):
        from relquiz.export.bank_yaml import QUESTION_START, ImportInvalid, import_csv

        if output.suffix.lower() not in BANK_SUFFIXES:
            raise UsageError(f"{printable(str(output))}: a bank file's name must end in .yaml or .yml")
        check_output(output, force)
        try:
            text = import_csv(file, title)
        except ImportInvalid as error:
            errors.problems(error.problems)
            errors.error(f"{error}. Fix the rows in the spreadsheet, save as CSV UTF-8 and import again.")
            raise typer.Exit(error.exit_code) from None
        write(output, text)
        count = text.count("\n" + QUESTION_START)
        shown = printable(str(output))
        errors.line(
            f"Wrote {counted(count, 'question')} to {shown}. "
            f"Try it with 'relquiz play -b {shown}'; 'relquiz validate --strict {shown}' checks it for a full course."
        )


def print_bytes(data: bytes) -> None:
    """Write to stdout; a reader that stops early (`| head`) ends the command quietly with 1, as
    Rich does for the other commands."""
    try:
        typer.echo(data, nl=False)
    except BrokenPipeError:
        discard_stdout()
        raise typer.Exit(ExitCode.UNEXPECTED) from None
