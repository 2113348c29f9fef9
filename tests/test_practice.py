"""The practice history from the command line: recording, review, the progress view, clearing."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from helpers import SMALL_BANK, Runner

HOME = "home"


def history_json(run: Runner) -> dict[str, Any]:
    result = run("history", "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_every_answer_is_recorded_with_the_why_step(run: Runner) -> None:
    result = run("play", "-b", str(SMALL_BANK), "--all", "--no-shuffle", "--why", input="t\np\nt\n\nq\n")
    assert result.exit_code == 0, result.output
    data = history_json(run)
    assert len(data["sessions"]) == 1
    session = data["sessions"][0]
    assert (session["answered"], session["correct"], session["completed"], session["mode"]) == (2, 1, False, "play")
    purpose = next(d for d in data["distinctions"] if d["distinction"] == "purpose")
    assert (purpose["recognised"], purpose["asked_why"]) == (1, 1)  # the skip on question 2 claims nothing


def test_no_history_records_nothing(run: Runner, tmp_path: Path) -> None:
    run("play", "-b", str(SMALL_BANK), "-n", "2", "--no-history", input="t\nt\n")
    assert {path.name for path in (tmp_path / HOME).glob("*")} <= {"cache"}  # the bank cache, no history


def test_a_corrupt_history_warns_and_is_left_untouched(run: Runner, tmp_path: Path) -> None:
    home = tmp_path / HOME
    home.mkdir()
    database = home / "history.sqlite3"
    database.write_bytes(b"this is not a database\n" * 100)
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    result = run("play", "-b", str(SMALL_BANK), "-n", "2", "--results", str(tmp_path / "r.json"), input="t\nf\n")
    assert result.exit_code == 0, result.output
    assert "relquiz: warning: cannot use the history at" in result.stderr
    [_, missing] = result.stderr.splitlines()  # the history refused, then the answers it never got
    assert missing.startswith("relquiz: warning: 2 answers are not in your history: ")
    assert "Score: " in result.stdout
    assert json.loads((tmp_path / "r.json").read_text())["score"]["answered"] == 2
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


def test_review_plays_what_was_missed_then_says_when_the_next_is_due(run: Runner) -> None:
    first = run("review", "-b", str(SMALL_BANK))
    assert first.exit_code == 0 and "Nothing to review yet" in first.stdout
    run("play", "-b", str(SMALL_BANK), "--all", "--no-shuffle", input="f\nf\nf\nf\n")  # 2 wrong, 2 right
    due = run("review", "-b", str(SMALL_BANK), "--plain", input="t\nt\n")
    assert due.exit_code == 0, due.output
    asked = [line for line in due.stdout.splitlines() if line.startswith("Question ")]
    assert len(asked) == 2 and "Ana meets a counsellor" in asked[0] and "Before their first meeting" in asked[1]
    after = run("review", "-b", str(SMALL_BANK))
    assert after.exit_code == 0
    assert "Nothing is due for review in this bank right now." in after.stdout
    assert "The next question is due in 1 day" in after.stdout
    modes = [session["mode"] for session in history_json(run)["sessions"]]
    assert modes == ["play", "review"]


def test_history_view_and_due_count(run: Runner) -> None:
    assert "No practice recorded yet" in run("history").stdout
    run("play", "-b", str(SMALL_BANK), "--all", "--no-shuffle", input="f\nf\nf\nf\n")
    result = run("history", "--plain")
    assert "Questions due for review now: 2 in 'Small test bank'. Run: relquiz review -b BANK" in result.stdout
    assert "Days practised in a row: 1." in result.stdout
    assert "Purpose: 1 of 2 right (50%), trend not enough sessions yet" in result.stdout


def test_clear_asks_first(run: Runner) -> None:
    run("play", "-b", str(SMALL_BANK), "-n", "1", input="t\n")
    declined = run("history", "--clear", input="n\n")
    assert declined.exit_code == 1 and "Nothing was removed." in declined.stdout
    assert len(history_json(run)["sessions"]) == 1
    no_input = run("history", "--clear", input="")
    assert no_input.exit_code == 1 and len(history_json(run)["sessions"]) == 1
    confirmed = run("history", "--clear", input="y\n")
    assert confirmed.exit_code == 0 and "Removed 1 session from your practice history." in confirmed.stdout
    run("play", "-b", str(SMALL_BANK), "-n", "1", input="t\n")
    assert run("history", "--clear", "--yes").exit_code == 0
    assert history_json(run)["sessions"] == []


def test_two_terminals_playing_at_once_lose_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "RELQUIZ_HOME": str(tmp_path / HOME), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "relquiz", "play", "-b", str(SMALL_BANK), "--all", "--plain"]
    players = [
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        for _ in range(2)
    ]
    for player in players:
        assert player.stdin is not None
        player.stdin.write(b"t\nf\nt\nf\n")
        player.stdin.close()
    for player in players:
        assert player.wait(timeout=60) == 0
        assert player.stderr is not None and player.stderr.read() == b""
    listed = subprocess.run(
        [sys.executable, "-m", "relquiz", "history", "--json"], capture_output=True, text=True, env=env, check=True
    )
    sessions = json.loads(listed.stdout)["sessions"]
    assert [s["answered"] for s in sessions] == [4, 4]


def test_review_with_a_broken_history_is_one_clear_line(run: Runner, tmp_path: Path) -> None:
    (tmp_path / HOME).mkdir()
    (tmp_path / HOME / "history.sqlite3").write_text("not a database")
    result = run("review", "-b", str(SMALL_BANK))
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "cannot use the history at" in result.stderr


def test_history_edges(run: Runner) -> None:
    empty = run("history", "--clear", "--yes")
    assert empty.exit_code == 0 and "Nothing to remove: your practice history is empty." in empty.stdout
    assert run("history", "--yes").exit_code == 2
    run("play", "-b", str(SMALL_BANK), "-n", "2", input="q\n")  # a run stopped at once
    run("play", "-b", str(SMALL_BANK), "-n", "2", input="t\nq\n")
    shown = run("history", "--plain").stdout
    assert "Sessions (1)" in shown and re.search(r", score [01] of 1, (0|100)%, stopped\n", shown)  # a random draw


def test_quitting_at_the_last_why_prompt_completes_the_run(run: Runner, tmp_path: Path) -> None:
    result = run(
        "play", "-b", str(SMALL_BANK), "-n", "1", "--why", "--results", str(tmp_path / "r.json"), input="t\nq\n"
    )
    assert result.exit_code == 0 and "stopped after" not in result.stdout
    assert "This is" in result.stdout  # the feedback was still shown
    assert json.loads((tmp_path / "r.json").read_text())["completed"] is True


def test_looking_creates_no_history_file(run: Runner, tmp_path: Path) -> None:
    assert "No practice recorded yet" in run("history").stdout
    assert "Nothing to review yet" in run("review", "-b", str(SMALL_BANK)).stdout
    assert {path.name for path in (tmp_path / HOME).glob("*")} <= {"cache"}  # the bank cache, no history


def test_seeds_and_names_that_could_not_be_stored_are_usage_errors(run: Runner) -> None:
    assert run("play", "--seed", "99999999999999999999").exit_code == 2
    assert run("play", "--seed", "-1").exit_code == 2
    result = run("play", "-b", str(SMALL_BANK), "--student", "Jos\udce9", input="t\n")
    assert result.exit_code == 2 and "--student is not valid text" in result.stderr


def test_every_command_runs_from_the_console_entry(tmp_path: Path) -> None:
    """`relquiz CMD` imports only CMD's module: each must be mapped to the module defining it."""
    from relquiz.cli import COMMAND_MODULES

    env = {**os.environ, "RELQUIZ_HOME": str(tmp_path / HOME)}
    for command in COMMAND_MODULES:
        done = subprocess.run(
            [sys.executable, "-m", "relquiz", command, "--help"], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 0 and f"Usage: relquiz {command}" in done.stdout, (command, done.stderr)
