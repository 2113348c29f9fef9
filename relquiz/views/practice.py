"""A learner's practice over time (`relquiz history`) and what `relquiz review` says when nothing is due.

The history keeps times in UTC; they are shown in this machine's time zone (TZ honoured), or in
UTC for `history --utc`, each with its zone's name so a line read alone says what it means.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from rich.text import Text

from relquiz.distinctions import INFO
from relquiz.views.base import View, column, data
from relquiz.words import counted, percent

if TYPE_CHECKING:
    from relquiz.history import SessionRecord
    from relquiz.practice import PracticeFigures

HISTORY_ROWS = 15
SPARK_SESSIONS = 12
TREND_STEADY = 5  # points of accuracy below which a change is called steady


NOTHING_RECORDED = "No practice recorded yet. Play a quiz: relquiz play"
NOTHING_TO_REMOVE = "Nothing to remove: your practice history is empty."


def clear_prompt(sessions: int) -> Text:
    what = "the one session" if sessions == 1 else f"all {sessions} sessions"
    return Text(f"Remove {what} of your practice history? This cannot be undone. [y/N]: ")


def show_nothing_due(view: View, has_cards: bool, next_due_at: datetime | None, now: datetime) -> None:
    """`review` with nothing due: say so, and when the next question will be."""
    if not has_cards:
        view.line("Nothing to review yet: no answers to this bank are in your history. Play first: relquiz play")
        return
    view.line("Nothing is due for review in this bank right now.")
    if next_due_at is not None:
        view.line(f"The next question is due {_when(next_due_at, now)}.")


def show_history(
    view: View,
    sessions: Sequence[SessionRecord],
    figures: PracticeFigures,
    due: dict[str, tuple[str, int]],
    bundled: str,
    zone: tzinfo | None,
) -> None:
    """Practice over time: sessions, accuracy per distinction with its trend, recognition,
    the streak and what is due. Times are shown in `zone` (None: this machine's)."""
    sessions = [record for record in sessions if record.answers]  # a run stopped at once is no session
    if not sessions:
        view.line(NOTHING_RECORDED)
        return
    started = [_in_zone(record.started_at, zone) for record in sessions[-HISTORY_ROWS:]]
    rows: list[list[str | Text]] = []
    said: list[Text] = []
    for moment, record in zip(started, sessions[-HISTORY_ROWS:], strict=True):
        score, share = f"{record.correct}/{len(record.answers)}", percent(record.correct / len(record.answers))
        completed = "yes" if record.completed else "stopped"
        rows.append([_clock_time(moment), record.mode, data(record.bank_title), score, share, completed])
        ended = "completed" if record.completed else "stopped"
        said.append(
            Text.assemble(
                f"{_clock_time(moment)}: {record.mode}, ",
                data(record.bank_title),
                f", score {record.correct} of {len(record.answers)}, {share}, {ended}",
            )
        )
    shown = f"last {HISTORY_ROWS} of {len(sessions)}" if len(sessions) > HISTORY_ROWS else f"{len(sessions)}"
    zones = " and ".join(dict.fromkeys(_zone_label(moment) for moment in started))  # CET and CEST across DST
    title = f"Sessions ({shown}), times in {zones}"
    date = column("Date", no_wrap=True)  # a narrow window wraps the bank's title, not the time
    view.table([date, "Mode", "Bank", "Score", "%", "Completed"], rows, title=title, said=said)
    asked_why = any(d.tally.asked_why for d in figures.by_distinction)
    rows = []
    said = []
    for item in figures.by_distinction:
        label = INFO[item.distinction].label
        tally = item.tally
        if tally.accuracy is None:
            empty: list[str | Text] = [label, "not asked yet", "", "", ""]
            rows.append(empty[: 5 if asked_why else 4])
            said.append(Text(f"{label}: not asked yet"))
            continue
        row: list[str | Text] = [
            label,
            f"{tally.correct}/{tally.cited} ({percent(tally.accuracy)})",
            view.fit(_trend(item.trend, view.compact)),
            "" if view.compact else view.fit(sparkline(item.series)),
        ]
        line = f"{label}: {tally.correct} of {tally.cited} right ({percent(tally.accuracy)}), trend {row[2]}"
        if asked_why:
            row.append("" if tally.recognition is None else f"{percent(tally.recognition)} of {tally.asked_why}")
            if tally.recognition is not None:
                line += f", named at the why step in {percent(tally.recognition)} of {tally.asked_why}"
        rows.append(row)
        said.append(Text(line))
    columns = ["Distinction", "Accuracy", "Trend (last 5 vs before)", "Sessions"] + (
        ["Recognised (why step)"] if asked_why else []
    )
    view.table(columns, rows, title="By distinction", said=said)
    days = figures.streak_days
    view.line(
        f"Days practised in a row: {days}."
        if days
        else "No practice today or yesterday: the streak starts again with your next quiz."
    )
    if not due:
        view.line("Questions due for review now: none.")
    for sha256, (title, count) in due.items():
        where = "" if sha256 == bundled else " -b BANK"
        view.line("Questions due for review now: ", data(f"{count} in '{title}'"), f". Run: relquiz review{where}")


def _when(moment: datetime, now: datetime) -> str:
    """A due date people read easily: 'in 3 days (on 2026-11-30 at 15:30 IST)', in this machine's zone."""
    hours = (moment - now).total_seconds() / 3600
    days, whole_hours = round(hours / 24), round(hours)
    if hours >= 23.5:
        ahead = f"in {counted(days, 'day')}"
    elif whole_hours >= 1:
        ahead = f"in {counted(whole_hours, 'hour')}"
    else:
        ahead = "in less than an hour"
    local = _in_zone(moment, None)
    return f"{ahead} (on {local:%Y-%m-%d at %H:%M} {_zone_name(local)})"


def _in_zone(moment: datetime, zone: tzinfo | None) -> datetime:
    """`moment` in `zone` (None: this machine's, as TZ says); a time the shift would carry past
    year 1 or 9999 (a hand-edited history) stays in UTC, still named, rather than crash."""
    try:
        return moment.astimezone(zone)
    except (OverflowError, OSError):  # OSError: Windows cannot convert times before 1970
        return moment.astimezone(timezone.utc)


def _clock_time(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} {_zone_name(moment)}"


def _zone_name(moment: datetime) -> str:
    """The zone's short name (IST, CET, UTC), or its offset (UTC-03:00) where the zone has none ('-03')."""
    name = moment.tzname() or ""
    return name if name.isalpha() else f"UTC{_offset(moment)}"


def _zone_label(moment: datetime) -> str:
    """The zone named once, with its offset, as short names are ambiguous: 'IST (UTC+05:30)'."""
    name = _zone_name(moment)
    return name if name.startswith("UTC") else f"{name} (UTC{_offset(moment)})"


def _offset(moment: datetime) -> str:
    minutes = round((moment.utcoffset() or timedelta()) / timedelta(minutes=1))
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _trend(change: float | None, words: bool) -> str:
    """Up, down or steady, as an arrow with the change in points (in words in plain mode)."""
    if change is None:
        return "not enough sessions yet"
    points = round(100 * change)
    if abs(points) < TREND_STEADY:
        return "steady" if words else f"→ steady ({points:+d} points)"
    direction = ("up" if points > 0 else "down") if words else ("↑" if points > 0 else "↓")
    return f"{direction} {points:+d} points"


def sparkline(series: Sequence[float]) -> str:
    """One block per recent session, its height the share right."""
    blocks = "▁▂▃▄▅▆▇█"
    return "".join(blocks[min(7, int(value * 8))] for value in series[-SPARK_SESSIONS:])
