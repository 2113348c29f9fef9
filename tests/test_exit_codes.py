"""Holds every command to docs/exit-codes.md: each documented row is run here, and nothing else is."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import ROOT, SMALL_BANK, Runner
from typer.testing import Result

DOC = Path(__file__).resolve().parent.parent / "docs" / "exit-codes.md"
BROKEN = SMALL_BANK.read_text(encoding="utf-8").replace(
    "answer: therapy\n    difficulty: easy", "answer: therapist\n    difficulty: easy", 1
)
RESULTS = (Path(__file__).parent / "data" / "report-example" / "ana.json").read_text(encoding="utf-8")
Scenario = Callable[[Runner, pytest.MonkeyPatch, Path], Result]


def documented_rows() -> list[tuple[str, str, int, str]]:
    rows: list[tuple[str, str, int, str]] = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`") and cells[2].isdigit():
            rows.append((cells[0].strip("`"), cells[1], int(cells[2]), cells[3].strip("`")))
    return rows


# Each file is written into `folder` (the test's tmp_path, its working folder too) and given to
# relquiz by the relative name the documented message shows.


def broken_bank(folder: Path) -> str:
    (folder / "bank.yaml").write_text(BROKEN.split("  - id: old-friends")[0], encoding="utf-8")
    return "bank.yaml"


def twenty_question_bank(folder: Path) -> str:
    """Big enough to be held to a full course's rules (a smaller one is only told about them)."""
    head, first = SMALL_BANK.read_text(encoding="utf-8").split("  - id: old-friends")[0].split("  - id: ")[:2]
    questions = "".join(f"  - id: copy-{n}-{first}" for n in range(20))
    (folder / "bank.yaml").write_text(head + questions, encoding="utf-8")
    return "bank.yaml"


def seminar_bank(folder: Path) -> str:
    """Seven well-made questions: a seminar's bank, which passes --strict."""
    parts = (ROOT / "data" / "default.yaml").read_text(encoding="utf-8").split("\n  - id: ")
    (folder / "bank.yaml").write_text("\n  - id: ".join(parts[:8]) + "\n", encoding="utf-8")
    return "bank.yaml"


def declined_clear(run: Runner) -> Result:
    run("play", "-b", str(SMALL_BANK), "-n", "1", input="t\n")
    return run("history", "--clear", input="n\n")


