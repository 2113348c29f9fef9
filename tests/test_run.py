"""The quiz run in the core, driven directly as a web host would: no terminal, no Typer, no Rich."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
from helpers import SMALL_BANK

from relquiz.bank.load import load_bank
from relquiz.errors import ResultsError
from relquiz.history import History, HistoryUnavailable
from relquiz.model import Answer, Distinction, Mode
from relquiz.run import AnswerLog, QuizRun, RunEnded, RunPlan, open_results

BANK = load_bank([SMALL_BANK])
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)


def plan(mode: Mode = Mode.PLAY) -> RunPlan:
    return RunPlan(BANK, BANK.questions, 7, mode, "Ana", filters={"tag": ["school"]})


def saved_answers(path: Path) -> list[str]:
    return [answer["id"] for answer in json.loads(path.read_text(encoding="utf-8"))["answers"]]


def test_each_answer_is_judged_and_on_disk_before_it_is_returned(tmp_path: Path) -> None:
    notices: list[str] = []
    record = open_results(plan(), str(tmp_path / "r.json"), notices.append, lambda: NOW)
    assert saved_answers(record.path) == []  # created before the first question
    with History.open(tmp_path / "history.sqlite3", lambda: NOW) as history:
        run = QuizRun(plan(), record, lambda: history, notices.append, lambda: NOW)
        first, second = BANK.questions[:2]
        response = run.answer(first, Answer.FRIENDSHIP, 3.0, (Distinction.PURPOSE,))
        assert (response.correct, response.why) == (first.answer is Answer.FRIENDSHIP, (Distinction.PURPOSE,))
        assert saved_answers(record.path) == [first.id]
        assert [a.question_id for a in history.answers(BANK.sha256)] == [first.id]
        run.answer(second, second.answer, 2.0)
        summary = run.finish(completed=False)
        [session] = history.sessions()
    assert (session.mode, session.seed, session.student, session.completed) == ("play", 7, "Ana", False)
    assert (summary.answered, summary.total, summary.correct) == (2, len(BANK.questions), 1 + response.correct)
    document = json.loads(record.path.read_text(encoding="utf-8"))
    assert document["finished_at"] == NOW.isoformat(timespec="seconds") and document["filters"] == {"tag": ["school"]}
    assert notices == [] and run.saved_to == record.path


def asked_for(asked: list[bool]) -> Callable[[], AnswerLog | None]:
    """An answer log that notes each time it is asked for, and is off."""

    def no_history() -> AnswerLog | None:
        asked.append(True)
        return None

    return no_history


def test_a_run_without_answers_asks_for_no_history() -> None:
    asked: list[bool] = []
    run = QuizRun(plan(), None, asked_for(asked), lambda message: None)
    summary = run.finish(completed=False)
    assert asked == [] and summary.answered == 0


def test_the_history_is_asked_for_once_and_a_failure_turns_it_off_with_one_notice(tmp_path: Path) -> None:
    class Failing:
        def start_session(self, *_: object) -> int:
            return 1

        def record_answer(self, *_: object) -> None:
            raise HistoryUnavailable(tmp_path, "the disk is full")

        def finish_session(self, *_: object) -> None:
            raise AssertionError("a failed history is not written to again")

    asked: list[bool] = []
    notices: list[str] = []

    def get() -> AnswerLog:
        asked.append(True)
        return Failing()

    run = QuizRun(plan(Mode.REVIEW), None, get, notices.append)
    for question in BANK.questions[:3]:
        run.answer(question, question.answer, 1.0)
    run.finish(completed=True)
    assert asked == [True] and len(run.responses) == 3
    assert notices == [
        f"history is off for the rest of this run: cannot use the history at {tmp_path}: the disk is full"
    ]


def test_a_results_file_that_stops_saving_is_said_after_each_answer_and_not_claimed(tmp_path: Path) -> None:
    notices: list[str] = []
    record = open_results(plan(), str(tmp_path / "r.json"), notices.append)
    run = QuizRun(plan(), record, lambda: None, notices.append)
    record.path = tmp_path / "gone" / "r.json"
    run.answer(BANK.questions[0], Answer.THERAPY, 1.0)
    assert run.saved_to is None
    assert len(notices) == 1 and "the quiz goes on and saving is tried again after each answer" in notices[0]
    (tmp_path / "gone").mkdir()
    run.answer(BANK.questions[1], Answer.THERAPY, 1.0)
    assert run.saved_to == record.path and len(saved_answers(record.path)) == 2  # caught up: nothing lost


def test_a_results_path_that_cannot_be_used_stops_the_run_before_it_starts(tmp_path: Path) -> None:
    with pytest.raises(ResultsError, match="does not exist"):
        open_results(plan(), str(tmp_path / "missing" / "r.json"), lambda message: None)


def test_an_existing_results_file_is_never_overwritten_and_the_learner_is_told(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text("kept", encoding="utf-8")
    notices: list[str] = []
    record = open_results(plan(), str(tmp_path / "r.json"), notices.append)
    assert record.path == tmp_path / "r-1.json" and (tmp_path / "r.json").read_text(encoding="utf-8") == "kept"
    assert notices == [f"{tmp_path / 'r.json'} already exists; saving to {tmp_path / 'r-1.json'} instead"]


def test_a_run_ends_once_and_takes_no_answer_after(tmp_path: Path) -> None:
    """A driver that answers after the end would mark a finished results file unfinished again."""
    asked: list[bool] = []
    record = open_results(plan(), str(tmp_path / "r.json"), lambda message: None)
    run = QuizRun(plan(), record, asked_for(asked), lambda message: None)
    run.stop()
    with pytest.raises(RunEnded):
        run.answer(BANK.questions[0], Answer.THERAPY, 1.0)
    with pytest.raises(RunEnded):
        run.finish(completed=True)
    assert asked == [] and run.ended and saved_answers(record.path) == []
