"""relquiz's benchmarks: start-up, bank scale and class reports, each against a floor.

    .venv/bin/python benchmarks/run.py           # the full run, about 2.5 minutes on 2 cores
    .venv/bin/python benchmarks/run.py --quick   # a smoke run on small data, about 15 seconds
    .venv/bin/python benchmarks/run.py --only startup   # one section (startup, scale, reports)

Every figure is a median over several repetitions, printed with its spread (min-max), next to
the median of a floor measured in the same run; the commands of a group are interleaved (one of
each per round, in a rotated order) so a noisy neighbour slows both sides alike. The budgets are
those of issue 6; the table says which are met. The exit code is always 0: this measures, it
does not test. docs/performance.md explains each figure and records a run.

Every relquiz command runs as a fresh process of the installed console script, with
RELQUIZ_HOME in a temporary folder and COLUMNS=80; wall time is taken from just before the
process is started to its exit (for `play`, to the first question on stdout), and peak memory is
the child's own ru_maxrss (os.wait4), so no wrapper is counted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generate import write_bank, write_class

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PYTHON = sys.executable
RELQUIZ = str(BIN / "relquiz")
FLOOR_IMPORTS = "import typer, rich.console, yaml"
CSAFE_LOAD = "import sys, yaml\nwith open(sys.argv[1], 'rb') as f: yaml.load(f, Loader=yaml.CSafeLoader)"
SAFE_LOAD = "import sys, yaml\nwith open(sys.argv[1], 'rb') as f: yaml.safe_load(f)"
JSON_LOOP = (
    "import json, pathlib, sys\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.json')):\n"
    "    with p.open('rb') as f: json.load(f)"
)
LEGEND = f"""
Floors (each run in the same way as the relquiz command it is compared with):
  import typer+rich+yaml  python -c "{FLOOR_IMPORTS}" (process)
  CSafeLoader load        python -c: yaml.load(file, Loader=yaml.CSafeLoader) of the same bank (process)
  safe_load               python -c: yaml.safe_load(file), the pure-Python loader (process)
  json.load loop          json.load of every *.json in the folder, in name order (in-process rows:
                          timed inside one interpreter like the report beside it; process rows: a process)
  'net' memory rows subtract each side's peak on a 1-question bank (interpreter and imports);
  a net peak of a few MB is not reliable, as it may fit in memory the interpreter had already
  reserved (the raw parse of a small bank shows near zero growth that way).
  Ratio = median / floor median; 'safe_load <= 0.25x' means relquiz at least 4x faster.
  Linear growth: the time each extra question costs between the two largest banks, against the
  same between the two smallest; above 1.25x would mean cost growing faster than the bank.
  safe_load is not run on banks over 10,000 questions (about 50 s a run at 50,000)."""
FIRST_QUESTION = re.compile(rb"Question 1 of")
SECTIONS = ("startup", "scale", "reports")
SAFE_LOAD_MAX_QUESTIONS = 10_000  # pure-Python YAML takes about a second per 1,000 questions
TIME_BUDGET_QUESTIONS = 10_000  # the bank size issue 6 sets the validate time budgets at


@dataclass(frozen=True)
class Plan:
    """How much to measure: --quick shrinks everything so a smoke run takes seconds."""

    startup_rounds: int
    bank_sizes: tuple[int, ...]
    scale_rounds: dict[int, int]
    safe_load_rounds: int
    students: int
    report_rounds: int
    report_process_rounds: int
    importtime_runs: int


FULL = Plan(15, (1_000, 10_000, 50_000), {1_000: 7, 10_000: 5, 50_000: 3}, 3, 1_000, 7, 5, 3)
QUICK = Plan(3, (200, 1_000), {200: 2, 1_000: 2}, 2, 100, 2, 2, 1)


@dataclass
class Run:
    """One process: wall time to exit, time to a marker on stdout if asked, peak memory."""

    seconds: float
    max_rss_kb: int
    exit_code: int
    marker_seconds: float | None = None


@dataclass
class Command:
    argv: list[str]
    stdin: bytes | None = None
    marker: re.Pattern[bytes] | None = None
    env: dict[str, str] | None = None  # instead of the run's environment


def run_once(command: Command, env: dict[str, str]) -> Run:
    """Start the process, feed its input, watch stdout for the marker, and reap it with wait4."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command.argv,
        stdin=subprocess.PIPE if command.stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE if command.marker is not None else subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=command.env or env,
    )
    if command.stdin is not None:
        assert process.stdin is not None
        process.stdin.write(command.stdin)
        process.stdin.close()
    marker_at = None
    if command.marker is not None:
        assert process.stdout is not None
        seen = b""
        while chunk := os.read(process.stdout.fileno(), 65536):
            if marker_at is None:
                seen = seen[-64:] + chunk
                if command.marker.search(seen):
                    marker_at = time.perf_counter() - start
        process.stdout.close()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait
    return Run(seconds, usage.ru_maxrss, process.returncode, marker_at)


