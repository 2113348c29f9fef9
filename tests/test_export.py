"""Exports: GIFT read by an independent parser, CSV cells safe in a spreadsheet, JSON that loads
back, and the `export` command. The worksheet and its key, Moodle XML and the choice of questions
have files of their own: test_export_worksheet.py, test_export_moodle.py, test_export_selection.py."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import BANKS, DATA, ROOT, BankWriter, Runner, check_golden

from relquiz.bank.load import load_bank
from relquiz.distinctions import ANSWER_LABELS, ANSWER_NAMES, INFO
from relquiz.export import Format, export_bank
from relquiz.export.gift import escape
from relquiz.export.lms import STEM
from relquiz.export.markdown import answer_key
from relquiz.export.sheet import COLUMNS, question_cells
from relquiz.model import Answer, Bank, Distinction
from relquiz.spreadsheet import restore_cell, safe_cell

GIFT_PEGJS_VERSION = "1.0.2"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def bank(name: str) -> Bank:
    return load_bank([BANKS[name]])


# --- GIFT ---------------------------------------------------------------------------------


def parse_gift(text: str) -> list[dict[str, Any]]:
    """The questions gift-pegjs reads from the text; skips when Node or the package is missing.

    RELQUIZ_GIFT_PEGJS names the package folder; .ci/run sets it after installing the package,
    so in CI a missing parser fails instead of skipping.
    """
    required = os.environ.get("RELQUIZ_GIFT_PEGJS")
    package = Path(required or ROOT / ".ci" / "node" / "node_modules" / "gift-pegjs")
    node = shutil.which("node")
    if node is None or not (package / "package.json").is_file():
        missing = "node is not on PATH" if node is None else f"{package} does not exist"
        if required:
            pytest.fail(f"RELQUIZ_GIFT_PEGJS is set but {missing}")
        pytest.skip(
            f"GIFT parser test skipped: {missing}. Install Node.js with npm, then run "
            f"'npm install --no-save --prefix .ci/node gift-pegjs@{GIFT_PEGJS_VERSION}' (.ci/run does this)"
        )
    script = (
        "const gift = require(process.argv[1]); let text = '';"
        "process.stdin.setEncoding('utf8').on('data', d => text += d)"
        ".on('end', () => process.stdout.write(JSON.stringify(gift.parse(text))));"
    )
    done = subprocess.run(
        [node, "-e", script, str(package)], input=text, capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    parsed: list[dict[str, Any]] = json.loads(done.stdout)
    return parsed


@pytest.mark.parametrize("name", ["bundled", "hostile", "small"])
def test_gift_is_read_by_gift_pegjs_as_one_two_choice_question_per_question(name: str) -> None:
    """Each question reads on its own in Moodle: the scenario and the stem as the question text,
    short feedback per choice, the explanation per distinction and the takeaway as general feedback."""
    source = bank(name)
    parsed = parse_gift(export_bank(source, Format.GIFT))

    assert [item["type"] for item in parsed] == ["MC"] * len(source.questions)
    assert [item["title"] for item in parsed] == [question.id for question in source.questions]
    for item, question in zip(parsed, source.questions, strict=True):
        assert [choice["text"]["text"] for choice in item["choices"]] == ["Therapy relationship", "Friendship"]
        right = [choice for choice in item["choices"] if choice["isCorrect"]]
        wrong = [choice for choice in item["choices"] if not choice["isCorrect"]]
        assert [choice["text"]["text"] for choice in right] == [ANSWER_LABELS[question.answer]]
        assert item["stem"] == {"format": "plain", "text": f"{question.scenario}\n\n{STEM}"}
        other = Answer.FRIENDSHIP if question.answer is Answer.THERAPY else Answer.THERAPY
        verdict = f"this is {ANSWER_NAMES[question.answer]}."
        assert right[0]["feedback"]["text"] == f"Right: {verdict}"
        assert [choice["feedback"]["text"] for choice in wrong] == [f"Not {ANSWER_NAMES[other]}: {verdict}"]
        explained = [f"{INFO[d].label}: {question.distinctions[d]}" for d in Distinction if d in question.distinctions]
        takeaway = [f"Takeaway: {question.takeaway}"] if question.takeaway else []
        assert item["globalFeedback"] == {"format": "plain", "text": "\n".join(explained + takeaway)}
        assert item["tags"] == (list(question.tags) or None)


def test_gift_escapes_each_special_character_and_line_breaks() -> None:
    assert escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"


def test_gift_keeps_every_text_on_lines_moodle_cannot_mistake() -> None:
    """Moodle drops lines starting with // and ends a question at a blank line: bank text must
    never produce either, whatever it holds."""
    source = bank("hostile")
    text = export_bank(source, Format.GIFT)
    lines = text.split("\n")
    comments = [line for line in lines if line.lstrip().startswith("//")]
    assert comments[0] == lines[0]
    assert len(comments) == 1 + sum(1 for question in source.questions if question.tags)
    assert all(line.startswith("// [tag:") for line in comments[1:])
    assert len(text.strip().split("\n\n")) == 1 + len(source.questions)


# --- CSV and spreadsheet cells ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
        ("-1", "'-1"),
        ("@mention", "'@mention"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("'=already quoted", "''=already quoted"),
        ("''+twice", "'''+twice"),
        ("'Tis plain", "'Tis plain"),
        ("Ana = Ben", "Ana = Ben"),
        ("'", "'"),
        ("", ""),
    ],
)
def test_safe_cell_neutralises_formulas_and_restore_cell_undoes_exactly_that(text: str, cell: str) -> None:
    assert safe_cell(text) == cell
    assert restore_cell(cell) == text
    assert not cell.startswith(TRIGGERS)


def test_csv_has_the_documented_columns_and_every_cell_is_safe() -> None:
    source = bank("hostile")
    text = export_bank(source, Format.CSV)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    distinctions = [distinction.value for distinction in Distinction]
    assert rows[0] == list(COLUMNS) == ["id", "scenario", "answer", "difficulty", "tags", *distinctions, "takeaway"]
    assert len(rows) == 1 + len(source.questions)
    for row, question in zip(rows[1:], source.questions, strict=True):
        assert not any(cell.startswith(TRIGGERS) for cell in row)
        assert [restore_cell(cell) for cell in row] == question_cells(question)
    assert rows[1][1].startswith("'=HYPERLINK(")
    assert rows[2][7] == "''=already quoted for a spreadsheet"


def test_csv_export_refuses_a_tag_it_cannot_hold(run: Runner, write_bank: BankWriter) -> None:
    path = write_bank(
        """
        title: T
        questions:
          - id: q
            scenario: S.
            answer: therapy
            tags: ["a;b"]
            distinctions: {purpose: P.}
        """
    )
    result = run("export", "--format", "csv", "-b", str(path))
    assert result.exit_code == 2
    assert "the tag 'a;b' of question 'q' holds ';' or ','" in result.stderr
    assert result.stdout == ""


# --- JSON ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bundled", "hostile"])
def test_json_loads_back_as_the_bank(name: str) -> None:
    source = bank(name)
    assert json.loads(export_bank(source, Format.JSON)) == {
        "version": 1,
        "title": source.title,
        "description": source.description,
        "support_note": source.support_note,
        "questions": [question.as_dict() for question in source.questions],
    }


# --- golden files and the command ---------------------------------------------------------


@pytest.mark.parametrize(
    ("format", "suffix"),
    [("gift", "gift.txt"), ("moodle-xml", "moodle.xml"), ("markdown", "md"), ("csv", "csv"), ("json", "json")],
)
def test_small_bank_exports_match_their_golden_files(format: str, suffix: str) -> None:
    check_golden(f"small.export.{suffix}", export_bank(bank("small"), Format(format)))


def test_small_bank_answer_key_matches_its_golden_file() -> None:
    check_golden("small.export.key.md", answer_key(bank("small")))


@pytest.mark.parametrize("format", ["gift", "moodle-xml", "markdown", "csv", "json", "GIFT"])
def test_export_prints_the_exact_bytes_on_stdout(run: Runner, format: str) -> None:
    result = run("export", "--format", format, "-b", str(BANKS["hostile"]))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == export_bank(bank("hostile"), Format(format.lower())).encode("utf-8")
    assert result.stderr == ""


def test_export_writes_a_file_and_never_replaces_one_without_force(run: Runner, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.md"
    result = run("export", "-f", "markdown", "-o", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote 120 questions as markdown to {sheet}.\n"
    written = sheet.read_text(encoding="utf-8")
    assert written == export_bank(bank("bundled"), Format.MARKDOWN)

    sheet.write_text("my notes", encoding="utf-8")
    refused = run("export", "-f", "markdown", "-o", str(sheet))
    assert refused.exit_code == 2
    assert refused.stderr == f"relquiz: error: {sheet} already exists; add --force to replace it\n"
    assert sheet.read_text(encoding="utf-8") == "my notes"

    forced = run("export", "-f", "markdown", "-o", str(sheet), "--force")
    assert forced.exit_code == 0
    assert sheet.read_text(encoding="utf-8") == written


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_force_never_replaces_a_link_or_a_special_file(run: Runner, tmp_path: Path, kind: str) -> None:
    """Run as root, --force once turned /dev/full into an ordinary file."""
    target = tmp_path / "notes.md"
    target.write_text("my notes", encoding="utf-8")
    out = tmp_path / "out.md"
    if kind == "link":
        out.symlink_to(target)
    else:
        os.mkfifo(out)
    result = run("export", "-f", "markdown", "-o", str(out), "--force")
    assert result.exit_code == 2
    assert result.stderr == (
        f"relquiz: error: {out} is a link or a special file, which relquiz never replaces; give a file name\n"
    )
    assert out.is_symlink() if kind == "link" else stat.S_ISFIFO(out.lstat().st_mode)
    assert target.read_text(encoding="utf-8") == "my notes"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "missing/out.txt"], "cannot write missing/out.txt: the folder missing does not exist"),
        (["-o", "."], ". is a folder; give a file name"),
        (["-b", "nope.yaml"], "nope.yaml: no such file or folder"),
    ],
)
def test_export_usage_errors_exit_2(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)  # the paths are typed relative to the working folder, "." being that folder itself
    result = run("export", "-f", "gift", *args)
    assert result.exit_code == 2
    assert result.stderr == f"relquiz: error: {message}\n"
    assert result.stdout == ""


def test_export_needs_a_known_format(run: Runner) -> None:
    result = run("export", "-f", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'gift', 'moodle-xml', 'markdown', 'csv', 'json'" in result.stderr


def fenced_blocks(language: str) -> list[str]:
    text = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.S | re.M)


def test_the_examples_in_docs_export_md_are_real_output(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = bank("small")
    seed_line, gift, csv_example, problems = fenced_blocks("text")
    assert run("export", "-f", "json", "--seed", "2027", "-n", "12").stderr == seed_line
    assert gift in export_bank(small, Format.GIFT)
    assert csv_example in export_bank(small, Format.CSV)
    [moodle] = fenced_blocks("xml")
    assert export_bank(small, Format.MOODLE_XML).startswith(moodle)
    worksheet, key = fenced_blocks("markdown")
    assert worksheet in export_bank(small, Format.MARKDOWN)
    assert answer_key(small).startswith(key)
    [document] = fenced_blocks("json")
    exported = json.loads(export_bank(small, Format.JSON))
    assert json.loads(document) == {**exported, "questions": exported["questions"][:1]}

    shutil.copy(DATA / "problems.csv", tmp_path / "class.csv")
    monkeypatch.chdir(tmp_path)  # the documented messages name class.csv as a teacher types it, relative
    assert run("import", "class.csv", "-o", "bank.yaml").stderr == problems
    [example] = fenced_blocks("yaml")
    assert (DATA / "small.import.yaml").read_text(encoding="utf-8").startswith(example + "\n")


def test_export_into_a_closed_pipe_stops_quietly_with_1(tmp_path: Path) -> None:
    """`relquiz export ... | head -1`: no traceback and no error message, exit code 1 as documented."""
    process = subprocess.Popen(
        [sys.executable, "-m", "relquiz", "export", "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    assert process.stderr.read() == b""
    assert process.wait(timeout=60) == 1


def test_an_output_of_dash_is_the_screen(run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # "./-" names a file '-' in the working folder, the way a user asks for one
    result = run("export", "-f", "json", "-o", "-")
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert not (tmp_path / "-").exists()
    spelled_out = run("export", "-f", "json", "-o", "./-")  # a file named '-', asked for plainly
    assert spelled_out.exit_code == 0 and json.loads((tmp_path / "-").read_text(encoding="utf-8"))


@pytest.mark.parametrize("command", ["export", "import"])
def test_export_and_import_take_plain_like_every_command(run: Runner, tmp_path: Path, command: str) -> None:
    """--plain keeps colour off even where the terminal would show it (FORCE_COLOR)."""
    taken = tmp_path / "taken.yaml"
    taken.write_text("keep", encoding="utf-8")
    args = ["export", "-f", "json", "-o", str(taken)] if command == "export" else ["import", "x.csv", "-o", str(taken)]
    colour = {"NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    coloured, plain = run(*args, env=colour), run(*args, "--plain", env=colour)
    assert coloured.exit_code == plain.exit_code == 2
    assert "\x1b[" in coloured.stderr and "\x1b[" not in plain.stderr
    assert plain.stderr == f"relquiz: error: {taken} already exists; add --force to replace it\n"
