"""The class report as one self-contained HTML page to project, print or hand out (`relquiz report
--html`): per bank, its students, questions and distinctions as tables with bar charts in inline
SVG beside them, then notes. No script, and nothing fetched: the styles are inlined and the fonts
are the reader's own. Every text from a results file is escaped, so it is only ever shown.

Each part is a small function returning HTML; a bank's parts are listed in BANK_SECTIONS."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib.resources import files

from relquiz import __version__
from relquiz.distinctions import DISTINCTIONS, INFO
from relquiz.report import BankReport, ClassReport
from relquiz.report_groups import folded_name
from relquiz.safety import printable
from relquiz.views import html_parts as parts
from relquiz.views.class_analysis import FLAG_HINTS, ITEM_TERMS, WHY_READING, reliability_line, tentative_line, why_rows
from relquiz.views.html_parts import Bar, Column
from relquiz.words import counted, duration, listed, percent, rounded, signed

Section = Callable[[BankReport, str], str]
"""One part of a bank's section: the bank and the prefix that keeps its ids unique, to HTML."""


def class_report_html(report: ClassReport, made: datetime) -> str:
    """The whole page; `made` is when the report was made, in the reader's time zone."""
    titles = " + ".join(dict.fromkeys(bank.title for bank in report.banks))
    banks = "".join(_bank(bank, f"bank{number}", made) for number, bank in enumerate(report.banks, 1))
    return (
        "<!doctype html>\n"
        f'<html lang="en">\n{_head(titles)}\n<body>\n{_header(report, titles, made)}\n'
        f"<main>\n{banks}{_notes(report)}</main>\n{_footer()}\n</body>\n</html>\n"
    )


def _head(titles: str) -> str:
    style = files("relquiz.views").joinpath("report_html.css").read_text(encoding="utf-8")
    return (
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # Even a page opened from a file may fetch nothing and run nothing, whatever it holds.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f'<meta name="generator" content="relquiz {parts.text(__version__)}">\n'
        f"<title>Class report: {parts.text(titles)}</title>\n<style>\n{style}</style>\n</head>"
    )


def _header(report: ClassReport, titles: str, made: datetime) -> str:
    students = len({folded_name(s.name) for bank in report.banks for s in bank.students})
    facts = [("Report made", parts.time_tag(made, parts.when(made))), ("Students", parts.text(str(students)))]
    if len(report.banks) > 1:
        facts.append(("Banks", parts.text(str(len(report.banks)))))
    return f"<header>\n<h1>Class report: {parts.text(titles)}</h1>\n{parts.facts(facts)}</header>"


def _bank(bank: BankReport, prefix: str, made: datetime) -> str:
    seeds = ", ".join(str(seed) for seed in bank.seeds) or "not recorded"
    facts = [
        ("Bank digest", f"<code>{parts.text(bank.sha256[:12])}</code>"),
        *([("Versions", parts.text(listed([digest[:8] for digest in bank.versions])))] if bank.versions else []),
        ("Seed" if len(bank.seeds) == 1 else "Seeds", parts.text(seeds)),
        ("Students", parts.text(str(bank.people))),
        ("Played", _played(bank, made)),
    ]
    sections = "".join(part(bank, prefix) for part in BANK_SECTIONS)
    return (
        f'<section class="bank" id="{prefix}" aria-labelledby="{prefix}-heading">\n'
        f'<h2 id="{prefix}-heading">{parts.text(bank.title)}</h2>\n'
        f"{parts.facts(facts)}{sections}</section>\n"
    )


def _played(bank: BankReport, made: datetime) -> str:
    """When the runs started, in the report's time zone: one day with its times, or a range of days."""
    starts = sorted(_starts(bank, made))
    if not starts:
        return "not recorded"
    first, last = starts[0], starts[-1]
    if first.date() == last.date():
        times = " to ".join(dict.fromkeys((f"{first:%H:%M}", f"{last:%H:%M}")))
        return (
            f"{parts.time_tag(first, f'{first:%Y-%m-%d}')}, started {parts.text(times)} {parts.text(parts.zone(first))}"
        )
    return f"{parts.time_tag(first, f'{first:%Y-%m-%d}')} to {parts.time_tag(last, f'{last:%Y-%m-%d}')}"


def _starts(bank: BankReport, made: datetime) -> list[datetime]:
    """The runs' start times in the report's zone; one not recorded, without a zone, or at the
    edge of the calendar (an edited file: year 1 or 9999) is left out of the range."""
    found = []
    for student in bank.students:
        try:
            start = datetime.fromisoformat(student.started_at)
            if start.tzinfo is not None:
                found.append(start.astimezone(made.tzinfo))
        except (ValueError, OverflowError):
            continue
    return found


def _students_section(bank: BankReport, prefix: str) -> str:
    """One row per results file: the score is out of the questions drawn."""
    any_late = any(s.late for s in bank.students)
    columns = [
        Column("Student"),
        Column("File", "wide"),
        Column("Score", "num"),
        Column("%", "num"),
        Column("Completed"),
        *([Column("Late", "num")] if any_late else []),
        Column("Time", "num"),
    ]
    rows = [
        [
            s.name,
            printable(s.source),
            f"{s.correct} / {s.total}",
            f"{rounded(s.percent)}%",
            "yes" if s.completed else f"no ({s.answered} answered)",
            *([str(s.late)] if any_late else []),
            duration(s.seconds),
        ]
        for s in bank.students
    ]
    caption = f"Students: {counted(len(rows), 'result')}"
    note = "The score is out of the questions drawn, so stopping early never raises it."
    return parts.section(
        f"{prefix}-students", "Students", parts.table(f"{prefix}-students-table", caption, note, columns, rows)
    )


