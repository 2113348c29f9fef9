"""The class report's readings beyond one question: reliability of a shared set, the why step's
matrix, small-class flags, one student one row, and versions of one edited bank."""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path
from typing import Any

import pytest
from helpers import Runner

from relquiz.item_stats import reliability
from relquiz.model import Distinction

DIGEST = "e" * 64
CITED = {
    "q1": ["purpose", "boundaries"],
    "q2": ["confidentiality"],
    "q3": ["duration", "purpose"],
    "q4": ["boundaries"],
}
KEY = {"q1": "therapy", "q2": "friendship", "q3": "therapy", "q4": "friendship"}
OTHER = {"therapy": "friendship", "friendship": "therapy"}
# The worked example of docs/report.md: six students, four questions, 1 right and 0 wrong.
EXAMPLE_ROWS = {
    "Ana": [1, 1, 1, 1],
    "Ben": [1, 1, 1, 0],
    "Chidi": [1, 0, 1, 1],
    "Dev": [1, 1, 0, 0],
    "Eli": [1, 0, 0, 0],
    "Fay": [0, 1, 0, 0],
}


def write_run(
    path: Path,
    student: str | None,
    scores: list[int],
    *,
    ids: list[str] | None = None,
    digest: str = DIGEST,
    title: str = "Worked example",
    key: dict[str, str] | None = None,
    why: list[list[str]] | None = None,
    total: int | None = None,
    started: str = "2026-11-27T10:00:00+00:00",
) -> None:
    """A results file as relquiz writes it: `scores[n]` 1 or 0 for question `ids[n]`."""
    ids = ids or [f"q{n}" for n in range(1, len(scores) + 1)]
    key = key or KEY
    answers: list[dict[str, Any]] = []
    for number, (qid, score) in enumerate(zip(ids, scores, strict=True)):
        expected = key.get(qid, "therapy")
        answers.append(
            {
                "id": qid,
                "expected": expected,
                "given": expected if score else OTHER[expected],
                "correct": bool(score),
                "seconds": 5.0,
                "late": False,
                "distinctions": CITED.get(qid, ["purpose"]),
                "why": None if why is None else why[number],
            }
        )
    total = len(scores) if total is None else total
    document = {
        "format": "relquiz-results",
        "version": 1,
        "student": student,
        "seed": 7,
        "bank": {"title": title, "sha256": digest},
        "started_at": started,
        "finished_at": started if len(scores) == total else None,
        "completed": len(scores) == total,
        "time_limit": None,
        "filters": {},
        "score": {"correct": sum(scores), "answered": len(scores), "total": total},
        "answers": answers,
    }
    path.write_text(json.dumps(document), encoding="utf-8")


def example_class(folder: Path, rows: dict[str, list[int]] = EXAMPLE_ROWS) -> Path:
    folder.mkdir(exist_ok=True)
    for name, scores in rows.items():
        write_run(folder / f"{name.lower()}.json", name, scores)
    return folder


