"""Times `relquiz report` and a plain json.load loop inside one interpreter (imports excluded).

run.py starts this in a fresh process and reads the JSON it prints:

    python benchmarks/report_probe.py FOLDER ROUNDS

Both sides list the folder's *.json files and read every one. The report side runs the real
command through the Typer app (argument parsing, reading, checking, the item analysis and the
rendering, written to /dev/null); the other rows split that into its parts. Each round runs
every variant once, in a rotated order, after one untimed warm-up of each.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path


def json_loop(folder: Path) -> None:
    for path in sorted(folder.glob("*.json")):
        with path.open("rb") as stream:
            json.load(stream)


def variants(folder: Path) -> dict[str, Callable[[], object]]:
    from relquiz.cli import app, register

    register("report")
    from relquiz.report import find_results_files, read_all

    def command(*extra: str) -> Callable[[], object]:
        def invoke() -> object:
            with Path(os.devnull).open("w") as sink, contextlib.redirect_stdout(sink):
                code = app(["report", *extra, str(folder)], prog_name="relquiz", standalone_mode=False)
            if code not in (None, 0):
                raise SystemExit(f"relquiz report {' '.join(extra)} exited with {code}")
            return code

        return invoke

    return {
        "json_loop": lambda: json_loop(folder),
        "report": command(),
        "report_json": command("--json"),
        "read_all": lambda: read_all(find_results_files([folder])),
    }


def main(argv: list[str]) -> int:
    folder, rounds = Path(argv[0]), int(argv[1])
    to_time = variants(folder)
    for run in to_time.values():  # warm-up: the page cache, lazy imports inside the commands
        run()
    names = list(to_time)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            to_time[name]()
            seconds[name].append(time.perf_counter() - start)
    print(json.dumps(seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
