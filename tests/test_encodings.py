"""Output in an encoding other than UTF-8, and terminals that cannot take cursor movement (issue 11,
items 10 and 13): the real console script in a subprocess or a pseudo-terminal, as people run it."""

from __future__ import annotations

import ast
import io
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest
from helpers import BANKS, ROOT, SMALL_BANK

from relquiz.views.base import GLYPHS

ENCODINGS = ["ascii", "latin-1", "cp1252"]  # cp1252: Windows with output redirected to a file
SCRIPT = Path(sys.executable).with_name("relquiz")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "relquiz"]
VERDICT = re.compile(r"^(\+ Right|x Wrong)\. This is", re.MULTILINE)
PLAIN_VERDICT = re.compile(r"^(Right|Wrong)\. This is", re.MULTILINE)
CURSOR_MOVES = re.compile(r"\x1b[78]|\x1b\[[0-9;]*[ABCDEFGHJK]")  # save/restore, up/down, erase line


@dataclass
class Done:
    code: int
    stdout: str
    stderr: str


def relquiz(tmp_path: Path, encoding: str, *args: str, input: str = "", columns: int = 80) -> Done:
    """The console script with its standard streams in `encoding`; its output must decode in it."""
    env = {name: value for name, value in os.environ.items() if name not in {"RELQUIZ_DEBUG", "FORCE_COLOR"}}
    env.update({"PYTHONIOENCODING": encoding, "RELQUIZ_HOME": str(tmp_path / "home"), "COLUMNS": str(columns)})
    done = subprocess.run(
        [*COMMAND, *args], input=input.encode(encoding), capture_output=True, env=env, cwd=tmp_path, timeout=60
    )
    # Strict decoding: a byte the encoding does not define fails the test here.
    return Done(done.returncode, done.stdout.decode(encoding), done.stderr.decode(encoding))


def assert_fine(done: Done) -> None:
    assert done.code == 0, done.stderr
    assert "Traceback" not in done.stderr and "error" not in done.stderr, done.stderr
    # One choice for every symbol: none of relquiz's own in UTF-8 form where the encoding lacks
    # some (cp1252 has '…' and curly quotes, but not '✓').
    assert not set(done.stdout) & set(GLYPHS), done.stdout


