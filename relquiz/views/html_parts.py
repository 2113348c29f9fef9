"""The pieces the HTML class report is built of: tables that head their rows, bar charts in inline
SVG that point to their table, lists of facts; every text escaped here, so it is only ever shown."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from relquiz.safety import clean

BAR_SPAN = 75  # percent of a chart's width a full bar takes; the figure is written after it
ROW = 40  # pixels per bar in a chart: a label line, then the bar
LABEL_LENGTH = 48  # a longer label is cut in the chart (the table beside it has it whole)


class Column(NamedTuple):
    name: str
    css: str = ""  # "num": figures, aligned right; "wide": long text; "flag": warnings


class Bar(NamedTuple):
    label: str
    share: float | None  # 0 to 1; None draws no bar
    figure: str


def section(section_id: str, heading: str, body: str) -> str:
    return (
        f'<section id="{section_id}" aria-labelledby="{section_id}-heading">\n'
        f'<h3 id="{section_id}-heading">{text(heading)}</h3>\n{body}</section>\n'
    )


def pair(table: str, chart: str) -> str:
    return f'<div class="pair">\n{table}{chart}</div>\n'


def table(table_id: str, caption: str, note: str, columns: Sequence[Column], rows: Iterable[Sequence[str]]) -> str:
    """A table whose first column heads its rows, with a note on reading it above; every cell is
    text, escaped here. It scrolls sideways in its own box on a narrow screen (a focusable region,
    so keys can scroll it too)."""
    head = "".join(f'<th scope="col"{_css(c)}>{text(c.name)}</th>' for c in columns)
    body = "".join(
        f'<tr><th scope="row">{text(row[0])}</th>'
        + "".join(f"<td{_css(c)}>{text(cell)}</td>" for c, cell in zip(columns[1:], row[1:], strict=True))
        + "</tr>\n"
        for row in rows
    )
    return (
        f'<div>\n<p class="note" id="{table_id}-note">{text(note)}</p>\n'
        f'<div class="scroll" role="region" tabindex="0" aria-labelledby="{table_id}-caption">\n'
        f'<table id="{table_id}" aria-describedby="{table_id}-note">\n'
        f'<caption id="{table_id}-caption">{text(caption)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n</div>\n</div>\n"
    )


def chart(chart_id: str, title: str, table_id: str, table_title: str, bars: Sequence[Bar]) -> str:
    """Horizontal bars, each under its label, with the figure at the right. The widths are shares
    of the chart's width, so it fits any screen with the text at its own size."""
    drawn = []
    for number, bar in enumerate(bars):
        top = number * ROW
        label = bar.label if len(bar.label) <= LABEL_LENGTH else bar.label[: LABEL_LENGTH - 3] + "..."
        drawn.append(f'<text x="0" y="{top + 15}">{text(label)}</text>')
        drawn.append(f'<rect class="track" x="0" y="{top + 21}" width="{BAR_SPAN}%" height="12"/>')
        if bar.share is not None:
            drawn.append(f'<rect class="bar" x="0" y="{top + 21}" width="{BAR_SPAN * bar.share:.2f}%" height="12"/>')
        drawn.append(f'<text x="{BAR_SPAN}%" dx="8" y="{top + 32}">{text(bar.figure)}</text>')
    return (
        f'<figure>\n<svg class="bars" role="img" width="100%" height="{len(bars) * ROW + 4}"'
        f' aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-note">'
        f'<title id="{chart_id}-title">{text(title)}</title>\n' + "\n".join(drawn) + "\n</svg>\n"
        f'<figcaption>{text(title)}. <span id="{chart_id}-note">The same figures are in the table'
        f' <a href="#{table_id}">{text(table_title)}</a>.</span></figcaption>\n</figure>\n'
    )


def facts(facts: Sequence[tuple[str, str]]) -> str:
    """Terms and their values; each value is HTML already."""
    return '<dl class="facts">' + "".join(f"<dt>{text(term)}</dt><dd>{value}</dd>" for term, value in facts) + "</dl>\n"


def _css(column: Column) -> str:
    return f' class="{column.css}"' if column.css else ""


def text(text: str) -> str:
    """Text from anywhere as HTML: what a terminal must not get is removed (as on screen), the rest escaped."""
    return html.escape(clean(text))


def time_tag(moment: datetime, shown: str) -> str:
    return f'<time datetime="{text(moment.isoformat(timespec="seconds"))}">{text(shown)}</time>'


def when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} {zone(moment)}".rstrip()


def zone(moment: datetime) -> str:
    return moment.tzname() or ""
