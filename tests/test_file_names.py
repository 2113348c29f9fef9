"""Every message that names a file shows it whole, on one line, escaped: a name holding a newline,
an escape sequence or a byte that is not UTF-8 is written out (\\x0a, \\x1b, \\xff), never sent to
the terminal raw, never split over lines, never cleaned into another name.

Each case drives one message (or a few that come together) through the real command, with file
and folder names made of those characters, and checks the exact line it gives. The messages were
found by reading relquiz/ for UsageError(, ResultsError(, RelquizError(, Problem(,
HistoryUnavailable(, .warning(, .error(, .say( and file_name(.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from helpers import SMALL_BANK, Runner
from typer.testing import Result

# A newline, an escape sequence (red text) and a byte that is not UTF-8, as Linux decodes it.
NAME = "new\nline\x1b[31mred" + os.fsdecode(b"\xff")
SHOWN = "new\\x0aline\\x1b[31mred\\xff"
# What a terminal must never get: control codes (tab and newline are fine, as line ends), lone
# surrogates, and U+FFFD, which is what an undecodable byte written raw reads back as.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")
LONG = "x" * 300  # a name longer than any file system takes (255 bytes)
BROKEN_BANK = SMALL_BANK.read_text(encoding="utf-8").replace("answer: therapy", "answer: therapist", 1)
UNKNOWN_ANSWER = "unknown answer 'therapist' (did you mean 'therapy'?); use one of: therapy, friendship"
NOT_STARTED = "relquiz: error: the bank has 1 problem; nothing was started. Run 'relquiz validate' on it after fixing."
CSV_HEADER = "id,scenario,answer,difficulty,purpose\n"
CSV_ROW = "q1,Ana meets a counsellor every week to work on exam anxiety.,{answer},easy,To work on anxiety.\n"
RETRIED = "; the quiz goes on, and the history is tried again with the next answer"
NOT_A_DATABASE = "the file is not a SQLite database; it was left untouched"


def shown(path: Path | str) -> str:
    """The path as relquiz must show it; the test's folders hold nothing else to escape."""
    text = str(path).replace(NAME, SHOWN)
    assert not RAW.search(text) and "\n" not in text, text
    return text


@dataclass(frozen=True)
class Expect:
    exit_code: int
    stderr: tuple[str, ...] = ()  # each a whole line of stderr
    stdout: tuple[str, ...] = ()  # each a whole line of stdout
    in_stdout_line: tuple[str, ...] = ()  # each found within one line of stdout (a table cell)


@dataclass
class Scene:
    """A folder named NAME to make files in, and relquiz run with its history in `home`."""

    run_relquiz: Runner
    tmp: Path
    monkeypatch: pytest.MonkeyPatch

    @property
    def odd(self) -> Path:
        return self.tmp / NAME

    @property
    def home(self) -> Path:
        return self.tmp / "home"

    def run(self, *args: str | Path, input: str | None = None, home: Path | None = None) -> Result:
        env = {"RELQUIZ_HOME": str(home or self.home)}
        return self.run_relquiz(*(str(arg) for arg in args), input=input, env=env)

    def play(self, *args: str | Path, input: str = "t\n", home: Path | None = None) -> Result:
        """One question of the small bank, answered."""
        return self.run("play", "-b", SMALL_BANK, "-n", "1", "--seed", "1", *args, input=input, home=home)

    def results(self, name: str) -> Path:
        """A results file of Ana's one answer, made by relquiz."""
        path = self.odd / name
        made = self.play("--results", path, "--student", "Ana", "--no-history")
        assert made.exit_code == 0 and path.is_file(), made.stderr
        return path

    def write(self, name: str, text: str) -> Path:
        path = self.odd / name
        path.write_text(text, encoding="utf-8")
        return path

    def fifo(self, name: str) -> Path:
        path = self.odd / name
        os.mkfifo(path)
        return path

    def fail_writes(self, module: str, after: int = 0) -> None:
        """Make `module`'s write_atomically find the disk full, after `after` writes that work."""
        from relquiz.files import write_atomically

        written = 0

        def write(path: Path, text: str, mode: int | None = None) -> None:
            nonlocal written
            if written == after:
                raise OSError(errno.ENOSPC, "No space left on device")
            written += 1
            write_atomically(path, text, mode)

        self.monkeypatch.setattr(f"{module}.write_atomically", write)


