"""`relquiz play` and `relquiz review`: the quiz, on a fresh draw or on the questions due again."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated, Any

import typer

from relquiz.cli.common import (
    DEFAULT_COUNT,
    BankOption,
    DifficultyOption,
    DistinctionOption,
    PlainOption,
    TagOption,
    app,
    check_text,
    error_boundary,
    history_path,
    load,
    views,
)
from relquiz.errors import RelquizError, ResultsError, UsageError
from relquiz.safety import printable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from relquiz.history import History
    from relquiz.model import Bank, Difficulty, Distinction, Question, Response
    from relquiz.render import View
    from relquiz.results import ResultsRecord

CountOption = Annotated[
    int | None,
    typer.Option(
        "--count",
        "-n",
        min=1,
        metavar="N",
        show_default=False,
        help="How many questions to ask (default 10; more than there are means all).",
    ),
]
MAX_SEED = 2**63 - 1  # what SQLite stores as an integer
MAX_TIME_LIMIT = 24 * 3600  # seconds; far beyond any quiz, and a countdown that stays readable


def seed_option(help: str) -> Any:
    """The --seed option, bounded to what the history can store; play and review word it apart."""
    return typer.Option(metavar="N", min=0, max=MAX_SEED, help=help, show_default=False)


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
WhyOption = Annotated[
    bool, typer.Option("--why", help="After each answer, say which distinction told you; scored as recognition.")
]


@dataclass
class QuizRun:
    """What play and review share once the questions are chosen: results, history, the loop."""

    view: View
    errors: View
    bank: Bank
    seed: int
    mode: str
    student: str | None = None
    time_limit: int | None = None
    why: bool = False
    filters: dict[str, list[str]] = field(default_factory=dict)

    def run(self, questions: Sequence[Question], results: str | None, history: Callable[[], History | None]) -> None:
        """Play the questions, saving each answer to the results file and the history."""
        from relquiz.prompt import line_reader
        from relquiz.quiz import summarise
        from relquiz.session import QuizSession

        record = self.results_record(results, len(questions))
        recorder = HistoryRecorder(self.errors, history, self)

        def save(responses: Sequence[Response]) -> None:
            if record is not None:  # the file first: it is what a teacher collects
                record.save(responses)
                if record.failure:
                    self.errors.warning(
                        f"{record.failure}; the quiz goes on and saving is tried again after each answer"
                    )
            recorder.record(responses[-1])

        session = QuizSession(
            self.view, line_reader(self.view.console), save=save, time_limit=self.time_limit, ask_why=self.why
        )
        self.view.intro(self.bank, len(questions), self.seed if self.mode == "play" else None, self.why)
        try:
            with _unwind_on_hangup():
                completed = session.run(questions)
        except BaseException as stop:
            recorder.finish(completed=False)
            if isinstance(stop, KeyboardInterrupt):
                self.view.console.print()
                self.view.stopped(len(session.responses), record.path if record and not record.failure else None)
            raise
        if record is not None:
            record.save(session.responses, datetime.now(timezone.utc), completed)
        recorder.finish(completed)
        saved = record.path if record and not record.failure else None
        self.view.summary(summarise(questions, session.responses), saved)
        if record is not None and record.failure:
            raise RelquizError(record.failure)

    def results_record(self, results: str | None, total: int) -> ResultsRecord | None:
        """The results file, checked and created before the first question."""
        if results is None:
            return None
        from relquiz.results import ResultsRecord, choose_results_file

        wanted, path = choose_results_file(results, self.student)
        if path != wanted:
            self.errors.warning(f"{printable(str(wanted))} already exists; saving to {printable(str(path))} instead")
        record = ResultsRecord(
            path,
            self.bank,
            self.seed,
            self.student,
            total,
            started_at=datetime.now(timezone.utc),
            time_limit=self.time_limit,
            filters=self.filters,
        )
        record.save([])
        if record.failure:
            # Nothing was written into the name just claimed: give it back, or the next run would
            # find it taken ("saving to r-1.json instead") by an empty file.
            with contextlib.suppress(OSError):
                if path.stat().st_size == 0:
                    path.unlink()
            raise ResultsError(record.failure)
        return record


def new_seed() -> int:
    """A short random seed a class can share (os.urandom: `secrets` would load more modules)."""
    return int.from_bytes(os.urandom(4), "big") % 100_000


@contextmanager
def _unwind_on_hangup() -> Iterator[None]:
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


class HistoryRecorder:
    """Records each answer in the history as it is given. The history is opened at the first
    answer, so the first question is not kept waiting and a run without answers leaves no
    session; if the history fails, one warning and the quiz goes on without it."""

    def __init__(self, errors: View, opener: Callable[[], History | None], run: QuizRun) -> None:
        self.errors = errors
        self.opener: Callable[[], History | None] | None = opener
        self.run = run
        self.history: History | None = None
        self.session_id: int | None = None

    def record(self, response: Response) -> None:
        if self.opener is not None:
            opener, self.opener = self.opener, None
            self.history = opener()
            if self.history is not None:
                run = self.run
                with self.failsafe():
                    self.session_id = self.history.start_session(
                        run.bank.sha256, run.bank.title, run.mode, run.seed, run.student
                    )
        if self.history is not None and self.session_id is not None:
            with self.failsafe():
                self.history.record_answer(self.session_id, self.run.bank.sha256, response, response.why)

    def finish(self, completed: bool) -> None:
        if self.history is not None and self.session_id is not None:
            with self.failsafe():
                self.history.finish_session(self.session_id, completed)
        if self.history is not None:
            self.history.close()
            self.history = None

    @contextmanager
    def failsafe(self) -> Iterator[None]:
        from relquiz.history import HistoryUnavailable

        try:
            yield
        except HistoryUnavailable as error:
            self.errors.warning(f"history is off for the rest of this run: {error}")
            self.history = None


def open_history(errors: View, enabled: bool) -> History | None:
    """The learner's history, or None (with a one-line warning) when it cannot be used."""
    if not enabled:
        return None
    from relquiz.history import History, HistoryUnavailable

    try:
        return History.open(history_path(), lambda: datetime.now(timezone.utc))
    except HistoryUnavailable as error:
        errors.warning(f"history is off for this run: {error}")
        return None


