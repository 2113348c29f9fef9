"""relquiz in a real pseudo-terminal, read through a terminal emulator (pyte): what a person
sees on an 80x24 or 40x15 screen, not what went down the pipe."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import pexpect
import pyte

ANSWER_PROMPT = r"\[t/f[^\]]*\]: "
PAUSE_PROMPT = r"q: stop\] "


class Screen:
    """One relquiz process on a colour terminal of `columns` x `rows`; `wait` reads its output
    up to a pattern, and `lines` is then what the screen shows."""

    def __init__(
        self, home: Path, *args: str, columns: int = 80, rows: int = 24, env: dict[str, str] | None = None
    ) -> None:
        env = {**os.environ, "TERM": "xterm-256color", "RELQUIZ_HOME": str(home), **(env or {})}
        for name in ("NO_COLOR", "RELQUIZ_DEBUG", "FORCE_COLOR", "COLUMNS", "LINES"):
            env.pop(name, None)
        self.child: Any = pexpect.spawn(
            sys.executable,
            ["-m", "relquiz", *args],
            cwd=str(home.parent),
            env=env,
            encoding="utf-8",
            timeout=20,
            dimensions=(rows, columns),
        )
        self.child.delaybeforesend = None  # pexpect's pause before each send is for slow programs
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)

    def wait(self, *patterns: str) -> int:
        """Read until one of `patterns` (regular expressions over the raw output) and draw what
        came on the emulated screen; the index of the pattern found."""
        found: int = self.child.expect(list(patterns))
        self.stream.feed(self.child.before + self.child.after)
        return found

    def send(self, line: str) -> None:
        self.child.sendline(line)

    def send_key(self, key: str) -> None:
        self.child.send(key)

    def resize(self, columns: int, rows: int) -> None:
        self.screen.resize(rows, columns)
        self.child.setwinsize(rows, columns)

    @property
    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    @property
    def text(self) -> str:
        """The screen's words with every run of spaces, line end and panel side as one space, so a
        sentence wrapped over several lines or a table row reads as one."""
        return flat(" ".join(self.lines).replace("│", " "))

    def end(self) -> int:
        """Wait for the program to end; its exit code."""
        self.child.expect(pexpect.EOF)
        self.stream.feed(self.child.before)
        self.child.close()
        status: int = self.child.exitstatus if self.child.exitstatus is not None else -1
        return status


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
