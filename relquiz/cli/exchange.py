"""`relquiz export`: banks out to LMSs, print and spreadsheets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relquiz.cli.common import BankOption, app, error_boundary, load, views
from relquiz.errors import UsageError
from relquiz.export import Format

ForceOption = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]


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
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="PATH", help="Write to this file instead of the screen.", show_default=False
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Write a bank as GIFT, a Markdown worksheet, CSV or JSON (docs/export.md)."""
    _, errors = views(plain=False)
    with error_boundary(errors):
        from relquiz.export import export_bank

        if output is not None:
            check_output(output, force)
        loaded = load(bank)
        text = export_bank(loaded, format)
        if output is None:
            typer.echo(text.encode("utf-8"), nl=False)  # bytes: exact, whatever the terminal's encoding
            return
        write(output, text)
        count = len(loaded.questions)
        errors.line(f"Wrote {count} question{'s' if count != 1 else ''} as {format.value} to {output}.")


def check_output(path: Path, force: bool) -> None:
    """Refuse, before any work, an output that cannot or must not be written."""
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name")
    if (path.exists() or path.is_symlink()) and not force:
        raise UsageError(f"{path} already exists; add --force to replace it")
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: the folder {folder} does not exist")


def write(path: Path, text: str) -> None:
    from relquiz.results import write_atomically

    try:
        write_atomically(path, text)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
