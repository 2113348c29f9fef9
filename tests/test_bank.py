"""Bank loading and validation: every problem with its file and line."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from helpers import SMALL_BANK, BankWriter, Runner

from relquiz.bank.coverage import bank_coverage
from relquiz.bank.load import check_bank, find_bank_files, load_bank
from relquiz.errors import BankInvalid, UsageError, quote
from relquiz.model import Answer, Difficulty, Distinction

VALID = """
version: 1
title: Valid
questions:
  - id: q1
    scenario: A counsellor and a student meet weekly.
    answer: therapy
    distinctions:
      purpose: They work on a goal.
"""


def problems_of(path: Path) -> list[str]:
    bank, problems = check_bank([path])
    assert bank is None
    return [f"{p.line}: {p.message}" for p in problems]


def test_small_bank_loads_with_every_field() -> None:
    bank = load_bank([SMALL_BANK])
    assert bank.title == "Small test bank"
    assert [q.id for q in bank.questions] == ["weekly-sessions", "old-friends", "intake-form", "neighbour-chat"]
    first = bank.questions[0]
    assert first.answer is Answer.THERAPY
    assert first.difficulty is Difficulty.EASY
    assert first.tags == ("university",)
    assert first.scenario.startswith("Ana meets a counsellor") and not first.scenario.endswith("\n")
    assert first.distinctions == {
        Distinction.PURPOSE: "The meetings exist to work on exam anxiety.",
        Distinction.DURATION: "They meet weekly for a set course.",
    }
    assert first.takeaway == "A plan and a goal mark therapy."
    assert first.line == 4
    assert bank.questions[2].difficulty is Difficulty.MEDIUM  # the default
    assert bank.questions[1].takeaway is None
    assert bank.sha256 == hashlib.sha256(SMALL_BANK.read_bytes()).hexdigest()


def test_answers_and_difficulties_ignore_case_and_spaces(write_bank: BankWriter) -> None:
    path = write_bank(VALID.replace("answer: therapy", "answer: ' Therapy '") + "    difficulty: HARD\n")
    question = load_bank([path]).questions[0]
    assert question.answer is Answer.THERAPY and question.difficulty is Difficulty.HARD


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        pytest.param("version: 2\n" + VALID.split("version: 1\n")[1], ["1: unsupported version '2'"], id="version"),
        pytest.param(VALID.replace("title: Valid\n", ""), ["1: missing required field 'title'"], id="no-title"),
        pytest.param(VALID.replace("title: Valid", "title: ''"), ["2: 'title' is empty"], id="empty-title"),
        pytest.param(
            VALID.replace("title: Valid", "titel: Valid"),
            ["1: missing required field 'title'", "2: unknown field 'titel' in the top level (did you mean 'title'?)"],
            id="unknown-top-field",
        ),
        pytest.param("version: 1\ntitle: t\n", ["1: missing required field 'questions'"], id="no-questions"),
        pytest.param(
            "version: 1\ntitle: t\nquestions: {a: 1}\n",
            ["3: 'questions' must be a list, found a mapping"],
            id="questions-mapping",
        ),
        pytest.param("version: 1\ntitle: t\nquestions: []\n", ["3: 'questions' is empty"], id="questions-empty"),
        pytest.param(
            "- id: a\n",
            ["1: the top level must be a mapping with 'title' and 'questions', found a list"],
            id="top-list",
        ),
        pytest.param("", ["1: the file is empty"], id="empty-file"),
        pytest.param(
            VALID.replace("    answer: therapy\n", ""),
            ["4: question 1 is missing required field 'answer'"],
            id="missing-answer",
        ),
        pytest.param(
            VALID.replace("answer: therapy", "answer: therapist"),
            ["6: unknown answer 'therapist' (did you mean 'therapy'?)"],
            id="unknown-answer",
        ),
        pytest.param(
            VALID.replace("answer: therapy", "answer: yes"),
            ["6: 'answer' must be text, found true/false"],
            id="answer-bool",
        ),
        pytest.param(
            VALID + "    difficulty: medum\n",
            ["9: unknown difficulty 'medum' (did you mean 'medium'?)"],
            id="unknown-difficulty",
        ),
        pytest.param(
            VALID.replace("purpose: They", "purpos: They"),
            ["8: unknown field 'purpos' in distinctions (did you mean 'purpose'?)"],
            id="unknown-distinction",
        ),
        pytest.param(
            VALID.replace("    distinctions:\n      purpose: They work on a goal.\n", "    distinctions: {}\n"),
            ["7: 'distinctions' is empty"],
            id="distinctions-empty",
        ),
        pytest.param(
            VALID.replace("    distinctions:\n      purpose: They work on a goal.\n", "    distinctions: [purpose]\n"),
            ["7: 'distinctions' must be a mapping"],
            id="distinctions-list",
        ),
        pytest.param(
            VALID.replace("purpose: They work on a goal.", "purpose:"),
            ["8: 'purpose' is empty"],
            id="explanation-empty",
        ),
        pytest.param(VALID.replace("id: q1", "id: 42"), ["4: 'id' must be text, found a number"], id="id-number"),
        pytest.param(
            VALID.replace("scenario: A counsellor and a student meet weekly.", "scenario: '   '"),
            ["5: 'scenario' is empty"],
            id="scenario-blank",
        ),
        pytest.param(VALID + "    tags: school\n", ["9: 'tags' must be a list"], id="tags-text"),
        pytest.param(VALID + "    tags: [a, [b]]\n", ["9: each tag must be a word, found a list"], id="tag-list"),
        pytest.param(VALID + "    takeaway: [x]\n", ["9: 'takeaway' must be text, found a list"], id="takeaway-list"),
        pytest.param(
            VALID + "    level: hard\n", ["9: unknown field 'level' in question 1"], id="unknown-question-field"
        ),
        pytest.param(
            VALID + "    answer: friendship\n",
            ["9: duplicate key 'answer' in question 1 (first at line 6)"],
            id="duplicate-key",
        ),
        pytest.param(
            VALID.replace("title: Valid", "title: Valid\ntitle: Again"),
            ["3: duplicate key 'title' in the top level (first at line 2)"],
            id="duplicate-top-key",
        ),
        pytest.param(
            VALID.replace("      purpose: They work on a goal.", "      purpose: a\n      purpose: b"),
            ["9: duplicate key 'purpose' in distinctions (first at line 8)"],
            id="duplicate-distinction",
        ),
        pytest.param(
            VALID + VALID.split("questions:\n")[1], ["9: duplicate id 'q1' (first used at line 4)"], id="duplicate-id"
        ),
        pytest.param(VALID + "  - just text\n", ["9: question 2 must be a mapping"], id="question-text"),
        pytest.param(
            VALID.replace("A counsellor and a student meet weekly.", "!!python/object/apply:os.system [echo]"),
            ["5: unsupported YAML tag '!!python/object/apply:os.system'"],
            id="python-tag",
        ),
        pytest.param(
            VALID.replace("title: Valid", "title: !custom Valid"),
            ["2: unsupported YAML tag '!custom'"],
            id="custom-tag",
        ),
        pytest.param("version: 1\ntitle: [unclosed\n", ["3: YAML syntax error"], id="syntax"),
        pytest.param(
            VALID.replace("title: Valid", "title: 'bell \x07'"),
            ["2: character U+0007 is not allowed in YAML"],
            id="control-char",
        ),
        pytest.param(
            VALID.replace("title: Valid", 'title: "esc \\e[31m"'),
            ["2: 'title' contains the control or direction character U+001B"],
            id="escaped-control-char",
        ),
        pytest.param(
            VALID + '    tags: [online, "\\e]0;pwned\\a", "\\u202eevil"]\n',
            [
                "9: 'tags' contains the control or direction character U+001B",
                "9: 'tags' contains the control or direction character U+202E",
            ],
            id="escapes-in-tags",
        ),
        pytest.param(
            VALID + '    tags: ["uni\\nversity", "x\\ty"]\n',
            ["9: a tag must be one line without tabs; it is a word or two to filter by"],  # said once a line
            id="tag-with-newline-or-tab",
        ),
        pytest.param(
            VALID.replace("id: q1", 'id: "q1\\n\\n- b"'),
            ["4: an id must be one line without tabs, such as campus-counselling-six-sessions"],
            id="id-with-newlines",
        ),
        pytest.param(
            VALID.replace("id: q1", "id: " + "q" * 101),
            ["4: 'id' is 101 characters long; keep it under 100"],
            id="id-too-long",
        ),
        pytest.param(
            VALID + "    tags: [" + "x" * 51 + "]\n",
            ["9: 'tags' is 51 characters long; keep it under 50"],
            id="tag-too-long",
        ),
        pytest.param(
            VALID.replace("title: Valid", 'title: "unclosed'),
            ["2: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar)"],
            id="unclosed-quote",
        ),
        pytest.param(
            VALID.replace("    answer: therapy", "\tanswer: therapy"),
            ["6: YAML syntax error: found a tab character that violates indentation"],
            id="tab",
        ),
        pytest.param(
            VALID.replace("    answer: therapy", "\u00a0   answer: therapy"),
            ["6: a non-breaking space in the indentation"],
            id="pasted-indent",
        ),
        pytest.param(VALID.replace("version: 1", "version: '1'"), [], id="version-text-1"),
        pytest.param(
            VALID.replace("version: 1", "version:"),
            ["1: 'version' is empty; write 'version: 1' or leave the line out"],
            id="version-empty",
        ),
        pytest.param(
            VALID.replace("title: Valid", "title: [a, b]"), ["2: 'title' must be text, found a list"], id="title-list"
        ),
        pytest.param(
            VALID.replace("answer: therapy", "answer: f"),
            ["6: unknown answer 'f' (did you mean 'friendship'?)"],
            id="answer-letter",
        ),
        pytest.param(
            VALID.replace("  - id: q1\n", "  - <<: {id: q1}\n"),
            ["4: merge keys (<<) are not supported", "4: question 1 is missing required field 'id'"],
            id="merge-key",
        ),
        pytest.param(
            VALID.replace("    answer: therapy\n", "").replace(
                "scenario: A counsellor and a student meet weekly.",
                "scenario: >\n      A counsellor and a student meet weekly.\n      answer: therapy",
            ),
            [
                "4: question 1 is missing required field 'answer'",
                "5: line 7 looks like the field 'answer:' but is part of 'scenario'",
            ],
            id="swallowed-field",
        ),
    ],
)
def test_each_problem_is_reported_with_its_line(write_bank: BankWriter, yaml_text: str, expected: list[str]) -> None:
    bank, found = check_bank([write_bank(yaml_text)])
    problems = [f"{p.line}: {p.message}" for p in found]
    assert (bank is None) == bool(expected)
    assert len(problems) == len(expected), problems
    for problem, wanted in zip(problems, expected, strict=True):
        assert problem.startswith(wanted), (problem, wanted)


def test_all_problems_of_a_file_come_in_one_pass(write_bank: BankWriter) -> None:
    text = """
    version: 1
    title: Many problems
    questions:
      - id: a
        scenario: fine
        answer: therapist
        distinctions: {purpos: x}
      - id: a
        scenario: fine
        answer: friendship
        answer: therapy
        distinctions: {duration: y}
      - scenario: no id
        answer: friendship
        distinctions: {boundaries: z}
    """
    problems = problems_of(write_bank(text))
    assert [p.split(":")[0] for p in problems] == ["6", "7", "8", "11", "13"]
    assert "missing required field 'id'" in problems[-1]


def test_non_utf8_and_binary_files_are_reported_with_line(write_bank: BankWriter) -> None:
    latin1 = write_bank("title: caf\xe9\nquestions: []\n".encode("latin-1"), "latin.yaml")
    assert problems_of(latin1) == ["1: not UTF-8 text (byte 0xe9 cannot be read); save the file as UTF-8"]
    binary = write_bank(b"title: x\n\x00\x01\x02", "binary.yaml")
    assert problems_of(binary) == ["2: not a text file (it contains NUL bytes); save the file as UTF-8"]


def test_utf16_files_are_named_as_such(write_bank: BankWriter) -> None:
    path = write_bank(VALID.lstrip().encode("utf-16"), "notepad.yaml")
    assert problems_of(path) == ["1: the file is saved as UTF-16 ('Unicode text'); save the file as UTF-8"]
    for encoding in ("utf-16-le", "utf-16-be"):  # no byte-order mark
        path = write_bank(VALID.lstrip().encode(encoding), f"{encoding}.yaml")
        assert problems_of(path) == [
            "1: the file looks like UTF-16 text without a byte-order mark; save the file as UTF-8"
        ]


def test_a_tag_on_the_whole_document_is_named_as_a_tag(write_bank: BankWriter) -> None:
    path = write_bank("!!python/object/apply:os.system\n- touch pwned\n", "document.yaml")
    assert problems_of(path) == [
        "1: unsupported YAML tag '!!python/object/apply:os.system'; bank files hold plain text, lists and mappings"
    ]


def test_paths_that_are_not_files_or_folders(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="not a regular file or folder"):
        load_bank([fifo])
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(UsageError, match=r"loop\.yaml: Too many levels of symbolic links"):
        load_bank([loop])


def test_a_byte_order_mark_is_accepted(write_bank: BankWriter) -> None:
    path = write_bank(b"\xef\xbb\xbf" + VALID.lstrip().encode())
    assert load_bank([path]).title == "Valid"


def test_messages_quote_only_a_short_prefix_of_huge_values(write_bank: BankWriter) -> None:
    huge = "x" * 100_000
    problems = problems_of(write_bank(VALID.replace("answer: therapy", f"answer: {huge}")))
    assert len(problems) == 1 and len(problems[0]) < 200
    assert quote("a" * 1000) == repr("a" * 39 + "…")


def test_aliases_of_mappings_are_refused_and_never_expanded(write_bank: BankWriter) -> None:
    text = VALID.replace("    distinctions:\n", "    distinctions: &d\n") + VALID.split("questions:\n")[1].replace(
        "id: q1", "id: q2"
    ).replace("    distinctions:\n      purpose: They work on a goal.\n", "    distinctions: *d\n")
    problems = problems_of(write_bank(text))
    assert len(problems) == 1 and "an alias repeats a list or mapping" in problems[0]


def test_a_folder_is_every_yaml_file_in_it_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.yml").write_text(VALID.lstrip().replace("q1", "q2"))
    (tmp_path / "a.yaml").write_text(VALID.lstrip())
    (tmp_path / "notes.txt").write_text("not a bank")
    assert [p.name for p in find_bank_files([tmp_path])] == ["a.yaml", "b.yml"]
    bank = load_bank([tmp_path])
    assert [q.id for q in bank.questions] == ["q1", "q2"]
    digests = "".join(hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(tmp_path.glob("*.y*ml")))
    assert bank.sha256 == hashlib.sha256(digests.encode()).hexdigest()
    assert bank.title == "Valid"


def test_duplicate_ids_across_files_name_both_places(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(VALID.lstrip())
    (tmp_path / "b.yaml").write_text(VALID.lstrip())
    bank, problems = check_bank([tmp_path])
    assert bank is None
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'b.yaml'}:4: duplicate id 'q1' (also in {tmp_path / 'a.yaml'}:4)"
    ]


def test_duplicate_ids_across_files_count_questions_with_other_problems(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(VALID.lstrip())
    (tmp_path / "b.yaml").write_text(VALID.lstrip().replace("answer: therapy", "answer: therapist"))
    _, problems = check_bank([tmp_path])
    assert [(Path(p.path).name, p.line, p.message.split(" (")[0]) for p in problems] == [
        ("b.yaml", 4, "duplicate id 'q1'"),
        ("b.yaml", 6, "unknown answer 'therapist'"),
    ]


def test_missing_paths_and_empty_folders_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or folder"):
        load_bank([tmp_path / "missing.yaml"])
    with pytest.raises(UsageError, match=r"no \.yaml or \.yml files"):
        load_bank([tmp_path])


def test_load_bank_raises_with_every_problem(write_bank: BankWriter) -> None:
    with pytest.raises(BankInvalid) as caught:
        load_bank([write_bank(VALID.replace("therapy", "x").replace("Valid", "''"))])
    assert len(caught.value.problems) == 2
    assert str(caught.value) == "the bank has 2 problems"


def test_coverage_counts_and_warns(write_bank: BankWriter) -> None:
    coverage = bank_coverage(load_bank([SMALL_BANK]))
    assert coverage.by_answer == {Answer.THERAPY: 2, Answer.FRIENDSHIP: 2}
    assert coverage.by_difficulty == {Difficulty.EASY: 2, Difficulty.MEDIUM: 1, Difficulty.HARD: 1}
    assert coverage.by_distinction[Distinction.PURPOSE] == 2
    assert coverage.warnings == ()
    lopsided = bank_coverage(load_bank([write_bank(VALID)]))
    assert "no question cites 'duration'" in lopsided.warnings
    assert any("100% are 'therapy'" in w for w in lopsided.warnings)


def test_aliases_are_reported_once_at_the_line_that_uses_them(write_bank: BankWriter) -> None:
    path = write_bank(
        """
        version: 1
        title: Aliases
        h: &h [a, b]
        questions:
          - id: q1
            scenario: A counsellor and a student meet weekly.
            answer: therapy
            tags: [*h, *h, *h]
            distinctions:
              purpose: They work on a goal.
        """
    )
    assert problems_of(path) == [
        "3: unknown field 'h' in the top level",
        "8: an alias repeats a list or mapping here; write the content out instead",
        "8: each tag must be a word, found a list",
    ]


def test_authoring_hints_for_a_colon_in_a_text_and_a_csv_given_to_validate(run: Runner, tmp_path: Path) -> None:
    colon = tmp_path / "colon.yaml"
    colon.write_text("title: T\nquestions:\n  - id: a\n    scenario: Ana says: hello\n    answer: therapy\n")
    said = run("validate", str(colon))
    assert said.exit_code == 1
    assert (
        f"{colon}:4: YAML syntax error: mapping values are not allowed in this context; a colon followed by"
        in said.stderr
    )
    assert "put the text in quotes" in said.stderr
    sheet = tmp_path / "class.csv"
    sheet.write_text("id,scenario,answer\nq1,Ana meets a counsellor,therapy\n")
    assert "becomes a bank with 'relquiz import'" in run("validate", str(sheet)).stderr
