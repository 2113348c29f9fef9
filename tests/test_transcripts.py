"""Golden transcripts of plain output, as a screen reader or a log gets it: a play with a bad
reply, the help and the why step; a review; learn. A change to any line shows up here."""

from __future__ import annotations

import pytest
from helpers import SMALL_BANK, Runner, check_golden

SMALL = str(SMALL_BANK)


@pytest.mark.parametrize(
    ("name", "args", "answers"),
    [
        ("play", ("play", "-b", SMALL, "--seed", "3", "--why", "--plain"), "maybe\n?\nt\npb\nf\nx\n\nt\nd\nq\n"),
        ("learn", ("learn", "-b", SMALL, "--plain"), ""),
    ],
)
def test_plain_transcript(run: Runner, name: str, args: tuple[str, ...], answers: str) -> None:
    result = run(*args, input=answers)
    assert result.exit_code == 0, result.output
    check_golden(f"{name}.plain.golden.txt", result.stdout)


def test_plain_review_transcript(run: Runner) -> None:
    run("play", "-b", SMALL, "--all", "--no-shuffle", input="f\nf\nf\nf\n")  # two missed
    result = run("review", "-b", SMALL, "--plain", "--seed", "1", input="t\nf\n")
    assert result.exit_code == 0, result.output
    check_golden("review.plain.golden.txt", result.stdout)
