"""The README's piped answers with --why: each answer's line is followed by its why line, and an
empty line skips the why step."""

from __future__ import annotations

import re

from helpers import ROOT, SMALL_BANK, Runner


def test_the_readme_example_of_piped_answers_with_why_works_as_said(run: Runner) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"`printf '([^']*)' \| relquiz play -n 2 --why`", readme)
    assert found is not None, "the README shows how to pipe answers with --why"
    answers = found.group(1).encode().decode("unicode_escape")
    result = run("play", "-b", str(SMALL_BANK), "-n", "2", "--why", "--seed", "1", "--plain", input=answers)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Which distinction told you?") == 2
    assert "You named" in result.stdout and "You skipped the why step." in result.stdout
    assert "Score: " in result.stdout and "Stopped" not in result.stdout
