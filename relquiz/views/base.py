"""What every screen is made of: the console factory, the theme, a line, a table, JSON, and the
messages on stderr.

Bank and results text is data: it is cleaned of control codes and always wrapped in `Text`,
which Rich never parses as markup. Messages on stderr are written on one line with what a
terminal must not get escaped; this is the one place where that happens.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from rich.console import Console
from rich.text import Text
from rich.theme import Theme

from relquiz.safety import clean, escape_unsafe, printable

V = TypeVar("V", bound="View")

# Only some views need these; importing them lazily keeps the first question fast.
if TYPE_CHECKING:
    from rich.table import Column

    from relquiz.errors import Problem

THEME = Theme(
    {
        "right": "bold green",
        "wrong": "bold red",
        "cited": "bold cyan",
        "general": "dim",
        "heading": "bold",
        "hint": "italic",
        "warning": "yellow",
        "error": "red",
    }
)
NARROW = 60
LONG_TABLE = 100  # rows; Rich's Table takes about 1 ms a row to measure, wrap and draw
PROGRESS_FROM = 20

GLYPHS = {
    # Every symbol relquiz draws itself, with the form it takes on an output whose encoding cannot
    # hold them all (ASCII, Latin-1, Windows' cp1252 when output goes to a file): see `View.symbols`.
    # Rich swaps its own box drawing for ASCII in the same case; text from banks and file names
    # that the encoding cannot hold is replaced by '?' (relquiz.cli.main).
    "✓": "+",
    "✗": "x",
    "…": "...",
    "“": '"',
    "”": '"',
    "─": "-",
    "█": "#",
    "░": ".",
    "→": "->",
    "↑": "up",
    "↓": "down",
    # The sparkline's eight heights (█ is the highest, above).
    "▁": "_",
    "▂": ".",
    "▃": ":",
    "▄": "-",
    "▅": "=",
    "▆": "+",
    "▇": "*",
}
_IN_ASCII = str.maketrans(GLYPHS)


def data(text: str, style: str = "") -> Text:
    """User-supplied text as a renderable that is never read as markup."""
    return Text(clean(text), style=style)


def first_words(text: str, count: int | None = 8, ellipsis: str = "…") -> str:
    """`text` on one line, cut after `count` words (never when None) with `ellipsis` to say so."""
    words = clean(text).split()
    cut = count is not None and len(words) > count
    return " ".join(words[:count]) + (f" {ellipsis}" if cut else "")


@lru_cache(maxsize=8)
def holds_symbols(encoding: str) -> bool:
    """Whether output in `encoding` can hold every symbol in GLYPHS."""
    return holds("".join(GLYPHS), encoding)


def holds(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def fit_symbols(text: str, console: Console) -> str:
    """`text` with each of relquiz's symbols in its ASCII form when `console` cannot show them."""
    return text if holds_symbols(console.encoding) else text.translate(_IN_ASCII)


def make_console(*, plain: bool = False, stderr: bool = False, file: IO[str] | None = None) -> Console:
    """A console built at call time, so NO_COLOR and TERM in the environment are honoured."""
    return Console(
        file=file,
        stderr=stderr,
        theme=THEME,
        no_color=True if plain else None,
        color_system=None if plain else "auto",
        markup=False,
        emoji=False,
        highlight=False,
        # Messages on stderr are never wrapped: one problem, one line, whatever the width.
        soft_wrap=plain or stderr,
    )


