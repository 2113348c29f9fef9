"""`relquiz export` and `relquiz import`: banks out to LMSs, print and spreadsheets, and CSV back in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relquiz.cli.common import (
    BankOption,
    DifficultyOption,
    DistinctionOption,
    PlainOption,
    TagOption,
    bundled_bank_folder,
    check_encodable,
    command,
    load,
    views,
)
from relquiz.cli.play import AllOption, CountOption, Drawn, NoShuffleOption, SeedOption
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
            help="gift or moodle-xml (Moodle and other LMSs), markdown (a printable worksheet), csv "
            "(spreadsheets, read back by 'relquiz import') or json.",
            show_default=False,
        ),
    ],
    bank: BankOption = None,
    count: CountOption = None,
    all_questions: AllOption = False,
    seed: SeedOption = None,
    no_shuffle: NoShuffleOption = False,
    difficulty: DifficultyOption = None,
    distinction: DistinctionOption = None,
    tag: TagOption = None,
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
    answer_key: Annotated[
        str | None,  # text, not a Path: an empty name must not be taken for the folder '.'
        typer.Option(
            "--answer-key",
            metavar="PATH",
            help="With --format markdown: write the worksheet's answer key to this file (else it is left out).",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    plain: PlainOption = False,
) -> None:
    """Write a bank as GIFT, Moodle XML, a Markdown worksheet, CSV or JSON (docs/export.md).

    Without a selection option, the whole bank in file order; with any, the questions `play`
    would ask with the same options.
    """
    from dataclasses import replace

    from relquiz.bank.load import find_bank_files
    from relquiz.export import export_bank
    from relquiz.export.markdown import answer_key as key_of
    from relquiz.files import claimed_outputs, write_output

    _, stderr = views(plain)
    if answer_key is not None and format is not Format.MARKDOWN:
        raise UsageError("--answer-key goes with --format markdown; the other formats hold the answers already")
    if answer_key == "-":  # the screen is for the worksheet (or -o's file): one output each
        raise UsageError("--answer-key: the answer key needs a file name, not '-'")
    # '-' is the usual spelling of standard output, not a file named '-'.
    path = to if to != "-" else None
    named = [
        (option, given) for option, given in (("--output", path), ("--answer-key", answer_key)) if given is not None
    ]
    selecting = any((count is not None, seed is not None, all_questions, no_shuffle, difficulty, distinction, tag))
    read = find_bank_files(bank or [bundled_bank_folder()]) if named else []
    with claimed_outputs(named, force, inputs=read, inputs_are="one of the bank files read") as claimed:
        outputs = {option: output for (option, _), output in zip(named, claimed, strict=True)}
        drawn = (
            Drawn.from_options(bank, count, all_questions, seed, no_shuffle, difficulty, distinction, tag, plain)
            if selecting
            else None
        )
        chosen = replace(drawn.bank, questions=drawn.questions) if drawn else load(bank, plain)
        text = export_bank(chosen, format)
        if "--answer-key" in outputs:
            write_output(outputs["--answer-key"], key_of(chosen))
        if "--output" in outputs:
            write_output(outputs["--output"], text)
        else:
            print_bytes(text.encode("utf-8"))  # bytes: exact, whatever the terminal's encoding
    if drawn is not None:
        stderr.say(
            f"Drew {counted(len(chosen.questions), 'question')} with seed {drawn.seed}; 'relquiz play' with the same"
            f" options and --seed {drawn.seed} asks the same ones in the same order."
        )
    if path is not None:
        stderr.say(f"Wrote {counted(len(chosen.questions), 'question')} as {format.value} to {path}.")
    if answer_key is not None:
        stderr.say(f"Wrote the answer key to {answer_key}.")


@command("import")
def import_csv(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE.csv", help="A CSV saved from a spreadsheet (docs/export.md).", show_default=False),
    ],
    output: Annotated[
        str,  # text, not a Path: an empty name must not be taken for the folder '.'
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
    from relquiz.csv_import import bank_title, import_csv
    from relquiz.files import claimed_outputs, write_output

    _, stderr = views(plain)
    check_encodable(title, "--title")
    title = bank_title(file, title)  # a bad --title is the command line's fault, not the CSV's
    if output and Path(output).suffix.lower() not in BANK_SUFFIXES:
        raise UsageError(f"{output}: a bank file's name must end in .yaml or .yml")
    with claimed_outputs([("--output", output)], force, inputs=[file], inputs_are="the CSV file read") as outputs:
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
