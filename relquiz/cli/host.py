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
from relquiz.cli.play import CountOption, Drawn, SeedOption

if TYPE_CHECKING:
    from relquiz.live import LiveClass
    from relquiz.views.host import HostView

REDRAW_SECONDS = 0.5  # how often the counts of joined and answered are looked at


@command()
def host(
    bank: BankOption = None,
    count: CountOption = None,
    all_questions: Annotated[bool, typer.Option("--all", help="Ask every question in the bank.")] = False,
    seed: SeedOption = None,
    no_shuffle: Annotated[bool, typer.Option("--no-shuffle", help="Keep the bank's order.")] = False,
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
    folder = results or f"relquiz-class-{datetime.now():%Y-%m-%d-%H%M}/"
    folder = folder if folder.endswith(("/", os.sep)) else folder + "/"
    notices: list[str] = []

    def start_run(name: str) -> QuizRun:
        student_plan = replace(plan, student=name)
        return QuizRun(student_plan, open_results(student_plan, folder, notices.append), lambda: None, notices.append)

    open_results(replace(plan, student="check"), folder, notices.append).path.unlink()  # a bad folder stops us now
    live = LiveClass(plan, start_run, new_room_code(), max_students)
    server = LiveServer(build_app(live), bind, port)
    address = join_address(bind, port) + f"?room={live.room}"
    view = HostView.on_stdout(plain)
    server.start()
    summed_up = False
    try:
        with _keys() as key:
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
    if not stream.isatty():
        fd, pending = stream.fileno(), bytearray()

        def line() -> str | None:
            # Read the descriptor itself: a buffered reader could hold a line select never sees.
            while b"\n" not in pending:
                ready, _, _ = select.select([fd], [], [], REDRAW_SECONDS)
                if not ready:
                    return None
                chunk = os.read(fd, 1024)
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
