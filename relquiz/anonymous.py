"""A class report with its names taken out, for projecting it: students become "Student 1".."Student n"
and results files "file 1".."file n", before the report is built, so that no note or reason it
writes can name them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from relquiz.report_groups import folded_name, group_by_bank
from relquiz.results import journal_of
from relquiz.results_reader import ResultsFile


def file_labels(paths: Sequence[Path]) -> dict[Path, str]:
    """'file N' for each path, in the order they are read."""
    return {path: f"file {number}" for number, path in enumerate(paths, start=1)}


def anonymise(files: Sequence[ResultsFile], labels: Mapping[Path, str]) -> list[ResultsFile]:
    """The files with every student named "Student N", numbered in the order the report shows
    them (one name keeps one number, in every bank), and every file named by its label."""
    numbers: dict[str, int] = {}
    for group in group_by_bank(files):
        for results in group.files:
            numbers.setdefault(folded_name(results.name), len(numbers) + 1)
    return [
        replace(
            results,
            student=f"Student {numbers.setdefault(folded_name(results.name), len(numbers) + 1)}",
            path=Path(labels[results.path]),
        )
        for results in files
    ]


def hidden_reason(reason: str, path: Path) -> str:
    """Why a file was skipped, without the one file name a reason can hold: its journal's."""
    return reason.replace(journal_of(path).name, "(hidden)")
