"""The class report: figures checked against the documented worked example, and bad files skipped."""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import DATA, SMALL_BANK, Runner

from relquiz.errors import ResultsError
from relquiz.item_stats import discrimination
from relquiz.report import find_results_files, read_all
from relquiz.results_reader import MAX_RESULTS_BYTES, MAX_SECONDS, read_results

EXAMPLE = DATA / "report-example"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "report.md"
Change = Callable[[dict[str, Any]], object]
"""An edit to a results document, made in place."""


def doc_table(heading_cell: str) -> list[list[str]]:
    """Rows of the docs table whose header starts with `heading_cell`."""
    lines = DOCS.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {heading_cell} |"))
    rows: list[list[str]] = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_worked_example_questions_match_the_docs() -> None:
    bank = read_all(find_results_files([EXAMPLE])).banks[0]
    computed = [
        [
            item.id,
            str(item.answered),
            f"{100 * item.facility:.0f}%",
            f"{item.discrimination:.2f}",
            ", ".join(item.flags),
        ]
        for item in bank.items
    ]
    assert computed == doc_table("Question")


def test_worked_example_distinctions_match_the_docs() -> None:
    bank = read_all(find_results_files([EXAMPLE])).banks[0]
    computed = [
        [
            row.tally.distinction.value,
            f"{row.tally.correct} / {row.tally.cited}",
            f"{100 * (row.tally.accuracy or 0):.0f}%",
            ", ".join(f"{qid} ({n})" for qid, n in row.most_missed),
        ]
        for row in bank.distinctions
    ]
    assert computed == doc_table("Distinction")


def test_worked_example_students() -> None:
    bank = read_all(find_results_files([EXAMPLE])).banks[0]
    table = {row[0]: int(row[-1]) for row in doc_table("Student")}
    assert {s.name: s.correct for s in bank.students} == table
    assert all(s.seconds == 150 and s.completed for s in bank.students)


def test_discrimination_needs_five_answers_and_variation() -> None:
    assert discrimination([(1, 1.0), (0, 0.0), (1, 0.5), (0, 0.2)]) is None
    assert discrimination([(1, 0.1), (1, 0.9), (1, 0.5), (1, 0.2), (1, 0.3)]) is None
    assert discrimination([(1, 1.0), (1, 0.8), (0, 0.2), (0, 0.1), (1, 0.9)]) == pytest.approx(0.9820, abs=1e-4)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"format": "relquiz-results", "version": 1, "answ', "not valid JSON (line 1); a truncated or edited file?"),
        (b"\x80\x81 not utf-8", "not JSON text; a truncated or edited file?"),
        (b"[1, 2, 3]", 'not a relquiz results file (no "format": "relquiz-results")'),
        (b'{"format": "relquiz-results", "version": 9}', "results version '9' is not one this relquiz reads"),
        (
            b'{"format": "relquiz-results", "version": 1, "bank": {"title": "t", "sha256": "x"}}',
            "'answers' is missing",
        ),
        (
            b'{"format": "relquiz-results", "version": 1, "completed": true, "bank": {"title": "t", "sha256": "x"},'
            b' "answers": [{"id": "a", "expected": "therapist", "given": "therapy"}]}',
            "'answers[0]' names an unknown answer or distinction",
        ),
        (b"[" * 100_000, "nested too deeply to be a results file"),
    ],
)
def test_unusable_results_files_say_why(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ResultsError) as caught:
        read_results(path)
    assert str(caught.value).startswith(reason)


