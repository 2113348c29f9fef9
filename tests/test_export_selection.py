"""`relquiz export` chooses questions with `relquiz play`'s options and code: the same options,
seed and bank give the same questions in the same order, checked against the results file that
`play` writes. Without any of those options, the whole bank in file order."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import BANKS, Runner

from relquiz.bank.load import load_bank

BUNDLED = str(BANKS["bundled"])


def played(run: Runner, results: Path, *options: str) -> list[str]:
    """The ids of the questions `play` asks, in order, from its results file (every answer 't')."""
    result = run("play", "-b", BUNDLED, *options, "--results", str(results), "--no-history", input="t\n" * 130)
    assert result.exit_code == 0, result.stderr
    saved = json.loads(results.read_text(encoding="utf-8"))
    assert saved["completed"] is True
    return [answer["id"] for answer in saved["answers"]]


def exported(run: Runner, *options: str) -> tuple[list[str], str]:
    """The ids `export -f json` writes, in order, and what it says on stderr."""
    result = run("export", "-f", "json", "-b", BUNDLED, *options)
    assert result.exit_code == 0, result.stderr
    return [question["id"] for question in json.loads(result.stdout)["questions"]], result.stderr


@pytest.mark.parametrize(
    "options",
    [
        ["--seed", "2027", "-n", "12"],
        ["--seed", "7"],  # play's default count, 10
        ["--seed", "5", "--count", "6", "--difficulty", "hard"],
        ["--seed", "11", "-n", "8", "--tag", "culture", "--tag", "confidences"],
        ["--seed", "3", "-n", "5", "--distinction", "duration", "--no-shuffle"],
        ["--seed", "9", "--all", "--difficulty", "easy", "--distinction", "purpose"],
    ],
)
def test_export_writes_the_questions_play_asks_in_the_same_order(
    run: Runner, tmp_path: Path, options: list[str]
) -> None:
    asked = played(run, tmp_path / "results.json", *options)
    ids, said = exported(run, *options)
    assert ids == asked and ids
    seed = options[1]
    assert said == (
        f"Drew {len(ids)} questions with seed {seed}; 'relquiz play' with the same options and --seed {seed}"
        " asks the same ones in the same order.\n"
    )


def test_a_seed_alone_gives_plays_default_count(run: Runner) -> None:
    ids, _ = exported(run, "--seed", "7")
    assert len(ids) == 10 < len(load_bank([BANKS["bundled"]]).questions)


def test_filters_choose_only_matching_questions(run: Runner) -> None:
    bank = {question.id: question for question in load_bank([BANKS["bundled"]]).questions}
    ids, _ = exported(run, "--seed", "4", "--all", "--difficulty", "hard", "--tag", "culture")
    assert ids and all(bank[i].difficulty.value == "hard" and "culture" in bank[i].tags for i in ids)
    assert len(ids) == sum(q.difficulty.value == "hard" and "culture" in q.tags for q in bank.values())


def test_without_selection_options_the_whole_bank_in_file_order(run: Runner) -> None:
    ids, said = exported(run)
    assert ids == [question.id for question in load_bank([BANKS["bundled"]]).questions]
    assert said == ""


def test_without_a_seed_export_draws_one_and_says_it_so_play_can_ask_the_same(run: Runner, tmp_path: Path) -> None:
    ids, said = exported(run, "-n", "4", "--tag", "mutual-disclosure")
    match = re.fullmatch(r"Drew 4 questions with seed (\d+); .*\n", said)
    assert match is not None, said
    assert played(run, tmp_path / "r.json", "-n", "4", "--tag", "mutual-disclosure", "--seed", match[1]) == ids


def test_a_file_written_from_a_draw_says_the_seed_then_the_file(run: Runner, tmp_path: Path) -> None:
    out = tmp_path / "week3.gift.txt"
    result = run("export", "-f", "gift", "--seed", "1", "-n", "3", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[1] == f"Wrote 3 questions as gift to {out}."
    assert out.read_text(encoding="utf-8").count("\n::") == 3


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--all", "-n", "3"], "use either --all or --count, not both"),
        (["--tag", "rurall"], "no question has the tag 'rurall' (did you mean 'rural'?)"),
        (["--seed", "-1"], "a seed is a whole number from 0 up"),
    ],
)
def test_selection_options_are_checked_as_for_play(run: Runner, options: list[str], message: str) -> None:
    exporting, playing = run("export", "-f", "json", *options), run("play", *options, input="q\n")
    assert exporting.exit_code == playing.exit_code == 2
    assert message in exporting.stderr and message in playing.stderr
    assert exporting.stdout == ""


@pytest.mark.parametrize("command", ["play", "export"])
def test_the_shared_count_help_fits_export_too(run: Runner, command: str) -> None:
    """'How many questions to ask' read wrongly in `relquiz export --help`, which asks nothing."""
    shown = " ".join(run(command, "--help").stdout.split())
    assert "How many questions to draw (default 10; more than there are means all)." in shown
