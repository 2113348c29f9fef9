"""Results files: free names, writability checked up front, atomic rewrites."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest

from relquiz.errors import ResultsError
from relquiz.files import reserve_free_path, write_atomically
from relquiz.model import Answer, Bank, Distinction, Response
from relquiz.results import ResultsRecord, choose_results_file


def test_a_folder_gets_a_file_named_after_the_student(tmp_path: Path) -> None:
    folder = str(tmp_path)
    assert choose_results_file(folder, "Ana María O'Neil")[1] == tmp_path / "ana-maría-o-neil-results.json"
    assert choose_results_file(folder, "../../etc")[1] == tmp_path / "etc-results.json"
    assert choose_results_file(folder, None)[1] == tmp_path / "relquiz-results.json"
    assert choose_results_file(folder + "/", "x" * 400)[1] == tmp_path / f"{'x' * 60}-results.json"
    assert choose_results_file(str(tmp_path / "r.json"), "Ana") == (tmp_path / "r.json", tmp_path / "r.json")


def test_a_trailing_slash_means_a_folder_that_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ResultsError, match=r"the folder .*missing does not exist"):
        choose_results_file(str(tmp_path / "missing") + "/", "Ana")
    assert not (tmp_path / "missing").exists()


def test_a_free_name_is_claimed_at_once_and_never_reused(tmp_path: Path) -> None:
    wanted = tmp_path / "ana.json"
    assert reserve_free_path(wanted) == wanted and wanted.exists()  # claimed, so no one else gets it
    (tmp_path / "ana-1.json").write_text("{}")
    assert reserve_free_path(wanted) == tmp_path / "ana-2.json"
    assert choose_results_file(str(wanted), None) == (wanted, tmp_path / "ana-3.json")
    assert wanted.read_text() == ""  # the first claim is untouched


def test_unusable_places_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(ResultsError, match="does not exist"):
        choose_results_file(str(tmp_path / "missing" / "r.json"), None)
    (tmp_path / "file").write_text("")
    with pytest.raises(ResultsError, match="is a file, not a folder"):
        choose_results_file(str(tmp_path / "file" / "r.json"), None)
    with pytest.raises(ResultsError, match="not a regular file"):
        choose_results_file("/dev/null", None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # the checks leave nothing behind


def test_write_atomically_replaces_whole_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    write_atomically(target, "first")
    write_atomically(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]
    mask = os.umask(0o022)
    try:
        write_atomically(target, "third")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # readable by the teacher who collects it


def test_record_document_matches_the_documented_format(tmp_path: Path) -> None:
    bank = Bank(title="Demo", questions=(), sha256="ab" * 32)
    started = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)
    record = ResultsRecord(tmp_path / "r.json", bank, seed=42, student="Ana", total=10, started_at=started)
    answers = [Response("weekly-sessions", Answer.THERAPY, Answer.FRIENDSHIP, 6.4, (Distinction.PURPOSE,))]
    record.save(answers)
    saved = json.loads(record.path.read_text(encoding="utf-8"))
    assert saved == {
        "format": "relquiz-results",
        "version": 1,
        "student": "Ana",
        "seed": 42,
        "bank": {"title": "Demo", "sha256": "ab" * 32},
        "started_at": "2026-11-27T10:00:00+00:00",
        "finished_at": None,
        "completed": False,
        "time_limit": None,
        "filters": {},
        "score": {"correct": 0, "answered": 1, "total": 10},
        "answers": [
            {
                "id": "weekly-sessions",
                "expected": "therapy",
                "given": "friendship",
                "correct": False,
                "seconds": 6.4,
                "late": False,
                "distinctions": ["purpose"],
                "why": None,
            }
        ],
    }
    assert record.failure is None
    record.save(answers, finished_at=started, completed=True)
    saved = json.loads(record.path.read_text(encoding="utf-8"))
    assert saved["completed"] is True and saved["finished_at"] == "2026-11-27T10:00:00+00:00"


def test_a_failed_save_is_reported_not_raised(tmp_path: Path) -> None:
    bank = Bank(title="Demo", questions=(), sha256="0")
    record = ResultsRecord(tmp_path / "gone" / "r.json", bank, 1, None, 1, datetime.now(timezone.utc))
    record.save([])
    assert record.failure is not None and "could not save results to" in record.failure
