"""`relquiz play`: the quiz."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated

import typer

from relquiz.cli.common import (
    DEFAULT_COUNT,
    BankOption,
    DifficultyOption,
    DistinctionOption,
    PlainOption,
    TagOption,
    app,
    error_boundary,
    load,
    views,
)
from relquiz.errors import RelquizError, ResultsError, UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from relquiz.model import Difficulty, Distinction, Response


@app.command()
def play(
    bank: BankOption = None,
    count: Annotated[
        int | None,
        typer.Option(
            "--count",
            "-n",
            min=1,
            metavar="N",
            show_default=False,
            help="How many questions to ask (default 10; more than the bank holds means all).",
        ),
    ] = None,
    all_questions: Annotated[bool, typer.Option("--all", help="Ask every question in the bank.")] = False,
    seed: Annotated[
        int | None,
        typer.Option(
            metavar="N", help="Same seed and bank give the same questions in the same order.", show_default=False
        ),
    ] = None,
    no_shuffle: Annotated[bool, typer.Option("--no-shuffle", help="Keep the bank's order.")] = False,
    results: Annotated[
        str | None,
        typer.Option(
            help="Save answers to this JSON file, or into this folder (never overwrites; saved after every answer).",
            show_default=False,
        ),
    ] = None,
    student: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Your name, recorded in the results file.", show_default=False),
    ] = None,
    difficulty: DifficultyOption = None,
    distinction: DistinctionOption = None,
    tag: TagOption = None,
    time_limit: Annotated[
        int | None,
        typer.Option(
            "--time-limit",
            min=1,
            metavar="SECONDS",
            help="A soft limit per question, shown as a countdown; later answers count but are marked late.",
            show_default=False,
        ),
    ] = None,
    why: Annotated[
        bool, typer.Option("--why", help="After each answer, say which distinction told you; scored as recognition.")
    ] = False,
    plain: PlainOption = False,
) -> None:
    """Answer scenarios: therapy relationship or friendship? Each answer is explained."""
    view, errors = views(plain)
    with error_boundary(errors):
        from relquiz.prompt import line_reader
        from relquiz.quiz import draw_questions, select_questions, summarise
        from relquiz.results import ResultsRecord, choose_results_file
        from relquiz.session import QuizSession

        if all_questions and count is not None:
            raise UsageError("use either --all or --count, not both")
        loaded = load(bank)
        seed = seed if seed is not None else secrets.randbelow(100_000)
        wanted_count = None if all_questions else (count or DEFAULT_COUNT)
        chosen = select_questions(
            loaded.questions, tags=tag or (), difficulties=difficulty or (), distinctions=distinction or ()
        )
        if not chosen:
            raise UsageError("no question matches these filters; 'relquiz list' shows what the bank holds")
        questions = draw_questions(chosen, wanted_count, seed, shuffle=not no_shuffle)
        record = None
        if results is not None:
            wanted, path = choose_results_file(results, student)
            if path != wanted:
                errors.warning(f"{wanted} already exists; saving to {path} instead")
            record = ResultsRecord(
                path,
                loaded,
                seed,
                student,
                len(questions),
                started_at=datetime.now(timezone.utc),
                time_limit=time_limit,
                filters=_filters_in_use(tag, difficulty, distinction),
            )
            record.save([])
            if record.failure:
                raise ResultsError(record.failure)

        def save(responses: Sequence[Response]) -> None:
            if record is not None:
                record.save(responses)
                if record.failure:
                    errors.warning(f"{record.failure}; the quiz goes on and saving is tried again after each answer")

        session = QuizSession(view, line_reader(view.console), save=save, time_limit=time_limit, ask_why=why)
        view.intro(loaded, len(questions), seed)
        try:
            completed = session.run(questions)
        except KeyboardInterrupt:
            view.console.print()
            view.stopped(len(session.responses), record.path if record and not record.failure else None)
            raise
        if record is not None:
            record.save(session.responses, datetime.now(timezone.utc), completed)
        view.summary(summarise(questions, session.responses), record.path if record and not record.failure else None)
        if record is not None and record.failure:
            raise RelquizError(record.failure)


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
