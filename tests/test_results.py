"""Results files: free names, writability checked up front, atomic rewrites."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from relquiz.errors import ResultsError
from relquiz.model import Answer, Bank, Distinction, Response
from relquiz.results import ResultsRecord, check_writable, free_path, results_path, write_atomically


def test_a_folder_gets_a_file_named_after_the_student(tmp_path: Path) -> None:
    assert results_path(tmp_path, "Ana María O'Neil") == tmp_path / "ana-maría-o-neil-results.json"
    assert results_path(tmp_path, "../../etc") == tmp_path / "etc-results.json"
    assert results_path(tmp_path, None) == tmp_path / "relquiz-results.json"
    assert results_path(tmp_path / "r.json", "Ana") == tmp_path / "r.json"


def test_free_path_never_reuses_an_existing_name(tmp_path: Path) -> None:
    wanted = tmp_path / "ana.json"
    assert free_path(wanted) == wanted
    wanted.write_text("{}")
    (tmp_path / "ana-1.json").write_text("{}")
    assert free_path(wanted) == tmp_path / "ana-2.json"


def test_check_writable_refuses_missing_folders_and_files_posing_as_folders(tmp_path: Path) -> None:
    check_writable(tmp_path / "fine.json")
    assert list(tmp_path.iterdir()) == []  # the check leaves nothing behind
    with pytest.raises(ResultsError, match="does not exist"):
        check_writable(tmp_path / "missing" / "r.json")
    (tmp_path / "file").write_text("")
    with pytest.raises(ResultsError, match="cannot write results"):
        check_writable(tmp_path / "file" / "r.json")


def test_write_atomically_replaces_whole_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    write_atomically(target, "first")
    write_atomically(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


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
        "score": {"correct": 0, "answered": 1, "total": 10},
        "answers": [
            {
                "id": "weekly-sessions",
                "expected": "therapy",
                "given": "friendship",
                "correct": False,
                "seconds": 6.4,
                "distinctions": ["purpose"],
            }
        ],
    }
    record.save(answers, finished_at=started, completed=True)
    saved = json.loads(record.path.read_text(encoding="utf-8"))
    assert saved["completed"] is True and saved["finished_at"] == "2026-11-27T10:00:00+00:00"