def edited(change: Change) -> bytes:
    document = json.loads((EXAMPLE / "ben.json").read_text())
    change(document)
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["answers"].append(dict(d["answers"][0])), "question 'q1' is answered more than once"),
        (lambda d: d["score"].update(total=3), "the score does not match the answers"),
        (lambda d: d["score"].update(correct=4), "the score does not match the answers"),
        (lambda d: d["score"].update(correct="six"), "'score.correct' is not a whole number"),
        (lambda d: d["answers"][3].update(correct=True), "'answers[3].correct' disagrees with its expected and given"),
        (lambda d: d["answers"][1].update(id=["q2"]), "'answers[1].id' is not text"),
        (lambda d: d["bank"].update(sha256=None), "'bank.sha256' is not text"),
        (lambda d: d.update(completed="yes"), "'completed' is not true or false"),
        (lambda d: d.update(version=True), "results version 'True' is not one this relquiz reads"),
        (lambda d: d.update(version=1.0), "results version '1.0' is not one this relquiz reads"),
        (lambda d: d["score"].update(total=10**30), "'score.total' is 1,000,000,000,000,000,000,000,000,000,000"),
        (lambda d: d["score"].update(total=400), "marked completed with 4 of 400 questions answered"),
    ],
)
def test_files_that_contradict_themselves_are_refused(tmp_path: Path, change: Change, reason: str) -> None:
    path = tmp_path / "edited.json"
    path.write_bytes(edited(change))
    with pytest.raises(ResultsError) as caught:
        read_results(path)
    assert str(caught.value).startswith(reason)


def test_special_files_are_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(ResultsError, match="not a regular file"):
        read_results(fifo)
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    with pytest.raises(ResultsError, match="not a regular file"):
        read_results(tmp_path / "zero.json")


def test_huge_files_are_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:
        stream.truncate(MAX_RESULTS_BYTES + 1)
    with pytest.raises(ResultsError, match=f"larger than {MAX_RESULTS_BYTES // 1_000_000} MB"):
        read_results(path)


def copy_example(folder: Path) -> None:
    folder.mkdir()
    for source in EXAMPLE.glob("*.json"):
        (folder / source.name).write_bytes(source.read_bytes())


def test_report_command_skips_bad_files_and_reports_the_rest(run: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    copy_example(folder)
    (folder / "truncated.json").write_text('{"format": "relquiz-res')
    (folder / "notes.txt").write_text("ignored: not .json")
    result = run("report", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"relquiz: warning: skipped {folder / 'truncated.json'}: not valid JSON (line 1); a truncated or edited file?"
    ]
    assert "Worked example" in result.stdout and "low discrimination" in result.stdout  # the hint
    assert "strong and weak students miss it alike" in result.stdout


def test_results_from_different_banks_are_reported_separately(run: Runner, tmp_path: Path) -> None:
    copy_example(tmp_path / "class")
    other = json.loads((EXAMPLE / "ana.json").read_text())
    other["bank"] = {"title": "Another bank", "sha256": "f" * 64}
    (tmp_path / "class" / "zed.json").write_text(json.dumps(other))
    result = run("report", str(tmp_path / "class"), "--json")
    data = json.loads(result.stdout)
    assert [bank["title"] for bank in data["banks"]] == ["Worked example", "Another bank"]
    assert [len(bank["students"]) for bank in data["banks"]] == [6, 1]
    assert "2 different banks, reported separately" in result.stderr
    assert data["banks"][0]["questions"][2] == {
        "id": "q3",
        "answered": 6,
        "facility": 0.5,
        "first_vote_facility": None,  # no live class with a second vote
        "discrimination": 0.728,
        "flags": [],
    }


def test_csv_neutralises_formulas_in_names(run: Runner, tmp_path: Path) -> None:
    copy_example(tmp_path / "class")
    hostile = json.loads((EXAMPLE / "ana.json").read_text())
    hostile["student"] = '=HYPERLINK("http://example.invalid","x")'
    (tmp_path / "class" / "ana.json").write_text(json.dumps(hostile))
    result = run("report", str(tmp_path / "class"), "--csv", str(tmp_path / "grades.csv"))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader((tmp_path / "grades.csv").open(encoding="utf-8", newline="")))
    header = ["student", "file", "bank", "correct", "answered", "total", "percent", "completed", "late"]
    assert rows[0] == ["\ufeff" + header[0], *header[1:], "q1", "q2", "q3", "q4"]  # a BOM for spreadsheets
    assert rows[1][0] == '\'=HYPERLINK("http://example.invalid","x")'
    assert rows[2] == ["Ben", "ben.json", "Worked example", "3", "4", "4", "75", "yes", "0", "1", "1", "1", "0"]


