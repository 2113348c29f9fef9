"""Shared test helpers: the test data paths, the fixtures' types, and the golden-file check."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

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
