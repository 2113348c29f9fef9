"""The bank cache: an unchanged, valid bank file is not read again, and nothing else is trusted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SMALL_BANK

import relquiz.bankfile
from relquiz.bank import cache_entry, load_bank
from relquiz.errors import BankInvalid

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "default.yaml"


def settled_copy(source: Path, folder: Path, name: str = "bank.yaml") -> Path:
    """A copy saved a minute ago: files saved in the last two seconds are never cached."""
    path = folder / name
    shutil.copyfile(source, path)
    age(path)
    return path


def age(path: Path, seconds: float = 60) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def refuse_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, reading a bank file fails the test: the bank must come from the cache."""

    def refuse(path: Path) -> None:
        raise AssertionError(f"{path} was parsed, not taken from the cache")

    monkeypatch.setattr(relquiz.bankfile, "parse_bank_file", refuse)


def test_a_cached_bank_equals_the_parsed_one_and_is_not_parsed_again(tmp_path: Path, monkeypatch) -> None:
    bank_file = settled_copy(BUNDLED, tmp_path)
    cache = tmp_path / "cache"
    parsed = load_bank([bank_file])
    assert load_bank([bank_file], cache) == parsed
    assert cache_entry(cache, bank_file).is_file()
    refuse_parsing(monkeypatch)
    assert load_bank([bank_file], cache) == parsed


def test_several_files_are_cached_each_and_combined_as_before(tmp_path: Path, monkeypatch) -> None:
    first = settled_copy(BUNDLED, tmp_path, "a.yaml")
    second = settled_copy(SMALL_BANK, tmp_path, "b.yaml")
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
def test_an_edited_file_is_read_again(tmp_path: Path, edit) -> None:
    bank_file = settled_copy(BUNDLED, tmp_path)
    cache = tmp_path / "cache"
    before = load_bank([bank_file], cache)
    bank_file.write_text(edit(bank_file.read_text(encoding="utf-8")), encoding="utf-8")
    age(bank_file, 30)  # older than the settling time, but not the time stamp that was cached
    after = load_bank([bank_file], cache)
    assert after.title != before.title and after.sha256 != before.sha256
    assert after == load_bank([bank_file])


def test_a_file_saved_moments_ago_is_not_cached(tmp_path: Path) -> None:
    bank_file = tmp_path / "bank.yaml"
    shutil.copyfile(SMALL_BANK, bank_file)
    load_bank([bank_file], tmp_path / "cache")
    assert not cache_entry(tmp_path / "cache", bank_file).exists()


def test_an_invalid_bank_is_never_cached(tmp_path: Path) -> None:
    bank_file = tmp_path / "bank.yaml"
    bank_file.write_text("title: no questions\n", encoding="utf-8")
    age(bank_file)
    for _ in range(2):
        with pytest.raises(BankInvalid):
            load_bank([bank_file], tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_another_relquiz_version_does_not_trust_the_cache(tmp_path: Path, monkeypatch) -> None:
    bank_file = settled_copy(SMALL_BANK, tmp_path)
    cache = tmp_path / "cache"
    load_bank([bank_file], cache)
    monkeypatch.setattr("relquiz.bank.__version__", "99.0")
    calls = []
    real = relquiz.bankfile.parse_bank_file
    monkeypatch.setattr(relquiz.bankfile, "parse_bank_file", lambda path: calls.append(path) or real(path))
    load_bank([bank_file], cache)
    assert calls == [bank_file]


def damage_entries() -> list:
    def retype(field: str, value: object):
        def change(entry: dict) -> str:
            entry["questions"][0][field] = value
            return json.dumps(entry)

        return change

    return [
        pytest.param(lambda entry: json.dumps(entry)[:500], id="truncated"),
        pytest.param(lambda entry: "[]", id="a list"),
        pytest.param(lambda entry: "\0\xff garbage", id="garbage"),
        pytest.param(lambda entry: "[" * 100_000 + "]" * 100_000, id="deeply nested"),
        pytest.param(retype("id", 7), id="id is a number"),
        pytest.param(retype("answer", "maybe"), id="unknown answer"),
        pytest.param(retype("distinctions", ["purpose"]), id="distinctions a list"),
        pytest.param(retype("tags", [None]), id="a tag that is not text"),
        pytest.param(retype("line", "x"), id="line not a number"),
    ]


@pytest.mark.parametrize("damage", damage_entries())
def test_a_damaged_entry_is_a_miss_not_a_crash(tmp_path: Path, damage) -> None:
    bank_file = settled_copy(SMALL_BANK, tmp_path)
    cache = tmp_path / "cache"
    expected = load_bank([bank_file], cache)
    entry = cache_entry(cache, bank_file)
    entry.write_text(damage(json.loads(entry.read_text(encoding="utf-8"))), encoding="utf-8")
    assert load_bank([bank_file], cache) == expected
    assert load_bank([bank_file], cache) == expected  # and the entry was written afresh
    assert json.loads(entry.read_text(encoding="utf-8"))["questions"][0]["id"] == expected.questions[0].id


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_an_entry_that_is_not_a_file_is_never_read(tmp_path: Path, kind: str) -> None:
    """A FIFO or /dev/zero in an entry's place would hang or fill memory if it were read."""
    bank_file = settled_copy(SMALL_BANK, tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir()
    entry = cache_entry(cache, bank_file)
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "device":
        entry.symlink_to("/dev/zero")
    else:
        entry.mkdir()
    assert load_bank([bank_file], cache) == load_bank([bank_file])


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    bank_file = settled_copy(SMALL_BANK, tmp_path)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    assert load_bank([bank_file], blocked / "banks") == load_bank([bank_file])


def test_play_keeps_its_cache_in_relquiz_home_unless_told_not_to(run, tmp_path: Path) -> None:
    bank_file = settled_copy(SMALL_BANK, tmp_path, "class.yaml")
    cache = tmp_path / "home" / "cache" / "banks"
    assert run("play", "-b", str(bank_file), "--no-history", env={"RELQUIZ_NO_CACHE": "1"}, input="q\n").exit_code == 0
    assert not cache.exists()
    assert run("play", "-b", str(bank_file), "--no-history", input="q\n").exit_code == 0
    assert cache_entry(cache, bank_file).is_file()


def test_a_cached_bank_starts_a_quiz_without_loading_yaml(tmp_path: Path) -> None:
    """The point of the cache: PyYAML and the checker are not even imported."""
    bank_file = settled_copy(BUNDLED, tmp_path)
    probe = (
        "import sys\n"
        "from relquiz.cli import main\n"
        f"sys.argv = ['relquiz', 'play', '--no-history', '-b', {str(bank_file)!r}]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    print('loaded:', sorted(m for m in ('yaml', 'relquiz.bankfile') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "RELQUIZ_HOME": str(tmp_path), "COLUMNS": "80"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe], input="q\n", capture_output=True, text=True, env=env, cwd=tmp_path
        )
        for _ in range(2)
    ]
    assert "Question 1 of" in runs[1].stdout
    assert "loaded: ['relquiz.bankfile', 'yaml']" in runs[0].stderr
    assert "loaded: []" in runs[1].stderr, runs[1].stderr
