"""The README's commands work as written, in a new shell after the set-up it gives: each `sh`
block's `relquiz` lines run in order in one fresh folder, after activating the environment."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

ACTIVATE = Path(sys.executable).parent / "activate"
ANSWERS = "t\n" * 40  # more than any command shown asks for; end of input after that is 'q'


def readme_commands() -> list[str]:
    """Every relquiz line of the README's sh blocks but `relquiz host`, which serves this machine's
    network and waits for a class (tests/test_host.py runs it on loopback)."""
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL)
    lines = [line for block in blocks for line in block.splitlines() if line.startswith("relquiz ")]
    return [line for line in lines if not line.startswith("relquiz host")]


def test_the_readme_says_how_a_new_shell_finds_relquiz() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ". .venv/bin/activate" in readme


@pytest.mark.skipif(not ACTIVATE.exists(), reason="the tests are not running from a virtual environment")
def test_every_relquiz_command_in_the_readme_works_in_a_new_shell(tmp_path: Path) -> None:
    commands = readme_commands()
    assert len(commands) >= 4, commands
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "RELQUIZ_HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    for command in commands:
        done = subprocess.run(
            ["bash", "-c", f". {shlex.quote(str(ACTIVATE))} && {command}"],
            cwd=tmp_path,
            env=env,
            input=ANSWERS,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        assert "Traceback" not in done.stderr
