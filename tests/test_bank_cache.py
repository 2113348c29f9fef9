"""The bank cache: an unchanged, valid bank file is not read again, and nothing else is trusted."""

from __future__ import annotations

import hmac
import json
import os
import shutil
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import SMALL_BANK, Runner, counting_parses

import relquiz.bank.cache
import relquiz.bank.parse
from relquiz.bank.cache import cache_entry
from relquiz.bank.load import load_bank
from relquiz.errors import BankInvalid

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "default.yaml"
Damage = Callable[[str, dict[str, Any], bytes], str]
"""A cache entry's new text, made from its signature line, its payload and the cache's key."""


def copy(source: Path, folder: Path, name: str = "bank.yaml") -> Path:
    path = folder / name
    shutil.copyfile(source, path)
    return path


def refuse_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, reading a bank file fails the test: the bank must come from the cache."""

    def refuse(path: Path, data: bytes | None = None) -> None:
        raise AssertionError(f"{path} was parsed, not taken from the cache")

    monkeypatch.setattr(relquiz.bank.parse, "parse_bank_file", refuse)


def test_a_cached_bank_equals_the_parsed_one_and_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank_file = copy(BUNDLED, tmp_path)
    cache = tmp_path / "cache"
    parsed = load_bank([bank_file])
    assert load_bank([bank_file], cache) == parsed
    assert cache_entry(cache, bank_file).is_file()
    refuse_parsing(monkeypatch)
    assert load_bank([bank_file], cache) == parsed


def test_several_files_are_cached_each_and_combined_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = copy(BUNDLED, tmp_path, "a.yaml")
    second = copy(SMALL_BANK, tmp_path, "b.yaml")
    cache = tmp_path / "cache"
    parsed = load_bank([tmp_path])
    assert load_bank([tmp_path], cache) == parsed
    refuse_parsing(monkeypatch)
    cached = load_bank([tmp_path], cache)
    assert cached == parsed and cached.sources == (str(first), str(second))
    assert {q.source for q in cached.questions} == {str(first), str(second)}


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda text: text.replace("Therapy relationship", "Therapy relationships", 1), id="longer"),
        pytest.param(lambda text: text.replace("Therapy relationship", "Therapy Relationship", 1), id="same-size"),
    ],
)
def test_an_edited_file_is_read_again(tmp_path: Path, edit: Callable[[str], str]) -> None:
    bank_file = copy(BUNDLED, tmp_path)
    cache = tmp_path / "cache"
    before = load_bank([bank_file], cache)
    bank_file.write_text(edit(bank_file.read_text(encoding="utf-8")), encoding="utf-8")
    after = load_bank([bank_file], cache)
    assert after.title != before.title and after.sha256 != before.sha256
    assert after == load_bank([bank_file])


def test_an_edit_to_the_checker_makes_every_entry_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a source tree the rules can change without a new version number."""
    rules = tmp_path / "rules.py"
    rules.write_text("MAX_TEXT_CHARS = 10_000\n")
    monkeypatch.setattr(relquiz.bank.cache, "CHECKER_FILES", (rules,))
    bank_file = copy(SMALL_BANK, tmp_path)
    cache = tmp_path / "cache"
    load_bank([bank_file], cache)
    parsed = counting_parses(monkeypatch)
    load_bank([bank_file], cache)
    assert parsed == []
    rules.write_text("MAX_TEXT_CHARS = 2_000\n")
    load_bank([bank_file], cache)
    assert parsed == [bank_file]


def test_the_checker_is_every_module_whose_rules_a_checked_bank_follows() -> None:
    package = Path(relquiz.bank.cache.__file__).parent.parent
    names = {path.relative_to(package).as_posix() for path in relquiz.bank.cache.CHECKER_FILES}
    assert names == {
        "bank/schema.py",
        "bank/parse.py",
        "bank/nodes.py",
        "bank/cache.py",
        "model.py",
        "safety.py",
        "textfile.py",
    }
    assert all(path.is_file() for path in relquiz.bank.cache.CHECKER_FILES)


