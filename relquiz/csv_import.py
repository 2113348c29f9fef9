"""A teacher's CSV imported into a bank (`relquiz import`).

Every problem is found in one pass, by row; the YAML written is read back with relquiz's own bank
checker before anyone sees it, so an import can never produce a bank that does not load, or one
that loads with different text.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

from relquiz.bank.load import check_bank
from relquiz.bank.schema import ANSWERS, DIFFICULTIES, DISTINCTION_KEYS, MAX_TEXT_CHARS, match_choice
from relquiz.errors import Problem, ProblemsFound, RelquizError, UsageError, quote, suggest
from relquiz.export.bank_yaml import QUESTION_START, bank_yaml
from relquiz.export.sheet import COLUMNS, TAG_SEPARATOR
from relquiz.model import Answer, Bank, Difficulty, Distinction, Question
from relquiz.safety import UNSAFE_CHARACTER, clean
from relquiz.spreadsheet import Table, column_letter, read_table, restore_cell

REQUIRED_COLUMNS = ("scenario", "answer")
ID_WORDS = 4  # enough to tell scenarios apart at a glance, short enough to type
MAX_ID_CHARS = 40
_Report = Callable[[str], None]


class ImportInvalid(ProblemsFound):
    """The CSV has problems; nothing was written."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        hint = "nothing was written. Fix the rows in the spreadsheet, save as CSV UTF-8 and import again."
        super().__init__(problems, str(path), hint)


def import_csv(path: Path, title: str) -> tuple[str, int]:
    """The YAML of the bank a teacher's CSV describes, and how many questions it holds; raises
    ImportInvalid listing every problem.

    `title` is `bank_title`'s, worked out by the caller first: a bad --title writes nothing.
    """
    questions, problems = read_questions(read_table(path))
    bank = Bank(title=title, questions=tuple(questions), sha256="")
    text = bank_yaml(bank)
    if questions:
        problems += _check_written(text, bank, path)
    if problems:
        raise ImportInvalid(path, sorted(set(problems)))
    return text, len(questions)


def bank_title(path: Path, title: str | None) -> str:
    """The imported bank's title: --title, else the CSV file's name without its extension and
    without what a file name may hold but a bank cannot (control codes, bytes that are not UTF-8);
    spaces and line breaks made single spaces. A --title the bank checker would refuse is a
    UsageError about --title, not a problem in the CSV."""
    if title is None:
        title = " ".join(clean(path.stem).split())
        if not title:
            raise UsageError("the CSV file's name gives no title; give one with --title")
        return title
    title = " ".join(title.split())
    if not title:
        raise UsageError("--title is empty; give the bank a title")
    unsafe = UNSAFE_CHARACTER.search(title)
    if unsafe:
        code = f"U+{ord(unsafe.group()):04X}"
        raise UsageError(f"--title contains the control or direction character {code}; remove it")
    if len(title) > MAX_TEXT_CHARS:
        raise UsageError(f"--title is {len(title):,} characters long; keep it under {MAX_TEXT_CHARS:,}")
    return title


def _check_written(text: str, bank: Bank, path: Path) -> list[Problem]:
    """Problems the bank checker finds in the YAML, each at the row its question came from."""
    with tempfile.TemporaryDirectory(prefix="relquiz-import-") as folder:
        written = Path(folder) / "bank.yaml"
        written.write_text(text, encoding="utf-8")
        loaded, problems = check_bank([written])
    if problems:
        starts = [n for n, line in enumerate(text.split("\n"), start=1) if line.startswith(QUESTION_START)]
        rows = [question.line for question in bank.questions]

        def row(line: int) -> int:
            before = [index for index, start in enumerate(starts) if start <= line]
            return rows[before[-1]] if before else 1

        return [Problem(str(path), row(problem.line), problem.message) for problem in problems]
    if (
        loaded is None
        or loaded.title != bank.title
        or [q.as_dict() for q in loaded.questions] != [q.as_dict() for q in bank.questions]
    ):
        raise RelquizError(
            f"internal error: the bank written from {path} does not read back the same; please report it"
        )
    return []


