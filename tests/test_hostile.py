"""Hostile files and text: everything is bounded, rejected with a line number, or shown as data."""

from __future__ import annotations

import io
import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
from helpers import SMALL_BANK, BankWriter, Runner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from relquiz.bank.load import check_bank, load_bank
from relquiz.bank.schema import MAX_PROBLEMS
from relquiz.errors import ResultsError
from relquiz.model import Answer, Bank, Distinction, Question, Response
from relquiz.quiz import judge, summarise
from relquiz.results import ResultsRecord
from relquiz.results_reader import read_results
from relquiz.views.banks import show_questions
from relquiz.views.quiz import QuizView
from relquiz.views.summary import show_summary

VALID = SMALL_BANK.read_text(encoding="utf-8")
BILLION_LAUGHS = """
version: 1
title: laughs
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
questions: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def messages(path: Path) -> list[str]:
    bank, problems = check_bank([path])
    assert bank is None
    return [f"{p.line}: {p.message}" for p in problems]


def test_billion_laughs_is_never_expanded(write_bank: BankWriter) -> None:
    found = messages(write_bank(BILLION_LAUGHS))
    assert 1 <= len(found) <= MAX_PROBLEMS + 1
    assert all(len(message) < 200 for message in found)
    assert any("an alias repeats a list or mapping" in message for message in found)


def test_a_50_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as stream:
        stream.truncate(50_000_000)
    assert messages(huge) == ["1: the file is larger than 32 MB, the limit for a bank"]


@pytest.mark.parametrize("nesting", ["[" * 100_000 + "]" * 100_000, "\n  - " + "- " * 5_000 + "x"])
def test_deep_nesting_is_a_problem_not_a_crash(write_bank: BankWriter, nesting: str) -> None:
    found = messages(write_bank(f"version: 1\ntitle: t\nquestions: {nesting}\n"))
    assert len(found) == 1 and "nesting depth" in found[0]


@pytest.mark.parametrize("size", [1_000_000, 100_000])
def test_a_huge_scenario_or_line_is_rejected(write_bank: BankWriter, size: int) -> None:
    text = VALID.replace("Ana meets a counsellor every Tuesday", "x" * size)
    found = messages(write_bank(text))
    assert len(found) == 1 and found[0].startswith("5: 'scenario' is ") and "long; keep it under 10,000" in found[0]


def test_problems_are_capped_per_file(write_bank: BankWriter) -> None:
    questions = "".join(f"  - id: q{n}\n    answer: maybe\n" for n in range(400))
    found = messages(write_bank(f"version: 1\ntitle: t\nquestions:\n{questions}"))
    assert len(found) == MAX_PROBLEMS + 1 and "more problems; fix these first" in found[-1]


def test_a_folder_of_thousands_of_files_and_a_symlink_loop(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(1500):
        (folder / f"bank{number:04d}.yaml").write_text(VALID.replace("id: ", f"id: n{number}-"), encoding="utf-8")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    bank = load_bank([folder])
    assert len(bank.questions) == 1500 * 4


def hostile_question(text: str) -> Question:
    return Question(
        id=text[:30] or "x",
        scenario=text or "x",
        answer=Answer.THERAPY,
        distinctions={Distinction.PURPOSE: text or "x"},
        takeaway=text,
    )


@pytest.mark.parametrize("width", [20, 40, 80, 250])
@pytest.mark.parametrize(
    "text", ["שלום עולם، مرحبا بالعالم", "治療関係と友情の違いを学ぶ" * 20, "x" * 100_000, "\u202e\u200f[b]\x1b[2J"]
)
def test_right_to_left_wide_and_long_text_renders_at_any_width(width: int, text: str) -> None:
    question = hostile_question(text)
    for plain in (False, True):
        console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
        view = QuizView(console, plain)
        response = judge(question, Answer.FRIENDSHIP, 1)
        view.question(1, 1, question)
        view.feedback(question, response)
        show_summary(view, summarise([question], [response]), None)
        assert "\x1b[2J" not in console.export_text()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_rendering_any_unicode_never_raises(text: str) -> None:
    question = hostile_question(text)
    bank = Bank(title=text, questions=(question,), sha256="0", description=text, support_note=text)
    console = Console(file=io.StringIO(), width=60, record=True)
    view = QuizView(console)
    view.intro(bank, 1, 1)
    view.question(1, 1, question)
    view.feedback(question, judge(question, Answer.THERAPY, 1))
    show_questions(view, [question])
    output = console.export_text()
    assert "\x1b" not in output and "\u202e" not in output


LINES = VALID.splitlines(keepends=True)


@st.composite
def mutated_bank(draw: st.DrawFn) -> str:
    """A valid bank with a few lines deleted, duplicated, re-typed, renamed or replaced by odd text."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "retype", "rename", "insert"]))
        line = lines[index]
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "retype" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = (
                key
                + ": "
                + draw(st.sampled_from(["42", "[1, 2]", "{a: b}", "true", "~", "!!binary aGk=", "*nope"]))
                + "\n"
            )
        elif action == "rename" and ":" in line:
            lines[index] = line.replace(
                line.strip().split(":")[0].lstrip("- "), draw(st.text("abcxyz_", min_size=1, max_size=8)), 1
            )
        else:
            lines.insert(index, draw(st.text(max_size=40)) + "\n")
        if not lines:
            lines = [""]
    return "".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_bank())
