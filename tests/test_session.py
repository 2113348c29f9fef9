"""The interactive loop with a scripted asker and a recording console: no Typer involved."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import pytest
from helpers import SMALL_BANK
from rich.text import Text

from relquiz.bank.load import load_bank
from relquiz.model import Answer, Distinction, Mode, Question, Response
from relquiz.prompt import EndOfInput
from relquiz.run import QuizRun, RunPlan
from relquiz.session import QuizSession
from relquiz.views.base import make_console
from relquiz.views.quiz import QuizView

if TYPE_CHECKING:
    pass


def scripted(lines: Sequence[str]) -> Iterator[str]:
    yield from lines


class RecordingHistory:
    """Stands in for History: how many answers it held after each one was recorded."""

    def __init__(self) -> None:
        self.saved: list[int] = []

    def start_session(self, *_: object) -> int:
        return 1

    def record_answer(self, session_id: int, bank_sha256: str, response: Response) -> None:
        self.saved.append(len(self.saved) + 1)

    def finish_session(self, session_id: int, completed: bool) -> None:
        pass


def make_session(
    replies: Sequence[str], saved: list[int], why: bool = False, questions: Sequence[Question] | None = None
) -> tuple[QuizSession, io.StringIO]:
    output = io.StringIO()
    view = QuizView(make_console(plain=True, file=output), plain=True)
    script = scripted(replies)

    def ask(prompt: Text) -> str:
        try:
            return next(script)
        except StopIteration:
            raise EndOfInput from None

    ticks = iter(range(0, 1000, 2))
    history = RecordingHistory()
    history.saved = saved
    plan = RunPlan(BANK, tuple(questions or BANK.questions), 1, Mode.PLAY, why=why)
    run = QuizRun(plan, None, lambda: history, notify=lambda message: None)
    return QuizSession(view, ask, run, clock=lambda: next(ticks)), output


BANK = load_bank([SMALL_BANK])
QUESTIONS = BANK.questions


def test_answers_are_judged_saved_each_time_and_explained() -> None:
    saved: list[int] = []
    session, output = make_session(["t", "T", "f", "2"], saved)
    assert session.play() is True
    assert [r.given for r in session.run.responses] == [
        Answer.THERAPY,
        Answer.THERAPY,
        Answer.FRIENDSHIP,
        Answer.FRIENDSHIP,
    ]
    assert [r.correct for r in session.run.responses] == [True, False, False, True]
    assert [r.seconds for r in session.run.responses] == [2, 2, 2, 2]
    assert saved == [1, 2, 3, 4]
    text = output.getvalue()
    assert "Question 1 of 4: Ana meets a counsellor" in text
    assert "Right. This is a therapy relationship." in text
    assert "Wrong. This is a friendship, not a therapy relationship." in text
    assert "Purpose, in this scenario: The meetings exist to work on exam anxiety." in text
    assert "Not at stake here: Boundaries and Duration (? shows what each means)." in text
    assert "Takeaway: A plan and a goal mark therapy." in text


def test_bad_replies_reprompt_and_help_shows_the_distinctions() -> None:
    saved: list[int] = []
    session, output = make_session(["maybe", "", "?", "f"], saved, questions=QUESTIONS[1:2])
    assert session.play() is True
    text = output.getvalue()
    assert "'maybe' is not an answer." in text
    assert "\nType t for therapy, f for friendship, ? for help or q to stop." in text  # the empty line
    assert "The five distinctions" in text
    assert session.run.responses[0].correct


@pytest.mark.parametrize("replies", [["t", "q"], ["t"]], ids=["quit", "end-of-input"])
def test_quit_and_end_of_input_stop_keeping_what_was_answered(replies: list[str]) -> None:
    saved: list[int] = []
    session, _ = make_session(replies, saved)
    assert session.play() is False
    assert len(session.run.responses) == 1 and saved == [1]


def test_an_answer_is_saved_before_a_rendering_failure() -> None:
    saved: list[int] = []
    session, _ = make_session(["t"], saved)

    def broken(question: Question, response: Response) -> None:
        raise RuntimeError("render failed")

    session.view.feedback = broken  # type: ignore[method-assign]  # a view that fails, on purpose
    with pytest.raises(RuntimeError):
        session.play()
    assert saved == [1] and isinstance(session.run.responses[0], Response)


def test_the_why_step_is_asked_after_the_answer_and_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    saved: list[int] = []
    session, output = make_session(["t", "nonsense", "pd", "f", ""], saved, why=True, questions=QUESTIONS[:2])
    assert session.play() is True
    assert [r.why for r in session.run.responses] == [(Distinction.PURPOSE, Distinction.DURATION), ()]
    assert saved == [1, 2]
    text = output.getvalue()
    assert "'nonsense' names no distinction." in text
    assert "Your reasons: You named Purpose and Duration: just what this scenario turns on." in text
    assert "You skipped the why step." in text


def test_stopping_at_the_why_prompt_keeps_the_answer() -> None:
    saved: list[int] = []
    session, _ = make_session(["t", "q"], saved, why=True)
    assert session.play() is False
    assert saved == [1] and session.run.responses[0].why is None


def test_help_is_a_dozen_lines_and_the_scenario_comes_back_after_it() -> None:
    saved: list[int] = []
    session, output = make_session(["?", "t"], saved, questions=QUESTIONS[:1])
    assert session.play() is True
    text = output.getvalue()
    help_text = text.split("The five distinctions")[1].split("Question 1 of 1")[0]
    assert len(help_text.strip().splitlines()) <= 12
    assert text.count("Question 1 of 1: Ana meets a counsellor") == 2  # before the help and after it
