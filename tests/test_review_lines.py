"""`relquiz review` says what it is at the start and, at the end, when its questions come back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from helpers import SMALL_BANK, Runner

from relquiz.schedule import CardState, coming_back
from relquiz.views.review import review_heading

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)


def test_the_start_says_how_many_are_due_and_how_many_are_played(run: Runner) -> None:
    run("play", "-b", str(SMALL_BANK), "--all", "--no-shuffle", input="f\nf\nf\nf\n")  # 2 wrong, 2 right
    result = run("review", "-b", str(SMALL_BANK), "--plain", "-n", "1", input="q\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "Review: 1 question of the 2 due, missed last time."


def test_the_end_says_when_each_answered_question_comes_back(run: Runner) -> None:
    run("play", "-b", str(SMALL_BANK), "--all", "--no-shuffle", input="f\nf\nf\nf\n")  # 2 wrong, 2 right
    result = run("review", "-b", str(SMALL_BANK), "--plain", input="t\nf\n")
    assert result.exit_code == 0, result.output
    assert "Review: 2 questions due, 2 of them missed last time." in result.stdout
    right = result.stdout.count("Right. ")
    wrong = result.stdout.count("Wrong. ")
    assert (right, wrong) == (1, 1)
    assert result.stdout.rstrip().splitlines()[-1] == "When they come back: 1 due again now, 1 due tomorrow."


def test_headings_count_what_is_played_against_what_is_due() -> None:
    assert review_heading(6, 6, 4) == "Review: 6 questions due, 4 of them missed last time."
    assert review_heading(5, 6, 0) == "Review: 5 of the 6 questions due, all of them right last time."
    assert review_heading(1, 3, 1) == "Review: 1 question of the 3 due, missed last time."


def test_a_right_answer_waits_longer_each_box_up_and_a_miss_comes_back_at_once() -> None:
    states = {
        f"q{box}": CardState(f"q{box}", box, NOW - timedelta(minutes=1), last_correct=box > 1) for box in range(1, 6)
    }
    states["again"] = CardState("again", 3, NOW, True)
    assert coming_back(states, [*states, "not-answered"]) == {0: 1, 1: 1, 3: 2, 7: 1, 14: 1}
