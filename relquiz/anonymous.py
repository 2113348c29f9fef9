"""A class report with its names taken out, for projecting it: students become "Student 1".."Student n"
and their files "results-1.json".., before the report is built, so that no note or reason it writes
can name them.

The numbers are drawn at random for each report: numbered in file-name order (files are usually
named after their students), a class that knows its own list could tell who is who."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from relquiz.report_groups import Skipped, folded_name, group_by_bank
from relquiz.results import journal_of
from relquiz.results_reader import ResultsFile


def anonymise(files: Sequence[ResultsFile], skipped: Sequence[Skipped]) -> tuple[list[ResultsFile], list[Skipped]]:
    """The files in a random order of their students, each named "Student N" (one name, one
    number) and "results-N.json" by its row; then the skipped files, named after them."""
    names = list(dict.fromkeys(folded_name(results.name) for results in files))
    random.SystemRandom().shuffle(names)
    number = {name: count for count, name in enumerate(names, start=1)}
    original = {results.path: results for results in files}  # a group may hold per-version copies
    ordered: list[ResultsFile] = []
    for group in group_by_bank(files):  # banks in the report's order; in each, its rows by number
        ordered += sorted((original[f.path] for f in group.files), key=lambda r: number[folded_name(r.name)])
        ordered += [original[f.path] for f in group.left_out]
    labels: dict[Path, str] = {}
    for path in [*(r.path for r in ordered), *(e.path for e in skipped)]:
        labels.setdefault(path, f"results-{len(labels) + 1}.json")
    hidden = [
        replace(results, student=f"Student {number[folded_name(results.name)]}", path=Path(labels[results.path]))
        for results in ordered
    ]
    return hidden, [_hidden(entry, labels) for entry in skipped]


def _hidden(entry: Skipped, labels: dict[Path, str]) -> Skipped:
    """A skip without file names: its own label, the label of the file it copies, and '(hidden)'
    for the one name a reason can hold, its journal's."""
    reason = entry.reason.replace(journal_of(entry.path).name, "(hidden)")
    same = None if entry.same_run_as is None else Path(labels[entry.same_run_as])
    return Skipped(Path(labels[entry.path]), reason, same)
