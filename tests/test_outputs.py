"""Files a command writes (report's --csv/--html/--svg, export -o, import -o): claimed when checked,
never the same file twice, private when they hold grades, and a replaced file keeps its mode
(issue 11, items 4 and 5)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import DATA, SMALL_BANK, Runner

CLASS = DATA / "report-example"


@pytest.fixture(autouse=True)
def ordinary_umask() -> Iterator[None]:
    mask = os.umask(0o022)
    yield
    os.umask(mask)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_replaced_private_file_stays_private(run: Runner, tmp_path: Path) -> None:
    grades = tmp_path / "grades.csv"
    grades.write_text("old grades", encoding="utf-8")
    grades.chmod(0o600)
    result = run("report", str(CLASS), "--csv", str(grades), "--force")
    assert result.exit_code == 0, result.stderr
    assert mode(grades) == 0o600 and "old grades" not in grades.read_text(encoding="utf-8")


@pytest.mark.parametrize("option", ["--csv", "--html", "--svg"])
def test_new_report_files_are_readable_by_the_teacher_alone(run: Runner, tmp_path: Path, option: str) -> None:
    output = tmp_path / "out"
    assert run("report", str(CLASS), option, str(output)).exit_code == 0
    assert mode(output) == 0o600


def test_a_replaced_export_keeps_its_mode_and_a_new_one_follows_the_umask(run: Runner, tmp_path: Path) -> None:
    shared, new = tmp_path / "shared.txt", tmp_path / "new.txt"
    shared.write_text("old", encoding="utf-8")
    shared.chmod(0o664)
    assert run("export", "-f", "gift", "-b", str(SMALL_BANK), "-o", str(shared), "--force").exit_code == 0
    assert run("export", "-f", "gift", "-b", str(SMALL_BANK), "-o", str(new)).exit_code == 0
    assert (mode(shared), mode(new)) == (0o664, 0o644)  # a bank export is for sharing


def test_one_file_named_for_two_outputs_is_refused_before_any_work(run: Runner, tmp_path: Path) -> None:
    same = tmp_path / "same.out"
    result = run("report", str(CLASS), "--csv", str(same), "--html", str(same), "--svg", str(same))
    assert result.exit_code == 2
    assert result.stderr == f"relquiz: error: --csv and --html name the same file, {same}; give each its own\n"
    assert not same.exists()


def test_the_same_file_by_another_path_is_the_same_file(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    first, second = tmp_path / "g.csv", tmp_path / "sub" / ".." / "g.csv"
    result = run("report", str(CLASS), "--csv", str(first), "--svg", str(second))
    assert result.exit_code == 2 and "--csv and --svg name the same file" in result.stderr


def test_outputs_are_claimed_when_checked_and_given_back_if_the_command_fails(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "grades.csv"
    claimed: list[bool] = []
    from relquiz import report

    real = report.read_all

    def read_all(*args: object, **kwargs: object) -> report.ClassReport:
        claimed.append(output.exists())  # nobody else can create it now: O_EXCL would fail for them
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(report, "read_all", read_all)
    assert run("report", str(CLASS), "--csv", str(output)).exit_code == 0
    assert claimed == [True] and output.read_text(encoding="utf-8-sig").startswith("student,")
    empty = tmp_path / "empty"
    empty.mkdir()
    failed = run("report", str(empty), "--csv", str(tmp_path / "never.csv"))
    assert failed.exit_code == 2 and "no results files found" in failed.stderr
    assert not (tmp_path / "never.csv").exists()


def test_a_file_that_appears_after_the_check_is_not_replaced(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program writing the name first: the claim fails at once, nothing is replaced."""
    output = tmp_path / "g.csv"
    import relquiz.files

    real_check = relquiz.files._check_output

    def check_then_someone_writes(path: Path, force: bool) -> None:
        real_check(path, force)
        path.write_text("someone else's", encoding="utf-8")

    monkeypatch.setattr(relquiz.files, "_check_output", check_then_someone_writes)
    result = run("report", str(CLASS), "--csv", str(output))
    assert (
        result.exit_code == 2
        and result.stderr == f"relquiz: error: {output} already exists; add --force to replace it\n"
    )
    assert output.read_text(encoding="utf-8") == "someone else's"


def test_the_same_file_by_a_hard_link_is_the_same_file(run: Runner, tmp_path: Path) -> None:
    """Paths cannot tell a bind mount or a hard link from another file; the device and inode can."""
    first, second = tmp_path / "g.csv", tmp_path / "h.csv"
    first.write_text("old", encoding="utf-8")
    os.link(first, second)
    result = run("report", str(CLASS), "--csv", str(first), "--html", str(second), "--force")
    assert result.exit_code == 2 and "--csv and --html name the same file" in result.stderr
    assert first.read_text(encoding="utf-8") == "old"


