"""Rendering: bank text is data, plain mode is plain, and the feedback view is pinned by a golden file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from helpers import SMALL_BANK, check_golden
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from relquiz.bank.load import load_bank
from relquiz.model import Answer, Bank, Distinction, Question
from relquiz.quiz import judge, summarise
from relquiz.safety import clean, escape_unsafe
from relquiz.views.banks import show_about, show_distinction, show_questions
from relquiz.views.base import LONG_TABLE, THEME, Messages, View, data, first_words, make_console
from relquiz.views.practice import clear_prompt
from relquiz.views.quiz import QuizView
from relquiz.views.summary import show_summary

HOSTILE = "[bold red]boom[/] \x1b[31mred\x1b[0m \x1b]0;title\x07 \u202eevil\u202c \x07bell\x9b"


def written(console: Console) -> str:
    """What a console writing to a StringIO has written so far."""
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


def recorded(plain: bool = False, width: int = 80) -> tuple[QuizView, Console]:
    console = Console(record=True, width=width, color_system=None, file=io.StringIO(), markup=False, highlight=False)
    return QuizView(console, plain), console


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
        show_summary(view, summarise([question], [response]), None)
        show_questions(view, [question])
        show_distinction(view, 1, {Answer.THERAPY: question})
        show_about(view, bank)
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
    show_summary(view, summarise(bank.questions, [response]), Path("r.json"))
    text = console.export_text()
    assert not set(text) & set("╭╮╰╯│─━┃✓✗█░")
    assert "Wrong. This is a therapy relationship, not a friendship." in text
    assert "Purpose: right on 0 of the 1 question that turns on it (0%)" in text
    assert "Your misses are spread out: no one distinction stands out to revise." in text
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
    show_summary(view, summarise(bank.questions, responses), Path("results/ana.json"))
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
    text = written(console)
    assert "\u200f" not in text and "\x1b" not in text and "\\u200f" in text and "é 日本" in text
    assert json.loads(text) == value
    assert escape_unsafe('"\x9b"') == '"\\u009b"'


def test_progress_bar_only_for_many_files_on_a_terminal() -> None:
    terminal = Console(file=io.StringIO(), force_terminal=True, width=80)
    with Messages(terminal).progress(25, "Reading results") as advance:
        for _ in range(25):
            advance()
    assert "Reading results" in written(terminal)
    few = Console(file=io.StringIO(), force_terminal=True, width=80)
    with Messages(few).progress(3, "Reading results") as advance:
        advance()
    assert written(few) == ""
    piped = Console(file=io.StringIO(), width=80)
    with Messages(piped).progress(25, "Reading results") as advance:
        advance()
    assert written(piped) == ""


def long_rows(count: int, name: str = "Student") -> list[list[str | Text]]:
    return [[data(f"{name} {n}"), f"{n}/10", Text("flagged" if n % 2 else "", "warning")] for n in range(count)]


def test_a_long_table_keeps_every_row_and_its_columns_aligned() -> None:
    view, console = recorded(width=80)
    view.table(["Name", "Score", "Flags"], long_rows(LONG_TABLE + 50), title="Everyone")
    lines = console.export_text().splitlines()
    assert lines[0] == "Everyone" and lines[1].split() == ["Name", "Score", "Flags"] and set(lines[2].strip()) == {"─"}
    rows = lines[3:-1]
    assert lines[-1] == ""  # the blank line Rich's tables end with
    assert [row.split("   ")[0].strip() for row in rows] == [f"Student {n}" for n in range(LONG_TABLE + 50)]
    assert len({row.index(f"{n}/10") for n, row in enumerate(rows)}) == 1  # one column start for all
    assert all(len(line) <= 80 for line in lines)


def test_a_long_table_wider_than_the_window_cuts_cells_with_an_ellipsis() -> None:
    view, console = recorded(width=60)
    name = "Somebody with a very long name that would not fit 日本語"
    view.table(["Name", "Score", "Flags"], long_rows(LONG_TABLE + 1, name=name))
    lines = console.export_text().splitlines()
    assert all(cell_len(line) <= 60 for line in lines)
    assert lines[2].startswith("  Somebody with a very long") and "…   0/10" in lines[2]


def test_a_long_table_shows_data_as_text_and_keeps_styles() -> None:
    console = Console(width=100, file=io.StringIO(), force_terminal=True, color_system="standard", theme=THEME)
    view = View(console)
    rows = long_rows(LONG_TABLE + 1, name=HOSTILE)
    view.table(["Name", "Score", "Flags"], rows)
    out = written(console)
    assert out.count("[bold red]boom[/]") == LONG_TABLE + 1
    assert "\x1b]0;" not in out and "\u202e" not in out and "\x07" not in out
    assert "\x1b[33mflagged" in out  # the warning style, as in the short tables


def test_a_tab_or_newline_in_a_long_table_cell_does_not_move_the_columns() -> None:
    view, console = recorded(width=80)
    rows = long_rows(LONG_TABLE + 1)
    rows[5][0] = data("tab\there")
    rows[6][0] = data("two\nlines")
    view.table(["Name", "Score", "Flags"], rows)
    lines = console.export_text().splitlines()[2:-1]
    assert len(lines) == LONG_TABLE + 1
    assert len({line.index(f"{n}/10") for n, line in enumerate(lines)}) == 1
    assert "tab here" in lines[5] and "two lines" in lines[6]


def test_a_long_tables_title_wraps_like_any_line() -> None:
    view, console = recorded(width=60)
    title = "Questions (N answered, Right = facility; Discr. = discrimination; both need 5 answers)"
    view.table(["Name", "Score", "Flags"], long_rows(LONG_TABLE + 1), title=title)
    lines = console.export_text().splitlines()
    assert " ".join(" ".join(lines[:2]).split()) == title


def test_one_of_anything_is_singular() -> None:
    view, console = recorded()
    show_questions(view, [load_bank([SMALL_BANK]).questions[0]])
    assert "1 question." in console.export_text() and "1 questions" not in console.export_text()
    assert clear_prompt(1).plain.startswith("Remove the one session of your practice history?")
    assert clear_prompt(3).plain.startswith("Remove all 3 sessions")


@pytest.mark.parametrize(
    ("named", "cited", "said"),
    [
        (
            "b",
            "pr",
            "You named Boundaries, which this scenario does not turn on. "
            "It turns on Purpose and Professionalism, which you did not name.",
        ),
        ("pd", "pd", "You named Purpose and Duration: just what this scenario turns on."),
        ("p", "pd", "You named Purpose, which is right. It also turns on Duration, which you did not name."),
        (
            "pb",
            "pcd",
            "You named Purpose and Boundaries. Purpose is right; Boundaries does not show here. "
            "It also turns on Confidentiality and Duration, which you did not name.",
        ),
        (
            "rcb",
            "rc",
            "You named Professionalism, Confidentiality and Boundaries. Professionalism and Confidentiality "
            "are right; Boundaries does not show here.",
        ),
    ],
)
def test_the_why_step_is_answered_in_sentences(named: str, cited: str, said: str) -> None:
    from relquiz.quiz import interpret_why
    from relquiz.views.quiz import why_sentences

    named_distinctions, cited_distinctions = interpret_why(named), interpret_why(cited)
    assert isinstance(named_distinctions, tuple) and isinstance(cited_distinctions, tuple)
    assert why_sentences(named_distinctions, cited_distinctions) == said