def report_json(run: Runner, *paths: Path | str) -> dict[str, Any]:
    result = run("report", *map(str, paths), "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def kr20(rows: list[list[int]]) -> float:
    """KR-20 written out again from its textbook form, to check the report against."""
    items = len(rows[0])
    shares = [statistics.mean(row[i] for row in rows) for i in range(items)]
    return items / (items - 1) * (1 - sum(p * (1 - p) for p in shares) / statistics.pvariance([sum(r) for r in rows]))


def test_reliability_of_the_worked_example_matches_the_hand_figures(run: Runner, tmp_path: Path) -> None:
    bank = report_json(run, example_class(tmp_path / "class"))["banks"][0]
    figures = bank["reliability"]
    # By hand (docs/report.md): sum of p(1-p) = 30/36, variance of totals 44/36, alpha = 4/3 * (1 - 30/44).
    assert figures["alpha"] == pytest.approx(4 / 3 * (1 - 30 / 44), abs=1e-3) == pytest.approx(0.424, abs=1e-3)
    assert figures["alpha"] == pytest.approx(kr20(list(EXAMPLE_ROWS.values())), abs=1e-3)
    assert figures["error_ratio"] == pytest.approx(math.sqrt(1 - 0.4242), abs=1e-3)
    # The standard error is the error ratio times the scores' SD as Moodle gives it (n - 1: 44/30).
    assert figures["standard_error"] == pytest.approx(math.sqrt(1 - 0.4242) * math.sqrt(44 / 30), abs=1e-3)
    assert figures["not_shown_because"] is None and (figures["questions"], figures["students"]) == (4, 6)
    text = run("report", str(tmp_path / "class"), "--plain").stdout
    assert "Cronbach's alpha (KR-20; Moodle's CIC) 0.42, not satisfactory (Moodle reads above 0.75" in text
    assert "error ratio 76%, not acceptable (up to 50%); standard error 0.92 questions." in text


def test_a_consistent_class_reads_as_satisfactory(run: Runner, tmp_path: Path) -> None:
    rows = {f"S{n}": [1] * n + [0] * (6 - n) for n in range(7)}  # a perfect ladder: alpha is high
    text = run("report", str(example_class(tmp_path / "c", rows)), "--plain").stdout
    alpha = kr20(list(rows.values()))
    assert alpha > 0.75
    assert f"Cronbach's alpha (KR-20; Moodle's CIC) {alpha:.2f}, satisfactory (Moodle reads above 0.75" in text
    assert ", acceptable (up to 50%)" in text


@pytest.mark.parametrize(
    ("rows", "total", "reason"),
    [
        ({"A": [1, 0, 1], "B": [1, 1, 0], "C": [0, 0, 1], "D": [1, 1, 1], "E": [0, 1]}, 3, "some students stopped"),
        ({"A": [1, 0], "B": [1, 1], "C": [0, 0]}, None, "it needs at least 5 students"),
        ({name: [1, 0] for name in "ABCDE"}, None, "every student had the same score"),
        ({name: [1] for name in "ABCDEF"}, None, "it needs at least 2 questions"),
    ],
)
def test_reliability_says_why_it_is_not_shown(
    run: Runner, tmp_path: Path, rows: dict[str, list[int]], total: int | None, reason: str
) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    for name, scores in rows.items():
        write_run(folder / f"{name}.json", name, scores, total=total)
    figures = report_json(run, folder)["banks"][0]["reliability"]
    assert figures["alpha"] is None and reason in figures["not_shown_because"]
    assert f"Reliability (Cronbach's alpha): not shown, as {reason}" in run("report", str(folder), "--plain").stdout


def test_different_draws_give_no_reliability() -> None:
    answers = [{"q1": True, "q2": False}, {"q1": True, "q3": True}] * 3
    figures = reliability(answers, stopped_early=False)
    assert figures.alpha is None and figures.reason.startswith("students answered different questions")


def test_the_why_step_matrix_shows_what_the_class_named_when_wrong(run: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    # q1 cites purpose and boundaries, q2 confidentiality. Wrong answers name duration twice, and
    # purpose once; a skipped why step ([]) and right answers claim nothing.
    write_run(folder / "a.json", "A", [0, 0], why=[["duration"], ["duration", "confidentiality"]])
    write_run(folder / "b.json", "B", [0, 1], why=[["purpose"], ["duration"]])
    write_run(folder / "c.json", "C", [0, 0], why=[[], ["boundaries"]])
    matrix = report_json(run, folder)["banks"][0]["why_when_wrong"]
    assert matrix["answers"] == 4  # a1, a2, b1, c2: c1 skipped the why step, b2 was right
    assert matrix["cited"]["purpose"] == {
        "wrong": 2,
        "named": {"purpose": 1, "professionalism": 0, "confidentiality": 0, "boundaries": 0, "duration": 1},
    }
    assert matrix["cited"]["confidentiality"]["wrong"] == 2
    assert matrix["cited"]["confidentiality"]["named"]["duration"] == 1
    assert matrix["cited"]["confidentiality"]["named"]["boundaries"] == 1
    assert matrix["cited"]["duration"]["wrong"] == 0
    text = run("report", str(folder), "--plain").stdout
    assert "When wrong, what they named in the why step (4 wrong answers)" in text
    assert "Purpose at stake, 2 wrong answers: named purpose 1, professionalism 0, confidentiality 0," in text
    assert "Duration at stake" not in text  # no wrong answer cited it
    assert "P purpose" not in text  # plain lines name the distinctions in full: no letters to explain
    wide = run("report", str(folder), env={"COLUMNS": "80"}).stdout
    assert "At stake" in wide and "P purpose, R professionalism" in wide


def test_no_why_step_no_matrix(run: Runner, tmp_path: Path) -> None:
    assert report_json(run, example_class(tmp_path / "class"))["banks"][0]["why_when_wrong"] is None
    assert "why step" not in run("report", str(tmp_path / "class"), "--plain").stdout


def test_small_classes_get_tentative_flags_and_plain_headings(run: Runner, tmp_path: Path) -> None:
    small = example_class(tmp_path / "small")
    bank = report_json(run, small)["banks"][0]
    assert bank["tentative"] is True and bank["questions"][1]["flags"] == ["weak"]
    text = run("report", str(small), env={"COLUMNS": "120"}).stdout
    assert "Answered right (facility)" in text and "Separates stronger from weaker (discrimination)" in text
    assert "Flags (tentative)" in text
    assert "Answered right (facility): the share who got it right." in text
    assert "Tentative: with 6 students, one answer moves a question's 'answered right' by 17 points" in text
    assert "flagged weak (tentative)" in run("report", str(small), "--plain").stdout


def test_twenty_students_make_the_flags_firm(run: Runner, tmp_path: Path) -> None:
    rows = {f"S{n:02}": list(EXAMPLE_ROWS.values())[n % 6] for n in range(20)}
    folder = example_class(tmp_path / "class", rows)
    assert report_json(run, folder)["banks"][0]["tentative"] is False
    text = run("report", str(folder), "--plain").stdout
    assert "flagged weak" in text and "(tentative)" not in text and "Tentative:" not in text


def test_a_run_with_no_answer_beside_the_same_students_other_file_is_not_a_second_student(
    run: Runner, tmp_path: Path
) -> None:
    folder = example_class(tmp_path / "class")
    write_run(folder / "ana-1.json", "ana ", [], total=4)  # pressed q at once, then started again
    write_run(folder / "gil.json", "Gil", [], total=4)  # never answered: still a row, with 0
    bank = report_json(run, folder)["banks"][0]
    names = [s["name"] for s in bank["students"]]
    assert names.count("Ana") == 1 and "ana " not in names and "Gil" in names
    assert bank["notes"] == [
        "not counted: ana-1.json holds no answer and its student has another file (a run stopped at once and started again)"
    ]


def test_the_same_student_twice_is_flagged_in_one_line(run: Runner, tmp_path: Path) -> None:
    folder = example_class(tmp_path / "class")
    write_run(folder / "ben-2.json", "  BEN ", [1, 1, 1, 1], started="2026-11-27T11:00:00+00:00")  # later
    result = run("report", str(folder), "--plain")
    notes = [line for line in result.stdout.splitlines() if line.startswith("Note: ")]
    assert notes == [
        "Note: BEN has 2 results files (ben.json, ben-2.json, the latest last), shown as 2 rows: remove the one that"
        " should not count"
    ]


def test_versions_of_one_edited_bank_are_reported_together(run: Runner, tmp_path: Path) -> None:
    folder = example_class(tmp_path / "class")
    # The teacher fixed q3's key and added q5 between two lessons: a new digest, the same title.
    edited = dict(KEY, q3="friendship", q5="therapy")
    for name in ("gus", "hal"):
        write_run(
            folder / f"{name}.json",
            name.title(),
            [1, 0, 1, 1, 1],
            ids=["q1", "q2", "q3", "q4", "q5"],
            digest="f" * 64,
            key=edited,
            started="2026-11-28T10:00:00+00:00",
        )
    data = report_json(run, folder)
    assert len(data["banks"]) == 1 and data["warnings"] == []
    bank = data["banks"][0]
    assert bank["versions"] == [DIGEST, "f" * 64] and bank["sha256"] == "f" * 64  # the newest
    assert len(bank["students"]) == 8
    items = {item["id"]: item["answered"] for item in bank["questions"]}
    assert items == {"q1": 8, "q2": 8, "q3@eeeeeeee": 6, "q4": 8, "q3@ffffffff": 2, "q5": 2}
    assert bank["notes"] == [
        "2 versions of this bank (eeeeeeee, ffffffff) are reported together: 3 questions in more than one;"
        " changed between versions (their answer or citations), so reported per version as ID@version: q3"
    ]


def test_banks_that_only_share_a_title_stay_apart(run: Runner, tmp_path: Path) -> None:
    folder = example_class(tmp_path / "class")
    flipped = {qid: OTHER[answer] for qid, answer in KEY.items()}  # every shared question keyed otherwise
    write_run(folder / "zed.json", "Zed", [1, 1, 1, 1], digest="f" * 64, key=flipped)
    write_run(folder / "yan.json", "Yan", [1, 1], ids=["x1", "x2"], digest="d" * 64)  # no question shared
    data = report_json(run, folder)
    assert [len(bank["students"]) for bank in data["banks"]] == [6, 1, 1]
    assert "3 different banks, reported separately" in data["warnings"][0]


def test_an_answered_item_keeps_its_why_and_key(tmp_path: Path) -> None:
    from relquiz.results_reader import read_results

    write_run(tmp_path / "a.json", "A", [0, 1], why=[["duration"], []])
    answers = read_results(tmp_path / "a.json").answers
    assert answers[0].why == (Distinction.DURATION,) and answers[1].why == ()
    assert [a.expected.value for a in answers] == ["therapy", "friendship"]


def test_long_ids_in_a_narrow_window_get_the_headings_first_words(run: Runner, tmp_path: Path) -> None:
    ids = ["a-rather-long-question-id-from-a-bank", "another-long-question-id-of-that-bank"]
    folder = tmp_path / "class"
    folder.mkdir()
    for name in "ABCDEF":
        write_run(folder / f"{name}.json", name, [1, 0], ids=ids)
    text = run("report", str(folder), env={"COLUMNS": "80"}).stdout
    assert "Questions (N answered)" in text and "Separates" in text and "…" not in text
    assert all(qid in text for qid in ids)  # whole, on one line each
    assert "Answered right (facility): the share who got it right." in text  # the short headings named whole


def test_most_often_missed_ids_stay_whole_one_a_line(run: Runner, tmp_path: Path) -> None:
    ids = ["kind-psychiatrist-friends-monday-call", "culture-parents-join-the-last-part"]
    folder = tmp_path / "class"
    folder.mkdir()
    write_run(folder / "a.json", "A", [0, 0], ids=ids)
    narrow = run("report", str(folder), env={"COLUMNS": "80"}).stdout
    assert all(f"{qid} (1)" in narrow for qid in ids)  # the bars give up their room first
    wide = run("report", str(folder), env={"COLUMNS": "140"}).stdout
    assert all(f"{qid} (1)" in wide for qid in ids) and "░" in wide and "░" not in narrow


def test_a_negative_alpha_says_what_it_means(run: Runner, tmp_path: Path) -> None:
    rows = {"A": [1, 0], "B": [0, 1], "C": [1, 0], "D": [0, 1], "E": [1, 1], "F": [0, 0], "G": [1, 0]}
    assert kr20(list(rows.values())) < 0
    folder = example_class(tmp_path / "c", rows)
    figures = report_json(run, folder)["banks"][0]["reliability"]
    assert figures["alpha"] < 0 and figures["error_ratio"] is None and figures["standard_error"] is None
    text = run("report", str(folder), "--plain").stdout
    assert (
        ", not satisfactory (Moodle reads above 0.75 as satisfactory); the questions pull against each other," in text
    )
    assert "error ratio 1" not in text and "%, not acceptable" not in text  # over 100% it would mean nothing
    assert "pull against" not in run("report", str(example_class(tmp_path / "d")), "--plain").stdout


def test_an_alpha_just_over_the_line_does_not_read_as_under_it() -> None:
    from relquiz.item_stats import Reliability
    from relquiz.views.class_analysis import reliability_line

    line = reliability_line(Reliability(10, 30, alpha=0.754, error_ratio=0.496, standard_error=1.0))
    assert "0.75, satisfactory (Moodle reads above 0.75 as satisfactory)" in line and "acceptable (up" in line
    line = reliability_line(Reliability(10, 30, alpha=0.75, error_ratio=0.5, standard_error=1.0))
    assert "0.75, not satisfactory" in line and "50%, acceptable" in line


def test_a_students_second_file_does_not_count_twice_in_the_reliability(run: Runner, tmp_path: Path) -> None:
    folder = example_class(tmp_path / "class")
    write_run(folder / "ana-2.json", "Ana", [0, 0, 0, 0], started="2026-11-27T11:00:00+00:00")  # a later try
    figures = report_json(run, folder)["banks"][0]["reliability"]
    assert figures["students"] == 6 and figures["alpha"] == pytest.approx(4 / 3 * (1 - 30 / 44), abs=1e-3)


def test_damaged_why_steps_do_not_skew_the_matrix(run: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    write_run(folder / "a.json", "A", [0, 0], why=[["purpose", "purpose", "purpose"], ["nope"]])
    write_run(folder / "b.json", "B", [0], ids=["q9"], why=[["duration"]])
    document = json.loads((folder / "b.json").read_text())
    document["answers"][0]["distinctions"] = []  # cites nothing: it belongs to no row
    (folder / "b.json").write_text(json.dumps(document))
    matrix = report_json(run, folder)["banks"][0]["why_when_wrong"]
    assert matrix["answers"] == 1  # a1 only: a2's why names no known distinction, b1 cites none
    assert matrix["cited"]["purpose"] == {
        "wrong": 1,
        "named": {"purpose": 1, "professionalism": 0, "confidentiality": 0, "boundaries": 0, "duration": 0},
    }


def test_the_order_a_bank_lists_distinctions_in_does_not_make_a_new_bank(run: Runner, tmp_path: Path) -> None:
    folder = example_class(tmp_path / "class")
    for name in ("gus", "hal"):
        write_run(folder / f"{name}.json", name.title(), [1, 1, 1, 1], digest="f" * 64, started="2026-11-28T10:00:00Z")
        document = json.loads((folder / f"{name}.json").read_text())
        for answer in document["answers"]:
            answer["distinctions"].reverse()  # the same citations, written in another order
        (folder / f"{name}.json").write_text(json.dumps(document))
    data = report_json(run, folder)
    assert len(data["banks"]) == 1 and [q["id"] for q in data["banks"][0]["questions"]] == ["q1", "q2", "q3", "q4"]


@pytest.mark.parametrize("twin", ["Jose\u0301", "  jos\u00e9 ", "Jos\u00e9\u200b", "Jos\u00e9\u202e"])
def test_one_name_typed_two_ways_is_one_student(run: Runner, tmp_path: Path, twin: str) -> None:
    folder = example_class(tmp_path / "class", {"Jos\u00e9": [1, 1, 1, 1]})
    write_run(folder / "twin.json", twin, [1, 0, 1, 0])
    (note,) = report_json(run, folder)["banks"][0]["notes"]
    assert note.endswith(
        "has 2 results files (jos\u00e9.json, twin.json, the latest last), shown as 2 rows: remove the one that should not count"
    )


def test_percentages_round_half_up_as_a_teacher_does(run: Runner, tmp_path: Path) -> None:
    folder = example_class(tmp_path / "class", {"Ana": [1, 1, 1, 1, 1, 0, 0, 0], "Ben": [1, 1, 1, 0, 0, 0, 0, 0]})
    text = run("report", str(folder), "--plain").stdout
    assert "Ana: score 5 of 8, 63%" in text and "Ben: score 3 of 8, 38%" in text  # not 62% beside 38%
    run("report", str(folder), "--csv", str(tmp_path / "g.csv"))
    assert ",5,8,8,63," in (tmp_path / "g.csv").read_text(encoding="utf-8-sig")


def test_ids_too_long_for_the_window_break_and_the_figures_stay_whole(run: Runner, tmp_path: Path) -> None:
    ids = ["x" * 62 + "-a", "short-one", "y" * 53]
    folder = tmp_path / "class"
    folder.mkdir()
    for number, name in enumerate("ABCDEF"):
        write_run(folder / f"{name}.json", name, [1, number % 2, (number // 2) % 2], ids=ids)
    text = run("report", str(folder), env={"COLUMNS": "80"}).stdout
    rows = [line.split() for line in text.splitlines() if "too easy" in line or "weak" in line][:3]
    assert [row[-5:] for row in rows[:1]] == [["6", "100%", "n/a", "too", "easy"]]
    assert rows[1][-4:] == ["6", "50%", "+0.00", "weak"] and "…" not in text


def test_one_student_twice_is_one_person_in_the_counts_and_names_keep_no_stray_spaces(
    run: Runner, tmp_path: Path
) -> None:
    folder = example_class(tmp_path / "class")
    write_run(folder / "ben-2.json", "  Ben   ", [1, 1, 1, 1], started="2026-11-27T11:00:00+00:00")
    text = run("report", str(folder), "--plain").stdout
    assert "Tentative: with 6 students, one answer moves a question's 'answered right' by 14 points" in text
    run("report", str(folder), "--csv", str(tmp_path / "g.csv"))
    assert "\nBen,ben-2.json," in (tmp_path / "g.csv").read_text(encoding="utf-8-sig")  # not '  Ben   '


def test_a_negative_discrimination_says_to_check_the_key_and_nothing_reads_minus_zero(
    run: Runner, tmp_path: Path
) -> None:
    folder = example_class(tmp_path / "class")
    q2 = report_json(run, folder)["banks"][0]["questions"][1]
    assert q2["id"] == "q2" and q2["discrimination"] < 0 and q2["flags"] == ["weak"]
    text = run("report", str(folder), "--plain").stdout
    assert "below zero, the stronger students miss it more: check the key first" in text
    from relquiz.words import signed

    assert (signed(-0.001), signed(-0.21), signed(0.226)) == ("+0.00", "-0.21", "+0.23")


def test_most_often_missed_keeps_ties_but_never_more_than_five(run: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    ids = [f"t{n:02}" for n in range(12)]  # twelve questions, each missed once: all tied
    write_run(folder / "a.json", "A", [0] * 12, ids=ids)
    purpose = report_json(run, folder)["banks"][0]["distinctions"][0]
    assert [row["id"] for row in purpose["most_missed"]] == ids[:5]
    write_run(folder / "a.json", "A", [0, 0, 0, 0, 1, 1], ids=ids[:6])  # four tied at the third place
    purpose = report_json(run, folder)["banks"][0]["distinctions"][0]
    assert [row["id"] for row in purpose["most_missed"]] == ids[:4]


def test_anonymous_keeps_the_questions_in_the_order_they_were_first_met(run: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    for number, name in enumerate(["Zoe", "Yan", "Xia", "Wim", "Val", "Uma"]):  # file names in reverse of time
        ids = ["q4", "q3", "q2", "q1"] if number == 0 else ["q1", "q2", "q3", "q4"]
        write_run(folder / f"{name}.json", name, [1, 0, number % 2, 1], ids=ids, started=f"2026-11-27T1{number}:00:00Z")
    orders = {
        tuple(q["id"] for q in report_json(run, folder, *extra)["banks"][0]["questions"])
        for extra in [(), ("--anonymous",), ("--anonymous",), ("--anonymous",)]
    }
    assert orders == {("q4", "q3", "q2", "q1")}  # Zoe's run came first