@app.command()
def play(
    bank: BankOption = None,
    count: CountOption = None,
    all_questions: Annotated[bool, typer.Option("--all", help="Ask every question in the bank.")] = False,
    seed: SeedOption = None,
    no_shuffle: Annotated[bool, typer.Option("--no-shuffle", help="Keep the bank's order.")] = False,
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
    plain: PlainOption = False,
) -> None:
    """Answer scenarios: therapy relationship or friendship? Each answer is explained."""
    view, errors = views(plain)
    with error_boundary(errors):
        from relquiz.quiz import draw_questions, select_questions

        if all_questions and count is not None:
            raise UsageError("use either --all or --count, not both")
        check_text(student, "--student")
        loaded = load(bank)
        seed = seed if seed is not None else new_seed()
        chosen = select_questions(
            loaded.questions, tags=tag or (), difficulties=difficulty or (), distinctions=distinction or ()
        )
        if not chosen:
            raise UsageError("no question matches these filters; 'relquiz list' shows what the bank holds")
        wanted_count = None if all_questions else (count or DEFAULT_COUNT)
        questions = draw_questions(chosen, wanted_count, seed, shuffle=not no_shuffle)
        filters = _filters_in_use(tag, difficulty, distinction)
        quiz = QuizRun(view, errors, loaded, seed, "play", student, time_limit, why, filters)
        quiz.run(questions, results, lambda: open_history(errors, not no_history))


@app.command()
def review(
    bank: BankOption = None,
    count: CountOption = None,
    seed: Annotated[
        int | None,
        seed_option("Recorded in the results file; the order itself comes from your history (missed first)."),
    ] = None,
    results: ResultsOption = None,
    student: StudentOption = None,
    why: WhyOption = False,
    plain: PlainOption = False,
) -> None:
    """Play again the questions that are due: missed ones first, then the oldest (Leitner boxes)."""
    view, errors = views(plain)
    with error_boundary(errors):
        from relquiz.history import History
        from relquiz.review import card_states, due_questions, next_due

        loaded = load(bank)
        check_text(student, "--student")
        if not history_path().exists():  # nothing recorded yet: say so without creating a file
            view.nothing_due(False, None, datetime.now(timezone.utc))
            return
        # Review cannot run without the history, so its failure is the one error shown.
        with History.open(history_path(), lambda: datetime.now(timezone.utc)) as history:
            now = datetime.now(timezone.utc)
            states = card_states(history.answers(loaded.sha256), now)
            due = due_questions(loaded.questions, states, now)
            if not due:
                view.nothing_due(bool(states), next_due(states, now), now)
                return
            seed = seed if seed is not None else new_seed()
            quiz = QuizRun(view, errors, loaded, seed, "review", student, why=why)
            quiz.run(due[: count or DEFAULT_COUNT], results, lambda: history)


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
