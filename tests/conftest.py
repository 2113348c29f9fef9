"""Shared fixtures: small banks written on the fly and an in-process CLI runner."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from relquiz.cli import app, register

register()  # every command, as --help sees them; `relquiz CMD` imports only its own module

DATA = Path(__file__).parent / "data"
SMALL_BANK = DATA / "small.yaml"


@pytest.fixture
def write_bank(tmp_path: Path) -> Callable[..., Path]:
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
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Invoke relquiz in-process from a scratch folder, with a fixed width and no colour."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        environment = {"COLUMNS": "80", "NO_COLOR": "1", "RELQUIZ_HOME": str(tmp_path / "home"), "TERM": "dumb"}
        environment.update(env or {})
        return CliRunner().invoke(app, list(args), input=input, env=environment)

    return invoke
