"""What a learner sees on an ordinary 80x24 terminal and on a small 40x15 one, for every question
of the bundled bank: the question whole with its prompt, the feedback from the verdict down, the
help, Ctrl-C, and a window resized mid-quiz."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DATA, ROOT
from screen import ANSWER_PROMPT, PAUSE_PROMPT, Screen, flat

from relquiz.bank.load import load_bank
from relquiz.distinctions import ANSWER_NAMES, INFO
from relquiz.model import Answer, Question

pytestmark = pytest.mark.pty
MORE_PROMPT = r"\[Enter: more, q: stop\] "
BUNDLED = load_bank([ROOT / "data" / "default.yaml"]).questions
SMALL = DATA / "small.yaml"


def given_for(index: int) -> Answer:
    """Alternate answers, so the run has both right and wrong verdicts."""
    return Answer.THERAPY if index % 2 else Answer.FRIENDSHIP


def verdict(question: Question, given: Answer) -> str:
    right = ANSWER_NAMES[question.answer]
    if given is question.answer:
        return f"Right. This is {right}."
    return f"Wrong. This is {right}, not {ANSWER_NAMES[given]}."


def explained(question: Question) -> list[str]:
    """Each cited distinction's row, and the takeaway, as the screen's words read them."""
    rows = [flat(f"{INFO[d].label} {text}") for d, text in question.distinctions.items()]
    return [*rows, flat(f"Takeaway: {question.takeaway}")] if question.takeaway else rows


def play_all(tmp_path: Path, columns: int, rows: int) -> Screen:
    return Screen(tmp_path / "home", "play", "--all", "--no-shuffle", columns=columns, rows=rows)


def test_every_bundled_question_and_its_whole_feedback_fit_an_80x24_screen(tmp_path: Path) -> None:
    screen = play_all(tmp_path, 80, 24)
    total = len(BUNDLED)
    for index, question in enumerate(BUNDLED):
        screen.wait(ANSWER_PROMPT)
        shown = screen.lines
        assert f"Question {index + 1} of {total}" in shown[0] + shown[1] or index == 0
        assert flat(question.scenario) in screen.text, question.id
        prompt_row = max(row for row, line in enumerate(shown) if line)
        assert shown[prompt_row].startswith("Therapy or friendship?")
        assert shown[prompt_row - 1].startswith("╰"), "the panel's foot is right above the prompt"
        given = given_for(index)
        screen.send(given.value[0])
        assert screen.wait(PAUSE_PROMPT, MORE_PROMPT) == 0, f"{question.id}: the feedback needed a second page"
        text = screen.text
        assert ("✓ " if given is question.answer else "✗ ") + verdict(question, given) in text, question.id
        for part in explained(question):
            assert part in text, f"{question.id}: {part[:40]}"
        screen.send("")
    screen.wait("Score: ")
    assert screen.end() == 0


def test_the_first_screen_holds_the_start_the_whole_first_question_and_the_prompt(tmp_path: Path) -> None:
    screen = Screen(tmp_path / "home", "play", "-b", str(SMALL), "--seed", "3")
    screen.wait(ANSWER_PROMPT)
    shown = [line for line in screen.lines if line]
    assert shown[0] == "Small test bank"
    assert shown[1].startswith("4 questions, seed 3")
    assert shown[4].startswith("╭─ Question 1 of 4"), "at most five lines before the question"
    screen.send("q")
    assert screen.end() == 0


def test_each_question_starts_a_fresh_screen(tmp_path: Path) -> None:
    screen = Screen(tmp_path / "home", "play", "-b", str(SMALL), "--seed", "3")
    screen.wait(ANSWER_PROMPT)
    screen.send("t")
    screen.wait(PAUSE_PROMPT)
    screen.send("")
    screen.wait(ANSWER_PROMPT)
    assert screen.lines[0].startswith("╭─ Question 2 of 4"), screen.lines[:3]
    assert "Right." not in screen.text and "Wrong." not in screen.text
    screen.send("q")
    assert screen.end() == 0


def test_help_fits_with_the_scenario_and_prompt_below_it(tmp_path: Path) -> None:
    screen = Screen(tmp_path / "home", "play", "--seed", "3", "-n", "2")
    screen.wait(ANSWER_PROMPT)
    scenario = next(q.scenario for q in BUNDLED if flat(q.scenario) in screen.text)
    screen.send("?")
    screen.wait(ANSWER_PROMPT)
    shown = screen.lines
    start = next(row for row, line in enumerate(shown) if line.startswith("The five distinctions"))
    panel = next(row for row, line in enumerate(shown) if line.startswith("╭─ Question 1"))
    assert panel - start <= 12, "the help takes at most a dozen lines"
    for info in INFO.values():
        assert flat(f"{info.label}: {info.contrast}") in screen.text
    assert flat(scenario) in screen.text
    assert [line for line in shown if line][-1].startswith("Therapy or friendship?")
    screen.send("q")
    assert screen.end() == 0


def test_help_at_the_pause_shows_the_distinctions_then_the_feedback_again(tmp_path: Path) -> None:
    screen = Screen(tmp_path / "home", "play", "-b", str(SMALL), "--seed", "3", "-n", "1")
    screen.wait(ANSWER_PROMPT)
    screen.send("t")
    screen.wait(PAUSE_PROMPT)
    shown_verdict = next(line for line in screen.lines if line.startswith(("✓", "✗")))
    screen.send("?")
    screen.wait(PAUSE_PROMPT)
    assert "The five distinctions" in screen.text
    assert shown_verdict in screen.lines
    screen.send("")
    screen.wait("Score: ")
    assert screen.end() == 0


def test_ctrl_c_leaves_the_summary_and_what_was_saved_on_screen(tmp_path: Path) -> None:
    screen = Screen(tmp_path / "home", "play", "-b", str(SMALL), "--seed", "3", "--results", "r.json")
    screen.wait(ANSWER_PROMPT)
    screen.send("t")
    screen.wait(PAUSE_PROMPT)
    screen.send("")
    screen.wait(ANSWER_PROMPT)
    screen.child.sendintr()
    assert screen.end() == 130
    text = screen.text
    assert "Score: " in text and "stopped after 1 of 4 questions" in text
    assert "Stopped; 1 answer saved to r.json." in text


def test_at_40x15_the_question_and_the_feedback_page_from_the_top(tmp_path: Path) -> None:
    """Every bundled question at 40x15: the scenario pages down to its prompt, and the feedback
    starts from the verdict, which is never the part that scrolls away."""
    screen = play_all(tmp_path, 40, 15)
    for index, question in enumerate(BUNDLED):
        while screen.wait(ANSWER_PROMPT, MORE_PROMPT) == 1:
            screen.send("")
        shown = [line for line in screen.lines if line]
        assert shown[-2].startswith("╰") and shown[-1].startswith("Therapy or friendship?"), question.id
        given = given_for(index)
        screen.send(given.value[0])
        pages = 1
        first = screen.wait(PAUSE_PROMPT, MORE_PROMPT)
        if first == 1:
            assert screen.lines[0].startswith(("✓", "✗")), f"{question.id}: the page starts at the verdict"
        assert flat(verdict(question, given)) in screen.text, question.id
        while first == 1:
            screen.send("")
            pages += 1
            first = screen.wait(PAUSE_PROMPT, MORE_PROMPT)
        assert question.takeaway is None or flat(question.takeaway)[-30:] in screen.text, question.id
        screen.send("")
    screen.wait("Score: ")
    assert screen.end() == 0


def test_a_window_made_smaller_mid_question_pages_the_feedback_at_its_new_size(tmp_path: Path) -> None:
    screen = Screen(tmp_path / "home", "play", "--seed", "3", "-n", "1")
    screen.wait(ANSWER_PROMPT)
    screen.resize(40, 15)
    screen.send("t")
    assert screen.wait(PAUSE_PROMPT, MORE_PROMPT) == 1
    assert screen.lines[0].startswith(("✓", "✗"))
    screen.child.sendline("q")
    assert screen.end() == 0


LEARN_PROMPT = r"\[Enter: (next distinction|about this bank), q: stop\] "


def test_learn_gives_each_distinction_a_screen_of_its_own_with_whole_examples(tmp_path: Path) -> None:
    from relquiz.distinctions import DISTINCTIONS
    from relquiz.quiz import pick_examples
    from relquiz.views.summary import first_sentence

    examples = pick_examples(BUNDLED)
    screen = Screen(tmp_path / "home", "learn")
    for number, info in enumerate(DISTINCTIONS, start=1):
        assert screen.wait(LEARN_PROMPT, MORE_PROMPT) == 0, f"{info.label} needed a second page at 80x24"
        assert screen.lines[0].endswith(f"{number} of 5: {info.label}"), screen.lines[0]
        for question in examples[info.distinction].values():
            whole = flat(f"For example: {first_sentence(question.scenario)} {question.distinctions[info.distinction]}")
            assert whole in screen.text, whole[:60]
        assert "…" not in screen.text
        screen.send("")
    assert screen.end() == 0
    assert "your local emergency number" in screen.text  # then the bank and the full support note


def test_learn_stops_at_q_and_pages_in_a_small_window(tmp_path: Path) -> None:
    screen = Screen(tmp_path / "home", "learn", columns=40, rows=15)
    assert screen.wait(LEARN_PROMPT, MORE_PROMPT) == 1
    assert screen.lines[0].startswith("How a therapy relationship")
    screen.send("")
    while screen.wait(LEARN_PROMPT, MORE_PROMPT) == 1:
        screen.send("")
    screen.send("q")
    assert screen.end() == 0
    assert "2 of 5" not in screen.text
