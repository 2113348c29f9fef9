"""Spreadsheet files: cells safe from formula injection, and reading a CSV a spreadsheet saved.

Spreadsheet programs run a cell that starts with `=`, `+`, `-`, `@`, tab or carriage return
as a formula, so text from banks and students is written with a leading `'` there. Reading
undoes exactly that, so a CSV written here and read back gives the same text.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from relquiz.errors import Problem, UsageError
from relquiz.files import FileRefused, read_limited
from relquiz.textfile import Undecodable, decode_text

# Quotes already in front of a trigger get one more, so restore_cell can tell them apart.
_NEUTRALISED = re.compile(r"'*[=+\-@\t\r]")
SEPARATORS = (",", ";")
MAX_CSV_BYTES = 32_000_000  # as for a bank file: the CSV holds the same questions


def safe_cell(text: str) -> str:
    """The text of a cell as a spreadsheet shows it as text, never runs it as a formula.

    Meant for text; numbers that relquiz writes itself (a negative correlation) need no
    neutralising and read better without the quote.
    """
    return "'" + text if _NEUTRALISED.match(text) else text


def restore_cell(text: str) -> str:
    """The text safe_cell was given: the one quote it added is removed."""
    return text[1:] if text.startswith("'") and _NEUTRALISED.match(text) else text


def column_letter(index: int) -> str:
    """The spreadsheet name of the column at a 0-based index: A, B, ..., Z, AA, AB, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class Table:
    """A CSV's header and records; a record's number is its row in a spreadsheet (header = 1)."""

    path: str
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    separator: str = ","
    problems: list[Problem] = field(default_factory=list)


def read_table(path: Path) -> Table:
    """Read a CSV as spreadsheets save it: UTF-8 with or without BOM, comma or semicolon
    separated (told by the header row), quoted cells that may hold line breaks.

    Problems that stop the reading are in `problems`; the records read until then are kept.
    """
    table = Table(str(path))
    try:
        data = read_limited(path, MAX_CSV_BYTES)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: a folder, not a CSV file") from None
    except FileRefused as refused:
        raise UsageError(f"{path}: not a CSV file to import: {refused}") from None
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or error}") from None
    text = _decode(data, table)
    if text is None:
        return table
    first_line = text.split("\n", 1)[0]
    table.separator = max(SEPARATORS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=table.separator, strict=True)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if number == 1:
                table.header = cells
            else:
                table.rows.append((number, cells))
    except csv.Error as error:
        table.problems.append(Problem(table.path, number + 1, _csv_message(str(error), table.separator)))
    return table


def _decode(data: bytes, table: Table) -> str | None:
    save_as = "save it from your spreadsheet as 'CSV UTF-8' (comma or semicolon separated)"
    if data.startswith(b"PK\x03\x04"):
        table.problems.append(
            Problem(table.path, 1, f"this is a spreadsheet workbook (.xlsx or .ods), not a CSV file; {save_as}")
        )
        return None
    try:
        text = decode_text(data)
    except Undecodable as error:
        table.problems.append(Problem(table.path, error.line, f"{error.cause}; {save_as}"))
        return None
    if not text.strip():
        table.problems.append(Problem(table.path, 1, "the file is empty; its first row must name the columns"))
        return None
    return text


def _csv_message(error: str, separator: str) -> str:
    if "end of data" in error:
        return 'a cell opened with a quote (") is never closed; check the quotes from this row on'
    if "expected after" in error:
        return f'a quote (") inside a quoted cell must be doubled (""), or the cell must end at the quote and a {separator!r}'
    return f"the CSV cannot be read here: {error}"
