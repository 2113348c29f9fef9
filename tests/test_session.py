"""The interactive loop with a scripted asker and a recording console: no Typer involved."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

import pytest
from conftest import SMALL_BANK
from rich.text import Text

from relquiz.bank import load_bank
from relquiz.model import Answer, Distinction, Response
from relquiz.prompt import EndOfInput
from relquiz.render import View, make_console
from relquiz.session import QuizSession


def scripted(lines: Sequence[str]) -> Iterator[str]:
    yield from lines


def make_session(replies: Sequence[str], saved: list[int]) -> tuple[QuizSession, io.StringIO]:
    output = io.StringIO()
    view = View(make_console(plain=True, file=output), plain=True)
    script = scripted(replies)

    def ask(prompt: Text) -> str:
        try:
            return next(script)
        except StopIteration:
            raise EndOfInput from None

    ticks = iter(range(0, 1000, 2))
    session = QuizSession(view, ask, save=lambda responses: saved.append(len(responses)), clock=lambda: next(ticks))
    return session, output


QUESTIONS = load_bank([SMALL_BANK]).questions


def test_answers_are_judged_saved_each_time_and_explained() -> None:
    saved: list[int] = []
    session, output = make_session(["t", "T", "f", "2"], saved)
    assert session.run(QUESTIONS) is True
    assert [r.given for r in session.responses] == [
        Answer.THERAPY,
        Answer.THERAPY,
        Answer.FRIENDSHIP,
        Answer.FRIENDSHIP,
    ]
    assert [r.correct for r in session.responses] == [True, False, False, True]
    assert [r.seconds for r in session.responses] == [2, 2, 2, 2]
    assert saved == [1, 2, 3, 4]
    text = output.getvalue()
    assert "Question 1 of 4: Ana meets a counsellor" in text
    assert "Right. This is a therapy relationship." in text
    assert "Wrong. This is a friendship, not a therapy relationship." in text
    assert "Purpose (in this scenario): The meetings exist to work on exam anxiety." in text
    assert "Professionalism (in general):" in text
    assert "Takeaway: A plan and a goal mark therapy." in text


def test_bad_replies_reprompt_and_help_shows_the_distinctions() -> None:
    saved: list[int] = []
    session, output = make_session(["maybe", "", "?", "f"], saved)
    assert session.run(QUESTIONS[1:2]) is True
    text = output.getvalue()
    assert "'maybe' is not an answer." in text
    assert "\nType t for therapy, f for friendship, ? for help or q to stop." in text  # the empty line
    assert "The five distinctions" in text
    assert session.responses[0].correct


@pytest.mark.parametrize("replies", [["t", "q"], ["t"]], ids=["quit", "end-of-input"])
def test_quit_and_end_of_input_stop_keeping_what_was_answered(replies: list[str]) -> None:
    saved: list[int] = []
    session, _ = make_session(replies, saved)
    assert session.run(QUESTIONS) is False
    assert len(session.responses) == 1 and saved == [1]


def test_an_answer_is_saved_before_a_rendering_failure() -> None:
    saved: list[int] = []
    session, _ = make_session(["t"], saved)

    def broken(*_: object) -> None:
        raise RuntimeError("render failed")

    session.view.feedback = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        session.run(QUESTIONS)
    assert saved == [1] and isinstance(session.responses[0], Response)


def test_the_why_step_is_asked_after_the_answer_and_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    saved: list[int] = []
    session, output = make_session(["t", "nonsense", "pd", "f", ""], saved)
    session.ask_why = True
    assert session.run(QUESTIONS[:2]) is True
    assert [r.why for r in session.responses] == [(Distinction.PURPOSE, Distinction.DURATION), ()]
    assert saved == [1, 2]
    text = output.getvalue()
    assert "'nonsense' names no distinction." in text
    assert (
        "Your reasons: cited and named: Purpose, Duration; named but not cited here: none; cited but not named: none."
        in text
    )
    assert "You skipped the why step." in text


def test_stopping_at_the_why_prompt_keeps_the_answer() -> None:
    saved: list[int] = []
    session, _ = make_session(["t", "q"], saved)
    session.ask_why = True
    assert session.run(QUESTIONS) is False
    assert saved == [1] and session.responses[0].why is None