def test_an_output_in_the_folder_read_is_not_read_back_as_results(run: Runner, tmp_path: Path) -> None:
    """'report res --csv res/grades.json' warned that relquiz's own claimed, empty file was not JSON."""
    folder = tmp_path / "res"
    folder.mkdir()
    for source in CLASS.glob("*.json"):
        (folder / source.name).write_bytes(source.read_bytes())
    result = run("report", str(folder), "--csv", str(folder / "grades.json"))
    assert result.exit_code == 0 and "grades.json" not in result.stderr.replace(f"Saved {folder / 'grades.json'}", "")


# An output that is one of the command's inputs: refused before anything is written, with or
# without --force (a bank replaced by its own answer key, a student's results by the report).


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_an_export_never_writes_over_a_bank_file_it_reads(run: Runner, tmp_path: Path, force: list[str]) -> None:
    bank, sheet = tmp_path / "b.yaml", tmp_path / "w.md"
    bank.write_bytes(SMALL_BANK.read_bytes())
    keyed = run("export", "-f", "markdown", "-b", str(bank), "-o", str(sheet), "--answer-key", str(bank), *force)
    assert keyed.exit_code == 2
    assert keyed.stderr == f"relquiz: error: --answer-key {bank} is one of the bank files read; name another file\n"
    gift = run("export", "-f", "gift", "-b", str(bank), "-o", str(bank), *force)
    assert gift.exit_code == 2 and f"--output {bank} is one of the bank files read" in gift.stderr
    assert bank.read_bytes() == SMALL_BANK.read_bytes() and not sheet.exists()


def test_a_bank_file_in_a_folder_read_is_an_input_by_any_link(run: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "week.yml").write_bytes(SMALL_BANK.read_bytes())
    hard, soft = tmp_path / "hard.txt", tmp_path / "soft.txt"
    os.link(folder / "week.yml", hard)
    soft.symlink_to(folder / "week.yml")
    for output in (hard, soft):
        result = run("export", "-f", "gift", "-b", str(folder), "-o", str(output), "--force")
        assert result.exit_code == 2 and f"--output {output} is one of the bank files read" in result.stderr
    assert (folder / "week.yml").read_bytes() == SMALL_BANK.read_bytes()


def test_the_default_bank_is_an_input_too(run: Runner, tmp_path: Path) -> None:
    from relquiz.cli import bundled_bank_folder

    link = tmp_path / "bundled.txt"
    link.symlink_to(sorted(bundled_bank_folder().glob("*.yaml"))[0])
    result = run("export", "-f", "gift", "-o", str(link), "--force")
    assert result.exit_code == 2 and "is one of the bank files read" in result.stderr


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_report_never_writes_over_a_results_file_or_journal_it_reads(
    run: Runner, tmp_path: Path, force: list[str]
) -> None:
    """'report r12 --html r12/b.json --force' replaced a student's file, and left them out of the report."""
    folder = tmp_path / "r12"
    folder.mkdir()
    for source in CLASS.glob("*.json"):
        (folder / source.name).write_bytes(source.read_bytes())
    student = sorted(folder.glob("*.json"))[1]
    before = student.read_bytes()
    result = run("report", str(folder), "--csv", str(tmp_path / "g.csv"), "--html", str(student), *force)
    assert result.exit_code == 2
    assert result.stderr == f"relquiz: error: --html {student} is one of the results files read; name another file\n"
    assert student.read_bytes() == before and not (tmp_path / "g.csv").exists()
    journal = folder / (student.name + ".journal")
    journal.write_text("", encoding="utf-8")
    again = run("report", str(folder), "--svg", str(journal), "--force")
    assert again.exit_code == 2 and f"--svg {journal} is one of the results files read" in again.stderr


def test_the_csv_imported_is_never_the_bank_written(run: Runner, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.yaml"  # a CSV, whatever its name says
    sheet.write_bytes((DATA / "small.export.csv").read_bytes())
    result = run("import", str(sheet), "-o", str(sheet), "--force")
    assert result.exit_code == 2
    assert result.stderr == f"relquiz: error: --output {sheet} is the CSV file read; name another file\n"
    assert sheet.read_bytes() == (DATA / "small.export.csv").read_bytes()


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["report", str(CLASS), "--csv", ""], "--csv"),
        (["report", str(CLASS), "--html", "", "--force"], "--html"),
        (["export", "-f", "gift", "-o", ""], "--output"),
        (["export", "-f", "markdown", "--answer-key", ""], "--answer-key"),
        (["import", str(DATA / "small.export.csv"), "-o", ""], "--output"),
    ],
)
def test_an_empty_output_name_asks_for_a_file_name(run: Runner, args: list[str], option: str) -> None:
    """'--csv ""' said '. is a folder': Path('') is '.'."""
    result = run(*args)
    assert result.exit_code == 2 and result.stderr == f"relquiz: error: {option}: give a file name\n"


def test_the_answer_key_is_never_written_to_a_file_named_dash(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where a file named '-' was written
    result = run("export", "-f", "markdown", "-b", str(SMALL_BANK), "-o", "w.md", "--answer-key", "-")
    assert result.exit_code == 2
    assert result.stderr == "relquiz: error: --answer-key: the answer key needs a file name, not '-'\n"
    assert not (tmp_path / "-").exists() and not (tmp_path / "w.md").exists()
