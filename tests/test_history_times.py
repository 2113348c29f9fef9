"""Times on the history screens: in this machine's zone (TZ honoured) and named, UTC with --utc,
and unchanged UTC in --json (issue 12, item 12).

The zones are written as POSIX TZ rules ('IST-05:30' is Asia/Kolkata's), so no time zone
database is needed; time.tzset() makes the C library read TZ again inside this process.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import SMALL_BANK, Runner

from relquiz.history import FILE_NAME, History
from relquiz.model import Answer, Distinction, Response

pytestmark = pytest.mark.skipif(not hasattr(time, "tzset"), reason="TZ is read again only where time.tzset exists")

KOLKATA = "IST-05:30"
PARIS = "CET-1CEST,M3.5.0,M10.5.0/3"
T0 = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)

Zone = Callable[[str], None]


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Zone]:
    """Set this process's TZ; the zone is put back after the test."""

    def use(rule: str) -> None:
        monkeypatch.setenv("TZ", rule)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


def recorded(tmp_path: Path, *starts: datetime) -> None:
    """One answered session starting at each of `starts`, in the history the `run` fixture uses."""
    for start in starts:
        with History.open(tmp_path / "home" / FILE_NAME, _fixed(start)) as history:
            session = history.start_session("abc", "Times bank", "play", None, None)
            answer = Response("q1", Answer.THERAPY, Answer.THERAPY, 3.0, (Distinction.PURPOSE,))
            history.record_answer(session, "abc", answer)
            history.finish_session(session, completed=True)


def _fixed(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def shown(run: Runner, *options: str) -> list[str]:
    result = run("history", "--plain", *options)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_times_are_shown_in_the_local_zone_and_the_zone_is_named(run: Runner, tmp_path: Path, zone: Zone) -> None:
    recorded(tmp_path, T0)
    zone(KOLKATA)
    title, first = shown(run)[:2]
    assert title == "Sessions (1), times in IST (UTC+05:30)" and first.startswith("2026-11-27 15:30 IST: ")
    table = run("history").stdout
    assert "Sessions (1), times in IST (UTC+05:30)" in table and "2026-11-27 15:30 IST " in table


def test_utc_shows_utc_and_says_so(run: Runner, tmp_path: Path, zone: Zone) -> None:
    recorded(tmp_path, T0)
    zone(KOLKATA)
    title, first = shown(run, "--utc")[:2]
    assert title == "Sessions (1), times in UTC" and first.startswith("2026-11-27 10:00 UTC: ")


def test_json_keeps_iso_utc_times_whatever_the_zone(run: Runner, tmp_path: Path, zone: Zone) -> None:
    recorded(tmp_path, T0)
    zone(KOLKATA)
    for options in ((), ("--utc",)):
        result = run("history", "--json", *options)
        assert json.loads(result.stdout)["sessions"][0]["started_at"] == "2026-11-27T10:00:00+00:00"


def test_summer_and_winter_times_each_name_their_zone(run: Runner, tmp_path: Path, zone: Zone) -> None:
    recorded(tmp_path, datetime(2026, 1, 15, 10, tzinfo=timezone.utc), datetime(2026, 7, 15, 10, tzinfo=timezone.utc))
    zone(PARIS)
    lines = shown(run)
    assert lines[0] == "Sessions (2), times in CET (UTC+01:00) and CEST (UTC+02:00)"
    assert lines[1].startswith("2026-01-15 11:00 CET: ") and lines[2].startswith("2026-07-15 12:00 CEST: ")


def test_a_zone_without_a_short_name_is_named_by_its_offset(run: Runner, tmp_path: Path, zone: Zone) -> None:
    recorded(tmp_path, T0)
    zone("<-03>3")  # as America/Sao_Paulo, whose short name is '-03'
    lines = shown(run)
    assert lines[0] == "Sessions (1), times in UTC-03:00" and lines[1].startswith("2026-11-27 07:00 UTC-03:00: ")


def test_a_time_the_zone_would_carry_past_9999_stays_in_utc(run: Runner, tmp_path: Path, zone: Zone) -> None:
    recorded(tmp_path, datetime(9999, 12, 31, 23, 0, tzinfo=timezone.utc))  # a hand-edited history
    zone(KOLKATA)
    title, first = shown(run)[:2]
    assert title == "Sessions (1), times in UTC" and first.startswith("9999-12-31 23:00 UTC: ")


def test_review_gives_the_next_due_time_in_the_local_zone(run: Runner, zone: Zone) -> None:
    assert run("play", "-b", str(SMALL_BANK), "--all", "--no-shuffle", input="f\nf\nf\nf\n").exit_code == 0
    run("review", "-b", str(SMALL_BANK), "--no-pause", input="t\nt\n")  # the two missed: now none is due

    def next_due(rule: str) -> tuple[datetime, str]:
        zone(rule)
        result = run("review", "-b", str(SMALL_BANK))
        found = re.search(r"The next question is due .* \(on (\S+) at (\S+) (\S+)\)\.", result.stdout)
        assert found is not None, result.stdout
        return datetime.fromisoformat(f"{found[1]} {found[2]}"), found[3]

    (in_utc, utc_name), (in_kolkata, kolkata_name) = next_due("UTC0"), next_due(KOLKATA)
    assert (utc_name, kolkata_name) == ("UTC", "IST")
    assert in_kolkata - in_utc == timedelta(hours=5, minutes=30)
