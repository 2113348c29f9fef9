"""A live class under load: N simulated students (default 300) against `relquiz host` on
loopback (127.0.0.1 only), each behaving as the page does: join, ask for the state (held by the
host until something changes), vote once the question is up, and see the reveal.

    .venv/bin/python benchmarks/live_load.py              # 300 students
    .venv/bin/python benchmarks/live_load.py --students 50

Printed: join, vote and state latencies (p50/p95/p99), how long after the teacher's reveal key
each student saw the answer (p50/p95/p99, max), votes lost, and the host's CPU time and peak
memory. The floor is the same load on a one-route Starlette app under the same uvicorn, run in
the same way just before: the ratio says what relquiz's own work costs. Every loop is bounded in
count and time. This measures; it does not test (exit 0).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2

HERE = Path(__file__).resolve().parent
BANK = HERE.parent / "tests" / "data" / "small.yaml"
POLL = 0.5  # seconds between the floor's state requests (relquiz's are held until news)
DEADLINE = 120.0  # seconds for the whole run
FLOOR_APP = """
import sys, uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
async def answer(request):
    if request.method == "POST":
        await request.body()
    return JSONResponse({"stage": "voting", "number": 1, "total": 1, "scenario": "x" * 300})
app = Starlette(routes=[Route(p, answer, methods=["GET", "POST"]) for p in ("/api/join", "/api/state", "/api/vote")])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""


def keys_less(state: dict[str, object]) -> bool:
    """The floor's one route never holds a request: pace it as a polling page would."""
    return "version" not in state


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def percentiles(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)

    def pick(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    return f"p50 {1000 * pick(0.5):.0f} ms, p95 {1000 * pick(0.95):.0f} ms, p99 {1000 * pick(0.99):.0f} ms"


def host_usage(pid: int) -> tuple[float, int]:
    """CPU seconds (user + system) and peak resident memory in kB of a running process (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    peak = next(
        int(line.split()[1])
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if line.startswith("VmHWM")
    )
    return cpu, peak


async def wait_port(port: int) -> None:
    for _ in range(200):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise SystemExit("the server did not start")


async def student(
    client: httpx2.AsyncClient,
    room: str,
    number: int,
    figures: dict[str, list[float]],
    revealed_at: list[float],
    stop: asyncio.Event,
) -> None:
    started = time.monotonic()
    joined = await client.post("/api/join", json={"room": room, "name": f"Student {number}"})
    figures["join"].append(time.monotonic() - started)
    headers = {"X-Relquiz-Token": joined.json().get("token", "")}
    voted, version = False, -1
    while not stop.is_set():
        asked = time.monotonic()
        state = (await client.get(f"/api/state?since={version}", headers=headers)).json()
        version = state.get("version", version)
        if not voted:  # a held request's time is the wait for news, not a latency
            figures["state"].append(time.monotonic() - asked)
        if state.get("stage") == "voting" and not voted:
            asked = time.monotonic()
            answer = await client.post(
                "/api/vote", json={"answer": "therapy" if number % 2 else "friendship"}, headers=headers
            )
            figures["vote"].append(time.monotonic() - asked)
            voted = answer.status_code == 200
            figures["acknowledged"].append(float(voted))
        if state.get("stage") == "revealed":
            if revealed_at:
                figures["reveal"].append(time.monotonic() - revealed_at[0])
            return
        if keys_less(state):
            await asyncio.sleep(POLL)


async def class_load(port: int, room: str, students: int, keys: subprocess.Popen[str] | None) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {"join": [], "state": [], "vote": [], "acknowledged": [], "reveal": []}
    revealed_at: list[float] = []
    stop = asyncio.Event()
    limits = httpx2.Limits(max_connections=students, max_keepalive_connections=students)
    async with httpx2.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=30) as client:
        tasks = [asyncio.create_task(student(client, room, n, figures, revealed_at, stop)) for n in range(students)]
        deadline = time.monotonic() + DEADLINE
        while len(figures["acknowledged"]) < students and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        if keys is None:  # the floor: nothing to reveal
            stop.set()
        else:
            assert keys.stdin is not None
            keys.stdin.write("\n")  # Enter: close voting
            keys.stdin.flush()
            await asyncio.sleep(0.5)
            revealed_at.append(time.monotonic())
            keys.stdin.write("\n")  # Enter: reveal
            keys.stdin.flush()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=max(1.0, deadline - time.monotonic()))
    return figures


def run_host(students: int) -> tuple[dict[str, list[float]], tuple[float, int]]:
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "RELQUIZ_HOME": folder, "COLUMNS": "100"}
        host = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "relquiz"),
                "host",
                "-b",
                str(BANK),
                "-n",
                "1",
                "--seed",
                "1",
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--plain",
                "--max-students",
                str(students),
                "--results",
                f"{folder}/class/",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert host.stdout is not None and host.stdin is not None
        room = ""
        while not room:
            found = re.search(r"room code ([A-Z0-9]{5})", host.stdout.readline())
            room = found.group(1) if found else ""
        # The teacher's screen is redrawn at every change: read it away, or the pipe fills.
        threading.Thread(target=host.stdout.read, daemon=True).start()
        figures = asyncio.run(class_load(port, room, students, host))
        usage = host_usage(host.pid)
        host.stdin.write("q\nq\n")
        host.stdin.flush()
        host.wait(timeout=30)
        files = list((Path(folder) / "class").glob("*.json"))
        figures["files"] = [float(len(files))]
    return figures, usage


def run_floor(students: int) -> tuple[dict[str, list[float]], tuple[float, int]]:
    port = free_port()
    floor = subprocess.Popen([sys.executable, "-c", FLOOR_APP, str(port)])
    try:
        asyncio.run(wait_port(port))
        figures = asyncio.run(class_load(port, "", students, None))
        return figures, host_usage(floor.pid)
    finally:
        floor.terminate()
        floor.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=300)
    students = parser.parse_args().students
    floor, floor_usage = run_floor(students)
    figures, usage = run_host(students)
    print(f"{students} students on loopback (the floor polls every {POLL} s)")
    for name in ("join", "vote", "state"):
        ratio = statistics.median(figures[name]) / statistics.median(floor[name]) if floor[name] else float("nan")
        print(
            f"  {name:6} relquiz {percentiles(figures[name])}; floor {percentiles(floor[name])}; median ratio {ratio:.1f}x"
        )
    lost = students - int(sum(figures["acknowledged"]))
    print(
        f"  votes acknowledged {int(sum(figures['acknowledged']))} of {students} (lost {lost}); results files {int(figures['files'][0])}"
    )
    reveal = figures["reveal"]
    print(
        f"  reveal seen by {len(reveal)} of {students}: {percentiles(reveal)}, max {1000 * max(reveal, default=0):.0f} ms"
    )
    print(
        f"  host CPU {usage[0]:.1f} s, peak memory {usage[1] / 1024:.0f} MB; floor CPU {floor_usage[0]:.1f} s, "
        f"peak {floor_usage[1] / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