def read_questions(table: Table) -> tuple[list[Question], list[Problem]]:
    """The questions of a CSV table and every problem found in it; empty rows are skipped.

    The questions are those complete enough to be checked further, with or without problems:
    use them as a bank only when there are no problems.
    """
    problems = list(table.problems)
    columns = _columns(table, problems)
    questions: list[Question] = []
    first_row: dict[str, int] = {}
    filled = [(number, cells) for number, cells in table.rows if any(cell.strip() for cell in cells)]
    rows = [(number, cells, _values(cells, columns)) for number, cells in filled]
    taken = {values["id"] for _, _, values in rows if values.get("id")}
    numbers: dict[str, int] = {}  # the next -N to try for each made id
    for number, cells, values in rows:

        def problem(message: str, number: int = number) -> None:
            problems.append(Problem(table.path, number, message))

        extra = [cell for cell in cells[len(table.header) :] if cell.strip()]
        if extra:
            problem(
                f"{len(cells)} cells but the header row names {len(table.header)} columns (extra value"
                f" {quote(extra[0])}); a cell holding {table.separator!r} must be in quotes"
            )
        question_id = values.get("id") or (
            id_from(values["scenario"], taken, numbers) if values.get("scenario") else ""
        )
        for name in REQUIRED_COLUMNS:
            if name in columns and not values.get(name):
                problem(f"the {name} is missing" + ("; write therapy or friendship" if name == "answer" else ""))
        answer = _choice(_spelled_out(values.get("answer", "")), "answer", ANSWERS, problem)
        difficulty = _choice(values.get("difficulty", ""), "difficulty", DIFFICULTIES, problem) or "medium"
        tags = tuple(tag.strip() for tag in values.get("tags", "").split(TAG_SEPARATOR) if tag.strip())
        for tag in tags:
            if "," in tag:
                problem(f"the tag {quote(tag)} holds a comma; separate tags with ';'")
        distinctions = {Distinction(key): values[key] for key in DISTINCTION_KEYS if values.get(key)}
        if not distinctions and any(key in columns for key in DISTINCTION_KEYS):
            problem("no distinction is explained; fill at least one of the columns " + ", ".join(DISTINCTION_KEYS))
        duplicate = question_id in first_row
        if duplicate:
            problem(f"duplicate id {quote(question_id)} (first used in row {first_row[question_id]})")
        elif question_id:
            first_row[question_id] = number
        # A row with other problems still goes to the bank checker, so its problems come in this pass too.
        if question_id and not duplicate and values.get("scenario") and answer and distinctions:
            questions.append(
                Question(
                    id=question_id,
                    scenario=values["scenario"],
                    answer=Answer(answer),
                    distinctions=distinctions,
                    difficulty=Difficulty(difficulty),
                    tags=tags,
                    takeaway=values.get("takeaway") or None,
                    source=table.path,
                    line=number,
                )
            )
    if columns and not filled and not table.problems:
        problems.append(Problem(table.path, 1, "no questions: the header row is not followed by any question row"))
    return questions, problems


def _values(cells: list[str], columns: dict[str, int]) -> dict[str, str]:
    """A row's cells by column name: line breaks made \\n, the quote guarding a formula removed."""
    return {
        name: restore_cell(cells[index].replace("\r\n", "\n").replace("\r", "\n").strip())
        for name, index in columns.items()
        if index < len(cells)
    }


def id_from(scenario: str, taken: set[str], numbers: dict[str, int] | None = None) -> str:
    """An id for a row without one, from the scenario's first words ('ana-meets-a-counsellor'),
    told apart by -2, -3 ... from every id in `taken`, which it joins; `numbers` keeps, across
    the rows, the next -N to try for each id, so a thousand rows making one id take no longer
    than a thousand different ones.

    Accents are dropped and other letters left out, so the id is ASCII like the bundled ones;
    a scenario with no Latin letter or digit gives 'question'. With its -N, it is at most 40
    characters long.
    """
    plain = unicodedata.normalize("NFKD", scenario).encode("ascii", "ignore").decode().lower()
    base = _cut("-".join(re.findall(r"[a-z0-9]+", plain)[:ID_WORDS]), MAX_ID_CHARS) or "question"
    numbers = {} if numbers is None else numbers
    number = numbers.get(base, 1)
    made = base if number == 1 else _numbered(base, number)
    while made in taken:
        number += 1
        made = _numbered(base, number)
    numbers[base] = number + 1
    taken.add(made)
    return made


def _numbered(base: str, number: int) -> str:
    suffix = f"-{number}"
    return _cut(base, MAX_ID_CHARS - len(suffix)) + suffix


def _cut(words: str, limit: int) -> str:
    """Hyphenated words cut to at most `limit` characters: whole words, unless the first alone is too long."""
    if len(words) <= limit:
        return words
    return words[: limit + 1].rsplit("-", 1)[0][:limit]


def _spelled_out(answer: str) -> str:
    """A spreadsheet's shorthand for an answer, 'T' or 'f', as the word (case is already ignored)."""
    return {"t": "therapy", "f": "friendship"}.get(answer.strip().lower(), answer)


def _choice(value: str, name: str, options: tuple[str, ...], problem: _Report) -> str | None:
    """One of `options`, matched as the bank checker matches it."""
    if not value:
        return None
    word, message = match_choice(value, name, options)
    if message is not None:
        problem(message)
    return word


def _columns(table: Table, problems: list[Problem]) -> dict[str, int]:
    """The known columns by name (case and surrounding spaces ignored), reporting bad headers."""
    columns: dict[str, int] = {}

    def problem(message: str) -> None:
        problems.append(Problem(table.path, 1, message))

    if not any(cell.strip() for cell in table.header):
        if not table.problems:
            problem("the first row is empty; it must name the columns: " + ", ".join(COLUMNS))
        return columns
    for index, cell in enumerate(table.header):
        name = cell.strip().lower()
        letter = column_letter(index)
        if not name:
            used = next((number for number, cells in table.rows if index < len(cells) and cells[index].strip()), None)
            if used is not None:
                problem(f"column {letter}: no name in the header row, but it holds values (row {used}); name it")
        elif name in columns:
            problem(
                f"column {letter}: {quote(name)} again (first in column {column_letter(columns[name])}); keep one of them"
            )
        elif name not in COLUMNS:
            problem(
                f"column {letter}: unknown column {quote(cell.strip())}{suggest(name, COLUMNS)}; rename or delete it"
                " (the columns are " + ", ".join(COLUMNS) + ")"
            )
        else:
            columns[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            problem(f"the header row has no column {name!r}; it needs at least: scenario, answer")
    if not any(key in columns for key in DISTINCTION_KEYS):
        problem("the header row has no distinction column; add at least one of: " + ", ".join(DISTINCTION_KEYS))
    return columns