Case = Callable[[Scene], tuple[Result, Expect]]
CASES: list[tuple[str, Case]] = []


def disk_full(*_: object) -> NoReturn:
    raise OSError(errno.ENOSPC, "No space left on device")


def case(name: str) -> Callable[[Case], Case]:
    def register(function: Case) -> Case:
        CASES.append((name, function))
        return function

    return register


# validate ----------------------------------------------------------------------------------


@case("validate: missing path")
def _(scene: Scene) -> tuple[Result, Expect]:
    missing = scene.odd / f"{NAME}.yaml"
    return scene.run("validate", missing), Expect(2, (f"relquiz: error: {shown(missing)}: no such file or folder",))


@case("validate: name too long")
def _(scene: Scene) -> tuple[Result, Expect]:
    long = scene.odd / f"{NAME}{LONG}.yaml"
    return scene.run("validate", long), Expect(2, (f"relquiz: error: {shown(long)}: File name too long",))


@case("validate: folder without banks")
def _(scene: Scene) -> tuple[Result, Expect]:
    message = f"relquiz: error: {shown(scene.odd)}: no .yaml or .yml files in this folder"
    return scene.run("validate", scene.odd), Expect(2, (message,))


@case("validate: special file")
def _(scene: Scene) -> tuple[Result, Expect]:
    fifo = scene.fifo(f"{NAME}.yaml")
    return scene.run("validate", fifo), Expect(2, (f"relquiz: error: {shown(fifo)}: not a regular file or folder",))


@case("validate: problem line")
def _(scene: Scene) -> tuple[Result, Expect]:
    bank = scene.write(f"{NAME}.yaml", BROKEN_BANK)
    return scene.run("validate", bank), Expect(1, (f"{shown(bank)}:8: {UNKNOWN_ANSWER}",))


@case("validate: duplicate id in another file")
def _(scene: Scene) -> tuple[Result, Expect]:
    first = scene.write(f"a{NAME}.yaml", SMALL_BANK.read_text(encoding="utf-8"))
    second = scene.write(f"b{NAME}.yaml", SMALL_BANK.read_text(encoding="utf-8"))
    line = f"{shown(second)}:4: duplicate id 'weekly-sessions' (also in {shown(first)}:4)"
    return scene.run("validate", scene.odd), Expect(1, (line,))


@case("validate: strict problem line")
def _(scene: Scene) -> tuple[Result, Expect]:
    bank = scene.write(f"{NAME}.yaml", SMALL_BANK.read_text(encoding="utf-8"))
    line = f"{shown(bank)}: under 20 questions, the rules for a full course are information only; at this size, worth a look:"
    return scene.run("validate", "--strict", bank), Expect(1, (line,), (f"{shown(bank)}: 4 questions",))


@case("validate: coverage line")
def _(scene: Scene) -> tuple[Result, Expect]:
    bank = scene.write(f"{NAME}.yaml", SMALL_BANK.read_text(encoding="utf-8"))
    return scene.run("validate", bank), Expect(0, stdout=(f"{shown(bank)}: 4 questions",))


@case("validate: coverage line, plain")
def _(scene: Scene) -> tuple[Result, Expect]:
    bank = scene.write(f"{NAME}.yaml", SMALL_BANK.read_text(encoding="utf-8"))
    return scene.run("validate", "--plain", bank), Expect(0, stdout=(f"{shown(bank)}: 4 questions",))


@case("validate: coverage warning")
def _(scene: Scene) -> tuple[Result, Expect]:
    text = SMALL_BANK.read_text(encoding="utf-8").replace("answer: friendship", "answer: therapy")
    bank = scene.write(f"{NAME}.yaml", text)
    warning = (
        f"relquiz: warning: {shown(bank)}: answers are unbalanced: 100% are 'therapy' (keep each between 35% and 65%)"
    )
    return scene.run("validate", bank), Expect(0, (warning,), (f"{shown(bank)}: 4 questions",))


# play --------------------------------------------------------------------------------------


@case("play: missing bank")
def _(scene: Scene) -> tuple[Result, Expect]:
    missing = scene.odd / f"{NAME}.yaml"
    return scene.run("play", "-b", missing), Expect(2, (f"relquiz: error: {shown(missing)}: no such file or folder",))