def test_any_mutation_is_a_bank_or_problems_with_lines(write_bank: BankWriter, text: str) -> None:
    path = write_bank(text)
    bank, problems = check_bank([path])
    assert (bank is None) == bool(problems)
    line_count = max(1, text.count("\n") + 1)
    for problem in problems:
        assert 1 <= problem.line <= line_count + 1, problem
        assert problem.message and "\n" not in problem.message


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    student=st.one_of(st.none(), st.text(min_size=1, max_size=40).filter(str.strip)),
    answers=st.lists(
        st.tuples(
            st.text(min_size=1, max_size=20),
            st.sampled_from(list(Answer)),
            st.sampled_from(list(Answer)),
            st.floats(0, 1000, allow_nan=False).map(lambda x: round(x, 1)),
            st.sets(st.sampled_from(list(Distinction))),
            st.booleans(),
        ),
        max_size=12,
        unique_by=lambda item: item[0],
    ),
)
def test_results_written_then_read_give_back_the_same_data(
    tmp_path_factory: pytest.TempPathFactory,
    student: str | None,
    answers: list[tuple[str, Answer, Answer, float, set[Distinction], bool]],
) -> None:
    folder = tmp_path_factory.mktemp("results")
    bank = Bank(title="T", questions=(), sha256="a" * 64)
    started = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)
    record = ResultsRecord(folder / "r.json", bank, 1, student, len(answers) + 1, started)
    responses = [
        Response(qid, expected, given, seconds, tuple(d for d in Distinction if d in cited), late)
        for qid, expected, given, seconds, cited, late in answers
    ]
    record.save(responses)
    read = read_results(record.path)
    assert read.student == student
    assert [(a.id, a.correct, a.distinctions, a.seconds, a.late) for a in read.answers] == [
        (r.question_id, r.correct, r.distinctions, r.seconds, r.late) for r in responses
    ]
    assert read.total == len(answers) + 1 and read.bank_sha256 == "a" * 64
    assert json.loads(record.path.read_text(encoding="utf-8"))["student"] == student


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
ANSWER_FIELDS = ("id", "expected", "given", "correct", "distinctions", "seconds", "late")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from((*ANSWER_FIELDS, None)),
    value=st.one_of(JSON_VALUES, st.sampled_from(["therapy", "friendship", "purpose", ["purpose", "duration"]])),
    delete=st.booleans(),
)
def test_any_change_to_an_answer_is_read_or_refused_by_name(
    tmp_path_factory: pytest.TempPathFactory, field: str | None, value: object, delete: bool
) -> None:
    """Answers are checked with fast lookups; whatever an answer holds, the outcome is a usable
    answer or a ResultsError about that answer, never another exception."""
    answer = {
        "id": "q1",
        "expected": "therapy",
        "given": "therapy",
        "correct": True,
        "distinctions": ["purpose"],
        "seconds": 3.5,
        "late": False,
    }
    if field is None:
        changed: object = value
    elif delete:
        changed = {key: item for key, item in answer.items() if key != field}
    else:
        changed = {**answer, field: value}
    document = {
        "format": "relquiz-results",
        "version": 1,
        "bank": {"title": "T", "sha256": "a" * 64},
        "completed": True,
        "score": {"correct": 1, "total": 1},
        "answers": [changed],
    }
    path = tmp_path_factory.mktemp("results") / "r.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    try:
        read = read_results(path)
    except ResultsError as error:
        assert "answers[0]" in str(error) or "score" in str(error)
        return
    (item,) = read.answers
    assert isinstance(item.id, str) and item.id and item.correct is True
    assert all(isinstance(d, Distinction) for d in item.distinctions)
    assert item.seconds is None or (isinstance(item.seconds, float) and item.seconds >= 0)


