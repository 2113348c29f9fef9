"""Results files: free names, writability checked up front, atomic rewrites, the journal of answers."""

from __future__ import annotations

import json
import os
import re
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest

from relquiz.errors import ResultsError
from relquiz.files import reserve_free_path, write_atomically
from relquiz.model import Answer, Bank, Distinction, Response
from relquiz.results import ResultsRecord, answer_entry, choose_results_file, journal_of
from relquiz.results_reader import read_results


def test_a_folder_gets_a_file_named_after_the_student(tmp_path: Path) -> None:
    folder = str(tmp_path)
    assert choose_results_file(folder, "Ana María O'Neil")[1] == tmp_path / "ana-maría-o-neil-results.json"
    assert choose_results_file(folder, "../../etc")[1] == tmp_path / "etc-results.json"
    assert choose_results_file(folder, None)[1] == tmp_path / "relquiz-results.json"
    assert choose_results_file(folder + "/", "x" * 400)[1] == tmp_path / f"{'x' * 60}-results.json"
    assert choose_results_file(str(tmp_path / "r.json"), "Ana") == (tmp_path / "r.json", tmp_path / "r.json")


def test_a_trailing_slash_means_a_folder_made_if_its_parent_exists(tmp_path: Path) -> None:
    assert choose_results_file(str(tmp_path / "class") + "/", "Ana")[1] == tmp_path / "class" / "ana-results.json"
    assert (tmp_path / "class").is_dir()
    with pytest.raises(ResultsError, match=r"the folder .*missing does not exist"):
        choose_results_file(str(tmp_path / "missing" / "class") + "/", "Ana")
    assert not (tmp_path / "missing").exists()
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    with pytest.raises(ResultsError, match="does not exist"):  # a dangling link is not followed
        choose_results_file(str(tmp_path / "link") + "/", "Ana")
    assert not (tmp_path / "nowhere").exists()


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
    record.write(answers, finished_at=started, completed=True)
    saved = json.loads(record.path.read_text(encoding="utf-8"))
    assert saved["completed"] is True and saved["finished_at"] == "2026-11-27T10:00:00+00:00"


def test_a_failed_save_is_reported_not_raised(tmp_path: Path) -> None:
    bank = Bank(title="Demo", questions=(), sha256="0")
    record = ResultsRecord(tmp_path / "gone" / "r.json", bank, 1, None, 1, datetime.now(timezone.utc))
    record.save([])
    assert record.failure is not None and "could not save results to" in record.failure


def started_record(path: Path, total: int = 100_000) -> ResultsRecord:
    """A run's results file as relquiz starts it: written whole, with no answer yet."""
    bank = Bank(title="Demo", questions=(), sha256="ab" * 32)
    record = ResultsRecord(path, bank, 1, "Ana", total, datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc))
    record.write([])
    return record


def answers(count: int, id_prefix: str = "q") -> list[Response]:
    cited = (Distinction.PURPOSE, Distinction.BOUNDARIES, Distinction.DURATION)
    return [Response(f"{id_prefix}{n}", Answer.THERAPY, Answer.THERAPY, 12.5, cited) for n in range(count)]


def test_saving_an_answer_appends_one_line_and_leaves_the_file_alone(tmp_path: Path) -> None:
    """The cost of saving one answer must not grow with the answers before it: the file is not
    rewritten, the journal grows by one line."""
    record = started_record(tmp_path / "r.json")
    file_before = (record.path.stat().st_ino, record.path.read_bytes())
    given = answers(500)
    for count in range(1, 501):
        record.save(given[:count])
    assert (record.path.stat().st_ino, record.path.read_bytes()) == file_before
    lines = journal_of(record.path).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 500 and json.loads(lines[-1]) == {"n": 499, **answer_entry(given[-1])}
    assert len(read_results(record.path).answers) == 500  # the reader folds the journal in
    record.write(given, datetime(2026, 12, 3, 10, 0, tzinfo=timezone.utc), completed=True)
    assert not journal_of(record.path).exists() and len(json.loads(record.path.read_text())["answers"]) == 500


def test_a_journal_cut_short_or_written_twice_reads_as_the_answers_taken(tmp_path: Path) -> None:
    record = started_record(tmp_path / "r.json")
    given = answers(3)
    for count in range(1, 4):
        record.save(given[:count])
    journal = journal_of(record.path)
    with journal.open("a", encoding="utf-8") as stream:
        stream.write('{"n": 3, "id": "q3", "expect')  # killed while writing the fourth answer
    assert [a.id for a in read_results(record.path).answers] == ["q0", "q1", "q2"]
    kept = journal.read_bytes()
    record.write(given[:2])  # the file written whole with two answers, the journal not yet removed
    journal.write_bytes(kept)
    assert [a.id for a in read_results(record.path).answers] == ["q0", "q1", "q2"]


@pytest.mark.parametrize(
    ("journal", "reason"),
    [
        ('{"n": 0, "id": "q0"}\nnot json\n', "line 2 of its journal cannot be read"),
        (
            '{"n": 1, "id": "q1", "expected": "therapy", "given": "therapy", "distinctions": []}\n',
            "skips from answer 0 to 1",
        ),
        (
            '{"n": 0, "id": "q0", "expected": "therapy", "given": "therapy", "distinctions": [], "correct": false}\n',
            "'answers[0].correct' disagrees",
        ),
    ],
    ids=["garbled", "gap", "contradiction"],
)
def test_a_damaged_journal_is_refused_by_name(tmp_path: Path, journal: str, reason: str) -> None:
    record = started_record(tmp_path / "r.json")
    journal_of(record.path).write_text(journal, encoding="utf-8")
    with pytest.raises(ResultsError, match=re.escape(reason)):
        read_results(record.path)


