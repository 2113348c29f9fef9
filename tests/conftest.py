"""Shared fixtures: small banks written on the fly and an in-process CLI runner."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers import BankWriter, Runner
from typer.testing import CliRunner, Result

from relquiz.cli import app, register

if TYPE_CHECKING:
    from browser import Browser  # imported only by the browser tests: it skips them without Chromium


@pytest.fixture
def write_bank(tmp_path: Path) -> BankWriter:
    """Write dedented YAML (or raw bytes) to a file in a temporary folder."""

    def write(content: str | bytes, name: str = "bank.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def run(tmp_path: Path) -> Runner:
    """Invoke relquiz in-process with a fixed width, no colour and a history in tmp_path/home.

    The working folder is left alone: give paths as tmp_path / NAME. A test about how relquiz
    treats a relative path changes into tmp_path itself (monkeypatch.chdir), saying why.
    """
    register()  # every command, as --help sees them; `relquiz CMD` imports only its own module

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        environment = {"COLUMNS": "80", "NO_COLOR": "1", "RELQUIZ_HOME": str(tmp_path / "home"), "TERM": "dumb"}
        environment.update(env or {})
        return CliRunner().invoke(app, list(args), input=input, env=environment)

    return invoke


@pytest.fixture
def browsers() -> Iterator[list[Browser]]:
    """The headless browsers a test opens (tests/browser.py), each closed after it."""
    opened: list[Browser] = []
    yield opened
    for browser in opened:
        browser.driver.quit()