PLAYS = {  # with seed 1 the first and third answers are wrong: the summary lists them, whole
    "default": ([], "t\nt\nt\n", VERDICT),
    "plain": (["--plain"], "t\nt\nt\n", PLAIN_VERDICT),
    "why": (["--why"], "t\np\nt\n\nt\nrc\n", VERDICT),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("mode", list(PLAYS))
def test_play_in_a_narrow_encoding(tmp_path: Path, encoding: str, mode: str) -> None:
    options, answers, verdict = PLAYS[mode]
    done = relquiz(tmp_path, encoding, "play", "-n", "3", "--seed", "1", *options, input=answers)
    assert_fine(done)
    assert len(verdict.findall(done.stdout)) == 3, done.stdout
    assert "Score: 1/3" in done.stdout
    assert "You said" in done.stdout.split("Questions to look at again")[1]  # the missed question, whole
    if mode == "why":
        assert "Your reasons: " in done.stdout


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_history_and_report_after_a_play(tmp_path: Path, encoding: str) -> None:
    results = tmp_path / "r.json"
    played = relquiz(tmp_path, encoding, "play", "-n", "3", "--seed", "1", "--results", str(results), input="t\nf\nt\n")
    assert_fine(played)
    history = relquiz(tmp_path, encoding, "history")
    assert_fine(history)
    assert "Days practised in a row: 1." in history.stdout
    assert re.search(r"Purpose .*\(\d+%\) .* [_.:\-=+*#]+ ", history.stdout), history.stdout  # the sparkline
    report = relquiz(tmp_path, encoding, "report", str(results), columns=120)  # room for ids and bars
    assert_fine(report)
    assert "Class report: " in report.stdout
    assert re.search(r"\| [#.]{10} \|", report.stdout), report.stdout  # the accuracy bars


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("plain", [False, True])
def test_list_learn_and_validate_in_a_narrow_encoding(tmp_path: Path, encoding: str, plain: bool) -> None:
    flags = ["--plain"] if plain else []
    listed = relquiz(tmp_path, encoding, "list", *flags)
    assert_fine(listed)
    assert re.search(r"\d+ questions\.", listed.stdout)
    assert ("..." in listed.stdout) is not plain  # the scenarios' first words; whole in plain output
    learned = relquiz(tmp_path, encoding, "learn", *flags)
    assert_fine(learned)
    assert "for example: " in learned.stdout.lower()
    validated = relquiz(tmp_path, encoding, "validate", str(ROOT / "data"), *flags)
    assert_fine(validated)
    assert re.search(r"data: \d+ questions", validated.stdout)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_bank_text_the_encoding_cannot_hold_is_replaced(tmp_path: Path, encoding: str) -> None:
    hostile = str(BANKS["hostile"])  # an emoji, curly quotes, a dash, accented letters
    listed = relquiz(tmp_path, encoding, "list", "-b", hostile)
    assert listed.code == 0 and "Traceback" not in listed.stderr, listed.stderr
    for plain in ([], ["--plain"]):
        played = relquiz(tmp_path, encoding, "play", "-b", hostile, "--all", *plain, input="t\n" * 20)
        assert played.code == 0 and "Traceback" not in played.stderr, played.stderr
        assert "Score: " in played.stdout
    assert "emoji ?," in played.stdout  # no encoding here holds it; one line in plain mode


def test_a_reply_the_encoding_cannot_read_is_no_answer(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "RELQUIZ_HOME": str(tmp_path / "home"), "COLUMNS": "80"}
    command = [*COMMAND, "play", "-b", str(SMALL_BANK), "-n", "1"]
    done = subprocess.run(command, input="é\nt\n".encode(), capture_output=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    stdout = done.stdout.decode("ascii")
    assert "is not an answer" in stdout and VERDICT.search(stdout)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_json_keeps_every_character_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    """JSON falls back to \\u escapes rather than '?': the same data, whatever the encoding."""
    utf8 = relquiz(tmp_path, "utf-8", "list", "--json")
    narrow = relquiz(tmp_path, encoding, "list", "--json")
    assert utf8.code == narrow.code == 0, narrow.stderr
    assert json.loads(narrow.stdout) == json.loads(utf8.stdout)


def test_a_utf8_terminal_keeps_the_symbols(tmp_path: Path) -> None:
    done = relquiz(tmp_path, "utf-8", "play", "-n", "1", "--seed", "1", input="t\n")
    assert done.code == 0 and re.search(r"^[✓✗] (Right|Wrong)\.", done.stdout, re.MULTILINE), done.stdout


def test_every_symbol_the_views_draw_has_an_ascii_form() -> None:
    """A symbol added to a screen without a fallback would end the program on a Latin-1 terminal."""
    assert all(form.isascii() for form in GLYPHS.values())
    for module in sorted((ROOT / "relquiz" / "views").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                unknown = {char for char in node.value if not char.isascii()} - set(GLYPHS)
                assert not unknown, f"{module.name}:{node.lineno}: {sorted(unknown)} not in GLYPHS"


# The live countdown (item 13): only on a terminal that takes cursor movement and colour.


class Child(Protocol):
    """What these tests use of a pexpect.spawn (pexpect ships no type hints)."""

    logfile_read: io.StringIO | None

    def expect(self, pattern: object, timeout: float | None = ...) -> int: ...
    def sendline(self, text: str = ...) -> int: ...
    def close(self) -> None: ...

    exitstatus: int | None


def countdown_transcript(tmp_path: Path, term: str, no_color: bool) -> str:
    """Everything a one-question quiz with a 1 s limit writes to a terminal, answered after 2.5 s."""
    pexpect = pytest.importorskip("pexpect")
    env = {
        name: value for name, value in os.environ.items() if name not in {"RELQUIZ_DEBUG", "FORCE_COLOR", "NO_COLOR"}
    }
    env.update({"TERM": term, "RELQUIZ_HOME": str(tmp_path / "home"), "PYTHONIOENCODING": "utf-8"})
    if no_color:
        env["NO_COLOR"] = "1"
    command = [*COMMAND, "play", "-b", str(SMALL_BANK), "-n", "1", "--time-limit", "1", "--no-pause"]
    child: Child = pexpect.spawn(
        command[0], command[1:], cwd=str(tmp_path), env=env, encoding="utf-8", timeout=20, dimensions=(40, 80)
    )
    child.logfile_read = io.StringIO()
    child.expect("q to stop\\]: ")
    time.sleep(2.5)  # the countdown would have redrawn its line twice by now
    child.sendline("t")
    child.expect("Score: ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return child.logfile_read.getvalue()


@pytest.mark.pty
@pytest.mark.parametrize(("term", "no_color"), [("dumb", False), ("xterm-256color", True), ("dumb", True)])
def test_no_live_countdown_without_cursor_movement_and_colour(tmp_path: Path, term: str, no_color: bool) -> None:
    transcript = countdown_transcript(tmp_path, term, no_color)
    assert not CURSOR_MOVES.search(transcript), repr(transcript)
    if term == "dumb":
        assert "\x1b[" not in transcript, repr(transcript)
    assert transcript.count("Time limit: 1 second (a late answer still counts).") == 1
    assert "Time left" not in transcript


@pytest.mark.pty
def test_a_colour_terminal_keeps_the_live_countdown(tmp_path: Path) -> None:
    transcript = countdown_transcript(tmp_path, "xterm-256color", no_color=False)
    assert "Time left: 1 s" in transcript
    assert "\x1b7" in transcript and "Time is up" in transcript
    assert "Time limit:" not in transcript


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_file_names_an_encoding_lacks_are_escaped_never_made_alike(tmp_path: Path, encoding: str) -> None:
    """Under ascii, 'a✓.json' was shown as 'a+.json', the name of another file beside it."""
    for name in ("a+.json", "a\u2713.json"):
        (tmp_path / name).write_text("{", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": encoding, "RELQUIZ_HOME": str(tmp_path / "home"), "COLUMNS": "80"}
    result = subprocess.run(
        [sys.executable, "-m", "relquiz", "report", str(tmp_path)],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    lines = result.stderr.decode(encoding).splitlines()
    assert (
        f"relquiz: warning: skipped {tmp_path}/a+.json: not valid JSON (line 1); a truncated or edited file?" in lines
    )
    assert (
        f"relquiz: warning: skipped {tmp_path}/a\\u2713.json: not valid JSON (line 1); a truncated or edited file?"
        in lines
    )
