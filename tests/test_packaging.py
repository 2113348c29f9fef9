"""The project from the outside: the wheel installs and plays anywhere; README, CI and docs agree."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from relquiz.bank.load import load_bank
from relquiz.cli import bundled_bank_folder

ROOT = Path(__file__).resolve().parent.parent


def readme_line(marker: str) -> str:
    """The README's command line that contains `marker` (inside a fenced block)."""
    lines = [line.strip() for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()]
    matches = [line for line in lines if marker in line and not line.startswith("#")]
    assert matches, f"no README line with {marker!r}"
    return matches[0]


def test_ci_runs_the_readme_test_command() -> None:
    test_line = readme_line("python -m pytest")
    assert test_line in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_quick_start_installs_and_plays() -> None:
    start = readme_line("relquiz play")
    assert "venv" in start and "pip install" in start


def test_bundled_bank_is_found_and_valid() -> None:
    bank = load_bank([bundled_bank_folder()])
    assert len(bank.questions) >= 12


def test_docs_exist_for_the_formats() -> None:
    for page in ("bank-format.md", "results-format.md", "exit-codes.md", "bank-review.md"):
        assert (ROOT / "docs" / page).is_file(), page


def test_bank_format_example_is_a_valid_bank(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "bank-format.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert example
    path = tmp_path / "example.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    assert load_bank([path]).questions


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_plays_from_elsewhere(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True,
    )
    wheel = next((tmp_path / "dist").glob("relquiz-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    binaries = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(binaries / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "NO_COLOR": "1", "RELQUIZ_HOME": str(tmp_path / "home")}
    played = subprocess.run(
        [str(binaries / "relquiz"), "play", "-n", "2", "--plain"],
        input="t\nf\n",
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=60,
    )
    assert played.returncode == 0, played.stderr
    assert "Question 2 of 2:" in played.stdout and "Score: " in played.stdout
    version = subprocess.run(
        [str(binaries / "python"), "-m", "relquiz", "--version"], capture_output=True, text=True, cwd=elsewhere
    )
    assert version.stdout.startswith("relquiz ")
    located = subprocess.run(
        [str(binaries / "python"), "-c", "from relquiz.cli import bundled_bank_folder; print(bundled_bank_folder())"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
    )
    assert str(venv) in located.stdout  # the bank inside the wheel, not the source tree


def documented_tags() -> tuple[set[str], set[str]]:
    text = (ROOT / "docs" / "bank-format.md").read_text(encoding="utf-8")
    section = text.split("## Tags in the bundled bank", 1)[1]
    settings = section.split("**Settings:**", 1)[1].split("**Themes:**", 1)[0]
    themes = section.split("**Themes:**", 1)[1].split("Examples:", 1)[0]
    return set(re.findall(r"`([a-z-]+)`", settings)), set(re.findall(r"`([a-z-]+)`", themes))


def test_bundled_bank_is_strictly_valid() -> None:
    from relquiz.bank.rules import strict_problems

    assert [str(p) for p in strict_problems(load_bank([bundled_bank_folder()]))] == []


def test_bundled_bank_tags_come_from_the_documented_vocabulary() -> None:
    settings, themes = documented_tags()
    assert len(settings) > 15 and len(themes) > 15
    for question in load_bank([bundled_bank_folder()]).questions:
        assert question.tags, question.id
        assert question.tags[0] in settings, (question.id, question.tags)
        assert 1 <= len(question.tags) - 1 <= 3 and set(question.tags[1:]) <= themes, (question.id, question.tags)