@case("play: invalid bank")
def _(scene: Scene) -> tuple[Result, Expect]:
    bank = scene.write(f"{NAME}.yaml", BROKEN_BANK)
    return scene.run("play", "-b", bank), Expect(2, (f"{shown(bank)}:8: {UNKNOWN_ANSWER}", NOT_STARTED))


@case("play: results into a missing folder")
def _(scene: Scene) -> tuple[Result, Expect]:
    wanted = scene.odd / NAME / "r.json"
    message = (
        f"relquiz: error: cannot write results to {shown(wanted)}: the folder {shown(wanted.parent)} does not exist"
    )
    return scene.play("--results", wanted), Expect(2, (message,))


@case("play: results under a file")
def _(scene: Scene) -> tuple[Result, Expect]:
    wanted = scene.write(f"{NAME}.txt", "") / "r.json"
    message = f"relquiz: error: cannot write results to {shown(wanted)}: {shown(wanted.parent)} is a file, not a folder"
    return scene.play("--results", wanted), Expect(2, (message,))


@case("play: results onto a special file")
def _(scene: Scene) -> tuple[Result, Expect]:
    fifo = scene.fifo(f"{NAME}.json")
    message = (
        f"relquiz: error: cannot write results to {shown(fifo)}: it is not a regular file; "
        "give a name such as results.json"
    )
    return scene.play("--results", fifo), Expect(2, (message,))


@case("play: results onto an existing file")
def _(scene: Scene) -> tuple[Result, Expect]:
    wanted = scene.write(f"{NAME}.json", "{}")
    instead = scene.odd / f"{NAME}-1.json"
    warning = f"relquiz: warning: {shown(wanted)} already exists; saving to {shown(instead)} instead"
    return scene.play("--results", wanted, "--plain"), Expect(0, (warning,), (f"Results saved to {shown(instead)}",))


@case("play: results saved")
def _(scene: Scene) -> tuple[Result, Expect]:
    results = scene.odd / f"{NAME}.json"
    return scene.play("--results", results), Expect(0, stdout=(f"Results saved to {shown(results)}",))


@case("play: results saved, plain")
def _(scene: Scene) -> tuple[Result, Expect]:
    results = scene.odd / f"{NAME}.json"
    return scene.play("--results", results, "--plain"), Expect(0, stdout=(f"Results saved to {shown(results)}",))


@case("play: stopped")
def _(scene: Scene) -> tuple[Result, Expect]:
    replies = iter(["t"])

    def ask(prompt: object) -> str:
        reply = next(replies, None)
        if reply is None:
            raise KeyboardInterrupt  # Ctrl-C at the second question
        return reply

    scene.monkeypatch.setattr("relquiz.prompt.line_reader", lambda console: ask)
    results = scene.odd / f"{NAME}.json"
    played = scene.run("play", "-b", SMALL_BANK, "-n", "2", "--results", results)
    return played, Expect(130, stdout=(f"Stopped; 1 answer saved to {shown(results)}.",))


@case("play: results cannot be created")
def _(scene: Scene) -> tuple[Result, Expect]:
    results = scene.odd / f"{NAME}.json"

    def refuse(path: Path) -> NoReturn:
        raise OSError(errno.EACCES, "Permission denied", str(path))

    scene.monkeypatch.setattr("relquiz.results.reserve_free_path", refuse)
    message = f"relquiz: error: cannot write results to {shown(results)}: Permission denied"
    return scene.play("--results", results), Expect(2, (message,))


@case("play: results cannot be saved at the start")
def _(scene: Scene) -> tuple[Result, Expect]:
    results = scene.odd / f"{NAME}.json"
    scene.fail_writes("relquiz.results")
    message = f"relquiz: error: could not save results to {shown(results)}: No space left on device"
    return scene.play("--results", results), Expect(2, (message,))


@case("play: results cannot be saved after an answer")
def _(scene: Scene) -> tuple[Result, Expect]:
    results = scene.odd / f"{NAME}.json"
    scene.fail_writes("relquiz.results", after=1)  # the empty file at the start is written
    scene.monkeypatch.setattr("relquiz.results.ResultsRecord._append", disk_full)  # the journal of answers
    failure = f"could not save results to {shown(results)}: No space left on device"
    warning = f"relquiz: warning: {failure}; the quiz goes on and saving is tried again after each answer"
    return scene.play("--results", results), Expect(1, (warning, f"relquiz: error: {failure}"))