def ctrl_c(run: Runner, monkeypatch: pytest.MonkeyPatch, folder: Path) -> Result:
    def ask(prompt: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("relquiz.prompt.line_reader", lambda console: ask)
    return run("play", "-b", str(SMALL_BANK))


def unexpected(run: Runner, monkeypatch: pytest.MonkeyPatch, folder: Path) -> Result:
    def explode(*_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("relquiz.views.quiz.QuizView.feedback", explode)
    return run("play", "-b", str(SMALL_BANK), "-n", "1", input="t\n")


def results_lost(run: Runner, monkeypatch: pytest.MonkeyPatch, folder: Path) -> Result:
    from relquiz.results import ResultsRecord

    out = folder / "out"
    out.mkdir()
    original = ResultsRecord.save

    def save_then_lose_folder(self: ResultsRecord, responses: object, *args: object, **kwargs: object) -> None:
        original(self, responses, *args, **kwargs)  # type: ignore[arg-type]
        if out.exists():
            shutil.rmtree(out)  # the file and the journal of its answers

    monkeypatch.setattr(ResultsRecord, "save", save_then_lose_folder)
    return run("play", "-b", str(SMALL_BANK), "-n", "1", "--results", "out/r.json", input="t\n")


def broken_history(run: Runner, folder: Path, *args: str) -> Result:
    (folder / "home").mkdir(exist_ok=True)  # the run fixture's RELQUIZ_HOME
    (folder / "home" / "history.sqlite3").write_text("not a database", encoding="utf-8")
    return run(*args, input="t\nt\n")


def existing(folder: Path, name: str) -> str:
    (folder / name).write_text("keep me", encoding="utf-8")
    return name


def linked(folder: Path, name: str) -> str:
    (folder / name).symlink_to(existing(folder, "target.txt"))
    return name


def small_bank(folder: Path) -> str:
    shutil.copyfile(SMALL_BANK, folder / "bank.yaml")
    return "bank.yaml"


def bad_results(folder: Path) -> str:
    (folder / "bad.json").write_text('{"format": "relquiz-res', encoding="utf-8")
    return "bad.json"


def good_results(folder: Path) -> str:
    (folder / "ana.json").write_text(RESULTS, encoding="utf-8")
    return "ana.json"


def csv_with_problem(folder: Path) -> str:
    header = "id,scenario,answer,difficulty,tags,purpose,professionalism,confidentiality,boundaries,duration,takeaway"
    (folder / "questions.csv").write_text(f"{header}\nq1,A scenario.,maybe,easy,,Why.,,,,,\n", encoding="utf-8")
    return "questions.csv"


def valid_csv(folder: Path) -> str:
    header = "id,scenario,answer,difficulty,tags,purpose,professionalism,confidentiality,boundaries,duration,takeaway"
    (folder / "questions.csv").write_text(f"{header}\nq1,A scenario.,therapy,easy,,Why.,,,,,\n", encoding="utf-8")
    return "questions.csv"


SMALL = str(SMALL_BANK)
SCENARIOS: dict[tuple[str, str], Scenario] = {
    ("relquiz", "no command (prints the help)"): lambda run, mp, tmp: run(),
    ("relquiz --version", "always"): lambda run, mp, tmp: run("--version"),
    ("relquiz", "an unknown command"): lambda run, mp, tmp: run("plya"),
    ("play", "finished"): lambda run, mp, tmp: run("play", "-b", SMALL, "-n", "1", input="t\n"),
    ("play", "stopped with `q` or end of input"): lambda run, mp, tmp: run("play", "-b", SMALL, input="t\n"),
    ("play", "Ctrl-C"): ctrl_c,
    ("play", "the bank has problems"): lambda run, mp, tmp: run("play", "-b", broken_bank(tmp)),
    ("play", "the bank path does not exist"): lambda run, mp, tmp: run("play", "-b", "nope.yaml"),
    ("play", "`--all` with `--count`"): lambda run, mp, tmp: run("play", "--all", "-n", "2"),
    ("play", "filters that match nothing"): lambda run, mp, tmp: run(
        "play", "-b", SMALL, "--tag", "sport", "--difficulty", "hard"
    ),
    ("play", "a tag no question has"): lambda run, mp, tmp: run("play", "-b", SMALL, "--tag", "sprot"),
    ("play", "a results folder that does not exist"): lambda run, mp, tmp: run(
        "play", "-b", SMALL, "--results", "out/r.json"
    ),
    ("play", "a bad option value"): lambda run, mp, tmp: run("play", "-n", "0"),
    ("play", "an option without its value"): lambda run, mp, tmp: run("play", "--seed"),
    ("play", "results could not be saved at the end"): results_lost,
    ("play", "an unexpected error"): unexpected,
    ("play", "the practice history cannot be used"): lambda run, mp, tmp: broken_history(
        run, tmp, "play", "-b", SMALL, "-n", "1"
    ),
    ("review", "nothing due"): lambda run, mp, tmp: run("review", "-b", SMALL),
    ("review", "the practice history cannot be used"): lambda run, mp, tmp: broken_history(
        run, tmp, "review", "-b", SMALL
    ),
    ("history", "shown"): lambda run, mp, tmp: run("history"),
    ("history", "`--clear` declined"): lambda run, mp, tmp: declined_clear(run),
    ("history", "`--yes` without `--clear`"): lambda run, mp, tmp: run("history", "--yes"),
    ("learn", "the bank has problems"): lambda run, mp, tmp: run("learn", "-b", broken_bank(tmp)),
    ("validate", "no problems"): lambda run, mp, tmp: run("validate", SMALL),
    ("validate", "problems found"): lambda run, mp, tmp: run("validate", broken_bank(tmp)),
    ("validate", "`--strict` shortfalls"): lambda run, mp, tmp: run("validate", "--strict", twenty_question_bank(tmp)),
    ("validate", "`--strict` on a seminar bank"): lambda run, mp, tmp: run("validate", "--strict", seminar_bank(tmp)),
    ("validate", "a path that does not exist"): lambda run, mp, tmp: run("validate", "nope.yaml"),
    ("list", "a tag no question has"): lambda run, mp, tmp: run("list", "-b", SMALL, "--tag", "sprot"),
    ("list", "no question matches"): lambda run, mp, tmp: run(
        "list", "-b", SMALL, "--tag", "sport", "--difficulty", "hard"
    ),
    ("report", "report shown"): lambda run, mp, tmp: run("report", good_results(tmp)),
    ("report", "a file skipped"): lambda run, mp, tmp: run("report", bad_results(tmp), good_results(tmp)),
    ("report", "no file could be used"): lambda run, mp, tmp: run("report", bad_results(tmp)),
    ("report", "no results file given"): lambda run, mp, tmp: run("report"),
    ("report", "a path that does not exist"): lambda run, mp, tmp: run("report", "nope.json", good_results(tmp)),
    ("report", "the output file exists"): lambda run, mp, tmp: run(
        "report", good_results(tmp), "--html", existing(tmp, "report.html")
    ),
    ("report", "an output is one of the results files read (with or without `--force`)"): lambda run, mp, tmp: run(
        "report", good_results(tmp), "--html", "ana.json", "--force"
    ),
    ("export", "the output file exists"): lambda run, mp, tmp: run(
        "export", "--format", "gift", "-o", existing(tmp, "out.txt")
    ),
    ("export", "the output is a link or a special file"): lambda run, mp, tmp: run(
        "export", "--format", "gift", "-o", linked(tmp, "out.txt"), "--force"
    ),
    ("export", "an output is one of the bank files read (with or without `--force`)"): lambda run, mp, tmp: run(
        "export", "-f", "markdown", "-b", small_bank(tmp), "-o", "w.md", "--answer-key", "bank.yaml", "--force"
    ),
    ("export", "an empty output name"): lambda run, mp, tmp: run("export", "--format", "gift", "-o", ""),
    ("export", "`--answer-key -`"): lambda run, mp, tmp: run(
        "export", "-f", "markdown", "-o", "w.md", "--answer-key", "-"
    ),
    ("import", "the CSV has problems"): lambda run, mp, tmp: run("import", csv_with_problem(tmp), "-o", "new.yaml"),
    ("import", "the output file exists"): lambda run, mp, tmp: run(
        "import", valid_csv(tmp), "-o", existing(tmp, "bank.yaml")
    ),
    ("import", "a `--title` a bank cannot have"): lambda run, mp, tmp: run(
        "import", valid_csv(tmp), "-o", "new.yaml", "--title", "\x1b[31mRed"
    ),
}


def test_every_documented_row_has_a_scenario_and_back() -> None:
    documented = {(command, situation) for command, situation, _, _ in documented_rows()}
    assert documented == set(SCENARIOS)


@pytest.mark.parametrize(("command", "situation", "code", "message"), documented_rows(), ids=lambda v: str(v)[:30])
def test_the_command_does_what_the_table_says(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, situation: str, code: int, message: str
) -> None:
    # The table shows messages for paths typed relative to the working folder ("bank.yaml:8: ...",
    # "out/r.json"), so the scenarios run from tmp_path and give relquiz those relative names.
    monkeypatch.chdir(tmp_path)
    result = SCENARIOS[(command, situation)](run, monkeypatch, tmp_path)
    assert result.exit_code == code, (result.stdout[-500:], result.stderr)
    if message:
        assert any(line.startswith(message) for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.output
    assert re.search(r"\x1b\[", result.stderr) is None