def test_file_names_are_shown_escaped_on_one_line_never_raw(run: Runner, tmp_path: Path) -> None:
    """A name with an escape code, a newline or a byte that is not UTF-8 is written out as
    escapes: never sent to the terminal, never split over lines, never made to look like another."""

    def at(name: str) -> str:
        return str(tmp_path / name)

    broken = SMALL_BANK.read_text(encoding="utf-8").replace("answer: therapy", "answer: therapist", 1)
    names = {
        os.fsdecode(b"bad\xff.yaml"): "bad\\xff.yaml",
        "esc\x1b[31m.yaml": "esc\\x1b[31m.yaml",
        "new\nline.yaml": "new\\x0aline.yaml",
    }
    (tmp_path / "bad.yaml").write_text(broken, encoding="utf-8")
    for name in names:
        (tmp_path / name).write_text(broken, encoding="utf-8")
    for name, shown in names.items():
        result = run("validate", at(name))
        assert result.exit_code == 1
        assert result.stderr.startswith(at(shown) + ":") and "\x1b" not in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    played = run("play", "-b", str(SMALL_BANK), "-n", "1", "--results", at("a\x1b[2Jb.json"), input="t\n")
    assert "Results saved to " + at("a\\x1b[2Jb.json") in played.stdout and "\x1b" not in played.stdout
    exported = run("export", "-f", "json", "-o", at("e\x1b]0;x\x07.json"))
    assert exported.exit_code == 0 and "to " + at("e\\x1b]0;x\\x07.json") + "." in exported.stderr
    assert "\x1b" not in exported.stderr

    # and in error messages, which would otherwise clean (remove) the characters instead
    missing = run("validate", at(os.fsdecode(b"nope\xff.yaml")))
    assert missing.stderr == "relquiz: error: " + at("nope\\xff.yaml") + ": no such file or folder\n"
    missing = run("report", at("a\x1b[31mb.json"))
    assert missing.stderr == "relquiz: error: " + at("a\\x1b[31mb.json") + ": no such file or folder\n"
    (tmp_path / "ex\nist.md").write_text("keep", encoding="utf-8")
    refused = run("export", "-f", "markdown", "-o", at("ex\nist.md"))
    assert refused.stderr == "relquiz: error: " + at("ex\\x0aist.md") + " already exists; add --force to replace it\n"


def test_aliases_that_repeat_text_past_the_files_size_are_stopped_at_once(tmp_path: Path) -> None:
    """One 10,000-character text, anchored once and used 4,000 times: 40 million characters from a
    file of 100 kB. It took 15 s and 1.5 GB to check before; now it stops when the text read passes
    what the file could hold, with one problem at the repeated text's line."""
    questions = "".join(
        f"  - id: q{n}\n    scenario: *long\n    answer: therapy\n    distinctions:\n      purpose: *long\n"
        for n in range(1, 2000)
    )
    text = (
        "version: 1\ntitle: t\nanchors:\n  - &long " + "word " * 2000 + "\nquestions:\n"
        "  - id: q0\n    scenario: x\n    answer: therapy\n    distinctions: {purpose: y}\n" + questions
    )
    bank = tmp_path / "laughs.yaml"
    bank.write_text(text, encoding="utf-8")
    _, problems = check_bank([bank])
    aliases = [p for p in problems if "aliases repeat the text at this line" in p.message]
    assert len(aliases) == 1 and aliases[0].line == 4
    assert f"over {4 * len(text) + 65_536:,} characters" in aliases[0].message


@pytest.mark.parametrize("trick", ["blank lines", "aliased keys"])
def test_aliases_cannot_make_the_check_read_more_than_the_file_by_other_ways(tmp_path: Path, trick: str) -> None:
    """A text of one letter and 20,000 blank lines, aliased in every field, was read whole at each
    use (25 s for a 200 kB bank); an aliased 5,000-letter key was not counted at all (35 s)."""
    if trick == "blank lines":
        anchor = "  - &blank |-\n    x\n" + "\n" * 20_000
        uses = "    scenario: *blank\n    answer: therapy\n    distinctions:\n      purpose: *blank\n"
    else:
        anchor = "  - &key " + "k" * 5_000 + "\n"
        uses = "    scenario: s\n    answer: therapy\n    distinctions:\n      purpose: p\n    *key : 1\n"
    questions = "".join(f"  - id: q{n}\n{uses}" for n in range(2_000))
    bank = tmp_path / "tricks.yaml"
    bank.write_text(f"version: 1\ntitle: t\nanchors:\n{anchor}questions:\n{questions}", encoding="utf-8")
    _, problems = check_bank([bank])
    assert [p.line for p in problems if "aliases repeat the text at this line" in p.message] == [4]
