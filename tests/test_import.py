"""Import: a teacher's CSV becomes a bank a person can read, every problem found in one pass with
its spreadsheet row, nothing written unless all is well, and export -> import -> export is exact."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
from helpers import BANKS, DATA, Runner, check_golden

from relquiz.bank.load import check_bank, load_bank
from relquiz.bank.schema import MAX_TAG_CHARS
from relquiz.csv_import import id_from
from relquiz.export.bank_yaml import bank_yaml
from relquiz.model import Answer, Bank, Distinction, Question

HEADER = "id,scenario,answer,difficulty,tags,purpose,professionalism,confidentiality,boundaries,duration,takeaway"


def questions(path: Path) -> list[dict[str, object]]:
    return [question.as_dict() for question in load_bank([path]).questions]


@pytest.mark.parametrize("name", ["bundled", "hostile", "small"])
def test_export_import_export_gives_identical_bytes(run: Runner, tmp_path: Path, name: str) -> None:
    first, bank, second = tmp_path / "first.csv", tmp_path / "bank.yaml", tmp_path / "second.csv"
    assert run("export", "-f", "csv", "-b", str(BANKS[name]), "-o", str(first)).exit_code == 0
    imported = run("import", str(first), "-o", str(bank))
    assert imported.exit_code == 0, imported.stderr
    assert run("export", "-f", "csv", "-b", str(bank), "-o", str(second)).exit_code == 0

    assert second.read_bytes() == first.read_bytes()
    assert questions(bank) == questions(BANKS[name])


def test_the_imported_bundled_bank_still_meets_the_strict_rules(run: Runner, tmp_path: Path) -> None:
    csv, bank = tmp_path / "bank.csv", tmp_path / "bank.yaml"
    run("export", "-f", "csv", "-o", str(csv))
    assert run("import", str(csv), "-o", str(bank)).exit_code == 0
    result = run("validate", "--strict", str(bank))
    assert result.exit_code == 0, result.stderr


def test_a_csv_saved_by_libreoffice_imports_to_the_same_bank(run: Runner, tmp_path: Path) -> None:
    """tests/data/hostile-libreoffice.csv: hostile.yaml exported as CSV, opened in LibreOffice
    Calc 7.4, saved as .xlsx, then saved from that as CSV with semicolons and every text quoted."""
    result = run("import", str(DATA / "hostile-libreoffice.csv"), "-o", str(tmp_path / "bank.yaml"))
    assert result.exit_code == 0, result.stderr
    assert questions(tmp_path / "bank.yaml") == questions(BANKS["hostile"])


def test_excel_style_csv_with_bom_semicolons_crlf_and_line_breaks_in_cells(run: Runner, tmp_path: Path) -> None:
    rows = [
        "ID;Scenario;Answer;Difficulty;Tags;Purpose;Takeaway",
        'q1;"Ana meets a counsellor;\r\nevery Tuesday, ""on time"".";Therapy;Easy;"school; campus";Goal-focused.;',
        "q2;'=Two friends talk.;friendship;;;'-They chat.;Both share.",
    ]
    (tmp_path / "class.csv").write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode("utf-8") + b"\r\n")
    written = tmp_path / "class.yaml"
    result = run("import", str(tmp_path / "class.csv"), "-o", str(written))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"Wrote 2 questions to {written}. Try it with 'relquiz play -b {written}'; "
        f"'relquiz validate --strict {written}' checks it for a full course.\n"
    )
    bank = load_bank([written])
    assert bank.title == "class"
    first, second = bank.questions
    assert first.scenario == 'Ana meets a counsellor;\nevery Tuesday, "on time".'
    assert (first.answer, first.difficulty.value, first.tags) == (Answer.THERAPY, "easy", ("school", "campus"))
    assert (second.scenario, second.distinctions) == ("=Two friends talk.", {Distinction.PURPOSE: "-They chat."})
    assert second.takeaway == "Both share." and second.difficulty.value == "medium"
    assert "    scenario: |-\n      Ana meets a counsellor;\n      every Tuesday" in written.read_text()


def test_the_written_bank_is_readable_yaml(run: Runner, tmp_path: Path) -> None:
    csv, bank = tmp_path / "small.csv", tmp_path / "small.yaml"
    run("export", "-f", "csv", "-b", str(BANKS["small"]), "-o", str(csv))
    result = run("import", str(csv), "-o", str(bank), "--title", "Week 3: small")
    assert result.exit_code == 0, result.stderr
    check_golden("small.import.yaml", bank.read_text(encoding="utf-8"))


def write_csv(tmp_path: Path, *lines: str, header: str = HEADER) -> Path:
    path = tmp_path / "class.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def test_every_problem_in_one_pass_with_its_spreadsheet_row(run: Runner, tmp_path: Path) -> None:
    """tests/data/problems.csv: row 2's scenario spans two lines, row 4 is empty, row 6 holds a BEL."""
    csv = tmp_path / "class.csv"
    shutil.copy(DATA / "problems.csv", csv)
    result = run("import", str(csv), "-o", str(tmp_path / "bank.yaml"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{csv}:1: column H: unknown column 'Confidentality' (did you mean 'confidentiality'?); rename or delete"
        " it (the columns are id, scenario, answer, difficulty, tags, purpose, professionalism, confidentiality,"
        " boundaries, duration, takeaway)",
        f"{csv}:3: the scenario is missing",
        f"{csv}:3: unknown answer 'therapist' (did you mean 'therapy'?); use one of: therapy, friendship",
        f"{csv}:3: unknown difficulty 'hrd' (did you mean 'hard'?); use one of: easy, medium, hard",
        f"{csv}:5: duplicate id 'ok' (first used in row 2)",
        f"{csv}:5: no distinction is explained; fill at least one of the columns purpose, professionalism,"
        " confidentiality, boundaries, duration",
        f"{csv}:6: 'scenario' contains the control or direction character U+0007; remove it",
        f"{csv}:6: the tag 'school, online' holds a comma; separate tags with ';'",
        f"{csv}:7: 12 cells but the header row names 11 columns (extra value 'surplus'); a cell holding ','"
        " must be in quotes",
        f'{csv}:8: a cell opened with a quote (") is never closed; check the quotes from this row on',
        f"relquiz: error: {csv} has 10 problems; nothing was written. Fix the rows in the spreadsheet,"
        " save as CSV UTF-8 and import again.",
    ]
    assert not (tmp_path / "bank.yaml").exists()


def test_header_problems_are_named_by_column(run: Runner, tmp_path: Path) -> None:
    csv = write_csv(
        tmp_path, "q,S.,therapy,Goal.,Again.,x,", header="ID,Scenario,Answer,Purpose,purpose,Confidentality,"
    )
    result = run("import", str(csv), "-o", str(tmp_path / "bank.yaml"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:3] == [
        f"{csv}:1: column E: 'purpose' again (first in column D); keep one of them",
        f"{csv}:1: column F: unknown column 'Confidentality' (did you mean 'confidentiality'?); rename or delete"
        " it (the columns are id, scenario, answer, difficulty, tags, purpose, professionalism, confidentiality,"
        " boundaries, duration, takeaway)",
        f"relquiz: error: {csv} has 2 problems; nothing was written. Fix the rows in the spreadsheet, save as"
        " CSV UTF-8 and import again.",
    ]


def test_missing_columns_and_an_unnamed_column_with_values(run: Runner, tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "q,Goal.,stray", header="id,purpose,")
    result = run("import", str(csv), "-o", str(tmp_path / "bank.yaml"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:3] == [
        f"{csv}:1: column C: no name in the header row, but it holds values (row 2); name it",
        f"{csv}:1: the header row has no column 'answer'; it needs at least: scenario, answer",
        f"{csv}:1: the header row has no column 'scenario'; it needs at least: scenario, answer",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "1: the file is empty; its first row must name the columns"),
        (b"\n\n", "1: the file is empty; its first row must name the columns"),
        (
            HEADER.encode() + b"\nq,Caf\xe9 talk,friendship,,,,,,Mutual.,,\n",
            "2: not UTF-8 text (byte 0xe9 cannot be read); save it from your spreadsheet as 'CSV UTF-8'"
            " (comma or semicolon separated)",
        ),
        (
            "id,scenario".encode("utf-16"),
            "1: the file is saved as UTF-16 ('Unicode text'); save it from your spreadsheet as 'CSV UTF-8'"
            " (comma or semicolon separated)",
        ),
        (
            b"PK\x03\x04\x14\x00\x00\x00",
            "1: this is a spreadsheet workbook (.xlsx or .ods), not a CSV file; save it from your"
            " spreadsheet as 'CSV UTF-8' (comma or semicolon separated)",
        ),
        (HEADER.encode() + b"\n", "1: no questions: the header row is not followed by any question row"),
    ],
)
def test_files_that_are_not_a_usable_csv(run: Runner, tmp_path: Path, content: bytes, message: str) -> None:
    csv = tmp_path / "class.csv"
    csv.write_bytes(content)
    result = run("import", str(csv), "-o", str(tmp_path / "bank.yaml"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{csv}:{message}"
    assert not (tmp_path / "bank.yaml").exists()


def test_an_existing_bank_is_replaced_only_with_force(run: Runner, tmp_path: Path) -> None:
    csv, bank = write_csv(tmp_path, "q,A scenario.,therapy,,,Goal.,,,,,"), tmp_path / "bank.yaml"
    bank.write_text("my own bank", encoding="utf-8")
    refused = run("import", str(csv), "-o", str(bank))
    assert refused.exit_code == 2
    assert refused.stderr == f"relquiz: error: {bank} already exists; add --force to replace it\n"
    assert bank.read_text(encoding="utf-8") == "my own bank"

    forced = run("import", str(csv), "-o", str(bank), "--force", "--title", "Seminar  week 3")
    assert forced.exit_code == 0, forced.stderr
    assert load_bank([bank]).title == "Seminar week 3"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope.csv", "-o", "bank.yaml"], "nope.csv: no such file"),
        (["class.csv", "-o", "bank.txt"], "bank.txt: a bank file's name must end in .yaml or .yml"),
        (["class.csv", "-o", "missing/bank.yaml"], "cannot write missing/bank.yaml: the folder missing does not exist"),
        (["class.csv", "-o", "bank.yaml", "--title", " \n "], "--title is empty; give the bank a title"),
        (
            ["class.csv", "-o", "bank.yaml", "--title", "\x1b[31mRed"],
            "--title contains the control or direction character U+001B; remove it",
        ),
        (
            ["class.csv", "-o", "bank.yaml", "--title", "x" * 10_001],
            "--title is 10,001 characters long; keep it under 10,000",
        ),
    ],
)
def test_import_usage_errors_exit_2(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    write_csv(tmp_path, "q,A scenario.,therapy,,,Goal.,,,,,")
    monkeypatch.chdir(tmp_path)  # the paths are typed relative to the working folder, as the messages name them
    result = run("import", *args)
    assert result.exit_code == 2
    assert result.stderr == f"relquiz: error: {message}\n"


def random_text(generator: random.Random) -> str:
    pieces = ["id:", "answer: x", "- ", "#", ":", "'", '"', "\\", "{", "[", "yes", "null", "é", "🙂", "\t", "\n"]
    pieces += ["word"] * 12 + [" "] * 12 + ["\u2028", "\u00a0", "\ufeff", "  "]
    return "".join(generator.choice(pieces) for _ in range(generator.randint(1, 200))).strip() or "x"


ONE_LINE = str.maketrans("\t\n\r\u2028", "    ")  # an id or a tag is one line without tabs


def test_the_yaml_writer_reads_back_exactly_whatever_the_text(tmp_path: Path) -> None:
    """The import's last line of defence is a check; this shows the writer rarely needs it."""
    generator = random.Random(2027)
    for number in range(150):
        question = Question(
            id=f"{random_text(generator)[:90].translate(ONE_LINE).strip()}-{number}",
            scenario=random_text(generator),
            answer=Answer.THERAPY,
            distinctions={Distinction.PURPOSE: random_text(generator), Distinction.DURATION: random_text(generator)},
            tags=(random_text(generator)[:MAX_TAG_CHARS].translate(ONE_LINE).strip() or "tag",),
            takeaway=random_text(generator),
        )
        bank = Bank(title=random_text(generator), questions=(question,), sha256="")
        path = tmp_path / "bank.yaml"
        path.write_text(bank_yaml(bank), encoding="utf-8")
        loaded, problems = check_bank([path])
        assert problems == [] and loaded is not None, bank_yaml(bank)
        assert (loaded.title, loaded.questions[0].as_dict()) == (bank.title, question.as_dict())


@pytest.mark.parametrize("kind", ["fifo", "device", "huge"])
def test_import_reads_only_a_regular_file_of_a_banks_size(run: Runner, tmp_path: Path, kind: str) -> None:
    """A FIFO hung the import and /dev/zero filled memory ('unexpected MemoryError')."""
    source = tmp_path / "in.csv"
    if kind == "fifo":
        os.mkfifo(source)
        reason = "it is not a regular file (a pipe or a device?)"
    elif kind == "device":
        source.symlink_to("/dev/zero")
        reason = "it is not a regular file (a pipe or a device?)"
    else:
        with source.open("wb") as stream:
            stream.truncate(32_000_001)
        reason = "it is larger than 32 MB"
    result = run("import", str(source), "-o", str(tmp_path / "bank.yaml"))
    assert result.exit_code == 2
    assert result.stderr == f"relquiz: error: {source}: not a CSV file to import: {reason}\n"
    assert not (tmp_path / "bank.yaml").exists()


def test_answers_may_be_written_as_a_letter_in_any_case(run: Runner, tmp_path: Path) -> None:
    rows = [
        "id,scenario,answer,purpose",
        "q1,Ana meets a counsellor.,T,Goal.",
        "q2,Two friends talk.,f,None.",
        "q3,A third one.,THERAPY,Goal.",
        "q4,A fourth.,F,None.",
        "q5,A fifth.,  Friendship ,None.",
        "q6,A sixth.,x,None.",
    ]
    refused = run("import", str(write_csv(tmp_path, *rows[1:], header=rows[0])), "-o", str(tmp_path / "class.yaml"))
    assert refused.exit_code == 2 and "class.csv:7: unknown answer 'x'" in refused.stderr  # only x is wrong
    assert refused.stderr.count("class.csv:") == 1
    fixed = write_csv(tmp_path, *rows[1:6], header=rows[0])
    assert run("import", str(fixed), "-o", str(tmp_path / "class.yaml")).exit_code == 0
    answers = [question.answer for question in load_bank([tmp_path / "class.yaml"]).questions]
    assert answers == [Answer.THERAPY, Answer.FRIENDSHIP, Answer.THERAPY, Answer.FRIENDSHIP, Answer.FRIENDSHIP]


@pytest.mark.parametrize(
    ("scenario", "made"),
    [
        ("Ana meets a counsellor every Tuesday.", "ana-meets-a-counsellor"),
        ("  Éloïse, 34, and Zoë's  cousin talk.", "eloise-34-and-zoe"),
        ("«Dr. O'Brien» — at the clinic", "dr-o-brien-at"),
        ("日本語だけ", "question"),
        ("x" * 50 + " two", "x" * 40),
        ("Supercalifragilisticexpialidocious-and-more-and-more words", "supercalifragilisticexpialidocious-and"),
    ],
)
def test_an_id_is_made_from_the_scenarios_first_words(scenario: str, made: str) -> None:
    assert id_from(scenario, set()) == made


def test_made_ids_are_unique_and_never_take_an_id_given_in_the_file(run: Runner, tmp_path: Path) -> None:
    rows = [
        "id,scenario,answer,purpose",
        ",Ana meets a counsellor every Tuesday.,therapy,Goal.",
        "ana-meets-a-counsellor-3,Given explicitly further down.,therapy,Goal.",
        "ana-meets-a-counsellor,Given explicitly too.,therapy,Goal.",
        ",Ana meets a counsellor on Fridays.,therapy,Goal.",
        ",Ana meets a counsellor once more.,friendship,Mutual.",
    ]
    result = run("import", str(write_csv(tmp_path, *rows[1:], header=rows[0])), "-o", str(tmp_path / "class.yaml"))
    assert result.exit_code == 0, result.stderr
    assert [question.id for question in load_bank([tmp_path / "class.yaml"]).questions] == [
        "ana-meets-a-counsellor-2",
        "ana-meets-a-counsellor-3",
        "ana-meets-a-counsellor",
        "ana-meets-a-counsellor-4",
        "ana-meets-a-counsellor-5",
    ]


class CountingSet(set[str]):
    """A set that counts the look-ups made in it."""

    lookups = 0

    def __contains__(self, item: object) -> bool:
        CountingSet.lookups += 1
        return super().__contains__(item)


def test_making_many_equal_ids_takes_one_look_up_each() -> None:
    """10,000 scenarios without a Latin word ('question', 'question-2' ...) searched for a free -N
    from 2 each time: 50 million look-ups, seconds of waiting."""
    taken, numbers = CountingSet({"question-3"}), dict[str, int]()
    made = [id_from("日本語だけ", taken, numbers) for _ in range(2_000)]
    assert made[:4] == ["question", "question-2", "question-4", "question-5"] and len(set(made)) == 2_000
    assert CountingSet.lookups <= 2 * len(made)


@pytest.mark.parametrize("words", ["x" * 50 + " two", "a" * 35 + " bbbb cc", "word " * 12])
def test_a_made_id_with_its_number_is_at_most_40_characters_of_whole_words(words: str) -> None:
    """The base was cut to 40 and '-2' added after: 42 characters."""
    from relquiz.bank.rules import KEBAB_CASE

    taken: set[str] = set()
    numbers: dict[str, int] = {}
    made = [id_from(words, taken, numbers) for _ in range(12)]
    assert len(set(made)) == 12
    assert all(len(made_id) <= 40 and KEBAB_CASE.fullmatch(made_id) for made_id in made), made
    assert made[1].endswith("-2") and made[11].endswith("-12")


def test_the_id_column_may_be_left_out(run: Runner, tmp_path: Path) -> None:
    rows = ["Scenario;Answer;Purpose", "Two friends talk.;f;None.", "Two friends talk again.;T;Goal."]
    result = run("import", str(write_csv(tmp_path, *rows[1:], header=rows[0])), "-o", str(tmp_path / "class.yaml"))
    assert result.exit_code == 0, result.stderr
    assert [q.id for q in load_bank([tmp_path / "class.yaml"]).questions] == [
        "two-friends-talk",
        "two-friends-talk-again",
    ]
    result = run("validate", "--strict", str(tmp_path / "class.yaml"))
    assert "ids are lower-case words joined by hyphens" not in result.stdout + result.stderr