def test_html_and_svg_copies_and_no_overwrite(run: Runner, tmp_path: Path) -> None:
    html, svg = tmp_path / "r.html", tmp_path / "r.svg"
    result = run("report", str(EXAMPLE), "--html", str(html), "--svg", str(svg))
    assert result.exit_code == 0, result.output
    assert "Worked example" in html.read_text(encoding="utf-8")
    drawn = svg.read_text(encoding="utf-8")
    assert drawn.lstrip().startswith("<svg") and "Worked" in drawn  # Rich writes spaces as &#160;
    assert "@font-face" not in drawn and 'url("http' not in drawn and "@import" not in drawn  # reaches out to nothing
    again = run("report", str(EXAMPLE), "--html", str(html))
    assert again.exit_code == 2 and f"{html} already exists; add --force" in again.stderr
    assert run("report", str(EXAMPLE), "--html", str(html), "--force").exit_code == 0


def test_report_with_nothing_usable(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert run("report", str(tmp_path / "empty")).exit_code == 2
    (tmp_path / "bad.json").write_text("{}")
    result = run("report", str(tmp_path / "bad.json"))
    assert result.exit_code == 2 and "none of the files could be used" in result.stderr


def test_names_with_markup_and_escapes_are_shown_as_text(run: Runner, tmp_path: Path) -> None:
    copy_example(tmp_path / "class")
    hostile = json.loads((EXAMPLE / "ana.json").read_text())
    hostile["student"] = "[bold]Ana[/bold] \x1b[31mred\x1b]0;title\x07"
    hostile["bank"]["title"] = "[blink]Worked[/blink] \u202eexample"
    hostile["answers"][0]["id"] = "[red]q1\x1b[2J"
    (tmp_path / "class" / "ana.json").write_text(json.dumps(hostile))
    result = run("report", str(tmp_path / "class"))
    assert "[bold]Ana[/bold] red" in result.stdout
    assert "[red]q1" in result.stdout and "[blink]Worked[/blink] example" in result.stdout
    assert "\u202e" not in result.stdout
    assert not re.search("[\x1b\x07]", result.stdout)


def test_a_simulated_class_end_to_end(run: Runner, tmp_path: Path) -> None:
    """Six students play the same seeded set into one folder; the report sees one bank and all six."""
    folder = tmp_path / "results"
    folder.mkdir()
    for number, name in enumerate(["Ana", "Ben", "Chidi", "Dev", "Eli", "Fay"]):
        answers = "".join("t\n" if (number + k) % 3 else "f\n" for k in range(6))
        played = run("play", "--seed", "7", "-n", "6", "--results", str(folder), "--student", name, input=answers)
        assert played.exit_code == 0, played.output
    data = json.loads(run("report", str(folder), "--json").stdout)
    assert len(data["banks"]) == 1 and data["skipped"] == [] and data["warnings"] == []
    bank = data["banks"][0]
    assert sorted(s["name"] for s in bank["students"]) == ["Ana", "Ben", "Chidi", "Dev", "Eli", "Fay"]
    assert len(bank["questions"]) == 6 and all(q["answered"] == 6 for q in bank["questions"])
    assert sum(s["correct"] for s in bank["students"]) == sum(
        round(q["facility"] * q["answered"]) for q in bank["questions"]
    )


def test_copies_and_two_paths_to_one_file_count_once(run: Runner, tmp_path: Path) -> None:
    folder, copy = tmp_path / "class", tmp_path / "ana-copy.json"
    copy_example(folder)
    copy.write_bytes((EXAMPLE / "ana.json").read_bytes())
    result = run("report", str(folder), str(copy), str(folder / ".." / "class" / "ben.json"), "--json")
    assert [len(bank["students"]) for bank in json.loads(result.stdout)["banks"]] == [6]
    assert f"skipped {folder / 'ana.json'}: the same run as {copy}; counted once" in result.stderr


def test_stopping_early_never_raises_the_percent(run: Runner, tmp_path: Path) -> None:
    copy_example(tmp_path / "class")
    quitter = json.loads((EXAMPLE / "fay.json").read_text())
    quitter["answers"] = quitter["answers"][1:2]  # one right answer, then stopped
    quitter.update(completed=False, finished_at=None, score={"correct": 1, "answered": 1, "total": 4})
    (tmp_path / "class" / "fay.json").write_text(json.dumps(quitter))
    students = json.loads(run("report", str(tmp_path / "class"), "--json").stdout)["banks"][0]["students"]
    fay = next(s for s in students if s["name"] == "Fay")
    assert (fay["correct"], fay["answered"], fay["total"], fay["percent"], fay["completed"]) == (1, 1, 4, 25.0, False)


def test_several_banks_never_share_a_gradebook_column(run: Runner, tmp_path: Path) -> None:
    copy_example(tmp_path / "class")
    other = json.loads((EXAMPLE / "ana.json").read_text())
    other["bank"] = {"title": "Worked example, Term 2", "sha256": "f" * 64}  # the same ids in another bank
    (tmp_path / "class" / "zed.json").write_text(json.dumps(other))
    run("report", str(tmp_path / "class"), "--csv", str(tmp_path / "g.csv"))
    rows = list(csv.reader((tmp_path / "g.csv").open(encoding="utf-8-sig", newline="")))
    assert rows[0][9:] == [f"q{n} [eeeeeeee]" for n in range(1, 5)] + [f"q{n} [ffffffff]" for n in range(1, 5)]
    assert rows[-1][2] == "Worked example, Term 2 [ffffffff]" and rows[-1][9:13] == ["", "", "", ""]


def test_report_outputs_are_checked_before_reading(run: Runner, tmp_path: Path) -> None:
    result = run("report", str(EXAMPLE), "--csv", str(tmp_path / "nowhere" / "g.csv"))
    assert result.exit_code == 2 and f"the folder {tmp_path / 'nowhere'} does not exist" in result.stderr
    (tmp_path / "folder").mkdir()
    result = run("report", str(EXAMPLE), "--html", str(tmp_path / "folder"), "--force")
    assert result.exit_code == 2 and f"{tmp_path / 'folder'} is a folder; give a file name" in result.stderr


@pytest.mark.parametrize(
    ("change", "outcome"),
    [
        (lambda d: d.update(finished_at="2026-11-27T10:02:30"), "readable"),  # one time without a zone
        (lambda d: d["answers"][0].update(seconds=-5), "readable"),
        (lambda d: d["answers"][0].update(seconds=10**400), "readable"),  # no float can hold it
        (lambda d: d["answers"][0].update(seconds=1e300), "readable"),
        (lambda d: d.update(started_at="0001-01-01T00:00:00", finished_at="9999-12-31T23:59:59"), "readable"),
    ],
)
def test_odd_but_harmless_fields_do_not_stop_the_report(tmp_path: Path, change: Change, outcome: str) -> None:
    path = tmp_path / "odd.json"
    path.write_bytes(edited(change))
    results = read_results(path)
    assert results.answers
    assert all(answer.seconds is None or 0 <= answer.seconds <= MAX_SECONDS for answer in results.answers)
    assert results.seconds_taken is None or 0 <= results.seconds_taken <= MAX_SECONDS


def test_start_and_finish_years_apart_are_unknown_not_replaced(tmp_path: Path) -> None:
    """Implausible times are shown as unknown, not quietly swapped for the answers' own times."""
    path = tmp_path / "odd.json"
    path.write_bytes(edited(lambda d: d.update(started_at="2020-01-01T00:00:00+00:00")))
    assert read_results(path).seconds_taken is None
    path.write_bytes(edited(lambda d: d.update(finished_at=None)))  # unfinished: the answers' times
    assert read_results(path).seconds_taken == sum(a.seconds or 0 for a in read_results(path).answers)


def test_impossible_times_are_unknown_not_absurd(run: Runner, tmp_path: Path) -> None:
    """Times beyond a month come from an edited file: shown as '?', never as a 300-digit number."""
    folder = tmp_path / "class"
    folder.mkdir()

    def huge(document: dict[str, Any]) -> None:
        document.update(started_at=None)
        for answer in document["answers"]:
            answer["seconds"] = 1.7e308  # their sum would be infinite

    (folder / "a.json").write_bytes(edited(huge))
    for mode in ((), ("--plain",), ("--json",)):
        result = run("report", str(folder), *mode)
        assert result.exit_code == 0, result.output
        assert "Infinity" not in result.stdout and "e+" not in result.stdout


def test_lone_surrogates_in_names_and_ids_never_stop_a_report(run: Runner, tmp_path: Path) -> None:
    """JSON can spell a lone surrogate ("\\ud800"); no terminal or UTF-8 file can hold one."""
    folder = tmp_path / "class"
    folder.mkdir()

    def odd(document: dict[str, Any]) -> None:
        document["student"] = "Ben \ud800x"
        document["answers"][0]["id"] = "q1\udc80"

    (folder / "ben.json").write_bytes(edited(odd))
    (folder / "ana.json").write_bytes((EXAMPLE / "ana.json").read_bytes())
    for mode in ((), ("--plain",)):
        result = run("report", str(folder), *mode)
        assert result.exit_code == 0 and "Ben x" in result.stdout, result.output
    result = run("report", str(folder), "--json")
    assert result.exit_code == 0 and '"name": "Ben \\ud800x"' in result.stdout and '"q1\\udc80"' in result.stdout
    assert json.loads(result.stdout)  # the escaped form is still valid JSON
    csv, html, svg = tmp_path / "g.csv", tmp_path / "r.html", tmp_path / "r.svg"
    result = run("report", str(folder), "--csv", str(csv), "--html", str(html), "--svg", str(svg))
    assert result.exit_code == 0, result.output
    assert "Ben x" in csv.read_text(encoding="utf-8")
    assert "Ben x" in html.read_text(encoding="utf-8")
    assert "Ben&#160;x" in svg.read_text(encoding="utf-8")


def test_a_link_loop_given_by_name_is_skipped_like_any_unreadable_file(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "one.json").symlink_to(tmp_path / "two.json")
    (tmp_path / "two.json").symlink_to(tmp_path / "one.json")
    result = run("report", str(tmp_path / "one.json"), str(EXAMPLE / "ana.json"))
    assert result.exit_code == 0, result.output
    assert "skipped" in result.stderr and "one.json: cannot be read" in result.stderr


def test_nan_and_infinity_are_not_json(tmp_path: Path) -> None:
    path = tmp_path / "nan.json"
    path.write_text((EXAMPLE / "ben.json").read_text().replace('"seconds": 10.0', '"seconds": Infinity', 1))
    with pytest.raises(ResultsError, match="not JSON text"):
        read_results(path)


def test_report_outputs_that_cannot_be_written_are_usage_errors(run: Runner) -> None:
    result = run("report", str(EXAMPLE), "--csv", "/proc/x.csv")
    assert result.exit_code == 2 and result.stderr.startswith("relquiz: error: cannot write /proc/x.csv")


def test_writing_a_file_says_where_and_shows_the_report_only_when_asked(run: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("ana", "ben"):
        played = run(
            "play",
            "-b",
            str(SMALL_BANK),
            "--seed",
            "1",
            "-n",
            "2",
            "--results",
            str(folder / f"{name}.json"),
            "--student",
            name,
            input="t\nf\n",
        )
        assert played.exit_code == 0, played.output
    quiet = run("report", str(folder), "--csv", str(tmp_path / "g.csv"))
    assert quiet.exit_code == 0 and quiet.stdout == ""
    assert quiet.stderr == f"Saved {tmp_path / 'g.csv'}\n"
    shown = run("report", str(folder), "--csv", str(tmp_path / "h.csv"), "--show")
    assert "Class report: " in shown.stdout and shown.stderr == f"Saved {tmp_path / 'h.csv'}\n"
