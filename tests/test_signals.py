"""Ctrl-C and stop signals never cut an answer in half: it is in the results file and the history,
or it was not taken, and any count printed is the count on disk (issue 11, item 1)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

import pytest
from helpers import SMALL_BANK, benchmark_generator

from relquiz.bank.load import load_bank
from relquiz.cli.play import signals_deferred
from relquiz.history import History
from relquiz.model import Mode
from relquiz.results import ResultsRecord
from relquiz.results_reader import read_results
from relquiz.run import QuizRun, RunPlan, open_results

BANK = load_bank([SMALL_BANK])


@contextmanager
def interrupted_while_saving(monkeypatch: pytest.MonkeyPatch, signum: int) -> Iterator[None]:
    """Send `signum` to this process in the middle of the next answer's save."""
    real = ResultsRecord._append

    def append(self: ResultsRecord, lines: str) -> None:
        os.kill(os.getpid(), signum)
        time.sleep(0.01)  # let the handler run here, if nothing defers it
        real(self, lines)

    monkeypatch.setattr(ResultsRecord, "_append", append)
    yield


def stop_by_exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # as the terminal quiz does for SIGTERM and SIGHUP


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("deferred", [True, False], ids=["deferred", "not-deferred"])
def test_a_signal_during_a_save_waits_until_the_answer_is_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int, deferred: bool
) -> None:
    guard: Callable[[], AbstractContextManager[object]] = signals_deferred if deferred else nullcontext
    plan = RunPlan(BANK, BANK.questions, 1, Mode.PLAY)
    record = open_results(plan, str(tmp_path / "r.json"), lambda message: None)
    previous = signal.signal(signal.SIGTERM, stop_by_exit)
    try:
        with History.open(tmp_path / "history.sqlite3") as history:
            run = QuizRun(plan, record, lambda: history, lambda message: None, guard=guard)
            question = BANK.questions[0]
            with interrupted_while_saving(monkeypatch, signum), pytest.raises((KeyboardInterrupt, SystemExit)):
                run.answer(question, question.answer, 1.0)
            monkeypatch.undo()
            run.stop()
            in_history = len(history.answers())
    finally:
        signal.signal(signal.SIGTERM, previous)
    on_disk = len(read_results(record.path).answers)
    if deferred:
        assert (len(run.responses), on_disk, in_history) == (1, 1, 1)
    else:  # what the guard prevents: the answer counted, written at the stop, but never recorded in the history
        assert (len(run.responses), on_disk, in_history) == (1, 1, 0)


@pytest.mark.parametrize(("signum", "after"), [(signal.SIGINT, 0.2), (signal.SIGTERM, 0.5), (signal.SIGINT, 0.9)])
def test_a_real_quiz_stopped_by_a_signal_keeps_exactly_what_it_says(tmp_path: Path, signum: int, after: float) -> None:
    """As the tester ran it: a large bank, answers piped in as fast as they can be read, a signal
    at some moment; the results file, the history and the printed count must agree."""
    bank = tmp_path / "big.yaml"
    benchmark_generator().write_bank(bank, 3000, seed=3)
    results, home = tmp_path / "r.json", tmp_path / "home"
    env = {**os.environ, "RELQUIZ_HOME": str(home), "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    command = [sys.executable, "-m", "relquiz", "play", "-b", str(bank), "--all", "--results", str(results), "--plain"]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path
    ) as process:
        assert process.stdin is not None
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(b"t\n" * 3000)
        process.stdin.flush()
        started, deadline = b"", time.monotonic() + 30  # a signal before the quiz starts tests nothing
        while b"Question 1 of" not in started and time.monotonic() < deadline:
            started += process.stdout.readline()
        time.sleep(after)
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=60)
        stdout = started + stdout
    assert process.returncode == (130 if signum == signal.SIGINT else 128 + signum), stderr.decode()
    saved = len(read_results(results).answers)
    with History.open(home / "history.sqlite3") as history:
        [session] = history.sessions()
    assert saved == len(session.answers) > 0
    assert session.completed is False
    if signum == signal.SIGINT:
        [said] = re.findall(rb"Stopped; (\d+) answers? saved to", stdout)
        assert int(said) == saved
    document = json.loads(results.read_text(encoding="utf-8"))
    assert document["completed"] is False