def test_after_a_failed_save_the_whole_file_is_written_again(tmp_path: Path) -> None:
    record = started_record(tmp_path / "r.json")
    given = answers(3)
    record.save(given[:1])
    journal_of(record.path).unlink()
    journal_of(record.path).mkdir()  # the journal cannot be appended to
    record.save(given[:2])
    assert record.failure is not None and "could not save results to" in record.failure
    journal_of(record.path).rmdir()
    record.save(given)
    assert record.failure is None and not journal_of(record.path).exists()
    assert [a["id"] for a in json.loads(record.path.read_text(encoding="utf-8"))["answers"]] == ["q0", "q1", "q2"]


def test_the_results_of_a_long_run_are_not_too_large_to_read(tmp_path: Path) -> None:
    """16,000 answers with ids of bundled-bank length make more than 5 MB, the old limit, which
    refused relquiz's own files."""
    record = started_record(tmp_path / "r.json", total=16_000)
    record.write(answers(16_000, id_prefix="campus-counselling-service-after-two-failed-exams-"))
    assert record.path.stat().st_size > 5_000_000
    assert len(read_results(record.path).answers) == 16_000


def test_a_long_name_in_wide_characters_still_makes_a_file_name_that_fits(tmp_path: Path) -> None:
    """70 characters of U+20000 are 280 bytes: the name is cut by bytes, with room for the
    temporary name of an atomic write and the journal's suffix."""
    _, path = choose_results_file(str(tmp_path) + "/", "\U00020000" * 70)
    assert len(os.fsencode(path.name)) <= 255 - len("..XXXXXXXX.tmp")
    record = ResultsRecord(path, Bank(title="t", questions=(), sha256="0"), 1, None, 2, datetime.now(timezone.utc))
    record.write(answers(1))
    record.save(answers(2))
    assert record.failure is None and len(read_results(path).answers) == 2


@pytest.mark.parametrize("planted", ["link", "fifo", "file"])
def test_a_journal_planted_before_the_first_answer_is_never_written_through(tmp_path: Path, planted: str) -> None:
    """In a shared folder another user could put a link (to the learner's private file) or a pipe
    (which would hang the quiz) where the journal will be: relquiz creates its own or none."""
    record = started_record(tmp_path / "r.json")
    victim = tmp_path / "private.txt"
    victim.write_text("mine", encoding="utf-8")
    journal = journal_of(record.path)
    if planted == "link":
        journal.symlink_to(victim)
    elif planted == "fifo":
        os.mkfifo(journal)
    else:
        journal.write_text("", encoding="utf-8")
    record.save(answers(1))  # fails over to writing the whole file: no hang, no write elsewhere
    record.save(answers(2))
    assert victim.read_text(encoding="utf-8") == "mine"
    assert record.failure is None and [a.id for a in read_results(record.path).answers] == ["q0", "q1"]


def test_a_journal_swapped_during_the_run_is_not_appended_to(tmp_path: Path) -> None:
    record = started_record(tmp_path / "r.json")
    record.save(answers(1))
    journal = journal_of(record.path)
    victim = tmp_path / "private.txt"
    victim.write_text("mine", encoding="utf-8")
    journal.unlink()
    journal.symlink_to(victim)
    record.save(answers(2))
    assert victim.read_text(encoding="utf-8") == "mine" and record.failure is not None
    record.save(answers(3))  # caught up by writing the whole file; the planted link is removed
    assert record.failure is None and not journal.is_symlink() and victim.read_text(encoding="utf-8") == "mine"
    assert len(read_results(record.path).answers) == 3


def test_a_journal_cannot_raise_a_finished_or_another_users_file(tmp_path: Path) -> None:
    """A classmate planting bob-results.json.journal must not turn Bob's 2/5 into 5/5."""
    record = started_record(tmp_path / "r.json", total=5)
    record.write(answers(2), datetime(2026, 12, 3, 10, 0, tzinfo=timezone.utc), completed=False)
    journal = journal_of(record.path)
    forged = "".join(json.dumps({"n": n, **answer_entry(answers(5)[n])}) + "\n" for n in range(2, 5))
    journal.write_text(forged, encoding="utf-8")
    with pytest.raises(ResultsError, match="a journal beside a finished file"):
        read_results(record.path)
    record = started_record(tmp_path / "s.json", total=5)
    journal_of(record.path).write_text(forged.replace('"n": 2', '"n": 0').split("\n")[0] + "\n", encoding="utf-8")
    os.chown(journal_of(record.path), 65534, 65534)
    with pytest.raises(ResultsError, match="belongs to another user than the file"):
        read_results(record.path)


def test_journal_trouble_is_named_as_the_journal_s(tmp_path: Path) -> None:
    record = started_record(tmp_path / "r.json")
    journal_of(record.path).mkdir()
    with pytest.raises(ResultsError, match=r"its journal r\.json\.journal: not a regular file"):
        read_results(record.path)
    journal_of(record.path).rmdir()
    record.save(answers(1))
    with journal_of(record.path).open("a", encoding="utf-8") as stream:
        stream.write("\n")  # an editor's blank line at the end
    assert len(read_results(record.path).answers) == 1
