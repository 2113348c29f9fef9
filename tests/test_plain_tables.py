"""--plain tables for screen readers: every row's line says what its cells are, and no text is cut
short with an ellipsis (a screen reader reads a plain line whole, and hears no column headers)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import BANKS, DATA, SMALL_BANK, Runner, check_golden
from rich.console import Console
from rich.text import Text

from relquiz.bank.load import load_bank
from relquiz.views.base import LONG_TABLE, View, first_words

EXAMPLE = DATA / "report-example"
LABELS = "(Purpose|Professionalism|Confidentiality|Boundaries|Duration)"
SUMMARY_ROW = re.compile(
    rf"{LABELS}: (not asked|right on \d+ of the \d+ questions? that turns? on it \(\d+%\)"
    r"(; named at the why step \d+ of \d+ times \(\d+%\))?)"
)
MISSED_ROW = re.compile(
    r"You said (therapy relationship|friendship), the answer is (therapy relationship|friendship): .+"
)


def rows_after(stdout: str, title: str, count: int) -> list[str]:
    """The `count` lines after the one starting with `title`: one table's rows."""
    lines = stdout.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith(title))
    return lines[start + 1 : start + 1 + count]


def assert_nothing_cut(stdout: str) -> None:
    assert "…" not in stdout and "..." not in stdout, stdout


