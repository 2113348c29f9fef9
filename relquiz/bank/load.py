"""Bank files and folders to one checked Bank, reusing files checked before and unchanged since.

Reading one file (YAML, line by line checks) is relquiz.bank.parse's job; it is imported only
when a file is not in the cache, so an unchanged bank starts a quiz without loading PyYAML.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
from pathlib import Path

from relquiz.bank.cache import cache_entry, cache_key, read_cached, read_regular, write_cached
from relquiz.bank.schema import BANK_SUFFIXES, MAX_BANK_BYTES, ParsedFile
from relquiz.errors import BankInvalid, Problem, UsageError, quote
from relquiz.model import Bank


def find_bank_files(paths: Sequence[Path]) -> list[Path]:
    """Expand files and folders into bank files, sorted so the order never depends on the shell."""
    files: set[Path] = set()
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError as error:
            reason = "no such file or folder" if isinstance(error, FileNotFoundError) else error.strerror
            raise UsageError(f"{path}: {reason}") from None
        if stat.S_ISDIR(mode):
            found = [p for p in path.iterdir() if p.suffix.lower() in BANK_SUFFIXES and p.is_file()]
            if not found:
                raise UsageError(f"{path}: no .yaml or .yml files in this folder")
            files.update(found)
        elif stat.S_ISREG(mode):
            files.add(path)
        else:
            raise UsageError(f"{path}: not a regular file or folder")
    return sorted(files, key=str)


def combined_digest(digests: Sequence[str]) -> str:
    """A bank's identity: its file's SHA-256, or for several files the SHA-256 of their digests."""
    if len(digests) == 1:
        return digests[0]
    import hashlib

    return hashlib.sha256("".join(digests).encode()).hexdigest()


def bank_digest(paths: Sequence[Path]) -> str:
    """The digest of a bank without parsing it (the same value load_bank gives)."""
    import hashlib

    return combined_digest([hashlib.sha256(path.read_bytes()).hexdigest() for path in find_bank_files(paths)])


def load_bank(paths: Sequence[Path], cache: Path | None = None) -> Bank:
    """The bank made of these files and folders; raises BankInvalid listing every problem.

    With a cache folder, a file checked before and unchanged since is taken from there.
    """
    bank, problems = check_bank(paths, cache)
    if bank is None:
        raise BankInvalid(problems)
    return bank


def check_bank(paths: Sequence[Path], cache: Path | None = None) -> tuple[Bank | None, list[Problem]]:
    """Read and check the bank; the bank is None when any problem was found."""
    files = find_bank_files(paths)
    parsed = [_parse(path, cache) for path in files]
    problems = [problem for result in parsed for problem in result.problems]
    problems += _duplicate_ids_across_files(parsed)
    if problems:
        return None, sorted(problems)
    titles = list(dict.fromkeys(result.title for result in parsed))
    bank = Bank(
        title=" + ".join(titles),
        questions=tuple(q for result in parsed for q in result.questions),
        sha256=combined_digest([result.sha256 for result in parsed]),
        sources=tuple(str(path) for path in files),
        description=next((r.description for r in parsed if r.description), None),
        support_note=next((r.support_note for r in parsed if r.support_note), None),
    )
    return bank, []


def _parse(path: Path, cache: Path | None) -> ParsedFile:
    """One file, from the cache when it holds this file's exact bytes checked by this checker."""
    from_cache = None
    data = read_regular(path, MAX_BANK_BYTES) if cache is not None else None
    if cache is not None and data is not None:
        from_cache = cache_entry(cache, path), cache_key(data)
        cached = read_cached(*from_cache, source=str(path))
        if cached is not None:
            return cached
    from relquiz.bank.parse import parse_bank_file

    result = parse_bank_file(path, data)  # the very bytes the key was made from
    if from_cache is not None and not result.problems:
        write_cached(*from_cache, result)
    return result


def _duplicate_ids_across_files(parsed: list[ParsedFile]) -> list[Problem]:
    first: dict[str, tuple[str, int]] = {}
    problems = []
    for result in parsed:
        for question_id, line in result.ids:
            earlier = first.setdefault(question_id, (result.path, line))
            if earlier[0] != result.path:
                message = f"duplicate id {quote(question_id)} (also in {earlier[0]}:{earlier[1]})"
                problems.append(Problem(result.path, line, message))
    return problems
