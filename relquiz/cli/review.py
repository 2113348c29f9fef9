"""`relquiz review`: the quiz on the questions the history says are due again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated

from relquiz.cli.common import (
    DEFAULT_COUNT,
    BankOption,
    PlainOption,
    check_encodable,
    command,
    history_path,
    load,
    views,
)
from relquiz.cli.play import (
    CountOption,
    NoPauseOption,
    ResultsOption,
    StudentOption,
    WhyOption,
    new_seed,
    play_in_terminal,
    seed_option,
)

if TYPE_CHECKING:
    from relquiz.model import Response
    from relquiz.views.base import View


@command()
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
    no_pause: NoPauseOption = False,
    plain: PlainOption = False,
) -> None:
    """Play again the questions that are due: missed ones first, then the oldest (Leitner boxes)."""
    from relquiz.history import History
    from relquiz.model import Mode
    from relquiz.run import RunPlan
    from relquiz.schedule import card_states, coming_back, due_questions, next_due
    from relquiz.views.practice import show_nothing_due
    from relquiz.views.review import review_heading, show_coming_back

    loaded = load(bank, plain)
    check_encodable(student, "--student")
    view, _ = views(plain)
    if not history_path().exists():  # nothing recorded yet: say so without creating a file
        show_nothing_due(view, False, None, datetime.now(timezone.utc))
        return
    # Review cannot run without the history, so its failure is the one error shown.
    with History.open(history_path()) as history:
        now = datetime.now(timezone.utc)
        states = card_states(history.answers(loaded.sha256), now)
        due = due_questions(loaded.questions, states, now)
        if not due:
            show_nothing_due(view, bool(states), next_due(states, now), now)
            return
        seed = seed if seed is not None else new_seed()
        chosen = tuple(due[: count or DEFAULT_COUNT])
        plan = RunPlan(loaded, chosen, seed, Mode.REVIEW, student, why=why)
        missed = sum(not states[question.id].last_correct for question in chosen)
        heading = review_heading(len(chosen), len(due), missed)

        def when_they_come_back(shown: View, answered: Sequence[Response]) -> None:
            after = card_states(history.answers(loaded.sha256), datetime.now(timezone.utc))
            show_coming_back(shown, coming_back(after, [response.question_id for response in answered]))

        play_in_terminal(plan, results, lambda: history, plain, not no_pause, heading, when_they_come_back)
