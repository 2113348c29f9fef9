"""`relquiz play`, and what every quiz in a terminal shares with `relquiz review`: the options,
the history, and the run driven from the keyboard until it ends, is stopped or is killed."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from relquiz.cli.common import (
    DEFAULT_COUNT,
    BankOption,
    DifficultyOption,
    DistinctionOption,
    PlainOption,
    TagOption,
    check_encodable,
    command,
    history_path,
    load,
)
from relquiz.errors import RelquizError, UsageError

if TYPE_CHECKING:
    from relquiz.history import History
    from relquiz.model import Bank, Difficulty, Distinction, Question, Response
    from relquiz.recording import AnswerLog
    from relquiz.run import RunPlan
    from relquiz.views.quiz import QuizView

CountOption = Annotated[
    int | None,
    typer.Option(
        "--count",
        "-n",
        min=1,
        metavar="N",
        show_default=False,
        help="How many questions to draw (default 10; more than there are means all).",
    ),
]
AllOption = Annotated[bool, typer.Option("--all", help="Every question in the bank, not -n of them.")]
NoShuffleOption = Annotated[bool, typer.Option("--no-shuffle", help="Keep the bank's order.")]
MAX_SEED = 2**63 - 1  # what SQLite stores as an integer
MAX_TIME_LIMIT = 24 * 3600  # seconds; far beyond any quiz, and a countdown that stays readable


def seed_option(help: str) -> Any:
    """The --seed option, bounded to what the history can store; play and review word it apart.
    Checked by a callback, not min/max, which would print the 19-digit range in --help."""
    return typer.Option(metavar="N", help=help, show_default=False, callback=_seed_in_range)


def _seed_in_range(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= MAX_SEED:
        raise typer.BadParameter("a seed is a whole number from 0 up")
    return value


SeedOption = Annotated[int | None, seed_option("Same seed and bank give the same questions in the same order.")]
ResultsOption = Annotated[
    str | None,
    typer.Option(
        metavar="PATH",
        help="Save answers to this JSON file, or into this folder (never overwrites; saved after every answer).",
        show_default=False,
    ),
]
StudentOption = Annotated[
    str | None, typer.Option(metavar="NAME", help="Your name, recorded in the results file.", show_default=False)
]
NoPauseOption = Annotated[
    bool,
    typer.Option(
        "--no-pause", help="Go to the next question at once instead of waiting for Enter after each explanation."
    ),
]
WhyOption = Annotated[
    bool, typer.Option("--why", help="After each answer, say which distinction told you; scored as recognition.")
]


def play_in_terminal(
    plan: RunPlan,
    results: str | None,
    history: Callable[[], AnswerLog | None],
    plain: bool,
    pause: bool,
    heading: str | None = None,
    after: Callable[[QuizView, Sequence[Response]], None] | None = None,
) -> None:
    """Drive a run from the keyboard: the start (`heading` says what the run is, if not a plain
    draw), each question, then the summary and `after` with the answers given; on Ctrl-C, a line saying what was kept
    (every answer already is), and on a signal the same unwinding."""
    from relquiz.prompt import line_reader
    from relquiz.run import QuizRun, open_results
    from relquiz.session import QuizSession
    from relquiz.views.base import Messages
    from relquiz.views.quiz import QuizView
    from relquiz.views.summary import show_summary

    view, stderr = QuizView.on_stdout(plain), Messages.on_stderr(plain)
    record = open_results(plan, results, stderr.warning) if results is not None else None
    run = QuizRun(plan, record, history, stderr.warning, guard=signals_deferred)
    # Only a person at a terminal needs to be waited for; piped answers run straight through.
    session = QuizSession(
        view,
        line_reader(view.console),
        run,
        pause=pause and sys.stdin is not None and sys.stdin.isatty(),
        heading=heading,
    )
    try:
        with unwind_on_hangup():
            summary = run.finish(session.play())
    except BaseException as stop:
        if run.ended:
            raise
        summary = run.stop()
        if isinstance(stop, KeyboardInterrupt):  # the same summary as q, then the exit code of Ctrl-C
            view.console.print()
            show_summary(view, summary, None)
            view.stopped(len(run.responses), run.saved_to)
        raise
    show_summary(view, summary, run.saved_to)
    if after is not None:
        after(view, run.responses)
    if record is not None and record.failure:
        raise RelquizError(record.failure)


def new_seed() -> int:
    """A short random seed a class can share (os.urandom: `secrets` would load more modules)."""
    return int.from_bytes(os.urandom(4), "big") % 100_000


@contextmanager
def unwind_on_hangup() -> Iterator[None]:
    """A closed terminal (SIGHUP) or a kill (SIGTERM) unwinds like Ctrl-C instead of ending the
    process on the spot, so the answer in hand is saved to the results file and the history."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    caught = [sig for sig in (getattr(signal, "SIGHUP", None), signal.SIGTERM) if sig is not None]
    previous = {sig: signal.signal(sig, stop) for sig in caught}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