def test_an_invalid_bank_is_never_cached(tmp_path: Path) -> None:
    bank_file = tmp_path / "bank.yaml"
    bank_file.write_text("title: no questions\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(BankInvalid):
            load_bank([bank_file], tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_another_relquiz_version_does_not_trust_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank_file = copy(SMALL_BANK, tmp_path)
    cache = tmp_path / "cache"
    load_bank([bank_file], cache)
    monkeypatch.setattr("relquiz.bank.cache.__version__", "99.0")
    parsed = counting_parses(monkeypatch)
    load_bank([bank_file], cache)
    assert parsed == [bank_file]


def read_entry(entry: Path) -> tuple[str, dict[str, Any]]:
    signature, payload = entry.read_text(encoding="utf-8").split("\n", 1)
    document: dict[str, Any] = json.loads(payload)
    return signature, document


def cache_key_of(cache: Path) -> bytes:
    """The secret key relquiz made for this cache folder (a test may sign with it; no one else can)."""
    return (cache / relquiz.bank.cache.KEY_NAME).read_bytes()


def signed(payload: str, key: bytes) -> str:
    """An entry as relquiz writes it: the payload's HMAC-SHA256 under the cache's key, a newline, the payload."""
    return f"{hmac.new(key, payload.encode(), 'sha256').hexdigest()}\n{payload}"


def damage_entries() -> list[object]:
    def retype(field: str, value: object) -> Damage:
        """A well-formed entry (signed with the right key) holding a value of the wrong type."""

        def change(signature: str, entry: dict[str, Any], key: bytes) -> str:
            entry["questions"][0][field] = value
            return signed(json.dumps(entry), key)

        return change

    def reworded(signature: str, entry: dict[str, Any], key: bytes) -> str:
        """One word changed, as a damaged disk might: still valid JSON, but not what was written."""
        entry["questions"][0]["scenario"] = entry["questions"][0]["scenario"].replace("a", "o", 1)
        return f"{signature}\n{json.dumps(entry)}"

    def crc_line(signature: str, entry: dict[str, Any], key: bytes) -> str:
        """The entry format before the HMAC: a CRC-32 anyone can recompute after an edit."""
        payload = json.dumps(entry)
        return f"{zlib.crc32(payload.encode()):08x}\n{payload}"

    return [
        pytest.param(lambda signature, entry, key: signed(json.dumps(entry), key)[:500], id="truncated"),
        pytest.param(lambda signature, entry, key: signed("[]", key), id="a list"),
        pytest.param(lambda signature, entry, key: "\0\xff garbage", id="garbage"),
        pytest.param(lambda signature, entry, key: signed("[" * 20_000 + "]" * 20_000, key), id="deeply nested"),
        pytest.param(lambda signature, entry, key: json.dumps(entry), id="no signature line"),
        pytest.param(reworded, id="a changed word under the old signature"),
        pytest.param(crc_line, id="a CRC-32 line instead of the HMAC"),
        pytest.param(lambda signature, entry, key: signed(json.dumps(entry), bytes(32)), id="signed with another key"),
        pytest.param(retype("id", 7), id="id is a number"),
        pytest.param(retype("answer", "maybe"), id="unknown answer"),
        pytest.param(retype("distinctions", ["purpose"]), id="distinctions a list"),
        pytest.param(retype("tags", [None]), id="a tag that is not text"),
        pytest.param(retype("tags", "abc"), id="tags as text"),
        pytest.param(retype("line", "x"), id="line not a number"),
        pytest.param(retype("line", float("inf")), id="line infinite"),
    ]


@pytest.mark.parametrize("damage", damage_entries())
def test_a_damaged_entry_is_a_miss_not_a_crash(tmp_path: Path, damage: Damage) -> None:
    bank_file = copy(SMALL_BANK, tmp_path)
    cache = tmp_path / "cache"
    expected = load_bank([bank_file], cache)
    entry = cache_entry(cache, bank_file)
    written = entry.read_text(encoding="utf-8")
    assert signed(json.dumps(read_entry(entry)[1]), cache_key_of(cache)) == written  # signed as relquiz signs
    entry.write_text(damage(*read_entry(entry), cache_key_of(cache)), encoding="utf-8")
    assert load_bank([bank_file], cache) == expected
    assert load_bank([bank_file], cache) == expected  # and the entry was written afresh
    assert read_entry(entry)[1]["questions"][0] == {**expected.questions[0].as_dict(), "line": 4}


def test_an_oversized_entry_is_not_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Garbage many times the bank's size would take seconds and a gigabyte to parse."""
    bank_file = copy(SMALL_BANK, tmp_path)
    cache = tmp_path / "cache"
    expected = load_bank([bank_file], cache)
    entry = cache_entry(cache, bank_file)
    data = read_entry(entry)[1]
    data["padding"] = "x" * (4 * bank_file.stat().st_size + 70_000)
    entry.write_text(signed(json.dumps(data), cache_key_of(cache)), encoding="utf-8")
    parsed: list[int] = []
    real = json.loads

    def counted(text: str) -> Any:
        parsed.append(len(text))
        return real(text)

    monkeypatch.setattr("relquiz.bank.cache.json.loads", counted)
    assert load_bank([bank_file], cache) == expected
    assert parsed == []  # the entry was never parsed, and the bank read afresh


def test_a_replaced_file_with_the_old_size_times_and_inode_is_read_again(tmp_path: Path) -> None:
    """As unpacking an archive does: same size, time stamps set back, often the same inode."""
    bank_file = copy(SMALL_BANK, tmp_path)
    cache = tmp_path / "cache"
    before = load_bank([bank_file], cache)
    old = bank_file.stat()
    text = bank_file.read_text(encoding="utf-8")
    bank_file.write_text(text.replace(before.questions[0].id, before.questions[0].id[:-1] + "x", 1), encoding="utf-8")
    os.utime(bank_file, ns=(old.st_atime_ns, old.st_mtime_ns))
    now = bank_file.stat()
    assert (now.st_size, now.st_mtime_ns, now.st_ino) == (old.st_size, old.st_mtime_ns, old.st_ino)
    after = load_bank([bank_file], cache)
    assert after.questions[0].id.endswith("x") and after.sha256 != before.sha256


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_an_entry_that_is_not_a_file_is_never_read(tmp_path: Path, kind: str) -> None:
    """A FIFO or /dev/zero in an entry's place would hang or fill memory if it were read."""
    bank_file = copy(SMALL_BANK, tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir()
    entry = cache_entry(cache, bank_file)
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "device":
        entry.symlink_to("/dev/zero")
    else:
        entry.mkdir()
    loaded: list[object] = []
    reader = threading.Thread(target=lambda: loaded.append(load_bank([bank_file], cache)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading the cache hung"
    assert loaded == [load_bank([bank_file])]


def test_an_entry_someone_else_owns_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A RELQUIZ_HOME shared between accounts could hold entries planted by another user."""
    bank_file = copy(SMALL_BANK, tmp_path)
    cache = tmp_path / "cache"
    load_bank([bank_file], cache)
    owner = cache_entry(cache, bank_file).stat().st_uid
    monkeypatch.setattr(os, "getuid", lambda: owner + 1)
    parsed = counting_parses(monkeypatch)
    load_bank([bank_file], cache)
    assert parsed == [bank_file]


def test_a_bank_whose_entry_would_dwarf_the_file_is_played_but_not_cached(tmp_path: Path) -> None:
    """Aliases may repeat a text up to four times the file's size; written as JSON, where each
    Cyrillic letter takes six bytes, the entry would be far larger than the file: it is not kept."""
    text = " ".join(["слово"] * 1000)
    questions = "".join(
        f"""
  - id: q{n}
    scenario: {"&s " + text if n == 0 else "*s"}
    answer: therapy
    distinctions:
      purpose: *s
"""
        for n in range(5)
    )
    bank_file = tmp_path / "aliases.yaml"
    bank_file.write_text("title: Aliases\nquestions:" + questions, encoding="utf-8")
    cache = tmp_path / "cache"
    bank = load_bank([bank_file], cache)
    assert len(bank.questions) == 5 and bank.questions[4].scenario == text
    assert not cache_entry(cache, bank_file).exists()


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    bank_file = copy(SMALL_BANK, tmp_path)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    assert load_bank([bank_file], blocked / "banks") == load_bank([bank_file])


def test_play_keeps_its_cache_in_relquiz_home_unless_told_not_to(run: Runner, tmp_path: Path) -> None:
    bank_file = copy(SMALL_BANK, tmp_path, "class.yaml")
    cache = tmp_path / "home" / "cache" / "banks"
    assert run("play", "-b", str(bank_file), "--no-history", env={"RELQUIZ_NO_CACHE": "1"}, input="q\n").exit_code == 0
    assert not cache.exists()
    assert run("play", "-b", str(bank_file), "--no-history", input="q\n").exit_code == 0
    assert cache_entry(cache, bank_file).is_file()


def test_a_cached_bank_starts_a_quiz_without_loading_yaml(tmp_path: Path) -> None:
    """The point of the cache: PyYAML and the checker are not even imported."""
    bank_file = copy(BUNDLED, tmp_path)
    probe = (
        "import sys\n"
        "from relquiz.cli import main\n"
        f"sys.argv = ['relquiz', 'play', '--no-history', '-b', {str(bank_file)!r}]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    print('loaded:', sorted(m for m in ('yaml', 'relquiz.bank.parse') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "RELQUIZ_HOME": str(tmp_path), "COLUMNS": "80"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe], input="q\n", capture_output=True, text=True, env=env, cwd=tmp_path
        )
        for _ in range(2)
    ]
    assert "Question 1 of" in runs[1].stdout
    assert "loaded: ['relquiz.bank.parse', 'yaml']" in runs[0].stderr
    assert "loaded: []" in runs[1].stderr, runs[1].stderr


def same_crc(original: bytes, changed: bytes, position: int) -> bytes:
    """`changed` with its 4 bytes at `position` rewritten so that size and CRC-32 equal the
    original's: a CRC is linear, so which bit flips give the needed difference is a 32x32 system."""
    want = zlib.crc32(original) ^ zlib.crc32(changed)
    effects: list[tuple[int, int]] = []
    for bit in range(32):
        flipped = bytearray(changed)
        flipped[position + bit // 8] ^= 1 << (bit % 8)
        effects.append((zlib.crc32(bytes(flipped)) ^ zlib.crc32(changed), 1 << bit))
    solution = 0
    rows: list[tuple[int, int]] = []
    for effect, bits in effects:  # Gaussian elimination over GF(2)
        for row_effect, row_bits in rows:
            if effect ^ row_effect < effect:
                effect, bits = effect ^ row_effect, bits ^ row_bits
        if effect:
            rows.append((effect, bits))
    for row_effect, row_bits in sorted(rows, reverse=True):
        if want ^ row_effect < want:
            want, solution = want ^ row_effect, solution ^ row_bits
    assert want == 0, "the 32 bits do not span every difference"
    forged = bytearray(changed)
    for bit in range(32):
        if solution >> bit & 1:
            forged[position + bit // 8] ^= 1 << (bit % 8)
    return bytes(forged)


def test_an_edit_made_to_match_size_and_crc_is_still_seen(tmp_path: Path) -> None:
    """Content is compared by SHA-256: a CRC-32 can be matched on purpose."""
    bank_file = copy(SMALL_BANK, tmp_path)
    original = bank_file.read_bytes() + b"# abcd\n"
    bank_file.write_bytes(original)
    cache = tmp_path / "cache"
    before = load_bank([bank_file], cache)
    changed = original.replace(b"answer: friendship", b"answer: therapy   ", 1)
    forged = same_crc(original, changed, len(original) - 5)
    assert (len(forged), zlib.crc32(forged)) == (len(original), zlib.crc32(original)) and forged != original
    bank_file.write_bytes(forged)

    def outcome(cache: Path | None) -> object:
        try:
            return load_bank([bank_file], cache)
        except BankInvalid as error:  # the 4 forged bytes are rarely valid UTF-8
            return error.problems

    assert outcome(cache) == outcome(None) != before