class View:
    """Output on one console; `plain` gives one line per event, no boxes. Each feature's screens
    are in a module of their own and draw with these few tools."""

    def __init__(self, console: Console, plain: bool = False) -> None:
        self.console = console
        self.plain = plain

    @classmethod
    def on_stdout(cls: type[V], plain: bool) -> V:
        return cls(make_console(plain=plain), plain)

    @property
    def symbols(self) -> bool:
        """Whether the output's encoding holds relquiz's symbols (GLYPHS); if not, each is drawn
        in its ASCII form, so output to a Latin-1 terminal or a cp1252 file never fails."""
        return holds_symbols(self.console.encoding)

    def glyph(self, symbol: str) -> str:
        """One of the symbols in GLYPHS as this console can show it."""
        return symbol if self.symbols else GLYPHS[symbol]

    def file_name(self, path: Path | str) -> str:
        """A file name on one line, escaped rather than cleaned, so that removing a character never
        makes it read as another name (a backslash itself is left as it is: see docs/architecture.md);
        a character this console's encoding lacks is escaped too, never shown as '?'."""
        encoding = self.console.encoding
        return printable(str(path)).encode(encoding, "backslashreplace").decode(encoding)

    def opening(self, text: str, count: int) -> str:
        """A text's first `count` words, for a glance; whole in plain output, where a screen reader
        reads every line whole and an ellipsis would stand for words it never hears."""
        return first_words(text, None if self.plain else count, self.glyph("…"))

    def fit(self, text: str) -> str:
        """Text composed with symbols from GLYPHS, each as this console can show it."""
        return fit_symbols(text, self.console)

    def bar(self, fraction: float, width: int = 10) -> Text:
        filled = round(fraction * width)
        return Text(self.glyph("█") * filled, "right") + Text(self.glyph("░") * (width - filled), "general")

    @property
    def compact(self) -> bool:
        """Lines instead of tables and bars: asked for with --plain, or forced by a narrow window."""
        return self.plain or self.console.width < NARROW

    def line(self, *parts: str | Text, soft_wrap: bool | None = None) -> None:
        """One line of text; `soft_wrap=True` for a line naming a file: a line break put in by Rich
        would cut the name in two, so the terminal wraps it instead."""
        text = Text.assemble(*(clean(part) if isinstance(part, str) else part for part in parts))
        self.console.print(text, soft_wrap=soft_wrap)

    def clear(self) -> None:
        """A fresh screen; nothing on a pipe, a dumb terminal or in plain output, which a screen
        reader follows line by line."""
        if not self.plain:
            self.console.clear()

    def pages(self, *draws: Callable[[], None]) -> list[str]:
        """What `draws` print, cut into pages one line shorter than the window, leaving room for
        the prompt below each; plain output is one page, its lines unbroken for a screen reader."""
        with self.console.capture() as captured:
            for draw in draws:
                draw()
        lines = captured.get().split("\n")
        if lines[-1] == "":
            lines.pop()
        size = max(len(lines) if self.plain else self.console.height - 1, 1)
        return ["\n".join(lines[start : start + size]) for start in range(0, len(lines), size)] or [""]

    def more_prompt(self) -> Text:
        return Text("[Enter: more, q: stop] ", "hint")

    def write(self, page: str, after_prompt: bool = False) -> None:
        """A page from `pages`, as it was drawn; `after_prompt` first wipes the 'more' prompt
        answered on the line above, where the terminal can move its cursor."""
        console = self.console
        if after_prompt and console.is_terminal and not console.is_dumb_terminal:
            from rich.control import Control
            from rich.segment import ControlType

            console.control(Control((ControlType.CURSOR_UP, 1), (ControlType.ERASE_IN_LINE, 2)))
        console.file.write(page + "\n")
        console.file.flush()

    def table(
        self,
        columns: Sequence[str | Column],
        rows: Sequence[Sequence[str | Text]],
        title: str = "",
        said: Sequence[Text] | None = None,
    ) -> None:
        """A table; in plain mode or a narrow terminal, one line per row that names what each cell
        is, since a screen reader hears no column headers: `said` gives each row's line in words,
        or else each cell follows its column's name ('first: Name: second | Name: third')."""
        if self.compact:
            from relquiz.views.table_lines import named_cells, one_line

            if title:
                self.line(Text(title, "heading"))
            for line in named_cells(columns, rows) if said is None else said:
                self.line(one_line(line))
            return
        if len(rows) > LONG_TABLE:
            if title:
                self.console.print(Text(title, "table.title"))
            from relquiz.views.long_table import aligned_table

            aligned = aligned_table(columns, rows, self.console.width, self.glyph("…"), self.glyph("─"))
            self.console.print(aligned, no_wrap=True, crop=False)
            return
        from rich import box
        from rich.table import Table

        table = Table(*columns, title=title or None, box=box.SIMPLE_HEAD, title_justify="left")
        for row in rows:
            table.add_row(*row)
        self.console.print(table)

    def json(self, value: object) -> None:
        """Machine-readable output: unsafe characters escaped, never wrapped or styled."""
        # Straight to the stream: Rich would measure and segment every line of a large document.
        text = json.dumps(value, ensure_ascii=False, indent=2)
        if not holds(text, self.console.encoding):  # \u escapes: the same data in any encoding
            text = json.dumps(value, ensure_ascii=True, indent=2)
        try:
            self.console.file.write(escape_unsafe(text) + "\n")
            self.console.file.flush()
        except BrokenPipeError:
            self.console.on_broken_pipe()  # as for everything Rich prints: stop quietly, exit 1


class Messages:
    """stderr: errors, warnings, problems and progress, each message on one escaped line. Not a
    View: nothing written here goes through the screens' cleaning instead of the escaping."""

    def __init__(self, console: Console, plain: bool = False) -> None:
        self.console = console
        self.plain = plain

    @classmethod
    def on_stderr(cls, plain: bool) -> Messages:
        return cls(make_console(plain=plain, stderr=True), plain)

    def say(self, message: str) -> None:
        self.console.print(Text(printable(message)))

    def problems(self, problems: Sequence[Problem]) -> None:
        for problem in problems:
            self.say(str(problem))

    def error(self, message: str) -> None:
        self.console.print(Text("relquiz: error: ", "error") + Text(printable(message)))

    def warning(self, message: str) -> None:
        self.console.print(Text("relquiz: warning: ", "warning") + Text(printable(message)))

    @contextmanager
    def progress(self, total: int, label: str) -> Iterator[Callable[[], None]]:
        """A progress bar on a terminal for long jobs; elsewhere, nothing."""
        if total < PROGRESS_FROM or self.plain or not self.console.is_terminal:
            yield lambda: None
            return
        from rich.progress import Progress

        with Progress(*Progress.get_default_columns(), console=self.console, transient=True) as shown:
            task = shown.add_task(label, total=total)
            yield lambda: shown.advance(task)


def column(header: str, **options: Any) -> Column:
    from rich.table import Column

    return Column(header, **options)
