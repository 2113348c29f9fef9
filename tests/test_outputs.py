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
