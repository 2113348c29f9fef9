"""Holds every command to docs/exit-codes.md: each documented row is run here, and nothing else is."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SMALL_BANK
from typer.testing import Result

DOC = Path(__file__).resolve().parent.parent / "docs" / "exit-codes.md"
BROKEN = SMALL_BANK.read_text(encoding="utf-8").replace(
    "answer: therapy\n    difficulty: easy", "answer: therapist\n    difficulty: easy", 1
)
RESULTS = (Path(__file__).parent / "data" / "report-example" / "ana.json").read_text(encoding="utf-8")
Run = Callable[..., Result]


def documented_rows() -> list[tuple[str, str, int, str]]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`") and cells[2].isdigit():
            rows.append((cells[0].strip("`"), cells[1], int(cells[2]), cells[3].strip("`")))
    return rows


def broken_bank() -> str:
    Path("bank.yaml").write_text(BROKEN.split("  - id: old-friends")[0], encoding="utf-8")
    return "bank.yaml"


def one_question_bank() -> str:
    Path("bank.yaml").write_text(
        SMALL_BANK.read_text(encoding="utf-8").split("  - id: old-friends")[0], encoding="utf-8"
    )
    return "bank.yaml"


def declined_clear(run: Run) -> Result:
    run("play", "-b", str(SMALL_BANK), "-n", "1", input="t\n")
    return run("history", "--clear", input="n\n")


def ctrl_c(run: Run, monkeypatch: pytest.MonkeyPatch) -> Result:
    def ask(prompt: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("relquiz.prompt.line_reader", lambda console: ask)
    return run("play", "-b", str(SMALL_BANK))


def unexpected(run: Run, monkeypatch: pytest.MonkeyPatch) -> Result:
    def explode(*_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("relquiz.views.quiz.QuizView.feedback", explode)
    return run("play", "-b", str(SMALL_BANK), "-n", "1", input="t\n")


def results_lost(run: Run, monkeypatch: pytest.MonkeyPatch) -> Result:
    from relquiz.results import ResultsRecord

    Path("out").mkdir()
    original = ResultsRecord.save

    def save_then_lose_folder(self: ResultsRecord, responses: object, *args: object, **kwargs: object) -> None:
        original(self, responses, *args, **kwargs)  # type: ignore[arg-type]
        if Path("out/r.json").exists():
            Path("out/r.json").unlink()
            Path("out").rmdir()

    monkeypatch.setattr(ResultsRecord, "save", save_then_lose_folder)
    return run("play", "-b", str(SMALL_BANK), "-n", "1", "--results", "out/r.json", input="t\n")


def broken_history(run: Run, *args: str) -> Result:
    Path("home").mkdir(exist_ok=True)
    Path("home/history.sqlite3").write_text("not a database", encoding="utf-8")
    return run(*args, input="t\nt\n")


def existing(name: str) -> str:
    Path(name).write_text("keep me", encoding="utf-8")
    return name


def linked(name: str) -> str:
    Path(name).symlink_to(existing("target.txt"))
    return name


def bad_results() -> str:
    Path("bad.json").write_text('{"format": "relquiz-res', encoding="utf-8")
    return "bad.json"


def good_results() -> str:
    Path("ana.json").write_text(RESULTS, encoding="utf-8")
    return "ana.json"


def csv_with_problem() -> str:
    header = "id,scenario,answer,difficulty,tags,purpose,professionalism,confidentiality,boundaries,duration,takeaway"
    Path("questions.csv").write_text(f"{header}\nq1,A scenario.,maybe,easy,,Why.,,,,,\n", encoding="utf-8")
    return "questions.csv"


def valid_csv() -> str:
    header = "id,scenario,answer,difficulty,tags,purpose,professionalism,confidentiality,boundaries,duration,takeaway"
    Path("questions.csv").write_text(f"{header}\nq1,A scenario.,therapy,easy,,Why.,,,,,\n", encoding="utf-8")
    return "questions.csv"


SMALL = str(SMALL_BANK)
SCENARIOS: dict[tuple[str, str], Callable[[Run, pytest.MonkeyPatch], Result]] = {
    ("relquiz", "no command (prints the help)"): lambda run, mp: run(),
    ("relquiz --version", "always"): lambda run, mp: run("--version"),
    ("play", "finished"): lambda run, mp: run("play", "-b", SMALL, "-n", "1", input="t\n"),
    ("play", "stopped with `q` or end of input"): lambda run, mp: run("play", "-b", SMALL, input="t\n"),
    ("play", "Ctrl-C"): ctrl_c,
    ("play", "the bank has problems"): lambda run, mp: run("play", "-b", broken_bank()),
    ("play", "the bank path does not exist"): lambda run, mp: run("play", "-b", "nope.yaml"),
    ("play", "`--all` with `--count`"): lambda run, mp: run("play", "--all", "-n", "2"),
    ("play", "filters that match nothing"): lambda run, mp: run(
        "play", "-b", SMALL, "--tag", "sport", "--difficulty", "hard"
    ),
    ("play", "a tag no question has"): lambda run, mp: run("play", "-b", SMALL, "--tag", "sprot"),
    ("play", "a results folder that does not exist"): lambda run, mp: run(
        "play", "-b", SMALL, "--results", "out/r.json"
    ),
    ("play", "a bad option value"): lambda run, mp: run("play", "-n", "0"),
    ("play", "results could not be saved at the end"): results_lost,
    ("play", "an unexpected error"): unexpected,
    ("play", "the practice history cannot be used"): lambda run, mp: broken_history(
        run, "play", "-b", SMALL, "-n", "1"
    ),
    ("review", "nothing due"): lambda run, mp: run("review", "-b", SMALL),
    ("review", "the practice history cannot be used"): lambda run, mp: broken_history(run, "review", "-b", SMALL),
    ("history", "shown"): lambda run, mp: run("history"),
    ("history", "`--clear` declined"): lambda run, mp: declined_clear(run),
    ("history", "`--yes` without `--clear`"): lambda run, mp: run("history", "--yes"),
    ("learn", "the bank has problems"): lambda run, mp: run("learn", "-b", broken_bank()),
    ("validate", "no problems"): lambda run, mp: run("validate", SMALL),
    ("validate", "problems found"): lambda run, mp: run("validate", broken_bank()),
    ("validate", "`--strict` shortfalls"): lambda run, mp: run("validate", "--strict", one_question_bank()),
    ("validate", "a path that does not exist"): lambda run, mp: run("validate", "nope.yaml"),
    ("list", "a tag no question has"): lambda run, mp: run("list", "-b", SMALL, "--tag", "sprot"),
    ("list", "no question matches"): lambda run, mp: run("list", "-b", SMALL, "--tag", "sport", "--difficulty", "hard"),
    ("report", "report shown"): lambda run, mp: run("report", good_results()),
    ("report", "a file skipped"): lambda run, mp: run("report", bad_results(), good_results()),
    ("report", "no file could be used"): lambda run, mp: run("report", bad_results()),
    ("report", "a path that does not exist"): lambda run, mp: run("report", "nope.json", good_results()),
    ("report", "the output file exists"): lambda run, mp: run(
        "report", good_results(), "--html", existing("report.html")
    ),
    ("export", "the output file exists"): lambda run, mp: run("export", "--format", "gift", "-o", existing("out.txt")),
    ("export", "the output is a link or a special file"): lambda run, mp: run(
        "export", "--format", "gift", "-o", linked("out.txt"), "--force"
    ),
    ("import", "the CSV has problems"): lambda run, mp: run("import", csv_with_problem(), "-o", "new.yaml"),
    ("import", "the output file exists"): lambda run, mp: run("import", valid_csv(), "-o", existing("bank.yaml")),
}


def test_every_documented_row_has_a_scenario_and_back() -> None:
    documented = {(command, situation) for command, situation, _, _ in documented_rows()}
    assert documented == set(SCENARIOS)


@pytest.mark.parametrize(("command", "situation", "code", "message"), documented_rows(), ids=lambda v: str(v)[:30])
def test_the_command_does_what_the_table_says(
    run: Run, monkeypatch: pytest.MonkeyPatch, command: str, situation: str, code: int, message: str
) -> None:
    result = SCENARIOS[(command, situation)](run, monkeypatch)
    assert result.exit_code == code, (result.stdout[-500:], result.stderr)
    if message:
        assert any(line.startswith(message) for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.output
    assert re.search(r"\x1b\[", result.stderr) is None
