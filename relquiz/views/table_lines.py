"""Tables as lines, one per row, for --plain and narrow windows: a screen reader reads a line at a
time and hears no column headers, so every line says what its cells are."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.table import Column


def named_cells(columns: Sequence[str | Column], rows: Sequence[Sequence[str | Text]]) -> list[Text]:
    """Each row as 'first: Name: second | Name: third', for tables whose view has no words of its
    own for them; empty cells are left out, and a column without a name gives its cell alone."""
    names = [column if isinstance(column, str) else str(column.header) for column in columns]
    lines = []
    for row in rows:
        cells = [
            Text.assemble(f"{name}: " if name else "", one_line(cell))
            for name, cell in zip_longest(names[1:], row[1:], fillvalue="")
            if cell
        ]
        lines.append(Text.assemble(one_line(row[0]), ": ", Text(" | ").join(cells)))
    return lines


def one_line(cell: str | Text) -> Text:
    """A cell's lines joined by spaces: a line break would split a row in two."""
    text = cell if isinstance(cell, Text) else Text(cell)
    return Text(" ").join(text.split("\n"))