def _questions_section(bank: BankReport, prefix: str) -> str:
    """The item analysis, with a chart of the share answered right."""
    voted_twice = any(item.first_facility is not None for item in bank.items)
    columns = [
        Column("Question"),
        Column("Answered", "num"),
        *([Column("First vote right", "num")] if voted_twice else []),
        Column("Answered right (facility)", "num"),
        Column("Separates stronger from weaker (discrimination)", "num"),
        Column("Flags (tentative)" if bank.tentative else "Flags", "flag"),
    ]
    rows = []
    for item in bank.items:
        first = "" if item.first_facility is None else percent(item.first_facility)
        separates = "n/a" if item.discrimination is None else signed(item.discrimination)
        right = percent(item.facility)
        rows.append(
            [item.id, str(item.answered), *([first] if voted_twice else []), right, separates, ", ".join(item.flags)]
        )
    note = ITEM_TERMS + (" First vote right is the share right before discussing." if voted_twice else "")
    table_id = f"{prefix}-questions-table"
    bars = [Bar(item.id, item.facility, percent(item.facility)) for item in bank.items]
    chart = parts.chart(f"{prefix}-questions-chart", "Share answered right, per question", table_id, "Questions", bars)
    flagged = bank.flags_used
    hints = "".join(f"<li><strong>{parts.text(flag)}</strong>: {parts.text(FLAG_HINTS[flag])}</li>" for flag in flagged)
    caption = f"Questions: {counted(len(rows), 'question')}"
    body = parts.pair(parts.table(table_id, caption, note, columns, rows), chart)
    if hints:
        body += f'<ul class="hints">{hints}</ul>\n'
    if bank.tentative and flagged:
        body += f'<p class="note">{parts.text(tentative_line(bank))}</p>\n'
    return parts.section(f"{prefix}-questions", "Questions", body)


def _reliability_section(bank: BankReport, prefix: str) -> str:
    """Cronbach's alpha of a shared set with Moodle's reading, or why it is not shown."""
    line = parts.text(reliability_line(bank.reliability))
    return parts.section(f"{prefix}-reliability", "Reliability of the set", f'<p class="reading">{line}</p>\n')


def _why_section(bank: BankReport, prefix: str) -> str:
    """What the class named in the why step when it was wrong: at stake (rows) against named."""
    matrix = bank.why
    if matrix is None:
        return ""
    columns = [Column("At stake"), Column("Wrong answers", "num")]
    columns += [Column(f"Named {info.label.lower()}", "num") for info in DISTINCTIONS]
    rows = [[label, str(wrong), *map(str, named)] for label, wrong, named in why_rows(matrix)]
    note = WHY_READING
    caption = f"When wrong, what they named ({counted(matrix.answers, 'wrong answer')})"
    table = parts.table(f"{prefix}-why-table", caption, note, columns, rows)
    return parts.section(f"{prefix}-why", "The why step, when wrong", table)


def _distinctions_section(bank: BankReport, prefix: str) -> str:
    """The class's accuracy per distinction, and the questions citing it most often missed."""
    columns = [Column("Distinction"), Column("Right / answered", "num"), Column("Accuracy", "num")]
    columns.append(Column("Most often missed", "wide"))
    rows, bars = [], []
    for row in bank.distinctions:
        tally, label = row.tally, INFO[row.tally.distinction].label
        accuracy = "not asked" if tally.accuracy is None else percent(tally.accuracy)
        missed = ", ".join(f"{qid} ({n})" for qid, n in row.most_missed)
        rows.append([label, f"{tally.correct} / {tally.cited}", accuracy, missed])
        bars.append(Bar(label, tally.accuracy, accuracy))
    note = (
        "Accuracy over every answer to a question citing the distinction; missed questions with their number of misses."
    )
    table_id = f"{prefix}-distinctions-table"
    chart = parts.chart(f"{prefix}-distinctions-chart", "Accuracy per distinction", table_id, "Distinctions", bars)
    table = parts.table(table_id, "Distinctions: the class's accuracy", note, columns, rows)
    return parts.section(f"{prefix}-distinctions", "Distinctions", parts.pair(table, chart))


def _bank_notes(bank: BankReport, prefix: str) -> str:
    """What the report did with this bank's files (versions joined, a student's second file)."""
    if not bank.notes:
        return ""
    items = "".join(f"<li>{parts.text(note)}</li>" for note in bank.notes)
    return parts.section(f"{prefix}-notes", "Notes on these results", f'<ul class="notes">{items}</ul>\n')


BANK_SECTIONS: tuple[Section, ...] = (
    _bank_notes,
    _students_section,
    _questions_section,
    _reliability_section,
    _distinctions_section,
    _why_section,
)


def _notes(report: ClassReport) -> str:
    """The report's warnings and the files it skipped, each with its reason."""
    items = [parts.text(warning) for warning in report.warnings]
    items += [
        f"Skipped <code>{parts.text(printable(path))}</code>: {parts.text(reason)}" for path, reason in report.skipped
    ]
    if not items:
        return ""
    entries = "".join(f"<li>{item}</li>" for item in items)
    return (
        f'<section aria-labelledby="notes">\n<h2 id="notes">Notes</h2>\n<ul class="notes">{entries}</ul>\n</section>\n'
    )


def _footer() -> str:
    return (
        f"<footer><p>Made with relquiz {parts.text(__version__)}. The charts show the figures of the tables beside"
        " them; this page loads nothing from the network.</p></footer>"
    )