def results_file(path: Path, name: str, change: Callable[[dict[str, Any]], None] | None = None) -> None:
    """A copy of the worked example's ana.json for student `name`, edited by `change`."""
    document = json.loads((EXAMPLE / "ana.json").read_text(encoding="utf-8"))
    document["student"] = name
    if change is not None:
        change(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def stopped_late(document: dict[str, Any]) -> None:
    """Three of four answered, the first late and the third wrong: not completed."""
    answers = document["answers"][:3]
    answers[0]["late"] = True
    answers[2].update(given="friendship", correct=False)
    document.update(answers=answers, completed=False, finished_at=None, score={"correct": 2, "answered": 3, "total": 4})


def test_the_class_report_in_plain_reads_as_phrases_golden(run: Runner) -> None:
    result = run("report", str(EXAMPLE), "--plain")
    assert result.exit_code == 0, result.output
    assert_nothing_cut(result.stdout)
    check_golden("report.plain.golden.txt", result.stdout)


def test_every_class_report_row_names_its_columns(run: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    results_file(folder / "ana.json", "Ana Beatriz Carvalho da Silva Santos Oliveira Pereira Rodrigues")
    results_file(folder / "gil.json", "Gil", stopped_late)
    result = run("report", str(folder), "--plain", env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.output
    assert_nothing_cut(result.stdout)
    students = rows_after(result.stdout, "2 results", 2)
    assert students == [
        "Ana Beatriz Carvalho da Silva Santos Oliveira Pereira Rodrigues: score 4 of 4, 100%, completed, 0 late,"
        " time 2 min 30 s, file ana.json",
        "Gil: score 2 of 4, 50%, not completed (3 answered), 1 late, time 30 s, file gil.json",
    ]
    items = rows_after(result.stdout, "Questions", 4)
    assert (
        items[0] == "q1: 2 answered, 100% answered right, separates stronger from weaker not available (discrimination)"
    )
    item = r"q\d: \d answered, \d+% answered right, separates stronger from weaker not available \(discrimination\)"
    assert all(re.fullmatch(item, line) for line in items)
    distinctions = rows_after(result.stdout, "By distinction", 5)
    assert distinctions[0] == "Purpose: 3 of 4 answers right (75%); most often missed: q3 (1 time)"
    row = re.compile(rf"{LABELS}: \d+ of \d+ answers right \(\d+%\)(; most often missed: q\d \(\d+ times?\))?")
    assert all(row.fullmatch(line) for line in distinctions), distinctions


def test_a_long_class_report_in_plain_keeps_every_name_whole(run: Runner, tmp_path: Path) -> None:
    """Past LONG_TABLE rows a terminal gets the fast aligned table, whose cells may be cut; plain never."""
    folder = tmp_path / "class"
    folder.mkdir()
    names = [f"Student {n} with a name far too long for any column of a narrow window" for n in range(LONG_TABLE + 1)]
    for number, name in enumerate(names):
        results_file(folder / f"s{number}.json", name)
    result = run("report", str(folder), "--plain", env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    assert_nothing_cut(result.stdout)
    for name in names:
        assert f"\n{name}: score 4 of 4, 100%, completed, time 2 min 30 s, file s" in result.stdout


def test_the_end_of_a_quiz_in_plain_names_every_figure(run: Runner) -> None:
    result = run(
        "play", "-b", str(SMALL_BANK), "--all", "--seed", "1", "--why", "--plain", input="t\np\nt\n\nf\nc\nt\nd\n"
    )
    assert result.exit_code == 0, result.output
    assert_nothing_cut(result.stdout)
    by_distinction = rows_after(result.stdout, "Accuracy by distinction", 5)
    assert all(SUMMARY_ROW.fullmatch(line) for line in by_distinction), by_distinction
    assert "; named at the why step" in result.stdout
    missed = rows_after(result.stdout, "Questions to look at again", 2)
    assert all(MISSED_ROW.fullmatch(line) for line in missed), missed


def test_review_ends_with_the_same_named_rows(run: Runner) -> None:
    run("play", "-b", str(SMALL_BANK), "--all", "--no-shuffle", input="f\nf\nf\nf\n")  # two missed
    result = run("review", "-b", str(SMALL_BANK), "--plain", input="f\nf\n")
    assert result.exit_code == 0, result.output
    assert_nothing_cut(result.stdout)
    by_distinction = rows_after(result.stdout, "Accuracy by distinction", 5)
    assert all(SUMMARY_ROW.fullmatch(line) for line in by_distinction), by_distinction
    assert all(MISSED_ROW.fullmatch(line) for line in rows_after(result.stdout, "Questions to look at again", 2))


@pytest.mark.parametrize("bank", ["small", "bundled"])
def test_list_in_plain_names_the_keys_and_gives_the_whole_scenario(run: Runner, bank: str) -> None:
    result = run("list", "-b", str(BANKS[bank]), "--plain")
    assert result.exit_code == 0, result.output
    assert_nothing_cut(result.stdout)
    questions = load_bank([BANKS[bank]]).questions
    lines = result.stdout.splitlines()[: len(questions)]
    for question, line in zip(questions, lines, strict=True):
        assert line.startswith(f"{question.id}: answer {question.answer.value}, difficulty {question.difficulty.value}")
        assert re.search(r", cites [a-z]+(, [a-z]+)*; scenario: ", line), line
        assert line.endswith(f"; scenario: {' '.join(question.scenario.split())}")
    if bank == "small":
        assert lines[1] == (
            "old-friends: answer friendship, difficulty easy, cites boundaries, duration; scenario:"
            " Ben and Chidi have played football together for ten years and talk about their worries over a drink."
        )


def test_validate_in_plain_says_what_each_count_is(run: Runner) -> None:
    result = run("validate", str(SMALL_BANK), "--plain")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1:4] == [
        "answer therapy: 2 questions",
        "answer friendship: 2 questions",
        "difficulty easy: 2 questions",
    ]
    assert "difficulty medium: 1 question" in lines and "distinction boundaries: 1 question" in lines
    assert all(re.fullmatch(r"(answer|difficulty|distinction) [a-z]+: \d+ questions?", line) for line in lines[1:])


def test_history_in_plain_names_each_cell(run: Runner) -> None:
    """Each session and each distinction of the history reads as a phrase."""
    run("play", "-b", str(SMALL_BANK), "--all", "--no-shuffle", input="t\nf\nt\nf\n")
    result = run("history", "--plain")
    assert result.exit_code == 0, result.output
    assert_nothing_cut(result.stdout)
    [session] = rows_after(result.stdout, "Sessions (1)", 1)
    assert session.endswith(": play, Small test bank, score 4 of 4, 100%, completed")
    by_distinction = rows_after(result.stdout, "By distinction", 5)
    assert all(re.fullmatch(r"\w+: \d+ of \d+ right \(\d+%\), trend .+", line) for line in by_distinction)


@pytest.mark.parametrize(
    "command",
    [
        ("learn",),
        ("list",),
        ("validate", str(BANKS["bundled"])),
        ("play", "--all", "--seed", "3"),
        ("report", str(EXAMPLE)),
    ],
    ids=lambda command: command[0],
)
def test_nothing_in_plain_output_is_cut_short(run: Runner, command: tuple[str, ...]) -> None:
    """The bundled bank's scenarios are long enough that every terminal form cuts some of them."""
    result = run(*command, "--plain", input="f\n" * 100, env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.output
    assert_nothing_cut(result.stdout)


def recorded(plain: bool, width: int = 80) -> tuple[View, Console]:
    console = Console(record=True, width=width, color_system=None, file=io.StringIO(), markup=False)
    return View(console, plain), console


def test_a_table_without_words_of_its_own_names_each_cell() -> None:
    view, console = recorded(plain=True)
    rows: list[list[str | Text]] = [["Ana", "3/4", "", "two\nlines", "extra"], ["Ben", "", "bar"]]
    view.table(["Student", "Score", "", "Note"], rows, title="Scores")
    assert console.export_text().splitlines() == ["Scores", "Ana: Score: 3/4 | Note: two lines | extra", "Ben: bar"]


def test_a_narrow_window_gets_the_same_lines_as_plain_output() -> None:
    said = [Text("Ana: score 3 of 4"), Text("Ben: score\n1 of 4")]
    for plain, width in ((True, 80), (False, 40)):
        view, console = recorded(plain, width)
        view.table(["Student", "Score"], [["Ana", "3/4"], ["Ben", "1/4"]], said=said)
        assert console.export_text().splitlines() == ["Ana: score 3 of 4", "Ben: score 1 of 4"]


def test_an_opening_is_whole_in_plain_output_and_cut_on_a_terminal() -> None:
    text = "one two three\nfour five"
    assert recorded(plain=True)[0].opening(text, 2) == "one two three four five"
    assert recorded(plain=False)[0].opening(text, 2) == "one two …"
    assert first_words(text, None) == "one two three four five"
