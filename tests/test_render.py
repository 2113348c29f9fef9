"""Rendering: bank text is data, plain mode is plain, and the feedback view is pinned by a golden file."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from conftest import DATA, SMALL_BANK
from rich.console import Console

from relquiz.bank import load_bank
from relquiz.model import Answer, Bank, Distinction, Question
from relquiz.quiz import judge, summarise
from relquiz.render import View, first_words, make_console
from relquiz.safety import clean, escape_unsafe

HOSTILE = "[bold red]boom[/] \x1b[31mred\x1b[0m \x1b]0;title\x07 \u202eevil\u202c \x07bell\x9b"


def recorded(plain: bool = False, width: int = 80) -> tuple[View, Console]:
    console = Console(record=True, width=width, color_system=None, file=io.StringIO(), markup=False, highlight=False)
    return View(console, plain), console


def check_golden(name: str, text: str) -> None:
    """Compare with tests/data/NAME; RELQUIZ_REGENERATE=1 rewrites it on purpose."""
    path = DATA / name
    if os.environ.get("RELQUIZ_REGENERATE") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("a\x1b]0;title\x07b", "ab"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("\u202eevil\u202c", "evil"),
        ("c1\x9b31m", "c131m"),
        ("bell\x07 del\x7f", "bell del"),
        ("[bold]kept[/bold]", "[bold]kept[/bold]"),
        ("日本語 عربى", "日本語 عربى"),
    ],
)
def test_clean_removes_control_codes_only(raw: str, shown: str) -> None:
    assert clean(raw) == shown


def test_bank_text_is_never_markup_and_never_carries_escapes() -> None:
    question = Question(
        id=HOSTILE,
        scenario=HOSTILE,
        answer=Answer.THERAPY,
        distinctions={Distinction.PURPOSE: HOSTILE},
        takeaway=HOSTILE,
    )
    bank = Bank(title=HOSTILE, questions=(question,), sha256="0", description=HOSTILE, support_note=HOSTILE)
    for plain in (False, True):
        view, console = recorded(plain)
        view.intro(bank, 1, seed=1)
        view.question(1, 1, question)
        response = judge(question, Answer.FRIENDSHIP, 1)
        view.feedback(question, response)
        view.summary(summarise([question], [response]), None)
        view.questions([question])
        view.learn({Distinction.PURPOSE: {Answer.THERAPY: question}})
        text = console.export_text()
        assert "[bold red]boom[/]" in text
        assert not any(ch in text for ch in "\x1b\x07\x9b\u202e\u202c")


def test_plain_mode_has_no_boxes_or_symbols() -> None:
    bank = load_bank([SMALL_BANK])
    question = bank.questions[0]
    view, console = recorded(plain=True)
    view.intro(bank, 4, seed=5)
    view.question(1, 4, question)
    response = judge(question, Answer.FRIENDSHIP, 1)
    view.feedback(question, response)
    view.distinctions_help()
    view.summary(summarise(bank.questions, [response]), Path("r.json"))
    text = console.export_text()
    assert not set(text) & set("╭╮╰╯│─━┃✓✗█░")
    assert "Wrong. This is a therapy relationship, not a friendship." in text
    assert "Purpose: 0/1 right (0%)" in text
    assert "Revise: Purpose." in text
    assert "Results saved to r.json" in text


def test_feedback_view_golden() -> None:
    bank = load_bank([SMALL_BANK])
    question = bank.questions[3]
    view, console = recorded()
    view.question(2, 4, question)
    view.feedback(question, judge(question, Answer.THERAPY, 4))
    check_golden("feedback.golden.txt", console.export_text())


def test_summary_view_golden() -> None:
    bank = load_bank([SMALL_BANK])
    responses = [judge(q, Answer.THERAPY, 3) for q in bank.questions[:3]]
    view, console = recorded()
    view.summary(summarise(bank.questions, responses), Path("results/ana.json"))
    check_golden("summary.golden.txt", console.export_text())


def test_make_console_honours_no_color_and_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert make_console(file=io.StringIO()).no_color
    monkeypatch.delenv("NO_COLOR")
    assert not make_console(file=io.StringIO()).no_color
    assert make_console(plain=True, file=io.StringIO()).no_color


def test_first_words() -> None:
    assert first_words("one two three", 2) == "one two …"
    assert first_words("  one\n two ", 5) == "one two"


def test_json_output_escapes_unsafe_characters_but_keeps_the_data() -> None:
    value = {"scenario": "x \u200f\x1b[31m y é 日本"}
    view, console = recorded()
    view.json(value)
    text = console.file.getvalue()
    assert "\u200f" not in text and "\x1b" not in text and "\\u200f" in text and "é 日本" in text
    assert json.loads(text) == value
    assert escape_unsafe('"\x9b"') == '"\\u009b"'


def test_progress_bar_only_for_many_files_on_a_terminal() -> None:
    terminal = Console(file=io.StringIO(), force_terminal=True, width=80)
    with View(terminal).progress(25, "Reading results") as advance:
        for _ in range(25):
            advance()
    assert "Reading results" in terminal.file.getvalue()
    few = Console(file=io.StringIO(), force_terminal=True, width=80)
    with View(few).progress(3, "Reading results") as advance:
        advance()
    assert few.file.getvalue() == ""
    piped = Console(file=io.StringIO(), width=80)
    with View(piped).progress(25, "Reading results") as advance:
        advance()
    assert piped.file.getvalue() == ""
