"""The class report: many results files turned into per-student, per-question and
per-distinction figures, with the item analysis a teacher uses to spot misleading questions."""

from __future__ import annotations

import math
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from relquiz.errors import ResultsError, UsageError
from relquiz.item_stats import (
    MIN_ANSWERS_FOR_DISCRIMINATION,
    Reliability,
    WhyMatrix,
    discrimination,
    reliability,
    why_matrix,
)
from relquiz.model import Distinction
from relquiz.report_groups import BankGroup, Skipped, folded_name, group_by_bank
from relquiz.results_reader import ResultsFile, read_results
from relquiz.tally import DistinctionTally, tally_by_distinction

MIN_STUDENTS_FOR_FIRM_FLAGS = 20  # below it one student's answer moves a facility by 5 points or more
TOO_EASY = 0.90
TOO_HARD = 0.30
WEAK_DISCRIMINATION = 0.20


@dataclass(frozen=True)
class StudentRow:
    name: str
    source: str
    correct: int
    answered: int
    total: int
    completed: bool
    seconds: float | None
    answers: tuple[tuple[str, bool], ...] = ()
    late: int = 0
    seed: int | None = None
    started_at: str = ""

    @property
    def percent(self) -> float:
        """Right answers over the questions drawn, so stopping early never raises a grade."""
        return 100 * self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class ItemRow:
    """One question: facility is the share answered right; discrimination the corrected
    item-total correlation, None until enough students answered it or when it is undefined."""

    id: str
    answered: int
    correct: int
    discrimination: float | None
    first_voted: int = 0  # in a live class with a second vote: answers that kept the first vote
    first_correct: int = 0

    @property
    def facility(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def first_facility(self) -> float | None:
        """The share right at the first vote, before discussing; None without a second vote."""
        return self.first_correct / self.first_voted if self.first_voted else None

    @property
    def flags(self) -> tuple[str, ...]:
        """Flags need as many answers as discrimination does: one answer proves nothing."""
        if self.answered < MIN_ANSWERS_FOR_DISCRIMINATION:
            return ()
        flags = []
        if self.facility > TOO_EASY:
            flags.append("too easy")
        if self.facility < TOO_HARD:
            flags.append("too hard")
        if self.discrimination is not None and self.discrimination < WEAK_DISCRIMINATION:
            flags.append("weak")
        return tuple(flags)


@dataclass(frozen=True)
class DistinctionRow:
    """The class's tally for one distinction, and the questions citing it most often missed."""

    tally: DistinctionTally
    most_missed: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class BankReport:
    title: str
    sha256: str
    students: tuple[StudentRow, ...]
    items: tuple[ItemRow, ...]
    distinctions: tuple[DistinctionRow, ...]
    reliability: Reliability
    why: WhyMatrix | None = None
    versions: tuple[str, ...] = ()  # the digests of an edited bank's versions reported together
    notes: tuple[str, ...] = ()

    @property
    def tentative(self) -> bool:
        """Item flags from fewer than 20 students are a hint where to look, not a verdict."""
        return self.people < MIN_STUDENTS_FOR_FIRM_FLAGS

    @property
    def flags_used(self) -> list[str]:
        """The flags any question has, each once, for their hints under the table."""
        return sorted({flag for item in self.items for flag in item.flags})

    @property
    def people(self) -> int:
        """Students, not rows: one student's two files are one person."""
        return len({folded_name(s.name) for s in self.students})

    @property
    def seeds(self) -> tuple[int, ...]:
        return tuple(sorted({s.seed for s in self.students if s.seed is not None}))


@dataclass(frozen=True)
class ClassReport:
    banks: tuple[BankReport, ...]
    skipped: tuple[tuple[str, str], ...]

    @property
    def warnings(self) -> tuple[str, ...]:
        if len(self.banks) < 2:
            return ()
        titles = ", ".join(f"{bank.title!r} ({bank.sha256[:8]})" for bank in self.banks)
        return (f"the results come from {len(self.banks)} different banks, reported separately: {titles}",)


def find_results_files(paths: Sequence[Path]) -> list[Path]:
    """Files as given, and the .json files directly inside folders, in name order."""
    found: dict[Path, Path] = {}  # by resolved place: one file reached by two paths is read once
    for path in paths:
        if not os.path.lexists(path):  # a link that leads nowhere is there: it is skipped with its reason
            raise UsageError(f"{path}: no such file or folder")
        if path.is_dir():
            folder = _place(path)  # once per folder: resolving each file costs more than reading it
            for file in path.iterdir():
                if file.suffix.lower() == ".json":
                    found.setdefault(folder / file.name, file)
        else:
            found.setdefault(_place(path), path)
    return sorted(found.values(), key=str)


def _place(path: Path) -> Path:
    """Where a path leads; for a link loop, the path itself (reading it then says what is wrong)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return path.absolute()


def read_all(
    paths: Sequence[Path], progress: Callable[[], None] = lambda: None, anonymous: bool = False
) -> ClassReport:
    """Read every file, skipping (with its reason) any that cannot be used or that repeats a run
    already read (a copied file, the same file reached by two paths), and build the report;
    `anonymous` takes the names out before anything names them (relquiz.anonymous)."""
    files: list[ResultsFile] = []
    skipped: list[Skipped] = []
    seen: dict[object, Path] = {}
    for path in paths:
        try:
            results = read_results(path)
        except ResultsError as error:
            skipped.append(Skipped(path, str(error)))
        else:
            run = (results.bank_sha256, results.student, results.started_at, results.answers)
            if run in seen:
                skipped.append(Skipped(path, same_run_as=seen[run]))
            else:
                seen[run] = path
                files.append(results)
        progress()
    if anonymous:
        from relquiz.anonymous import anonymise

        files, skipped = anonymise(files, skipped)
    return ClassReport(banks=build_reports(files), skipped=tuple(entry.said() for entry in skipped))


def build_reports(files: Sequence[ResultsFile]) -> tuple[BankReport, ...]:
    """One report per bank: answers from different banks are never mixed, while the versions
    of one edited bank are reported together (relquiz.report_groups)."""
    return tuple(_bank_report(group) for group in group_by_bank(files))


def _bank_report(group: BankGroup) -> BankReport:
    files = group.files
    students = tuple(
        StudentRow(
            name=" ".join(f.name.split()),  # as typed, less stray spaces: a gradebook looks names up
            source=f.path.name,
            correct=f.correct,
            answered=len(f.answers),
            total=f.total,
            completed=f.completed,
            seconds=f.seconds_taken,
            answers=tuple((a.id, a.correct) for a in f.answers),
            late=sum(a.late for a in f.answers),
            seed=f.seed,
            started_at=f.started_at,
        )
        for f in files
    )
    first_runs: dict[str, ResultsFile] = {}  # one run per student, the first, as Moodle takes the first attempt
    for results in sorted(files, key=lambda f: f.start_time):
        first_runs.setdefault(folded_name(results.name), results)
    answer_sets = [{a.id: a.correct for a in f.answers} for f in first_runs.values()]
    return BankReport(
        title=files[0].bank_title,
        sha256=group.digests[-1],
        students=students,
        items=_items(files),
        distinctions=_distinctions(files),
        reliability=reliability(answer_sets, stopped_early=not all(f.completed for f in first_runs.values())),
        why=why_matrix([answer for f in files for answer in f.answers]),
        versions=group.digests if len(group.digests) > 1 else (),
        notes=group.notes,
    )


def _items(files: Sequence[ResultsFile]) -> tuple[ItemRow, ...]:
    order: dict[str, None] = {}
    scores: dict[str, list[tuple[int, float]]] = defaultdict(list)
    first_votes: dict[str, list[bool]] = defaultdict(list)
    for results in sorted(files, key=lambda f: f.start_time):  # questions in the order first met, named or not
        for answer in results.answers:
            if answer.first_correct is not None:
                first_votes[answer.id].append(answer.first_correct)
        answered = {answer.id: int(answer.correct) for answer in results.answers}
        total = sum(answered.values())
        for question_id, score in answered.items():
            order.setdefault(question_id)
            others = len(answered) - 1
            if others:
                scores[question_id].append((score, (total - score) / others))
            else:
                scores[question_id].append((score, math.nan))
    rows = []
    for question_id in order:
        pairs = scores[question_id]
        rows.append(
            ItemRow(
                id=question_id,
                answered=len(pairs),
                correct=sum(score for score, _ in pairs),
                discrimination=discrimination(pairs),
                first_voted=len(first_votes[question_id]),
                first_correct=sum(first_votes[question_id]),
            )
        )
    return tuple(rows)


def _distinctions(files: Sequence[ResultsFile]) -> tuple[DistinctionRow, ...]:
    answers = [answer for results in files for answer in results.answers]
    misses: dict[Distinction, Counter[str]] = {distinction: Counter() for distinction in Distinction}
    for answer in answers:
        if not answer.correct:
            for distinction in answer.distinctions:
                misses[distinction][answer.id] += 1
    tallies = tally_by_distinction(answers)
    return tuple(DistinctionRow(tallies[d], _most_missed(misses[d])) for d in Distinction)


def _most_missed(misses: Counter[str], shown: int = 3, most: int = 5) -> tuple[tuple[str, int], ...]:
    """The most missed questions, most misses first then by id; ties at the cut are kept, up to
    `most` (thirty questions missed once each would fill a screen)."""
    ranked = sorted(misses.items(), key=lambda item: (-item[1], item[0]))
    if len(ranked) <= shown:
        return tuple(ranked)
    cut = ranked[shown - 1][1]
    return tuple(item for item in ranked if item[1] >= cut)[:most]
