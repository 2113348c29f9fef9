"""`relquiz history`: a learner's practice over time, and clearing it."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated

import typer

from relquiz.cli.common import PlainOption, bundled_bank_folder, command, history_path, views
from relquiz.errors import ExitCode, Finished, UsageError
from relquiz.words import counted

if TYPE_CHECKING:
    from relquiz.history import History
    from relquiz.views.base import View


@command()
def history(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the figures as JSON for scripts (times in UTC, ISO 8601).")
    ] = False,
    utc: Annotated[
        bool, typer.Option("--utc", help="Show times in UTC rather than in this machine's time zone.")
    ] = False,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the whole practice history (asks first).")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="With --clear: do not ask.")] = False,
    plain: PlainOption = False,
) -> None:
    """Your practice over time: sessions, accuracy and its trend per distinction, streak, what is due.

    Times are shown in this machine's time zone (TZ honoured), named; --json keeps UTC for scripts.
    """
    from relquiz.bank.load import bank_digest
    from relquiz.history import History
    from relquiz.practice import as_data, practice_figures
    from relquiz.schedule import due_by_bank
    from relquiz.views.practice import NOTHING_RECORDED, NOTHING_TO_REMOVE, show_history

    view, _ = views(plain)
    if yes and not clear:
        raise UsageError("--yes only goes with --clear")
    now = datetime.now(timezone.utc)
    if not history_path().exists():  # a look (or clearing nothing) creates no file
        view.line(NOTHING_TO_REMOVE if clear else NOTHING_RECORDED)
        return
    with History.open(history_path()) as store:
        if clear:
            _clear(view, store, yes)
            return
        sessions = store.sessions()
        due = due_by_bank(store.answers(), now)
    zone = timezone.utc if utc else None  # None: the local zone
    figures = practice_figures(sessions, now, zone)
    if as_json:
        view.json(as_data(sessions, figures, due))
    else:
        titles = {record.bank_sha256: record.bank_title for record in sessions}
        named = {sha: (titles.get(sha, sha[:12]), count) for sha, count in due.items()}
        show_history(view, sessions, figures, named, bank_digest([bundled_bank_folder()]), zone)


def _clear(view: View, store: History, yes: bool) -> None:
    """Remove every session after the learner confirms; declining (or no input) removes nothing."""

    from relquiz.prompt import EndOfInput, line_reader
    from relquiz.views.practice import NOTHING_TO_REMOVE, clear_prompt

    count = len(store.sessions())
    if not count:
        view.line(NOTHING_TO_REMOVE)
        return
    if not yes:
        ask = line_reader(view.console)
        try:
            reply = ask(clear_prompt(count))
        except EndOfInput:
            reply = ""
        if reply.strip().lower() not in ("y", "yes"):
            view.line("Nothing was removed.")
            raise Finished(ExitCode.FAILURE)
    removed = store.clear()
    view.line(f"Removed {counted(removed, 'session')} from your practice history.")
