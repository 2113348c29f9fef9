"""A real pseudo-terminal session: answers, help, Ctrl-C and end of input, as a person would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Protocol

import pytest
from helpers import SMALL_BANK

from relquiz.safety import ESCAPE_SEQUENCE

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.pty


class Child(Protocol):
    """What these tests use of a pexpect.spawn (pexpect ships no type hints)."""

    before: str
    exitstatus: int | None

    def expect(self, pattern: object, timeout: float | None = ...) -> int: ...
    def expect_exact(self, pattern: str) -> int: ...
    def send(self, text: str) -> int: ...
    def sendline(self, text: str = ...) -> int: ...
    def sendintr(self) -> None: ...
    def sendeof(self) -> None: ...
    def setwinsize(self, rows: int, cols: int) -> None: ...
    def kill(self, sig: int) -> None: ...
    def close(self) -> None: ...


def spawn(
    tmp_path: Path, *args: str, columns: int = 80, term: str = "dumb", colour: bool = False, pause: bool = False
) -> Child:
    """relquiz in a pseudo-terminal; a quiz goes straight on after each answer unless `pause`
    (the tests of the pause itself), as most tests are about something else."""
    if args and args[0] in ("play", "review") and not pause:
        args = (*args, "--no-pause")
    env = {**os.environ, "TERM": term, "NO_COLOR": "1", "RELQUIZ_HOME": str(tmp_path / "home")}
    env.pop("RELQUIZ_DEBUG", None)
    if colour:  # the live countdown needs a colour terminal that is not dumb
        env.pop("NO_COLOR")
    child: Child = pexpect.spawn(
        sys.executable,
        ["-m", "relquiz", *args],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, columns),
    )
    return child


def exit_status(child: Child) -> int:
    """Wait for the program to end and give its exit code (its output stays in child.before)."""
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None, "ended by a signal"
    return child.exitstatus


def test_answer_help_then_ctrl_c(tmp_path: Path) -> None:
    child = spawn(tmp_path, "play", "-b", str(SMALL_BANK), "--all", "--seed", "2", "--results", "r.json")
    child.expect("Question 1 of 4")
    child.expect("q to stop\\]: ")
    child.sendline("t")
    child.expect("(Right|Wrong)\\.")
    child.expect("Question 2 of 4")
    child.expect("q to stop\\]: ")
    child.sendline("?")
    child.expect("The five distinctions")
    child.expect("q to stop\\]: ")
    child.sendintr()
    assert exit_status(child) == 130
    transcript = child.before.replace("\r\n", "\n")
    assert "Traceback" not in transcript
    assert "Stopped; 1 answer saved to r.json." in transcript
    saved = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert saved["completed"] is False and len(saved["answers"]) == 1


def test_end_of_input_at_the_prompt_exits_zero(tmp_path: Path) -> None:
    child = spawn(tmp_path, "play", "-b", str(SMALL_BANK), "-n", "2")
    child.expect("q to stop\\]: ")
    child.sendline("f")
    child.expect("q to stop\\]: ")
    child.sendeof()
    assert exit_status(child) == 0
    assert "Score: " in child.before


@pytest.mark.parametrize("columns", [40, 250])
def test_narrow_and_wide_terminals(tmp_path: Path, columns: int) -> None:
    # A real TERM: Rich takes a dumb terminal for 80 columns, whatever the window's width.
    child = spawn(tmp_path, "play", "-b", str(SMALL_BANK), "-n", "1", columns=columns, term="xterm")
    child.expect("\\]: ")
    shown = ESCAPE_SEQUENCE.sub("", child.before)  # NO_COLOR still allows italic and bold
    assert all(len(line) <= columns for line in shown.splitlines())
    child.sendline("t")
    child.expect("Score: ")
    assert exit_status(child) == 0


def test_a_narrow_window_gets_prompts_that_fit_on_one_line(tmp_path: Path) -> None:
    """At 40 columns the full prompts would break mid-word; a real TERM, as Rich treats a dumb
    terminal as 80 columns wide."""
    child = spawn(tmp_path, "play", "-b", str(SMALL_BANK), "-n", "1", "--why", columns=40, term="xterm")
    child.expect_exact("Therapy or friendship? [t/f/?/q]: ")
    child.sendline("t")
    child.expect_exact("Which told you? [p/r/c/b/d]: ")
    child.sendline("p")
    child.expect("Score: ")
    assert exit_status(child) == 0


def test_time_limit_counts_down_on_a_terminal(tmp_path: Path) -> None:
    args = ("play", "-b", str(SMALL_BANK), "-n", "1", "--time-limit", "2", "--results", "r.json")
    child = spawn(tmp_path, *args, term="xterm-256color", colour=True)
    child.expect("Time left: 2 s")
    child.expect("q to stop\\]: ")
    child.send("t")
    child.expect("Time is up", timeout=10)
    child.sendline("")
    child.expect("(Right|Wrong)\\.")
    child.expect("marked late")
    assert exit_status(child) == 0
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["answers"][0]["late"] is True


def test_a_resize_during_the_countdown_stops_it_rather_than_overwrite_the_screen(tmp_path: Path) -> None:
    child = spawn(tmp_path, "play", "-b", str(SMALL_BANK), "-n", "1", "--time-limit", "6", term="xterm", colour=True)
    child.expect("q to stop\\]: ")
    child.expect("Time left: 4 s")  # the live line is running
    child.setwinsize(40, 100)
    with pytest.raises(pexpect.TIMEOUT):
        child.expect("Time left: [0-3] s", timeout=3)
    child.sendline("t")
    child.expect("(Right|Wrong)\\.")
    assert exit_status(child) == 0


def test_ctrl_c_keeps_the_answered_rows_in_the_history(tmp_path: Path) -> None:
    child = spawn(tmp_path, "play", "-b", str(SMALL_BANK), "--all", "--seed", "3")
    for _ in range(2):
        child.expect("q to stop\\]: ")
        child.sendline("t")
    child.expect("q to stop\\]: ")
    child.sendintr()
    assert exit_status(child) == 130
    listed = spawn(tmp_path, "history", "--json")
    assert exit_status(listed) == 0
    sessions = json.loads(listed.before.replace("\r\n", "\n"))["sessions"]
    assert [(s["answered"], s["completed"]) for s in sessions] == [(2, False)]


def test_a_window_resized_during_a_question(tmp_path: Path) -> None:
    child = spawn(tmp_path, "play", "-b", str(SMALL_BANK), "-n", "2", "--time-limit", "30", columns=100, term="xterm")
    child.expect("q to stop\\]: ")
    child.setwinsize(30, 40)
    child.sendline("t")
    child.expect("(Right|Wrong)\\.")
    child.expect("\\[t/f/\\?/q\\]: ")  # drawn for 40 columns now
    child.setwinsize(50, 250)
    child.sendline("f")
    child.expect("Score: ")
    assert exit_status(child) == 0 and "Traceback" not in child.before


@pytest.mark.parametrize("stdin", ["devnull", "closed"])
def test_no_input_at_all_ends_cleanly(tmp_path: Path, stdin: str) -> None:
    env = {**os.environ, "RELQUIZ_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "relquiz", "play", "-b", str(SMALL_BANK), "-n", "2"]
    if stdin == "devnull":
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=60)
    else:
        shell = " ".join(command) + " 0<&-"
        done = subprocess.run(["sh", "-c", shell], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Stopped before the first answer" in done.stdout


def test_a_closed_stderr_does_not_stop_the_quiz(tmp_path: Path) -> None:
    """input() needs stderr: without the fallback, the quiz ended silently with 1 at the prompt."""
    env = {**os.environ, "RELQUIZ_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "relquiz", "play", "-b", str(SMALL_BANK), "-n", "2", "--results", "r.json"]
    shell = " ".join(command) + " 2>&-"
    done = subprocess.run(["sh", "-c", shell], input="t\nf\n", capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0 and "Question 2 of 2" in done.stdout
    assert len(json.loads((tmp_path / "r.json").read_text())["answers"]) == 2


@pytest.mark.parametrize("command", [["play", "-n", "1"], ["list"], ["--version"]])
def test_a_closed_stdout_is_one_clear_error(tmp_path: Path, command: list[str]) -> None:
    env = {**os.environ, "RELQUIZ_HOME": str(tmp_path / "home")}
    shell = " ".join([sys.executable, "-m", "relquiz", *command]) + " >&-"
    done = subprocess.run(["sh", "-c", shell], input="t\n", capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == "relquiz: error: standard output is closed; nothing can be shown\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--json"],
        ["export", "-f", "gift"],
        ["play", "-n", "1"],
        ["--version"],
        ["--help"],
        ["play", "--help"],
    ],
)
def test_a_full_disk_on_stdout_is_one_clear_error(tmp_path: Path, command: list[str]) -> None:
    env = {**os.environ, "RELQUIZ_HOME": str(tmp_path / "home")}
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "relquiz", *command],
            input="t\n",
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
    assert done.returncode == 1
    assert done.stderr == "relquiz: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("signal_name", ["SIGHUP", "SIGTERM"])
def test_a_closed_terminal_at_the_why_prompt_keeps_the_answer(tmp_path: Path, signal_name: str) -> None:
    import signal

    child = spawn(tmp_path, "play", "-b", str(SMALL_BANK), "-n", "3", "--why", "--results", "r.json")
    child.expect("q to stop\\]: ")
    child.sendline("t")
    child.expect("Enter skips\\]: ")
    child.kill(getattr(signal, signal_name))
    assert exit_status(child) == 128 + getattr(signal, signal_name)
    saved = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(saved["answers"]) == 1 and saved["completed"] is False
    listed = spawn(tmp_path, "history", "--json")
    assert exit_status(listed) == 0
    sessions = json.loads(listed.before.replace("\r\n", "\n"))["sessions"]
    assert [(s["answered"], s["completed"]) for s in sessions] == [(1, False)]


def test_the_explanation_waits_for_enter_before_the_next_question(tmp_path: Path) -> None:
    """Without a pause the verdict scrolled away as question 2 was drawn: a person must be able
    to read it. Enter goes on; q at the pause stops with the summary, keeping both answers."""
    child = spawn(tmp_path, "play", "-b", str(SMALL_BANK), "-n", "3", "--results", "r.json", pause=True)
    child.expect("q to stop\\]: ")
    child.sendline("t")
    child.expect("This is ")
    child.expect_exact("[Enter: next question, ?: the five distinctions, q: stop]")
    with pytest.raises(pexpect.TIMEOUT):
        child.expect("Question 2 of 3", timeout=1)  # waiting, not drawing the next question
    child.sendline("")
    child.expect("Question 2 of 3")
    child.expect("q to stop\\]: ")
    child.sendline("f")
    child.expect_exact("[Enter: next question, ?: the five distinctions, q: stop]")
    child.sendline("q")
    child.expect("Score: ")
    child.expect(pexpect.EOF)
    assert exit_status(child) == 0
    saved = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert saved["score"]["answered"] == 2 and saved["completed"] is False


def test_ctrl_c_ends_with_the_summary_q_gives_and_says_what_was_saved(tmp_path: Path) -> None:
    child = spawn(tmp_path, "play", "-b", str(SMALL_BANK), "-n", "3", "--results", "r.json")
    child.expect("q to stop\\]: ")
    child.sendline("t")
    child.expect("Question 2 of 3")
    child.expect("q to stop\\]: ")
    child.sendintr()
    child.expect("Score: \\d/1 \\(\\d+%\\), stopped after 1 of 3 questions")
    child.expect("Accuracy by distinction")
    child.expect("Stopped; 1 answer saved to r.json.")
    child.expect(pexpect.EOF)
    assert exit_status(child) == 130
