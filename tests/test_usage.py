"""--help and usage errors read as relquiz's own (cli/usage.py): no `{PATH}`, `<int range>` or
`1<=x<=65535` in any help, and a mistake in the options is one `relquiz: error:` line and a hint,
with exit code 2."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from helpers import SMALL_BANK, Runner

from relquiz.cli import app, register

# Typer's and Click's notation: braces and angle brackets round a metavar, a range as 'x>=1'.
NOISE = re.compile(r"[{}<>]|\bx[<>]=|=x\b|\[\d+<=")


def command_names() -> list[str]:
    register()
    commands = getattr(typer.main.get_command(app), "commands", None)
    assert isinstance(commands, dict)
    return [str(name) for name in commands]


@pytest.mark.parametrize("command", ["", *command_names()])
def test_every_help_reads_cleanly(run: Runner, command: str) -> None:
    result = run(*filter(None, [command, "--help"]))
    assert result.exit_code == 0, result.output
    assert NOISE.search(result.stdout) is None, result.stdout
    usage = result.stdout.splitlines()[0]
    assert re.fullmatch(
        rf"Usage: relquiz{' ' + command if command else ''} \[OPTIONS\]( \[?[A-Z][\w.]*\]?(\.\.\.)?)*", usage
    ) or (usage == "Usage: relquiz [OPTIONS] COMMAND [ARGS]..."), usage


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("validate", "Usage: relquiz validate [OPTIONS] PATH..."),
        ("report", "Usage: relquiz report [OPTIONS] RESULTS..."),
        ("import", "Usage: relquiz import [OPTIONS] FILE.csv"),
        ("play", "Usage: relquiz play [OPTIONS]"),
    ],
)
def test_usage_lines_name_arguments_as_click_does(run: Runner, command: str, usage: str) -> None:
    assert run(command, "--help").stdout.splitlines()[0] == usage


def test_ranges_and_value_types_are_in_words(run: Runner) -> None:
    play = " ".join(run("play", "--help").stdout.split())
    assert "[at least 1]" in play and "[1 to 86400]" in play
    host = " ".join(run("host", "--help").stdout.split())
    assert "--port N " in host and "[default: 8000; 1 to 65535]" in host
    assert "--max-students N " in host and "[default: 300; 1 to 10000]" in host
    assert "-f, --format [gift|" in run("export", "--help").stdout  # the choices, as Click writes them


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["play", "--seed", "x"], "--seed: 'x' is not a whole number"),
        (["play", "-n"], "-n needs a value"),
        (["play", "-n", "0"], "--count: 0 is out of range (at least 1)"),
        (["play", "--seed", "-1"], "--seed: a seed is a whole number from 0 up"),
        (["play", "--frob"], "no such option: --frob"),
        (["play", "--shuffle"], "no such option: --shuffle (did you mean --no-shuffle?)"),
        (["play", "--all=3"], "--all does not take a value"),
        (["play", "--difficulty", "impossible"], "--difficulty: 'impossible' is not one of 'easy', 'medium', 'hard'"),
        (["play", "bank.yaml"], "unexpected argument(s): bank.yaml"),
        (["host", "--port", "0"], "--port: 0 is out of range (1 to 65535)"),
        (["report"], "missing RESULTS"),
        (["export"], "missing --format; use one of: gift, "),  # and the other formats
        (["frob"], "no such command 'frob'"),
        (["plya"], "no such command 'plya' (did you mean 'play'?)"),
        (["--frob"], "no such option: --frob"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_usage_errors_are_one_line_and_a_hint(run: Runner, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    command = "relquiz " + args[0] if args[0] in command_names() else "relquiz"
    error, hint = result.stderr.splitlines()
    assert error.startswith(f"relquiz: error: {message}") and (
        error == f"relquiz: error: {message}" or args == ["export"]
    )
    assert hint == f"Try '{command} --help' for help."
    assert result.stdout == ""


def test_usage_errors_look_like_relquiz_errors_in_colour_and_in_plain(run: Runner) -> None:
    colour = {"FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": ""}
    own = run("play", "-b", "nope.yaml", env=colour).stderr
    usage = run("play", "--seed", "x", env=colour).stderr
    assert own.startswith("\x1b[") and usage[: usage.index("relquiz: error: ")] == own[: own.index("relquiz: error: ")]
    for args in (["play", "--seed", "x", "--plain"], ["play", "--plain", "--frob"], ["frob", "--plain"]):
        assert run(*args, env=colour).stderr.startswith("relquiz: error: ")


def test_no_command_still_shows_the_help_with_exit_2(run: Runner) -> None:
    result = run()
    assert result.exit_code == 2 and "Usage: relquiz [OPTIONS] COMMAND [ARGS]..." in result.output
    assert "relquiz: error" not in result.output


def test_a_usage_error_from_the_console_entry(tmp_path: Path) -> None:
    """The real entry point (not the CliRunner): no Click 'Usage:'/'Error:' block, no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "relquiz", "play", "-b", str(SMALL_BANK), "--seed", "x"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "RELQUIZ_HOME": str(tmp_path)},
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "relquiz: error: --seed: 'x' is not a whole number\nTry 'relquiz play --help' for help.\n"


def test_a_byte_that_is_not_utf8_reads_as_a_file_name_shows_it(tmp_path: Path) -> None:
    """From a real shell a stray byte reaches Click as a lone surrogate, repr'd as '\\udcff'."""
    done = subprocess.run(
        [sys.executable, "-m", "relquiz", "play", b"--difficulty", b"x\xff"],
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "RELQUIZ_HOME": str(tmp_path), "LC_ALL": "C.UTF-8"},
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.decode().startswith("relquiz: error: --difficulty: 'x\\xff' is not one of 'easy'")