# the history (RELQUIZ_HOME in a folder named NAME) -------------------------------------------


def unusable_history(scene: Scene) -> Path:
    (scene.odd / "history.sqlite3").write_text("plain text, not a database", encoding="utf-8")
    return scene.odd / "history.sqlite3"


@case("history: cannot be used")
def _(scene: Scene) -> tuple[Result, Expect]:
    path = unusable_history(scene)
    message = f"relquiz: error: cannot use the history at {shown(path)}: {NOT_A_DATABASE}"
    return scene.run("history", home=scene.odd), Expect(1, (message,))


@case("history: a folder, not a file")
def _(scene: Scene) -> tuple[Result, Expect]:
    path = scene.odd / "history.sqlite3"
    path.mkdir()
    message = f"relquiz: error: cannot use the history at {shown(path)}: it is not a regular file"
    return scene.run("history", home=scene.odd), Expect(1, (message,))


@case("review: history cannot be used")
def _(scene: Scene) -> tuple[Result, Expect]:
    path = unusable_history(scene)
    message = f"relquiz: error: cannot use the history at {shown(path)}: {NOT_A_DATABASE}"
    return scene.run("review", "-b", SMALL_BANK, home=scene.odd), Expect(1, (message,))


@case("play: history cannot be used")
def _(scene: Scene) -> tuple[Result, Expect]:
    path = unusable_history(scene)
    warning = f"relquiz: warning: cannot use the history at {shown(path)}: {NOT_A_DATABASE}{RETRIED}"
    return scene.play(home=scene.odd), Expect(0, (warning,))


@case("play: history folder cannot be created")
def _(scene: Scene) -> tuple[Result, Expect]:
    home = scene.write(f"{NAME}.txt", "a file where the history's folder should be")
    reason = "its folder cannot be created (File exists)"
    warning = f"relquiz: warning: cannot use the history at {shown(home)}/history.sqlite3: {reason}{RETRIED}"
    return scene.play(home=home), Expect(0, (warning,))


@case("play: history fails during the run")
def _(scene: Scene) -> tuple[Result, Expect]:
    from relquiz.history import History, HistoryUnavailable

    def full(history: History, *args: object) -> NoReturn:
        raise HistoryUnavailable(history.path, "the disk is full")

    scene.monkeypatch.setattr(History, "record_answer", full)
    path = scene.odd / "history.sqlite3"
    warning = f"relquiz: warning: cannot use the history at {shown(path)}: the disk is full{RETRIED}"
    return scene.play(home=scene.odd), Expect(0, (warning,))


# report ------------------------------------------------------------------------------------


@case("report: missing path")
def _(scene: Scene) -> tuple[Result, Expect]:
    missing = scene.odd / f"{NAME}.json"
    return scene.run("report", missing), Expect(2, (f"relquiz: error: {shown(missing)}: no such file or folder",))


@case("report: skipped invalid JSON")
def _(scene: Scene) -> tuple[Result, Expect]:
    scene.results("good.json")
    bad = scene.write(f"{NAME}.json", "{")
    warning = f"relquiz: warning: skipped {shown(bad)}: not valid JSON (line 1); a truncated or edited file?"
    return scene.run("report", scene.odd), Expect(0, (warning,))


@case("report: skipped special file")
def _(scene: Scene) -> tuple[Result, Expect]:
    scene.results("good.json")
    fifo = scene.fifo(f"{NAME}.json")
    return scene.run("report", scene.odd), Expect(0, (f"relquiz: warning: skipped {shown(fifo)}: not a regular file",))


@case("report: same run counted once")
def _(scene: Scene) -> tuple[Result, Expect]:
    first = scene.results(f"a{NAME}.json")
    copy = scene.odd / f"b{NAME}.json"
    shutil.copyfile(first, copy)
    warning = f"relquiz: warning: skipped {shown(copy)}: the same run as {shown(first)}; counted once"
    return scene.run("report", scene.odd), Expect(0, (warning,))


