"""CSV export: one row per question, the columns `relquiz import` reads, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from relquiz.errors import UsageError, quote
from relquiz.model import Bank, Distinction, Question
from relquiz.spreadsheet import safe_cell

TAG_SEPARATOR = ";"
COLUMNS = ("id", "scenario", "answer", "difficulty", "tags", *(d.value for d in Distinction), "takeaway")
# The BOM makes Excel read the file as UTF-8; other spreadsheets and `relquiz import` accept it.
BOM = "\ufeff"


def export_csv(bank: Bank) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for question in bank.questions:
        writer.writerow([safe_cell(cell) for cell in question_cells(question)])
    return BOM + buffer.getvalue()


def question_cells(question: Question) -> list[str]:
    """The question's row, in the order of COLUMNS."""
    for tag in question.tags:
        if TAG_SEPARATOR in tag or "," in tag:
            raise UsageError(
                f"the tag {quote(tag)} of question {quote(question.id)} holds ';' or ',', which separate tags"
                " in a CSV; rename the tag to export this bank as CSV"
            )
    return [
        question.id,
        question.scenario,
        question.answer.value,
        question.difficulty.value,
        TAG_SEPARATOR.join(question.tags),
        *(question.distinctions.get(distinction, "") for distinction in Distinction),
        question.takeaway or "",
    ]
