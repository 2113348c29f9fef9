"""Which results files make one bank's report: versions of one edited bank joined, a restarted run
with no answer left out, and a student with two files named, so that the rows are the class."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from relquiz.model import Answer, Distinction
from relquiz.results_reader import ResultsFile
from relquiz.safety import clean, printable
from relquiz.words import counted, listed

Key = tuple[Answer, frozenset[Distinction]]  # what a version of a question asks: its answer and citations


class Skipped(NamedTuple):
    """A file a report could not use, and why; or a copy of a run already read (`same_run_as`)."""

    path: Path
    reason: str = ""
    same_run_as: Path | None = None

    def said(self) -> tuple[str, str]:
        """(file, reason) as the report lists it."""
        if self.same_run_as is not None:
            return str(self.path), f"the same run as {self.same_run_as}; counted once"
        return str(self.path), self.reason


@dataclass(frozen=True)
class BankGroup:
    """The files of one bank: `digests` are its versions, oldest first (one unless an edited bank
    was joined)."""

    files: tuple[ResultsFile, ...]
    digests: tuple[str, ...]
    notes: tuple[str, ...]
    left_out: tuple[ResultsFile, ...] = ()  # runs with no answer beside their student's other file


def group_by_bank(files: Sequence[ResultsFile]) -> list[BankGroup]:
    """Files grouped by bank digest, then digests joined where they are versions of one bank:
    the same title, and most of the questions answered in both keep their answer and citations."""
    by_digest: dict[str, list[ResultsFile]] = defaultdict(list)
    for results in files:
        by_digest[results.bank_sha256].append(results)
    keys = {digest: _keys(group) for digest, group in by_digest.items()}
    clusters: list[tuple[list[str], dict[str, Key]]] = []  # digests, and the keys seen in them so far
    holding: dict[tuple[str, str], list[int]] = defaultdict(list)  # (title, id): clusters that saw it
    for digest in sorted(by_digest, key=lambda d: min(f.start_time for f in by_digest[d])):  # oldest first
        title = by_digest[digest][0].bank_title
        candidates = dict.fromkeys(n for qid in keys[digest] for n in holding[title, qid])  # only those sharing one
        joined = next((n for n in candidates if _agree(clusters[n][1], keys[digest])), None)
        if joined is None:
            joined = len(clusters)
            clusters.append(([], {}))
        clusters[joined][0].append(digest)
        clusters[joined][1].update(keys[digest])
        for qid in keys[digest]:
            if joined not in holding[title, qid]:
                holding[title, qid].append(joined)
    return [_group([(digest, by_digest[digest]) for digest in cluster], keys) for cluster, _ in clusters]


def _keys(files: Sequence[ResultsFile]) -> dict[str, Key]:
    return {answer.id: (answer.expected, frozenset(answer.distinctions)) for f in files for answer in f.answers}


def _agree(known: dict[str, Key], keys: dict[str, Key]) -> bool:
    """More than half of the questions seen in both keep their key (and at least one is seen);
    the order a bank lists a question's distinctions in does not count."""
    shared = [qid for qid in keys if qid in known]
    same = sum(known[qid] == keys[qid] for qid in shared)
    return 2 * same > len(shared)


def _group(versions: list[tuple[str, list[ResultsFile]]], keys: dict[str, dict[str, Key]]) -> BankGroup:
    notes: list[str] = []
    files = [f for _, group in versions for f in group]
    if len(versions) > 1:
        changed = _changed(versions, keys)
        files = [_per_version(f, changed) for f in files]
        notes.append(_versions_note(versions, keys, changed))
    files, left_out = _restarts_left_out(files)
    if left_out:
        holds = (
            "holds no answer and its student has" if len(left_out) == 1 else "hold no answer and their students have"
        )
        names = listed([printable(f.path.name) for f in left_out])
        notes.append(f"not counted: {names} {holds} another file (a run stopped at once and started again)")
    notes += _same_student_twice(files)
    return BankGroup(tuple(files), tuple(digest for digest, _ in versions), tuple(notes), tuple(left_out))


def _changed(versions: list[tuple[str, list[ResultsFile]]], keys: dict[str, dict[str, Key]]) -> set[str]:
    seen: dict[str, set[Key]] = defaultdict(set)
    for digest, _ in versions:
        for qid, key in keys[digest].items():
            seen[qid].add(key)
    return {qid for qid, found in seen.items() if len(found) > 1}


def _per_version(results: ResultsFile, changed: set[str]) -> ResultsFile:
    """A changed question's answers named per version (ID@digest), so that two questions that
    share an id but not an answer are never analysed as one."""
    if not changed & {answer.id for answer in results.answers}:
        return results
    version = results.bank_sha256[:8]
    answers = tuple(a._replace(id=f"{a.id}@{version}") if a.id in changed else a for a in results.answers)
    return dataclasses.replace(results, answers=answers)


def _versions_note(
    versions: list[tuple[str, list[ResultsFile]]], keys: dict[str, dict[str, Key]], changed: set[str]
) -> str:
    names = listed([digest[:8] for digest, _ in versions])
    counts: dict[str, int] = defaultdict(int)
    for digest, _ in versions:
        for qid in keys[digest]:
            counts[qid] += 1
    together = sum(1 for qid, count in counts.items() if count > 1 and qid not in changed)
    note = f"{len(versions)} versions of this bank ({names}) are reported together: {counted(together, 'question')} in more than one"
    if changed:
        note += f"; changed between versions (their answer or citations), so reported per version as ID@version: {listed(sorted(changed))}"
    return note


def _restarts_left_out(files: list[ResultsFile]) -> tuple[list[ResultsFile], list[ResultsFile]]:
    """A file with no answer is left out where its student has another file: a run stopped at
    once and started again is one student, not two."""
    answered = {folded_name(f.name) for f in files if f.answers}
    kept = [f for f in files if f.answers or folded_name(f.name) not in answered]
    return kept, [f for f in files if not f.answers and folded_name(f.name) in answered]


def _same_student_twice(files: list[ResultsFile]) -> list[str]:
    by_name: dict[str, list[ResultsFile]] = defaultdict(list)
    for results in files:
        by_name[folded_name(results.name)].append(results)
    notes = []
    for group in by_name.values():
        if len(group) > 1:
            in_order = listed([printable(f.path.name) for f in sorted(group, key=lambda f: f.start_time)])
            notes.append(
                f"{' '.join(group[0].name.split())} has {len(group)} results files ({in_order}, the latest last),"
                f" shown as {len(group)} rows: remove the one that should not count"
            )
    return notes


def folded_name(name: str) -> str:
    """A student's name as the report compares it: one Unicode form, case, spacing and invisible
    characters aside, so that 'José' typed two ways or 'Ana' with a zero-width space is one name."""
    if name.isascii() and name.isprintable():  # most names: nothing to normalise or remove
        return " ".join(name.split()).casefold()
    visible = "".join(c for c in unicodedata.normalize("NFKC", clean(name)) if unicodedata.category(c) != "Cf")
    return " ".join(visible.split()).casefold()
