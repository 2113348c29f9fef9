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
from relquiz.model import Answer, Distinction, Mode, Response
from relquiz.recording import AnswerLog
from relquiz.results_reader import read_results
from relquiz.run import QuizRun, RunEnded, RunPlan, open_results

BANK = load_bank([SMALL_BANK])
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)


def plan(mode: Mode = Mode.PLAY) -> RunPlan:
    return RunPlan(BANK, BANK.questions, 7, mode, "Ana", filters={"tag": ["school"]})


def saved_answers(path: Path) -> list[str]:
    """The answers on disk: in the file, and in the journal of a run not ended yet."""
    return [answer.id for answer in read_results(path).answers]


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


class FlakyLog:
    """An answer log whose writes fail while `full` is set, as a disk that fills and is freed."""

    def __init__(self, tmp_path: Path) -> None:
        self.where = tmp_path
        self.full = False
        self.recorded: list[str] = []
        self.finished: bool | None = None

    def start_session(self, *_: object) -> int:
        return 1

    def record_answer(self, session_id: int, bank_sha256: str, response: Response) -> None:
        if self.full:
            raise HistoryUnavailable(self.where, "the disk is full")
        self.recorded.append(response.question_id)

    def finish_session(self, session_id: int, completed: bool) -> None:
        if self.full:
            raise HistoryUnavailable(self.where, "the disk is full")
        self.finished = completed


def test_a_history_that_fails_for_a_while_is_caught_up_with_nothing_lost(tmp_path: Path) -> None:
    log = FlakyLog(tmp_path)
    asked: list[bool] = []
    notices: list[str] = []

    def get() -> AnswerLog:
        asked.append(True)
        return log

    run = QuizRun(plan(Mode.REVIEW), None, get, notices.append)
    first, second, third, fourth = BANK.questions[:4]
    run.answer(first, first.answer, 1.0)
    log.full = True
    run.answer(second, second.answer, 1.0)
    run.answer(third, third.answer, 1.0)
    log.full = False
    run.answer(fourth, fourth.answer, 1.0)
    run.finish(completed=True)
    assert asked == [True] and log.recorded == [first.id, second.id, third.id, fourth.id] and log.finished is True
    assert notices == [
        f"cannot use the history at {tmp_path}: the disk is full;"
        " the quiz goes on, and the history is tried again with the next answer",
        "the history is being written again; no answer was lost",
    ]


def test_answers_the_history_never_took_are_named_at_the_end(tmp_path: Path) -> None:
    log = FlakyLog(tmp_path)
    notices: list[str] = []
    run = QuizRun(plan(), None, lambda: log, notices.append)
    first, second, third = BANK.questions[:3]
    run.answer(first, first.answer, 1.0)
    log.full = True
    run.answer(second, second.answer, 1.0)
    run.answer(third, third.answer, 1.0)
    run.stop()
    assert log.recorded == [first.id] and log.finished is None
    assert notices[-1] == f"2 answers are not in your history: {second.id}, {third.id}"
    assert len(notices) == 2  # one notice when it failed, one at the end: not one per answer


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


def test_a_history_that_cannot_be_opened_at_the_first_answer_is_opened_later(tmp_path: Path) -> None:
    """A full disk at the first answer left the history empty for the whole run."""
    log = FlakyLog(tmp_path)
    opened: list[bool] = []

    def open_history() -> AnswerLog:
        opened.append(True)
        if len(opened) < 3:
            raise HistoryUnavailable(tmp_path, "the disk is full")
        return log

    notices: list[str] = []
    run = QuizRun(plan(), None, open_history, notices.append)
    for question in BANK.questions[:4]:
        run.answer(question, question.answer, 1.0)
    run.finish(completed=True)
    assert len(opened) == 3 and log.recorded == [q.id for q in BANK.questions[:4]] and log.finished is True
    assert len(notices) == 2 and notices[-1] == "the history is being written again; no answer was lost"


def test_answers_never_recorded_are_named_up_to_five(tmp_path: Path) -> None:
    def never() -> AnswerLog:
        raise HistoryUnavailable(tmp_path, "the file is damaged")

    notices: list[str] = []
    many = RunPlan(BANK, BANK.questions * 2, 7, Mode.PLAY)
    run = QuizRun(many, None, never, notices.append)
    for question in many.questions[:7]:
        run.answer(question, question.answer, 1.0)
    run.stop()
    ids = ", ".join(q.id for q in many.questions[:5])
    assert notices[-1] == f"7 answers are not in your history: {ids} and 2 more"