@case("report: File column")
def _(scene: Scene) -> tuple[Result, Expect]:
    scene.results(f"{NAME}.json")
    return scene.run("report", scene.odd), Expect(0, in_stdout_line=(f" {SHOWN}.json ",))


@case("report: File column, plain")
def _(scene: Scene) -> tuple[Result, Expect]:
    scene.results(f"{NAME}.json")
    return scene.run("report", "--plain", scene.odd), Expect(0, in_stdout_line=(f", file {SHOWN}.json",))


@case("report: --csv onto an existing file")
def _(scene: Scene) -> tuple[Result, Expect]:
    results = scene.results("r.json")
    csv = scene.write(f"{NAME}.csv", "keep")
    message = f"relquiz: error: {shown(csv)} already exists; add --force to replace it"
    return scene.run("report", results, "--csv", csv), Expect(2, (message,))


@case("report: --html into a missing folder")
def _(scene: Scene) -> tuple[Result, Expect]:
    results = scene.results("r.json")
    html = scene.odd / NAME / "r.html"
    message = f"relquiz: error: cannot write {shown(html)}: the folder {shown(html.parent)} does not exist"
    return scene.run("report", results, "--html", html), Expect(2, (message,))


@case("report: --svg onto a folder")
def _(scene: Scene) -> tuple[Result, Expect]:
    results = scene.results("r.json")
    folder = scene.odd / NAME
    folder.mkdir()
    message = f"relquiz: error: {shown(folder)} is a folder; give a file name"
    return scene.run("report", results, "--svg", folder), Expect(2, (message,))


@case("report: --csv onto a link")
def _(scene: Scene) -> tuple[Result, Expect]:
    results = scene.results("r.json")
    link, target = scene.odd / f"{NAME}.csv", scene.tmp / "target.csv"
    target.write_text("", encoding="utf-8")
    link.symlink_to(target)  # not to the results file: that is refused as one of the files read
    message = (
        f"relquiz: error: {shown(link)} is a link or a special file, which relquiz never replaces; give a file name"
    )
    return scene.run("report", results, "--csv", link), Expect(2, (message,))


@case("report: saved")
def _(scene: Scene) -> tuple[Result, Expect]:
    results = scene.results("r.json")
    copies = [scene.odd / f"{NAME}.{kind}" for kind in ("csv", "html", "svg")]
    options = [
        str(part) for kind, path in zip(("--csv", "--html", "--svg"), copies, strict=True) for part in (kind, path)
    ]
    return scene.run("report", results, *options), Expect(0, tuple(f"Saved {shown(path)}" for path in copies))


# export and import -------------------------------------------------------------------------


@case("export: onto an existing file")
def _(scene: Scene) -> tuple[Result, Expect]:
    output = scene.write(f"{NAME}.txt", "keep")
    message = f"relquiz: error: {shown(output)} already exists; add --force to replace it"
    return scene.run("export", "-f", "gift", "-b", SMALL_BANK, "-o", output), Expect(2, (message,))


@case("export: into a missing folder")
def _(scene: Scene) -> tuple[Result, Expect]:
    output = scene.odd / NAME / "out.txt"
    message = f"relquiz: error: cannot write {shown(output)}: the folder {shown(output.parent)} does not exist"
    return scene.run("export", "-f", "gift", "-b", SMALL_BANK, "-o", output), Expect(2, (message,))


@case("export: cannot write")
def _(scene: Scene) -> tuple[Result, Expect]:
    output = scene.odd / f"{NAME}.txt"
    scene.fail_writes("relquiz.files")
    message = f"relquiz: error: cannot write {shown(output)}: No space left on device"
    return scene.run("export", "-f", "gift", "-b", SMALL_BANK, "-o", output), Expect(2, (message,))


@case("export: wrote")
def _(scene: Scene) -> tuple[Result, Expect]:
    output = scene.odd / f"{NAME}.txt"
    wrote = f"Wrote 4 questions as gift to {shown(output)}."
    return scene.run("export", "-f", "gift", "-b", SMALL_BANK, "-o", output), Expect(0, (wrote,))


@case("import: missing CSV")
def _(scene: Scene) -> tuple[Result, Expect]:
    missing = scene.odd / f"{NAME}.csv"
    message = f"relquiz: error: {shown(missing)}: no such file"
    return scene.run("import", missing, "-o", scene.tmp / "bank.yaml"), Expect(2, (message,))


