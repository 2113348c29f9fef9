"""`relquiz host`: a live class. The teacher's terminal is the projected screen and the only
control; students join from a browser on the same network."""

from __future__ import annotations

import os
import select
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from relquiz.cli.common import BankOption, DifficultyOption, DistinctionOption, PlainOption, TagOption, command
from relquiz.cli.play import (
    AllOption,
    CountOption,
    Drawn,
    NoShuffleOption,
    SeedOption,
    signals_deferred,
    unwind_on_hangup,
)
from relquiz.errors import RelquizError
from relquiz.words import counted

if TYPE_CHECKING:
    from relquiz.live import LiveClass
    from relquiz.views.host import HostView

REDRAW_SECONDS = 0.5  # how often the counts of joined and answered are looked at
NO_KEYBOARD = "relquiz host needs its keyboard, but standard input cannot be read"


@command()
def host(
    bank: BankOption = None,
    count: CountOption = None,
    all_questions: AllOption = False,
    seed: SeedOption = None,
    no_shuffle: NoShuffleOption = False,
    difficulty: DifficultyOption = None,
    distinction: DistinctionOption = None,
    tag: TagOption = None,
    results: Annotated[
        str | None,
        typer.Option(metavar="DIR", help="Folder for one results file per student (default: a new dated folder here)."),
    ] = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port students connect to.")] = 8000,
    bind: Annotated[
        str,
        typer.Option(metavar="ADDRESS", help="The address to listen on (127.0.0.1 keeps the class on this machine)."),
    ] = "0.0.0.0",
    max_students: Annotated[int, typer.Option("--max-students", min=1, max=10_000, help="How many may join.")] = 300,
    plain: PlainOption = False,
) -> None:
    """Run a live class: students answer in their browsers, vote, discuss, vote again."""
    from dataclasses import replace

    from relquiz.host.app import build_app
    from relquiz.host.qr import qr_lines
    from relquiz.host.server import LiveServer, join_address
    from relquiz.live import LiveClass, new_room_code
    from relquiz.model import Mode
    from relquiz.run import QuizRun, RunPlan, open_results
    from relquiz.views.host import HostView

    # No bank cache either: a live class writes nothing outside its results folder.
    drawn = Drawn.from_options(bank, count, all_questions, seed, no_shuffle, difficulty, distinction, tag, plain, False)
    plan = RunPlan(drawn.bank, drawn.questions, drawn.seed, Mode.LIVE, filters=drawn.filters)
    folder = results or f"relquiz-class-{datetime.now():%Y-%m-%d-%H%M%S}/"
    folder = folder if folder.endswith(("/", os.sep)) else folder + "/"
    view = HostView.on_stdout(plain)

    def start_run(name: str) -> QuizRun:
        student_plan = replace(plan, student=name)
        record = open_results(student_plan, folder, view.notice)
        # Signals wait while an answer is saved, as in play, so a reveal is never cut mid-file.
        return QuizRun(student_plan, record, None, view.notice, guard=signals_deferred)  # no history: not theirs

    live = LiveClass(plan, start_run, new_room_code(), max_students)
    server = LiveServer(build_app(live), bind, port, max_students)  # a port in use stops us before any file
    open_results(replace(plan, student="check"), folder, view.notice).path.unlink()  # so does a bad folder
    address = join_address(bind, port) + f"?room={live.room}"
    if "//127." in address and not bind.startswith("127."):
        view.notice("no network address found: only this computer can join; join the class's network first")
    server.start()
    summed_up = False
    try:
        with unwind_on_hangup(), _keys() as key:
            _teach(live, view, address, qr_lines(address), key)
            live.end()  # students now see their results, and can save their file until the host closes
            view.class_summary(live)
            view.ended(folder)
            view.closing()
            summed_up = True
            while key() != "q":
                continue
    finally:
        live.end()
        server.stop()
        if not summed_up:  # Ctrl-C or an error: the same summary, every answer kept
            view.class_summary(live)
            view.ended(folder)
    lost = [s.name for s in live.students.values() if s.run.results is not None and s.run.results.failure]
    if lost:
        who = ", ".join(lost[:5]) + (f" and {len(lost) - 5} more" if len(lost) > 5 else "")
        raise RelquizError(f"the results of {counted(len(lost), 'student')} could not be saved in {folder}: {who}")


def _teach(live: LiveClass, view: HostView, address: str, qr: list[str], key: Callable[[], str | None]) -> None:
    """The teacher's keys until q (or the end of the last question)."""
    from relquiz.live import Stage

    actions = {"": live.advance, "d": live.discuss, "n": live.next_question}
    shown: tuple[object, ...] = ()
    while live.stage is not Stage.ENDED:
        now = (live.stage, live.index, len(live.students), live.answered(), view.console.size)  # size: a resize redraws
        if now != shown:
            shown = now
            view.screen(live, address, qr)
        pressed = key()
        if pressed == "q":
            return
        if pressed is not None:
            actions.get(pressed, lambda: None)()


@contextmanager
def _keys() -> Iterator[Callable[[], str | None]]:
    """A reader of the teacher's keys that waits at most REDRAW_SECONDS: one key at a terminal
    (no Enter needed), one line from a pipe. End of input is q."""
    stream = sys.stdin
    if stream is None:
        yield lambda: "q"
        return
    try:
        select.select([stream.fileno()], [], [], 0)
    except (OSError, ValueError):  # nohup and the like leave a descriptor that cannot be read
        raise RelquizError(NO_KEYBOARD) from None
    if not stream.isatty():
        fd, pending = stream.fileno(), bytearray()

        def line() -> str | None:
            # Read the descriptor itself: a buffered reader could hold a line select never sees.
            while b"\n" not in pending:
                ready, _, _ = select.select([fd], [], [], REDRAW_SECONDS)
                if not ready:
                    return None
                try:
                    chunk = os.read(fd, 1024)
                except OSError:  # nohup can leave a descriptor open for writing only
                    raise RelquizError(NO_KEYBOARD) from None
                if not chunk:
                    return "q"  # end of input, a last line without its newline included
                pending.extend(chunk)
            text, _, rest = bytes(pending).partition(b"\n")
            pending[:] = rest
            return text.decode("utf-8", "replace").strip().lower()

        yield line
        return
    import termios
    import tty

    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)  # keys without Enter; Ctrl-C still interrupts

    def key() -> str | None:
        ready, _, _ = select.select([fd], [], [], REDRAW_SECONDS)
        if not ready:
            return None
        pressed = os.read(fd, 1).decode("utf-8", "replace")
        return "" if pressed in "\r\n" else pressed.lower() if pressed else "q"

    try:
        yield key
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
