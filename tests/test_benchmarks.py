"""The benchmarks' own tools: their synthetic data is valid, and the quick run works.

Nothing here times anything: the figures live in docs/performance.md, never in assertions.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import benchmark_generator
from typer.testing import Result

from relquiz.bank.load import check_bank
from relquiz.bank.schema import MAX_BANK_BYTES
from relquiz.report import find_results_files, read_all

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


generate = benchmark_generator()


def test_generated_bank_validates(tmp_path: Path, run: Callable[..., Result]) -> None:
    bank = tmp_path / "bank.yaml"
    generate.write_bank(bank, 300, seed=7)
    result = run("validate", str(bank))
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())
    assert f"{bank}: 300 questions" in words
    assert "warning" not in words


def test_generated_bank_keeps_its_keys(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    keys = generate.write_bank(bank, 120, seed=3)
    loaded, problems = check_bank([bank])
    assert problems == [] and loaded is not None
    assert [(q.id, q.answer.value, tuple(d.value for d in q.distinctions)) for q in loaded.questions] == [
        (k.id, k.answer, k.distinctions) for k in keys
    ]
    assert all(40 <= len(q.scenario.split()) <= 90 for q in loaded.questions)
    assert all(3 <= len(q.distinctions) <= 4 and q.tags and q.takeaway for q in loaded.questions)


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"
    generate.write_bank(first, 50, seed=5)
    generate.write_bank(second, 50, seed=5)
    generate.write_bank(other, 50, seed=6)
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()


def test_a_50000_question_bank_fits_under_the_size_limit(tmp_path: Path) -> None:
    assert generate.BANK_LIMIT_BYTES == MAX_BANK_BYTES
    sample = tmp_path / "sample.yaml"
    generate.write_bank(sample, 2_000)
    assert sample.stat().st_size / 2_000 * 50_000 < 0.99 * MAX_BANK_BYTES


def test_results_files_are_all_read(tmp_path: Path, run: Callable[..., Result]) -> None:
    folder = tmp_path / "results"
    written = generate.write_class(folder, 40, bank_questions=30, seed=2)
    assert len(written) == 40
    report = read_all(find_results_files([folder]))
    assert report.skipped == ()
    assert [len(bank.students) for bank in report.banks] == [40]
    result = run("report", str(folder))
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output


def test_results_files_are_consistent(tmp_path: Path) -> None:
    folder = tmp_path / "results"
    for path in generate.write_class(folder, 25, bank_questions=12, seed=4):
        document = json.loads(path.read_text(encoding="utf-8"))
        answers = document["answers"]
        ids = [answer["id"] for answer in answers]
        assert document["format"] == "relquiz-results" and document["version"] == 1
        assert len(ids) == len(set(ids)) == document["score"]["answered"] <= document["score"]["total"]
        assert document["score"]["correct"] == sum(answer["expected"] == answer["given"] for answer in answers)
        assert all(answer["correct"] == (answer["expected"] == answer["given"]) for answer in answers)
        assert document["completed"] == (len(answers) == document["score"]["total"])


@pytest.mark.slow
def test_quick_benchmark_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Budgets met:" in done.stdout
    assert "could not measure" not in done.stdout
    assert "exited with" not in done.stdout and "failed" not in done.stdout