@case("import: a folder, not a CSV")
def _(scene: Scene) -> tuple[Result, Expect]:
    message = f"relquiz: error: {shown(scene.odd)}: a folder, not a CSV file"
    return scene.run("import", scene.odd, "-o", scene.tmp / "bank.yaml"), Expect(2, (message,))


@case("import: CSV name too long")
def _(scene: Scene) -> tuple[Result, Expect]:
    long = scene.odd / f"{NAME}{LONG}.csv"
    message = f"relquiz: error: cannot read {shown(long)}: File name too long"
    return scene.run("import", long, "-o", scene.tmp / "bank.yaml"), Expect(2, (message,))


@case("import: CSV with problems")
def _(scene: Scene) -> tuple[Result, Expect]:
    csv = scene.write(f"{NAME}.csv", CSV_HEADER + CSV_ROW.format(answer="therapist"))
    error = (
        f"relquiz: error: {shown(csv)} has 1 problem; nothing was written. "
        "Fix the rows in the spreadsheet, save as CSV UTF-8 and import again."
    )
    imported = scene.run("import", csv, "-o", scene.tmp / "bank.yaml")
    return imported, Expect(2, (f"{shown(csv)}:2: {UNKNOWN_ANSWER}", error))


@case("import: output not .yaml")
def _(scene: Scene) -> tuple[Result, Expect]:
    csv = scene.write("bank.csv", CSV_HEADER + CSV_ROW.format(answer="therapy"))
    output = scene.odd / f"{NAME}.txt"
    message = f"relquiz: error: {shown(output)}: a bank file's name must end in .yaml or .yml"
    return scene.run("import", csv, "-o", output), Expect(2, (message,))


@case("import: onto an existing file")
def _(scene: Scene) -> tuple[Result, Expect]:
    csv = scene.write("bank.csv", CSV_HEADER + CSV_ROW.format(answer="therapy"))
    output = scene.write(f"{NAME}.yaml", "keep")
    message = f"relquiz: error: {shown(output)} already exists; add --force to replace it"
    return scene.run("import", csv, "-o", output), Expect(2, (message,))


@case("import: wrote")
def _(scene: Scene) -> tuple[Result, Expect]:
    # The CSV's name, the default title, holds NAME too: the bank gets a title a bank can hold.
    csv = scene.write(f"{NAME}.csv", CSV_HEADER + CSV_ROW.format(answer="therapy"))
    output = scene.odd / f"{NAME}.yaml"
    wrote = (
        f"Wrote 1 question to {shown(output)}. Try it with 'relquiz play -b {shown(output)}'; "
        f"'relquiz validate --strict {shown(output)}' checks it for a full course."
    )
    return scene.run("import", csv, "-o", output), Expect(0, (wrote,))


@case("play: results name too long")
def _(scene: Scene) -> tuple[Result, Expect]:
    long = scene.odd / f"{NAME}{LONG}.json"
    message = f"relquiz: error: cannot write results to {shown(long)}: File name too long"
    return scene.play("--results", long), Expect(2, (message,))


@case("export: output name too long")
def _(scene: Scene) -> tuple[Result, Expect]:
    long = scene.odd / f"{NAME}{LONG}.json"
    message = f"relquiz: error: cannot write {shown(long)}: File name too long"
    return scene.run("export", "-f", "json", "-o", long), Expect(2, (message,))


@case("import: a title that is not text")
def _(scene: Scene) -> tuple[Result, Expect]:
    csv = scene.write("bank.csv", CSV_HEADER + CSV_ROW.format(answer="therapy"))
    message = "relquiz: error: --title is not valid text in this terminal's encoding; type it again"
    title = os.fsdecode(b"Week \xff")
    return scene.run("import", csv, "-o", scene.tmp / "bank.yaml", "--title", title), Expect(2, (message,))