def interleave(
    commands: dict[str, Command],
    rounds: int,
    env: dict[str, str],
    warm_up: bool,
    fewer: dict[str, int] | None = None,
) -> dict[str, list[Run]]:
    """Each round runs every command once, starting one further along each time; a command in
    `fewer` takes part only in that many rounds (the first ones)."""
    names = list(commands)
    if warm_up:
        for name in names:
            run_once(commands[name], env)
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for number in range(rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            if number < (fewer or {}).get(name, rounds):
                runs[name].append(run_once(commands[name], env))
    return runs


@dataclass(frozen=True)
class Figure:
    """A set of repeated measurements of one quantity."""

    values: tuple[float, ...]
    unit: str  # "s" or "MB"

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def show(self) -> str:
        low, high = min(self.values), max(self.values)
        if len(self.values) == 1:
            return _fmt(self.median, self.unit)
        return f"{_fmt(self.median, self.unit)} ({_fmt(low, self.unit, bare=True)}-{_fmt(high, self.unit, bare=True)})"


def _fmt(value: float, unit: str, bare: bool = False) -> str:
    if unit == "s":
        if abs(value) < 0.001:
            return f"{value * 1e6:.0f}" + ("" if bare else " us")
        if abs(value) < 1:
            return f"{value * 1000:.0f}" + ("" if bare else " ms")
        return f"{value:.2f}" + ("" if bare else " s")
    return f"{value:.1f}" + ("" if bare else " MB")


@dataclass
class Row:
    section: str
    name: str
    measured: Figure | None
    floor: Figure | None
    floor_name: str
    budget: str = ""
    check: Callable[[float], bool] | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.measured is None or self.floor is None or self.floor.median <= 0:
            return None
        return self.measured.median / self.floor.median

    @property
    def verdict(self) -> str:
        if self.measured is None:
            return "could not measure"
        if self.check is None or self.ratio is None:
            return "-"
        return "met" if self.check(self.ratio) else "NOT MET"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    raw: dict[str, object] = field(default_factory=dict)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        shown = row.measured.show() if row.measured else "-"
        print(f"  {row.name}: {shown}; {row.floor_name}: {row.floor.show() if row.floor else '-'}", flush=True)


def times(runs: Sequence[Run], marker: bool = False) -> Figure | None:
    values = [run.marker_seconds if marker else run.seconds for run in runs]
    if not values or any(v is None for v in values):
        return None
    return Figure(tuple(v for v in values if v is not None), "s")


def memory(runs: Sequence[Run], minus: float = 0.0) -> Figure:
    return Figure(tuple(run.max_rss_kb / 1024 - minus for run in runs), "MB")


def failures(name: str, runs: Sequence[Run], expected: int = 0) -> list[str]:
    codes = sorted({run.exit_code for run in runs if run.exit_code != expected})
    return [f"{name} exited with {code} (expected {expected})" for code in codes]


def at_most(limit: float) -> Callable[[float], bool]:
    return lambda ratio: ratio <= limit


def label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


# --- the measurements -------------------------------------------------------------------------


def measure_startup(plan: Plan, env: dict[str, str], report: Report) -> None:
    print(f"Start-up: {plan.startup_rounds} rounds of 5 processes", flush=True)
    bank_unread = {**env, "RELQUIZ_NO_CACHE": "1"}
    commands = {
        "floor": Command([PYTHON, "-c", FLOOR_IMPORTS]),
        "play": Command([RELQUIZ, "play"], stdin=b"q\n", marker=FIRST_QUESTION),
        "help": Command([RELQUIZ, "--help"]),
        "version": Command([RELQUIZ, "--version"]),
        "play_bank_unread": Command([RELQUIZ, "play"], stdin=b"q\n", marker=FIRST_QUESTION, env=bank_unread),
    }
    runs = interleave(commands, plan.startup_rounds, env, warm_up=True)
    report.raw["startup"] = {name: [vars(run) for run in values] for name, values in runs.items()}
    problems = [p for name, values in runs.items() for p in failures(name, values)]
    floor = times(runs["floor"])
    floor_name = "import typer+rich+yaml"
    section = "Start-up (processes, wall time)"
    budget, check = "<= 1.2x", at_most(1.2)
    first = times(runs["play"], marker=True)
    note = "" if first is not None else "the first question never appeared on stdout"
    report.add(Row(section, "play: launch to first question", first, floor, floor_name, budget, check, note))
    report.add(Row(section, "play: launch to exit after 'q'", times(runs["play"]), floor, floor_name))
    name = "play: first question, bank not cached"
    report.add(Row(section, name, times(runs["play_bank_unread"], marker=True), floor, floor_name))
    report.add(Row(section, "relquiz --help", times(runs["help"]), floor, floor_name, budget, check))
    report.add(Row(section, "relquiz --version", times(runs["version"]), floor, floor_name, budget, check))
    report.details += problems


def importtime_breakdown(plan: Plan, env: dict[str, str], report: Report) -> None:
    """Import self-time by top-level package, median of a few `python -X importtime` runs."""
    print("Imports: python -X importtime", flush=True)
    cases = {
        "floor": Command([PYTHON, "-X", "importtime", "-c", FLOOR_IMPORTS]),
        "play": Command([PYTHON, "-X", "importtime", RELQUIZ, "play"], stdin=b"q\n"),
        "--help": Command([PYTHON, "-X", "importtime", RELQUIZ, "--help"]),
    }
    table: dict[str, dict[str, float]] = {}
    for name, command in cases.items():
        samples: list[dict[str, float]] = []
        for _ in range(plan.importtime_runs):
            done = subprocess.run(
                command.argv, input=command.stdin, capture_output=True, env=env, check=False, timeout=60
            )
            groups: dict[str, float] = {}
            for line in done.stderr.decode("utf-8", "replace").splitlines():
                parts = line.removeprefix("import time:").split("|")
                if len(parts) != 3 or not parts[0].strip().isdigit():
                    continue
                module = parts[2].strip()
                top = module.split(".")[0]
                group = top if top in ("typer", "rich", "yaml", "relquiz", "click", "platformdirs") else "other"
                if top in ("sqlite3", "_sqlite3"):
                    group = "sqlite3"
                groups[group] = groups.get(group, 0.0) + int(parts[0]) / 1e6
            samples.append(groups)
        names = {group for sample in samples for group in sample}
        table[name] = {group: statistics.median(s.get(group, 0.0) for s in samples) for group in names}
    report.raw["importtime"] = table
    packages = sorted({g for row in table.values() for g in row}, key=lambda g: -table["play"].get(g, 0.0))
    lines = ["Import self-time by package (python -X importtime, median of runs; importtime itself adds overhead):"]
    lines.append("  " + "".ljust(10) + "".join(group.rjust(13) for group in [*packages, "total"]))
    for name, row in table.items():
        cells = [f"{1000 * row.get(group, 0.0):.0f} ms" for group in packages]
        cells.append(f"{1000 * sum(row.values()):.0f} ms")
        lines.append("  " + name.ljust(10) + "".join(cell.rjust(13) for cell in cells))
    report.details.append("\n".join(lines))


def measure_scale(plan: Plan, env: dict[str, str], work: Path, report: Report) -> None:
    section = "Scale: relquiz validate (processes, wall time and peak RSS)"
    tiny = work / "bank-1.yaml"
    write_bank(tiny, 1)
    print("Scale: baselines on a 1-question bank", flush=True)
    baseline = interleave(
        {
            "validate": Command([RELQUIZ, "validate", str(tiny)]),
            "csafe": Command([PYTHON, "-c", CSAFE_LOAD, str(tiny)]),
            "safe": Command([PYTHON, "-c", SAFE_LOAD, str(tiny)]),
        },
        3,
        env,
        warm_up=True,
    )
    base_validate = statistics.median(run.max_rss_kb / 1024 for run in baseline["validate"])
    base_csafe = statistics.median(run.max_rss_kb / 1024 for run in baseline["csafe"])
    report.details.append(
        f"Memory baselines (a 1-question bank, same commands): relquiz validate {base_validate:.1f} MB, "
        f"CSafeLoader load {base_csafe:.1f} MB; 'net' rows subtract these from each side."
    )
    report.raw["scale_baseline"] = {name: [vars(run) for run in values] for name, values in baseline.items()}
    per_question: list[tuple[int, int, float, float]] = []
    for size in plan.bank_sizes:
        bank = work / f"bank-{label(size)}.yaml"
        started = time.perf_counter()
        write_bank(bank, size)
        megabytes = bank.stat().st_size / 1e6
        print(
            f"Scale: {size:,} questions, {megabytes:.1f} MB (generated in {time.perf_counter() - started:.1f} s)",
            flush=True,
        )
        commands = {
            "validate": Command([RELQUIZ, "validate", str(bank)]),
            "csafe": Command([PYTHON, "-c", CSAFE_LOAD, str(bank)]),
        }
        if size <= SAFE_LOAD_MAX_QUESTIONS:
            commands["safe"] = Command([PYTHON, "-c", SAFE_LOAD, str(bank)])
        rounds = plan.scale_rounds[size]
        runs = interleave(commands, rounds, env, warm_up=False, fewer={"safe": plan.safe_load_rounds})
        report.raw[f"scale_{size}"] = {name: [vars(run) for run in values] for name, values in runs.items()}
        report.details += failures(f"relquiz validate ({size:,} questions)", runs["validate"])
        name = f"validate {label(size)} ({megabytes:.1f} MB)"
        validate, csafe = times(runs["validate"]), times(runs["csafe"])
        # The issue sets the time budgets on a 10,000-question bank; other sizes show the growth.
        budgeted = size == TIME_BUDGET_QUESTIONS
        csafe_budget = ("<= 1.3x", at_most(1.3)) if budgeted else ("", None)
        report.add(Row(section, f"{name}: time", validate, csafe, "CSafeLoader load", *csafe_budget))
        if "safe" in runs:
            safe_budget = ("<= 0.25x", at_most(0.25)) if budgeted else ("", None)
            report.add(Row(section, f"{name}: time", validate, times(runs["safe"]), "safe_load", *safe_budget))
        report.add(
            Row(
                section,
                f"{name}: peak memory",
                memory(runs["validate"]),
                memory(runs["csafe"]),
                "CSafeLoader load",
                "<= 3x",
                at_most(3),
            )
        )
        # The budget is on peak memory itself; the net rows show how much of it the bank's data takes.
        report.add(
            Row(
                section,
                f"{name}: peak memory, net",
                memory(runs["validate"], base_validate),
                memory(runs["csafe"], base_csafe),
                "CSafeLoader load, net",
            )
        )
        if validate is not None and csafe is not None:
            per_question.append((size, bank.stat().st_size, validate.median, csafe.median))
    linearity(per_question, report)


def linearity(points: list[tuple[int, int, float, float]], report: Report) -> None:
    """Time per question at each size, and the marginal cost between sizes: equal when linear."""
    if len(points) < 2:
        return
    lines = ["Growth with bank size (medians; marginal = extra time per extra question from the size before):"]
    lines.append(f"  {'questions':>10} {'MB':>6} {'validate':>10} {'per q':>9} {'marginal':>9} {'CSafe per q':>12}")
    marginals = []
    for index, (size, size_bytes, validate, csafe) in enumerate(points):
        marginal = ""
        if index:
            previous_size, _, previous_validate, _ = points[index - 1]
            cost = (validate - previous_validate) / (size - previous_size)
            marginals.append(cost)
            marginal = f"{cost * 1e6:.0f} us"
        lines.append(
            f"  {size:>10,} {size_bytes / 1e6:>6.1f} {_fmt(validate, 's'):>10} {validate / size * 1e6:>6.0f} us"
            f" {marginal:>9} {csafe / size * 1e6:>9.0f} us"
        )
    report.details.append("\n".join(lines))
    if len(marginals) >= 2:
        report.rows.append(
            Row(
                "Scale: relquiz validate (processes, wall time and peak RSS)",
                f"linear growth: marginal cost {label(points[-2][0])}->{label(points[-1][0])}"
                f" vs {label(points[0][0])}->{label(points[1][0])}",
                Figure((marginals[-1],), "s"),
                Figure((marginals[0],), "s"),
                "the earlier marginal",
                "<= 1.25x",
                at_most(1.25),
            )
        )


def measure_reports(plan: Plan, env: dict[str, str], work: Path, report: Report) -> None:
    folder = work / "results"
    write_class(folder, plan.students, bank_questions=200)
    size = sum(path.stat().st_size for path in folder.iterdir()) / 1e6
    print(f"Reports: {plan.students:,} results files ({size:.1f} MB), in-process", flush=True)
    section = f"Reports: {plan.students:,} results files"
    probe = subprocess.run(
        [PYTHON, str(HERE / "report_probe.py"), str(folder), str(plan.report_rounds)],
        capture_output=True,
        env=env,
        check=False,
        timeout=900,
    )
    floor_name = "json.load loop"
    if probe.returncode == 0:
        seconds = json.loads(probe.stdout)
        report.raw["report_in_process"] = seconds
        floor = Figure(tuple(seconds["json_loop"]), "s")
        report.add(
            Row(
                section,
                "report, in-process (imports excluded)",
                Figure(tuple(seconds["report"]), "s"),
                floor,
                floor_name,
                "<= 2x",
                at_most(2),
            )
        )
        report.add(
            Row(section, "report --json, in-process", Figure(tuple(seconds["report_json"]), "s"), floor, floor_name)
        )
        report.add(
            Row(section, "read_all() only: read + check", Figure(tuple(seconds["read_all"]), "s"), floor, floor_name)
        )
    else:
        report.details.append("report_probe.py failed: " + probe.stderr.decode("utf-8", "replace")[-2000:])
        report.add(Row(section, "report, in-process (imports excluded)", None, None, floor_name, "<= 2x", at_most(2)))
    print(f"Reports: {plan.students:,} results files, as processes", flush=True)
    runs = interleave(
        {
            "report": Command([RELQUIZ, "report", str(folder)]),
            "json": Command([PYTHON, "-c", JSON_LOOP, str(folder)]),
        },
        plan.report_process_rounds,
        env,
        warm_up=True,
    )
    report.raw["report_processes"] = {name: [vars(run) for run in values] for name, values in runs.items()}
    report.details += failures("relquiz report", runs["report"])
    report.add(
        Row(
            section,
            "report, process (start-up included)",
            times(runs["report"]),
            times(runs["json"]),
            "json.load loop",
            "<= 2x",
            at_most(2),
        )
    )


# --- output -----------------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                system = f"{line.split('=', 1)[1].strip(chr(34))} ({platform.release()})"
    except OSError:
        pass
    return [
        f"Machine: {os.cpu_count()} CPUs, {cpu}; {system}",
        f"Python {platform.python_version()} ({PYTHON}); relquiz {relquiz_version()}",
    ]


def relquiz_version() -> str:
    done = subprocess.run([RELQUIZ, "--version"], capture_output=True, text=True, check=False)
    version = done.stdout.strip().removeprefix("relquiz ") or "?"
    source = subprocess.run(
        [PYTHON, "-c", "import relquiz, pathlib; print(pathlib.Path(relquiz.__file__).parent.parent)"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    git = subprocess.run(
        ["git", "-C", source, "describe", "--always", "--dirty"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return f"{version} from {source}" + (f", commit {git}" if git else "")


def print_table(report: Report) -> None:
    headers = ("measurement", "median (min-max)", "floor median (min-max)", "ratio", "budget", "verdict")
    section = None
    body: list[tuple[str, ...]] = []
    for row in report.rows:
        if row.section != section:
            section = row.section
            body.append((f"[{section}]", "", "", "", "", ""))
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        floor = f"{row.floor.show()} {row.floor_name}" if row.floor else row.floor_name
        measured = row.measured.show() if row.measured else f"- {row.note}"
        body.append((row.name, measured, floor, ratio, row.budget or "-", row.verdict))
    widths = [max(len(line[i]) for line in (headers, *body) if not line[0].startswith("[")) for i in range(6)]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for line in body:
        if line[0].startswith("["):
            print(line[0])
        else:
            print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)))
    print(LEGEND)
    judged = [row for row in report.rows if row.check is not None]
    met = sum(row.verdict == "met" for row in judged)
    print(f"\nBudgets met: {met} of {len(judged)}.")
    for detail in report.details:
        print()
        print(detail)


def measurement_environment(work: Path) -> dict[str, str]:
    """The environment of every measured process: like a user's, whatever this shell sets.

    Bytecode caching is on, as for an installed relquiz, with the cache in the scratch folder so
    nothing is written into the source tree (a development shell often sets
    PYTHONDONTWRITEBYTECODE, which would make an editable relquiz compile every module at each
    start; the start-up section measures that case separately).
    """
    (work / "home").mkdir()
    env = {**os.environ, "RELQUIZ_HOME": str(work / "home"), "COLUMNS": "80"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "RELQUIZ_DEBUG", "PYTHONPROFILEIMPORTTIME"):
        env.pop(name, None)
    return env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data and few rounds: a smoke run")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also save every sample as JSON")
    parser.add_argument(
        "--only",
        action="append",
        choices=SECTIONS,
        help="measure just this section (repeatable); a quicker loop while working on one budget",
    )
    args = parser.parse_args(argv)
    sections = args.only or list(SECTIONS)
    plan = QUICK if args.quick else FULL
    if not Path(RELQUIZ).exists():
        print(f"relquiz is not installed beside {PYTHON}; run this with the project's .venv/bin/python")
        return 0
    started = time.perf_counter()
    report = Report()
    saved_to = args.json.resolve() if args.json else None
    before = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="relquiz-bench-") as scratch:
        work = Path(scratch)
        # Every process starts in the scratch folder: `python -c` puts its working folder first on
        # sys.path, which from the project's root would shadow a relquiz given by PYTHONPATH.
        os.chdir(work)
        try:
            described = machine()
            for line in described:
                print(line, flush=True)
            env = measurement_environment(work)
            if "startup" in sections:
                measure_startup(plan, env, report)
                importtime_breakdown(plan, env, report)
            if "scale" in sections:
                measure_scale(plan, env, work, report)
            if "reports" in sections:
                measure_reports(plan, env, work, report)
        finally:
            os.chdir(before)
    print_table(report)
    print(f"\nTotal time {time.perf_counter() - started:.0f} s ({'quick' if args.quick else 'full'} run).")
    if saved_to:
        rows = [
            {
                "section": row.section,
                "measurement": row.name,
                "median": row.measured.median if row.measured else None,
                "floor": row.floor_name,
                "floor_median": row.floor.median if row.floor else None,
                "ratio": row.ratio,
                "budget": row.budget,
                "verdict": row.verdict,
            }
            for row in report.rows
        ]
        saved_to.write_text(json.dumps({"machine": described, "rows": rows, "samples": report.raw}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
