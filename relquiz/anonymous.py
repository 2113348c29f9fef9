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
from typing import NamedTuple

from relquiz.report_groups import folded_name
from relquiz.results import journal_of
from relquiz.results_reader import ResultsFile


class Skipped(NamedTuple):
    """A file the report could not use, and why; `same_run_as` for a copy of a file it read."""

    path: Path
    reason: str
    same_run_as: Path | None = None


def anonymise(files: Sequence[ResultsFile], skipped: Sequence[Skipped]) -> tuple[list[ResultsFile], list[Skipped]]:
    """The files in a random order of their students, each named "Student N" (one name, one
    number) and "results-N.json" by its row; then the skipped files, named after them."""
    names = list(dict.fromkeys(folded_name(results.name) for results in files))
    random.SystemRandom().shuffle(names)
    number = {name: count for count, name in enumerate(names, start=1)}
    banks = {digest: rank for rank, digest in enumerate(dict.fromkeys(r.bank_sha256 for r in files))}
    ordered = sorted(files, key=lambda r: (banks[r.bank_sha256], number[folded_name(r.name)]))  # banks as without it
    answered = {folded_name(results.name) for results in files if results.answers}
    restarts = {r.path for r in ordered if not r.answers and folded_name(r.name) in answered}  # not rows
    labels: dict[Path, str] = {}
    rows_first = [*(r.path for r in ordered if r.path not in restarts), *restarts, *(e.path for e in skipped)]
    for path in rows_first:  # the rows' files first, in their order
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