@pytest.mark.parametrize("drive", [pytest.param(drive, id=name) for name, drive in CASES])
def test_a_file_name_is_shown_escaped_on_one_line(
    drive: Case, run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = Scene(run, tmp_path, monkeypatch)
    scene.odd.mkdir()
    result, expect = drive(scene)
    report = f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.exit_code == expect.exit_code, report
    for stream in (result.stdout, result.stderr):
        assert not RAW.search(stream), report
    stdout_lines, stderr_lines = result.stdout.split("\n"), result.stderr.split("\n")
    for line in expect.stderr:
        assert line in stderr_lines, f"not a line of stderr: {line!r}\n{report}"
    for line in expect.stdout:
        assert line in stdout_lines, f"not a line of stdout: {line!r}\n{report}"
    for part in expect.in_stdout_line:
        assert any(part in line for line in stdout_lines), f"not within a line of stdout: {part!r}\n{report}"


def test_report_json_keeps_file_names_exactly(run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--json is for scripts: names are JSON escapes there, and read back as the very names."""
    scene = Scene(run, tmp_path, monkeypatch)
    scene.odd.mkdir()
    scene.results(f"{NAME}.json")
    bad = scene.write(f"bad{NAME}.json", "{")
    result = scene.run("report", "--json", scene.odd)
    assert result.exit_code == 0 and not RAW.search(result.stdout), result.stdout
    document = json.loads(result.stdout)
    assert [student["file"] for student in document["banks"][0]["students"]] == [f"{NAME}.json"]
    assert [skipped["file"] for skipped in document["skipped"]] == [str(bad)]


def test_the_gradebook_shows_file_names_escaped_never_cleaned(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cleaning dropped characters: 'x<newline>y<OSC 8>z<RLO>.json' showed as 'x yz', 'b<0xff>d.json' as 'bd.json'."""
    scene = Scene(run, tmp_path, monkeypatch)
    scene.odd.mkdir()
    named = ["x\ny\x1b]8;;link\x07z\u202e.json", "b" + os.fsdecode(b"\xff") + "d.json"]
    for number, name in enumerate(named):  # two students: the same run twice would be counted once
        assert scene.play("--results", scene.odd / name, "--student", f"S{number}", "--no-history").exit_code == 0
    grades = tmp_path / "grades.csv"
    assert scene.run("report", scene.odd, "--csv", grades).exit_code == 0
    rows = list(csv.reader(io.StringIO(grades.read_text(encoding="utf-8-sig"))))
    assert sorted(row[1] for row in rows[1:]) == ["b\\xffd.json", "x\\x0ay\\x1b]8;;link\\x07z\\u202e.json"]


def test_names_given_as_bytes_come_out_escaped_from_a_real_process(tmp_path: Path) -> None:
    """The same through a real process: argv and the environment as bytes, stdout and stderr as bytes."""
    folder = os.fsencode(tmp_path) + b"/new\nline\x1b[31mred\xff"
    Path(os.fsdecode(folder)).mkdir()
    escaped = os.fsencode(tmp_path) + b"/new\\x0aline\\x1b[31mred\\xff"
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    environment = {os.fsencode(key): os.fsencode(value) for key, value in env.items()}
    environment[b"RELQUIZ_HOME"] = folder

    def relquiz(*args: bytes, input: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        command = [os.fsencode(sys.executable), b"-m", b"relquiz", *args]
        return subprocess.run(command, input=input, capture_output=True, env=environment, timeout=60, check=False)

    missing = relquiz(b"validate", folder + b"/bank\xff.yaml")
    assert missing.stderr == b"relquiz: error: " + escaped + b"/bank\\xff.yaml: no such file or folder\n"

    Path(os.fsdecode(folder), "history.sqlite3").write_text("plain text", encoding="utf-8")
    results = folder + b"/r\n\xff.json"
    played = relquiz(b"play", b"-b", os.fsencode(SMALL_BANK), b"-n", b"1", b"--results", results, input=b"t\n")
    assert played.returncode == 0, played.stderr
    history = escaped + b"/history.sqlite3: " + NOT_A_DATABASE.encode()
    [refused, missed] = played.stderr.split(b"\n")[:2]
    assert refused == b"relquiz: warning: cannot use the history at " + history + RETRIED.encode()
    assert missed.startswith(b"relquiz: warning: 1 answer is not in your history: ")
    assert b"\nResults saved to " + escaped + b"/r\\x0a\\xff.json\n" in played.stdout
    for output in (missing.stdout, missing.stderr, played.stdout, played.stderr):
        assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f\xff]", output), output
