"""`relquiz export` and `relquiz import`: banks out to LMSs, print and spreadsheets, and CSV back in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relquiz.cli.common import BankOption, PlainOption, check_encodable, command, load, views
from relquiz.errors import ExitCode, UsageError
from relquiz.export import Format
from relquiz.words import counted

ForceOption = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]


@command()
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
    plain: PlainOption = False,
) -> None:
    """Write a bank as GIFT, a Markdown worksheet, CSV or JSON (docs/export.md)."""
    from relquiz.export import export_bank
    from relquiz.files import claimed_outputs, write_output

    _, stderr = views(plain)
    # '-' is the usual spelling of standard output, not a file named '-'.
    path = Path(to) if to not in (None, "-") else None
    with claimed_outputs([("--output", path)], force) as outputs:
        loaded = load(bank, plain)
        text = export_bank(loaded, format)
        if not outputs:
            print_bytes(text.encode("utf-8"))  # bytes: exact, whatever the terminal's encoding
            return
        write_output(outputs[0], text)
    stderr.say(f"Wrote {counted(len(loaded.questions), 'question')} as {format.value} to {path}.")


@command("import")
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
    plain: PlainOption = False,
) -> None:
    """Turn a spreadsheet's CSV into a bank: every problem as FILE:ROW: message, nothing written unless all is well."""
    from relquiz.bank.schema import BANK_SUFFIXES
    from relquiz.csv_import import import_csv
    from relquiz.files import claimed_outputs, write_output

    _, stderr = views(plain)
    check_encodable(title, "--title")
    if output.suffix.lower() not in BANK_SUFFIXES:
        raise UsageError(f"{output}: a bank file's name must end in .yaml or .yml")
    with claimed_outputs([("--output", output)], force) as outputs:
        text, count = import_csv(file, title)
        write_output(outputs[0], text)
    stderr.say(
        f"Wrote {counted(count, 'question')} to {output}. Try it with 'relquiz play -b {output}'; "
        f"'relquiz validate --strict {output}' checks it for a full course."
    )


def print_bytes(data: bytes) -> None:
    """Write to stdout; a reader that stops early (`| head`) ends the command quietly with 1, as
    Rich does for the other commands."""
    try:
        typer.echo(data, nl=False)
    except BrokenPipeError:
        from relquiz.cli.boundary import discard_stdout

        discard_stdout()
        raise typer.Exit(ExitCode.FAILURE) from None
