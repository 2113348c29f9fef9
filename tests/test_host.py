"""`relquiz host` as a teacher runs it: in a pseudo-terminal, read through a terminal emulator,
with students joining and voting over real HTTP on loopback (127.0.0.1 only)."""

from __future__ import annotations

import json
import os
import re
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from helpers import SMALL_BANK, Runner
from screen import Screen, flat

pytestmark = pytest.mark.pty
HOSTILE = "<img src=x onerror=alert(1)> [bold]x[/] \x1b[31mred"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Student:
    def __init__(self, port: int, room: str, name: str) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.token = ""
        joined = self.call("/api/join", {"room": room, "name": name})
        self.token, self.name = joined["token"], joined["name"]

    def call(self, path: str, body: dict[str, str] | None = None) -> dict[str, Any]:
        request = urllib.request.Request(
            self.base + path,
            data=None if body is None else json.dumps(body).encode(),
            headers={"X-Relquiz-Token": self.token, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # loopback only
            answer: dict[str, Any] = json.load(response)
            return answer

    def vote(self, answer: str) -> None:
        assert self.call("/api/vote", {"answer": answer}) == {"vote": answer}


def host_args(tmp_path: Path, port: int) -> list[str]:
    """relquiz host on loopback, a small bank, results in tmp_path/class/."""
    results = str(tmp_path / "class") + "/"
    return ["host", "-b", str(SMALL_BANK), "--bind", "127.0.0.1", "--port", str(port), "--results", results]


def start(tmp_path: Path, port: int, *extra: str) -> tuple[Screen, str]:
    screen = Screen(tmp_path / "home", *host_args(tmp_path, port), "-n", "2", "--seed", "3", *extra, rows=40)
    screen.wait(r"Enter: close voting")
    found = re.search(r"room code ([A-Z0-9]{5})", screen.text)
    assert found, screen.text
    assert f"http://127.0.0.1:{port}/?room={found.group(1)}" in screen.text
    return screen, found.group(1)


def test_a_whole_peer_instruction_class(tmp_path: Path, run: Runner) -> None:
    port = free_port()
    screen, room = start(tmp_path, port)
    ana, ben, odd = (Student(port, room, name) for name in ("Ana", "Ben", HOSTILE))
    for student in (ana, ben, odd):
        student.vote("therapy")
    ben.vote("friendship")  # changed
    screen.wait(r"3 of 3 have answered the vote")
    assert "First vote" not in screen.text and "The answer" not in screen.text  # never the votes while open
    beside_code = flat(" ".join(line[34:] for line in screen.lines))  # the column right of the QR code
    assert "Latest: Ana, Ben, <img src=x onerror=alert(1)> [bold]x[/]" in beside_code  # as text, cut to 40
    screen.send_key("\r")
    screen.wait(r"reveal the answer")
    assert "First vote, Therapy" in screen.text
    screen.send_key("d")
    screen.wait(r"close the second vote")
    ana.vote("friendship")
    screen.wait(r"1 of 3 have answered the second vote")
    screen.send_key("\r")
    screen.wait(r"reveal the answer")
    assert "After discussing, Friendship" in screen.text
    screen.send_key("\r")
    screen.wait(r"n: next question")
    assert "The answer: " in screen.text
    assert ana.call("/api/state")["reveal"]["rows"]
    mid_class = run("report", str(tmp_path / "class"), "--json")  # the files are usable at once
    assert mid_class.exit_code == 0 and len(json.loads(mid_class.stdout)["banks"][0]["students"]) == 3
    screen.send_key("n")
    screen.wait(r"Question 2 of 2")
    late = Student(port, room, "Late")
    late.vote("therapy")
    screen.wait(r"1 of 4 have answered")
    screen.send_key("q")
    screen.wait(r"q: close the class")
    assert late.call("/api/state")["summary"]["answered"] == 1  # still served, to see and save
    screen.send_key("q")
    assert screen.end() == 0
    assert "The class: 4 students." in screen.text
    files = sorted(path.name for path in (tmp_path / "class").iterdir())
    assert len(files) == 4 and "ana-results.json" in files
    assert not (tmp_path / "home").exists()  # nothing outside --results: no history, no bank cache
    saved = json.loads((tmp_path / "class" / "ana-results.json").read_text(encoding="utf-8"))
    assert saved["answers"][0]["first_vote"] == "therapy" and saved["answers"][0]["given"] == "friendship"
    report = run("report", str(tmp_path / "class"), "--plain")
    assert report.exit_code == 0, report.output
    first_question = saved["answers"][0]["id"]
    [line] = [line for line in report.stdout.splitlines() if line.startswith(f"{first_question}: ")]
    right_first = sum(vote == saved["answers"][0]["expected"] for vote in ("therapy", "friendship", "therapy"))
    assert f"3 answered, {round(100 * right_first / 3)}% right at the first vote, " in line


def test_ctrl_c_ends_the_class_and_keeps_every_answer(tmp_path: Path) -> None:
    port = free_port()
    screen, room = start(tmp_path, port)
    ana = Student(port, room, "Ana")
    ana.vote("therapy")
    screen.wait(r"1 of 1 have answered")
    screen.send_key("\r")
    screen.wait(r"reveal the answer")
    screen.send_key("\r")
    screen.wait(r"n: next question")
    screen.child.sendintr()
    assert screen.end() == 130
    saved = json.loads((tmp_path / "class" / "ana-results.json").read_text(encoding="utf-8"))
    assert len(saved["answers"]) == 1 and saved["finished_at"] is not None
    with pytest.raises(urllib.error.URLError):
        ana.call("/api/state")  # the server is gone


def test_a_port_in_use_is_one_line(tmp_path: Path, run: Runner) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(*host_args(tmp_path, port))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"relquiz: error: cannot listen on 127.0.0.1 port {port}: ")
    assert len(result.stderr.splitlines()) == 1


def test_the_first_screen_fits_80x24_and_a_resize_redraws(tmp_path: Path) -> None:
    port = free_port()
    screen = Screen(tmp_path / "home", "host", *host_args(tmp_path, port)[3:])  # the bundled bank, not -b
    screen.wait(r"Enter: close voting")
    shown = [line for line in screen.lines if line]
    assert shown[0].startswith("Live class   join at http://127.0.0.1:") and "room code" in shown[0]
    assert any(line.startswith("█" * 33 + " ") for line in shown)  # the QR code, whole, beside the question
    assert shown[-1].startswith("Enter: close voting")
    screen.resize(60, 30)
    screen.wait(r"Enter: close voting")
    assert not any("█" * 33 in line for line in screen.lines)  # too narrow for the code beside: address only
    screen.child.sendintr()
    assert screen.end() == 130


def test_play_and_help_never_load_the_web_stack(tmp_path: Path) -> None:
    """host's dependencies are imported by host alone, so play starts no slower."""
    import subprocess
    import sys

    probe = (
        "import runpy, sys\n"
        "sys.argv = ['relquiz', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('relquiz', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('starlette', 'uvicorn', 'segno', 'relquiz.host') if m in sys.modules), file=sys.stderr)"
    )
    env = {"RELQUIZ_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    for args in (["play", "-n", "1", "--no-history"], ["--help"]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args], input="q\n", capture_output=True, text=True, env=env, timeout=60
        )
        assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


def test_answers_that_could_not_be_saved_are_said_and_the_exit_is_1(tmp_path: Path) -> None:
    import shutil

    port = free_port()
    screen, room = start(tmp_path, port)
    ana = Student(port, room, "Ana")
    ana.vote("therapy")
    screen.wait(r"1 of 1 have answered")
    shutil.rmtree(tmp_path / "class")  # the USB stick is pulled out
    screen.send_key("\r")
    screen.wait(r"reveal the answer")
    screen.send_key("\r")
    screen.wait(r"Warning: ")
    screen.send_key("q")
    screen.wait(r"q: close the class")
    screen.send_key("q")
    assert screen.end() == 1
    assert "relquiz: error: the results of 1 student could not be saved in " in screen.text


def test_the_join_address_is_an_interface_address_never_loopback_if_there_is_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from types import SimpleNamespace

    import ifaddr

    from relquiz.host.server import join_address

    def adapters(*addresses: object) -> list[SimpleNamespace]:  # ifaddr gives IPv6 as a tuple
        return [SimpleNamespace(ips=[SimpleNamespace(ip=address) for address in addresses])]

    monkeypatch.setattr(
        ifaddr, "get_adapters", lambda: adapters("127.0.0.1", "169.254.3.4", ("fe80::1", 0, 1), "10.1.2.3")
    )
    assert join_address("0.0.0.0", 8000) == "http://10.1.2.3:8000/"
    assert join_address("127.0.0.1", 8001) == "http://127.0.0.1:8001/"
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: adapters("127.0.0.1"))
    assert join_address("0.0.0.0", 8000) == "http://127.0.0.1:8000/"  # and the teacher is warned


def test_standard_input_that_cannot_be_read_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "relquiz", *host_args(tmp_path, free_port()), "--plain"]
    with Path(os.devnull).open("w") as write_only:  # what nohup can leave behind
        done = subprocess.run(command, stdin=write_only, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == "relquiz: error: relquiz host needs its keyboard, but standard input cannot be read\n"


def test_a_terminal_that_cannot_show_the_code_gets_the_address_alone(tmp_path: Path) -> None:
    port = free_port()
    screen = Screen(tmp_path / "home", *host_args(tmp_path, port), env={"PYTHONIOENCODING": "latin-1"})
    screen.wait(r"Enter: close voting")
    assert "room code" in screen.text and "?????" not in screen.text
    screen.send_key("q")
    screen.wait(r"q: close the class")
    screen.send_key("q")
    assert screen.end() == 0
