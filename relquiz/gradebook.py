"""The class report as a gradebook: one row per student, one column per question, as CSV."""

from __future__ import annotations

import csv
import io

from relquiz.report import ClassReport
from relquiz.safety import clean, printable
from relquiz.spreadsheet import safe_cell
from relquiz.words import rounded


def student_matrix_csv(report: ClassReport) -> str:
    """The gradebook table as CSV text (with a BOM, so spreadsheets read accents), every cell
    cleaned of control codes and safe from formula injection."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[safe_cell(clean(cell)) for cell in row] for row in student_matrix(report)])
    return "\ufeff" + buffer.getvalue()


def student_matrix(report: ClassReport) -> list[list[str]]:
    """Rows for a gradebook: one per results file, one column per question (1 right, 0 wrong,
    empty not asked). With several banks, question columns carry the bank's short digest, so
    answers to different banks never share a column."""
    several = len(report.banks) > 1
    columns = [(bank, item.id) for bank in report.banks for item in bank.items]
    names = [f"{qid} [{bank.sha256[:8]}]" if several else qid for bank, qid in columns]
    header = ["student", "file", "bank", "correct", "answered", "total", "percent", "completed", "late", *names]
    rows = [header]
    for bank in report.banks:
        for student in bank.students:
            answers = {qid: "1" if right else "0" for qid, right in student.answers}
            cells = [answers.get(qid, "") if owner is bank else "" for owner, qid in columns]
            rows.append(
                [
                    student.name,
                    printable(student.source),  # escaped like every file name: never another name
                    f"{bank.title} [{bank.sha256[:8]}]" if several else bank.title,
                    str(student.correct),
                    str(student.answered),
                    str(student.total),
                    f"{rounded(student.percent)}",
                    "yes" if student.completed else "no",
                    str(student.late),
                    *cells,
                ]
            )
    return rows
