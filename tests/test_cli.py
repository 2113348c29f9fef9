"""Every command in-process through Typer's CliRunner: output, exit codes, results files."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import SMALL_BANK, BankWriter, Runner

from relquiz import __version__
from relquiz.model import Response

BROKEN = """
version: 1
title: Broken
questions:
  - id: a
    scenario: x
    answer: therapist
    distinctions: {purpose: y}
"""


def results_of(path: Path) -> dict[str, Any]:
    saved: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return saved


def test_version(run: Runner) -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"relquiz {__version__}"


def test_help_lists_the_commands(run: Runner) -> None:
    from relquiz.cli import COMMAND_MODULES

    result = run("--help")
    assert result.exit_code == 0
    lines = result.stdout.split("Commands:")[1].splitlines()
    listed = [line.split()[0] for line in lines if line.strip() and not line.startswith("   ")]  # not wrapped text
    assert listed == list(COMMAND_MODULES)


def test_play_with_piped_answers_to_the_end(run: Runner, tmp_path: Path) -> None:
    results = tmp_path / "ana.json"
    result = run(
        "play",
        "-b",
        str(SMALL_BANK),
        "--all",
        "--seed",
        "4",
        "--results",
        str(results),
        "--student",
        "Ana",
        input="t\nt\nt\nt\n",
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Small test bank" in out
    assert "4 questions, seed 4: the same seed and bank give anyone the same questions." in out
    assert "This is a learning exercise" in out
    assert "Question 1 of 4" in out and "Question 4 of 4" in out
    assert "Score: 2/4 (50%)" in out
    assert "Your misses are spread out" in out  # 2 of 4 answered: no evidence to name one
    saved = results_of(results)
    assert saved["completed"] is True and saved["student"] == "Ana" and saved["seed"] == 4
    assert saved["score"] == {"correct": 2, "answered": 4, "total": 4}
    assert [a["given"] for a in saved["answers"]] == ["therapy"] * 4
    assert f"Results saved to {results}" in out


def test_same_seed_gives_same_questions(run: Runner) -> None:
    def order(seed: str) -> list[str]:
        result = run("play", "-b", str(SMALL_BANK), "--all", "--seed", seed, "--plain", input="t\n" * 4)
        assert result.exit_code == 0
        return [line for line in result.stdout.splitlines() if line.startswith("Question ")]

    assert len(order("11")) == 4 and order("11") == order("11")
    assert len({tuple(order(str(seed))) for seed in range(6)}) > 1  # another seed, another order


def test_default_bank_and_count(run: Runner) -> None:
    result = run("play", "--plain", input="")
    assert result.exit_code == 0
    assert "10 questions, seed " in result.stdout
    assert "Question 1 of 10:" in result.stdout


def test_count_larger_than_the_bank_means_all(run: Runner) -> None:
    result = run("play", "-b", str(SMALL_BANK), "-n", "99", "--plain", input="q\n")
    assert "Question 1 of 4:" in result.stdout


def test_no_shuffle_keeps_bank_order(run: Runner) -> None:
    result = run("play", "-b", str(SMALL_BANK), "--all", "--no-shuffle", "--plain", input="t\nt\nt\nt\n")
    lines = [line for line in result.stdout.splitlines() if line.startswith("Question ")]
    assert [line.split(": ", 1)[1][:8] for line in lines] == ["Ana meet", "Ben and ", "Before t", "Eli's ne"]


def test_bad_reply_reprompts_and_help_shows_distinctions(run: Runner) -> None:
    result = run("play", "-b", str(SMALL_BANK), "-n", "1", "--plain", input="maybe\n?\nf\n")
    assert result.exit_code == 0
    assert "'maybe' is not an answer." in result.stdout
    assert "The five distinctions" in result.stdout
    assert "Score: " in result.stdout


@pytest.mark.parametrize("answers", ["t\nq\n", "t\n"], ids=["q", "end-of-input"])
def test_stopping_keeps_answers_and_exits_zero(run: Runner, tmp_path: Path, answers: str) -> None:
    result = run("play", "-b", str(SMALL_BANK), "--all", "--results", str(tmp_path / "r.json"), input=answers)
    assert result.exit_code == 0, result.output
    assert "Stopped; " not in result.stdout  # the summary names the file, once
    assert "Score: " in result.stdout and "stopped after 1 of 4" in result.stdout
    saved = results_of(tmp_path / "r.json")
    assert saved["completed"] is False and saved["score"]["answered"] == 1
    assert "Aborted" not in result.output


def test_quitting_before_any_answer_scores_nothing(run: Runner, tmp_path: Path) -> None:
    result = run("play", "-b", str(SMALL_BANK), "--results", str(tmp_path / "r.json"), "--plain", input="q\n")
    assert result.exit_code == 0
    assert "Stopped before the first answer: nothing to score." in result.stdout
    assert "Score" not in result.stdout and "Accuracy by distinction" not in result.stdout
    assert results_of(tmp_path / "r.json")["answers"] == []


def test_existing_results_file_is_never_overwritten(run: Runner, tmp_path: Path) -> None:
    wanted, free = tmp_path / "r.json", tmp_path / "r-1.json"
    wanted.write_text("precious")
    result = run("play", "-b", str(SMALL_BANK), "-n", "1", "--results", str(wanted), input="t\n")
    assert result.exit_code == 0
    assert wanted.read_text() == "precious"
    assert results_of(free)["score"]["answered"] == 1
    assert f"{wanted} already exists; saving to {free} instead" in result.stderr


def test_results_into_a_folder_use_the_student_name(run: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    for _ in range(2):
        result = run(
            "play", "-b", str(SMALL_BANK), "-n", "1", "--results", str(folder), "--student", "Ana", input="t\n"
        )
        assert result.exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["ana-results-1.json", "ana-results.json"]


def test_unwritable_results_path_fails_before_the_first_question(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("")
    result = run("play", "-b", str(SMALL_BANK), "--results", str(tmp_path / "afile" / "r.json"), input="t\n")
    assert result.exit_code == 2
    assert f"cannot write results to {tmp_path / 'afile' / 'r.json'}" in result.stderr
    assert "Question 1" not in result.stdout
    result = run("play", "-b", str(SMALL_BANK), "--results", str(tmp_path / "nowhere" / "r.json"), input="t\n")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_invalid_bank_lists_problems_and_exits_2(run: Runner, write_bank: BankWriter) -> None:
    path = write_bank(BROKEN)
    result = run("play", "-b", str(path), input="t\n")
    assert result.exit_code == 2
    assert f"{path}:6: unknown answer 'therapist' (did you mean 'therapy'?)" in result.stderr
    assert "Traceback" not in result.output
    assert "Question 1" not in result.stdout


def test_missing_bank_is_a_usage_error(run: Runner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = run("play", "-b", str(missing))
    assert result.exit_code == 2 and f"{missing}: no such file or folder" in result.stderr


def test_bad_option_values_are_usage_errors(run: Runner) -> None:
    assert run("play", "-n", "0").exit_code == 2
    assert run("play", "--seed", "abc").exit_code == 2


def test_unexpected_error_is_one_line_with_exit_1(run: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def explode(*_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("relquiz.views.quiz.QuizView.feedback", explode)
    result = run("play", "-b", str(SMALL_BANK), "-n", "2", "--results", str(tmp_path / "r.json"), input="t\nt\n")
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == "relquiz: error: unexpected RuntimeError: disk on fire (run with RELQUIZ_DEBUG=1 to see the details)"
    )
    assert "Traceback" not in result.output
    saved = results_of(tmp_path / "r.json")  # the answer given before the crash survives
    assert saved["score"]["answered"] == 1 and saved["completed"] is False
    debug = run("play", "-b", str(SMALL_BANK), "-n", "1", input="t\n", env={"RELQUIZ_DEBUG": "1"})
    assert isinstance(debug.exception, RuntimeError)


def test_ctrl_c_exits_130_and_keeps_answers(run: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: Iterator[str | BaseException] = iter(["t", KeyboardInterrupt()])

    def ask(prompt: object) -> str:
        reply = next(calls)
        if isinstance(reply, BaseException):
            raise reply
        return reply

    monkeypatch.setattr("relquiz.prompt.line_reader", lambda console: ask)
    results = tmp_path / "r.json"
    result = run("play", "-b", str(SMALL_BANK), "--all", "--results", str(results))
    assert result.exit_code == 130
    assert f"Stopped; 1 answer saved to {results}." in result.stdout
    assert results_of(results)["score"]["answered"] == 1


def test_markup_in_a_bank_is_shown_literally(run: Runner, write_bank: BankWriter) -> None:
    path = write_bank(
        """
        version: 1
        title: "[bold]Title[/bold]"
        questions:
          - id: q
            scenario: "[red]Scenario[/red]"
            answer: therapy
            distinctions: {purpose: "[blink]why[/blink]"}
        """
    )
    result = run("play", "-b", str(path), "-n", "1", input="t\n", env={"NO_COLOR": ""})
    assert "[bold]Title[/bold]" in result.stdout
    assert "[red]Scenario[/red]" in result.stdout
    assert "[blink]why[/blink]" in result.stdout


def test_control_characters_in_a_bank_are_reported(run: Runner, write_bank: BankWriter) -> None:
    path = write_bank(BROKEN.replace("therapist", "therapy").replace("scenario: x", 'scenario: "red \\e[31m \\u202e"'))
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"{path}:5: 'scenario' contains the control or direction character U+001B; remove it\n"


def test_plain_output_has_no_boxes(run: Runner) -> None:
    result = run("play", "-b", str(SMALL_BANK), "-n", "2", "--plain", input="t\nf\n")
    assert not set(result.stdout) & set("╭╮╰╯│─✓✗█░")
    assert "Question 1 of 2: " in result.stdout


def test_no_color_is_honoured_and_colour_appears_without_it(run: Runner) -> None:
    forced = {"FORCE_COLOR": "1", "TERM": "xterm-256color"}
    coloured = run("play", "-b", str(SMALL_BANK), "-n", "1", input="t\n", env={**forced, "NO_COLOR": ""})
    assert "\x1b[" in coloured.stdout
    plain = run("play", "-b", str(SMALL_BANK), "-n", "1", input="t\n", env={**forced, "NO_COLOR": "1"})
    assert "\x1b[1m" in plain.stdout  # bold stays: NO_COLOR is about colour only
    assert not re.search(r"\x1b\[[0-9;]*(3[0-8]|9[0-7])[;m]", plain.stdout)


def test_learn_shows_five_distinctions_with_bank_examples(run: Runner) -> None:
    result = run("learn", "-b", str(SMALL_BANK), "--plain")
    assert result.exit_code == 0
    for number, label in enumerate(("Purpose", "Professionalism", "Confidentiality", "Boundaries", "Duration"), 1):
        assert f"{number} of 5: {label}\n" in result.stdout
        assert f"{label}, therapy relationship: " in result.stdout and f"{label}, friendship: " in result.stdout
    assert (
        "Purpose, therapy relationship, for example: Ana meets a counsellor every Tuesday for fifty minutes at the"
        " campus service to work on exam anxiety. The meetings exist to work on exam anxiety." in result.stdout
    )
    assert (
        "Boundaries, friendship, for example: Ben and Chidi have played football together for ten years and talk"
        " about their worries over a drink. Both share their worries." in result.stdout
    )
    assert "…" not in result.stdout and "..." not in result.stdout  # whole sentences, never cut quotes


def test_validate_good_bank_prints_coverage(run: Runner) -> None:
    result = run("validate", str(SMALL_BANK))
    assert result.exit_code == 0
    assert "small.yaml: 4 questions" in result.stdout
    assert "therapy" in result.stdout and "confidentiality" in result.stdout


def test_validate_warns_about_imbalance_and_missing_distinctions(run: Runner, write_bank: BankWriter) -> None:
    path = write_bank(BROKEN.replace("therapist", "therapy"))
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert f"relquiz: warning: {path}: no question cites 'duration'" in result.stderr
    assert f"relquiz: warning: {path}: answers are unbalanced: 100% are 'therapy'" in result.stderr


def test_validate_reports_problems_one_per_line_and_exits_1(run: Runner, write_bank: BankWriter) -> None:
    path = write_bank(BROKEN.replace("    scenario: x\n", ""))
    result = run("validate", str(path), str(SMALL_BANK))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:4: question 1 is missing required field 'scenario'",
        f"{path}:5: unknown answer 'therapist' (did you mean 'therapy'?); use one of: therapy, friendship",
    ]
    assert "small.yaml: 4 questions" in result.stdout  # the good bank is still checked


def test_validate_goes_on_past_a_missing_path(run: Runner, write_bank: BankWriter, tmp_path: Path) -> None:
    path = write_bank(BROKEN)
    missing = tmp_path / "nope.yaml"
    result = run("validate", str(missing), str(path))
    assert result.exit_code == 2
    assert f"relquiz: error: {missing}: no such file or folder" in result.stderr
    assert f"{path}:6: unknown answer 'therapist'" in result.stderr


def test_validate_needs_a_path(run: Runner) -> None:
    assert run("validate").exit_code == 2


def test_list_table_and_json(run: Runner) -> None:
    table = run("list", "-b", str(SMALL_BANK))
    assert table.exit_code == 0
    assert "weekly-sessions" in table.stdout and "friendship" in table.stdout
    listed = json.loads(run("list", "-b", str(SMALL_BANK), "--json").stdout)
    assert [q["id"] for q in listed] == ["weekly-sessions", "old-friends", "intake-form", "neighbour-chat"]
    assert listed[0]["distinctions"] == {
        "purpose": "The meetings exist to work on exam anxiety.",
        "duration": "They meet weekly for a set course.",
    }
    assert listed[0]["difficulty"] == "easy" and listed[0]["tags"] == ["university"]


def test_support_note_overrides_the_default(run: Runner, write_bank: BankWriter) -> None:
    path = write_bank(
        BROKEN.replace("therapist", "therapy").replace("title: Broken", "title: B\nsupport_note: Ask your tutor.")
    )
    result = run("play", "-b", str(path), "--plain", input="q\n")
    assert "Ask your tutor." in result.stdout
    assert "This is a learning exercise" not in result.stdout


def test_list_filters_by_tag_and_difficulty(run: Runner) -> None:
    listed = json.loads(run("list", "-b", str(SMALL_BANK), "--json", "--difficulty", "EASY").stdout)
    assert [q["id"] for q in listed] == ["weekly-sessions", "old-friends"]
    listed = json.loads(run("list", "-b", str(SMALL_BANK), "--json", "--tag", "sport", "--tag", "university").stdout)
    assert [q["id"] for q in listed] == ["weekly-sessions", "old-friends"]
    listed = json.loads(run("list", "-b", str(SMALL_BANK), "--json", "--tag", "sport", "--difficulty", "hard").stdout)
    assert listed == []
    none = run("list", "-b", str(SMALL_BANK), "--tag", "sport", "--difficulty", "hard")
    assert none.exit_code == 0 and "no question matches these filters" in none.stderr
    typo = run("list", "-b", str(SMALL_BANK), "--tag", "sprot")
    assert typo.exit_code == 2 and "no question has the tag 'sprot' (did you mean 'sport'?)" in typo.stderr
    assert run("list", "--difficulty", "impossible").exit_code == 2


def test_validate_strict_applies_the_teaching_rules(run: Runner) -> None:
    result = run("validate", "--strict", str(SMALL_BANK))
    assert result.exit_code == 1  # its questions are too short for the per-question rules
    lines = result.stderr.splitlines()
    first_bank_line = next(n for n, line in enumerate(lines) if "rules for a full course are information only" in line)
    assert all(":" in line and "question '" in line for line in lines[:first_bank_line])  # questions first
    assert lines[first_bank_line:] == [
        f"{SMALL_BANK}: under 20 questions, the rules for a full course are information only; at this size, worth a look:",
        "  'boundaries' is cited by no 'therapy' question",
    ]  # not a teaching bank's sixty-question rules, which a seminar's seven cannot meet
    assert "small.yaml: 4 questions" in result.stdout  # the coverage table still shows
    assert run("validate", str(SMALL_BANK)).exit_code == 0


def test_plain_mode_sends_no_styling_even_on_a_colour_terminal(run: Runner) -> None:
    env = {"FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": ""}
    result = run("play", "-b", str(SMALL_BANK), "-n", "1", "--plain", input="t\n", env=env)
    assert "\x1b[" not in result.stdout


def test_a_narrow_terminal_gets_lines_instead_of_tables(run: Runner) -> None:
    result = run("play", "-b", str(SMALL_BANK), "-n", "1", "--seed", "1", input="?\nt\n", env={"COLUMNS": "40"})
    assert "Professionalism: A professional works under a code" in " ".join(result.stdout.split())
    assert "…" not in result.stdout  # nothing cut short with an ellipsis


def test_help_and_learn_say_which_side_is_which_in_plain_mode(run: Runner) -> None:
    result = run("learn", "-b", str(SMALL_BANK), "--plain")
    assert "Purpose, therapy relationship: It exists to help" in result.stdout
    assert "Purpose, friendship: It exists for its own sake" in result.stdout


def test_all_and_count_together_is_a_usage_error(run: Runner) -> None:
    result = run("play", "--all", "-n", "3")
    assert result.exit_code == 2 and "use either --all or --count, not both" in result.stderr


def test_a_results_folder_written_with_a_slash_is_made_if_its_parent_exists(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # "class/" as a user types it: a relative folder name ending in a slash
    made = run("play", "-b", str(SMALL_BANK), "--results", "class/", "--student", "Ana", input="t\n")
    assert made.exit_code == 0, made.output
    assert (tmp_path / "class" / "ana-results.json").is_file()
    result = run("play", "-b", str(SMALL_BANK), "--results", "missing/class/", input="t\n")
    assert result.exit_code == 2 and "the folder missing does not exist" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_losing_the_results_folder_mid_quiz_warns_and_goes_on(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "out").mkdir()
    from relquiz.results import ResultsRecord

    original = ResultsRecord.save

    def save_then_lose_folder(  # the folder vanishes after answer 1
        self: ResultsRecord, responses: list[Response], *args: Any, **kwargs: Any
    ) -> None:
        original(self, responses, *args, **kwargs)
        if len(responses) == 1:
            shutil.rmtree(tmp_path / "out")  # the file and the journal of its answers

    monkeypatch.setattr(ResultsRecord, "save", save_then_lose_folder)
    target = tmp_path / "out" / "r.json"
    result = run("play", "-b", str(SMALL_BANK), "-n", "2", "--results", str(target), input="t\nt\n")
    assert "Question 2 of 2" in result.stdout and "Score: " in result.stdout  # the quiz went on
    assert f"could not save results to {target}" in result.stderr and "the quiz goes on" in result.stderr
    assert result.exit_code == 1
    assert "Results saved to" not in result.stdout


def test_a_results_file_that_cannot_be_written_at_the_start_leaves_no_empty_file(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk: the name is claimed, the first save fails; the claim must not stay behind."""
    import relquiz.results

    def disk_full(path: Path, text: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(relquiz.results, "write_atomically", disk_full)
    target = tmp_path / "r.json"
    result = run("play", "-b", str(SMALL_BANK), "-n", "1", "--results", str(target), input="t\n")
    assert result.exit_code == 2 and f"could not save results to {target}: No space left on device" in result.stderr
    assert not (tmp_path / "r.json").exists()


def test_play_filters_compose_with_seed_and_count(run: Runner, tmp_path: Path) -> None:
    args = ["play", "--seed", "2027", "-n", "4", "--distinction", "confidentiality", "--difficulty", "hard", "--plain"]
    first = run(*args, "--results", str(tmp_path / "a.json"), input="t\n" * 4)
    second = run(*args, "--results", str(tmp_path / "b.json"), input="t\n" * 4)
    assert first.exit_code == 0 and second.exit_code == 0, first.output
    a, b = results_of(tmp_path / "a.json"), results_of(tmp_path / "b.json")
    assert [x["id"] for x in a["answers"]] == [x["id"] for x in b["answers"]]
    assert len(a["answers"]) == 4 and all("confidentiality" in x["distinctions"] for x in a["answers"])
    assert a["filters"] == {"difficulty": ["hard"], "distinction": ["confidentiality"]}
    from relquiz.bank.load import load_bank
    from relquiz.cli import bundled_bank_folder

    levels = {q.id: q.difficulty.value for q in load_bank([bundled_bank_folder()]).questions}
    assert {levels[x["id"]] for x in a["answers"]} == {"hard"}
    assert sum(x["expected"] == "therapy" for x in a["answers"]) == 2  # still balanced


def test_play_filters_that_match_nothing_or_a_mistyped_tag(run: Runner) -> None:
    typo = run("play", "--tag", "rurall")
    assert typo.exit_code == 2 and "did you mean 'rural'?" in typo.stderr
    nothing = run("play", "-b", str(SMALL_BANK), "--tag", "sport", "--difficulty", "hard")
    assert nothing.exit_code == 2 and "no question matches these filters" in nothing.stderr
    assert run("play", "--distinction", "kindness").exit_code == 2


def test_time_limit_marks_late_answers_in_results(
    run: Runner, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = iter(range(0, 1000, 5))  # every clock reading is 5 s after the last
    monkeypatch.setattr("relquiz.session.time.monotonic", lambda: next(ticks))
    results = str(tmp_path / "r.json")
    result = run(
        "play", "-b", str(SMALL_BANK), "-n", "1", "--time-limit", "3", "--results", results, "--plain", input="t\n"
    )
    assert result.exit_code == 0, result.output
    assert "Time limit: 3 seconds (a late answer still counts)." in result.stdout
    assert "Answered after the time limit" in result.stdout and "1 answered after the time limit" in result.stdout
    saved = results_of(tmp_path / "r.json")
    assert saved["time_limit"] == 3 and saved["answers"][0]["late"] is True
    on_time_file = tmp_path_factory.mktemp("on-time") / "s.json"  # tmp_path's own name holds the word "late"
    on_time = run("play", "-b", str(SMALL_BANK), "-n", "1", "--results", str(on_time_file), input="t\n")
    assert results_of(on_time_file)["answers"][0]["late"] is False and "late" not in on_time.stdout


def test_why_step_in_results_and_summary(run: Runner, tmp_path: Path) -> None:
    result = run(
        "play",
        "-b",
        str(SMALL_BANK),
        "--all",
        "--seed",
        "1",
        "--why",
        "--results",
        str(tmp_path / "r.json"),
        "--plain",
        input="t\npb\nf\n\nt\nd\nq\n",
    )
    assert result.exit_code == 0, result.output
    saved = results_of(tmp_path / "r.json")
    assert [a["why"] for a in saved["answers"]] == [["purpose", "boundaries"], [], ["duration"]]
    assert "Recognised (why step)" not in result.stdout  # plain mode says it in words instead
    assert "Purpose: right on 0 of the 2 questions that turn on it (0%); named at the why step 1 of 1 times (100%)" in (
        result.stdout
    )
    plain_play = run("play", "-b", str(SMALL_BANK), "-n", "1", "--results", str(tmp_path / "s.json"), input="t\n")
    assert plain_play.exit_code == 0 and results_of(tmp_path / "s.json")["answers"][0]["why"] is None


def test_the_start_is_at_most_five_lines_and_learn_keeps_the_full_note(run: Runner) -> None:
    """Title, count and seed, how to answer, one line of support: then the first question."""
    played = run("play", "-n", "2", "--seed", "7", input="q\n")
    start = played.stdout.split("\n\n")[0].splitlines()
    assert len(start) <= 5 and all(len(line) <= 80 for line in start), start
    assert start[1] == "2 questions, seed 7: the same seed and bank give anyone the same questions."
    assert start[-1] == "This is a learning exercise, not help: for support, talk to someone you trust."
    learned = run("learn")
    assert "your local emergency number" in " ".join(learned.stdout.split())  # the full note


def test_list_filters_by_distinction_as_play_does(run: Runner) -> None:
    result = run("list", "-b", str(SMALL_BANK), "--distinction", "boundaries", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert listed and all("boundaries" in question["distinctions"] for question in listed)
    assert len(listed) < len(json.loads(run("list", "-b", str(SMALL_BANK), "--json").stdout))


def test_help_gives_every_command_summary_whole(run: Runner) -> None:
    import typer

    from relquiz.cli import app

    listed = run("--help").stdout.split("Commands:")[1]
    assert "..." not in listed and "…" not in listed
    assert "Answer scenarios: therapy relationship or friendship? Each answer is explained." in " ".join(listed.split())
    commands = getattr(typer.main.get_command(app), "commands", {})
    for name, command in commands.items():  # each summary, whatever its length (cli/common.command)
        summary = " ".join((command.callback.__doc__ or "").strip().split("\n\n")[0].split())
        assert summary and f"{name} {summary}" in " ".join(listed.split()), name


def test_seed_help_shows_no_nineteen_digit_range_and_still_refuses_one_out_of_it(run: Runner) -> None:
    for command in ("play", "review", "host"):
        assert "9223372036854775807" not in run(command, "--help").stdout
    too_big = run("play", "--seed", str(2**63))
    assert too_big.exit_code == 2 and "a seed is a whole number from 0 up" in too_big.stderr