STOPPING_SIGNALS = tuple(
    sig for sig in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if sig is not None
)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """While an answer is being saved, Ctrl-C and stop signals wait until it is on disk, then act:
    an answer is saved to the results file and the history whole, or not taken, and the count the
    quiz prints when stopped is the count on disk."""
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, frame: caught.append(signum)) for sig in STOPPING_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            signal.raise_signal(caught[0])


@contextmanager
def lazy_history(enabled: bool) -> Iterator[Callable[[], History | None]]:
    """The learner's history, opened when first asked for and closed here; None when the learner
    turned it off. HistoryUnavailable when it cannot be opened: the run tries again later."""
    opened: list[History] = []

    def get() -> History | None:
        if not enabled:
            return None
        from relquiz.history import History

        opened.append(History.open(history_path()))
        return opened[-1]

    try:
        yield get
    finally:
        for history in opened:
            history.close()


@command()
def play(
    bank: BankOption = None,
    count: CountOption = None,
    all_questions: AllOption = False,
    seed: SeedOption = None,
    no_shuffle: NoShuffleOption = False,
    results: ResultsOption = None,
    student: StudentOption = None,
    difficulty: DifficultyOption = None,
    distinction: DistinctionOption = None,
    tag: TagOption = None,
    time_limit: Annotated[
        int | None,
        typer.Option(
            "--time-limit",
            min=1,
            max=MAX_TIME_LIMIT,
            metavar="SECONDS",
            help="A soft limit per question (up to a day), shown as a countdown; later answers count but are marked late.",
            show_default=False,
        ),
    ] = None,
    why: WhyOption = False,
    no_history: Annotated[bool, typer.Option("--no-history", help="Record nothing in your practice history.")] = False,
    no_pause: NoPauseOption = False,
    plain: PlainOption = False,
) -> None:
    """Answer scenarios: therapy relationship or friendship? Each answer is explained."""
    from relquiz.model import Mode
    from relquiz.run import RunPlan

    check_encodable(student, "--student")
    drawn = Drawn.from_options(bank, count, all_questions, seed, no_shuffle, difficulty, distinction, tag, plain)
    plan = RunPlan(drawn.bank, drawn.questions, drawn.seed, Mode.PLAY, student, time_limit, why, drawn.filters)
    with lazy_history(not no_history) as history:
        play_in_terminal(plan, results, history, plain, pause=not no_pause)


@dataclass(frozen=True)
class Drawn:
    """The questions a run's options choose, shared by play and host."""

    bank: Bank
    questions: tuple[Question, ...]
    seed: int
    filters: dict[str, list[str]]

    @classmethod
    def from_options(
        cls,
        bank: list[Path] | None,
        count: int | None,
        all_questions: bool,
        seed: int | None,
        no_shuffle: bool,
        difficulty: list[Difficulty] | None,
        distinction: list[Distinction] | None,
        tag: list[str] | None,
        plain: bool,
        cached: bool = True,
    ) -> Drawn:
        from relquiz.quiz import draw_questions, select_questions

        if all_questions and count is not None:
            raise UsageError("use either --all or --count, not both")
        loaded = load(bank, plain, cached)
        seed = seed if seed is not None else new_seed()
        chosen = select_questions(
            loaded.questions, tags=tag or (), difficulties=difficulty or (), distinctions=distinction or ()
        )
        if not chosen:
            raise UsageError("no question matches these filters; 'relquiz list' shows what the bank holds")
        wanted_count = None if all_questions else (count or DEFAULT_COUNT)
        questions = tuple(draw_questions(chosen, wanted_count, seed, shuffle=not no_shuffle))
        return cls(loaded, questions, seed, _filters_in_use(tag, difficulty, distinction))


def _filters_in_use(
    tags: list[str] | None, difficulties: list[Difficulty] | None, distinctions: list[Distinction] | None
) -> dict[str, list[str]]:
    """The filters given, as plain words for the results file."""
    given = {
        "tag": list(tags or []),
        "difficulty": [level.value for level in difficulties or []],
        "distinction": [d.value for d in distinctions or []],
    }
    return {name: values for name, values in given.items() if values}
