"""Shared test helpers: the test data paths, the fixtures' types, the golden-file check, and the
benchmarks' data generator."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import Result

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SMALL_BANK = DATA / "small.yaml"
BANKS = {"bundled": ROOT / "data", "hostile": DATA / "hostile.yaml", "small": SMALL_BANK}

Runner = Callable[..., Result]
"""The `run` fixture: relquiz's arguments as strings, then `input=` and `env=`; gives Typer's Result."""

BankWriter = Callable[..., Path]
"""The `write_bank` fixture: YAML text (dedented) or raw bytes, then an optional file name; gives the path."""


def check_golden(name: str, text: str) -> None:
    """Compare with tests/data/NAME; RELQUIZ_REGENERATE=1 rewrites it on purpose."""
    path = DATA / name
    if os.environ.get("RELQUIZ_REGENERATE") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@cache
def benchmark_generator() -> ModuleType:
    """benchmarks/generate.py (not a package): synthetic banks and results of any size."""
    spec = importlib.util.spec_from_file_location("relquiz_benchmarks_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The bank files parsed from here on (read afresh rather than taken from the cache)."""
    import relquiz.bank.parse
    from relquiz.bank.schema import ParsedFile

    parsed: list[Path] = []
    real = relquiz.bank.parse.parse_bank_file

    def counted(path: Path, data: bytes | None = None) -> ParsedFile:
        parsed.append(path)
        return real(path, data)

    monkeypatch.setattr(relquiz.bank.parse, "parse_bank_file", counted)
    return parsed
