"""The class report as plain data, for `relquiz report --json` and scripts."""

from __future__ import annotations

from relquiz.item_stats import Reliability, WhyMatrix
from relquiz.report import BankReport, ClassReport


def report_as_data(report: ClassReport) -> dict[str, object]:
    return {
        "banks": [_bank(bank) for bank in report.banks],
        "skipped": [{"file": path, "reason": reason} for path, reason in report.skipped],
        "warnings": list(report.warnings),
    }


def _bank(bank: BankReport) -> dict[str, object]:
    return {
        "title": bank.title,
        "sha256": bank.sha256,
        "versions": list(bank.versions),
        "seeds": list(bank.seeds),
        "notes": list(bank.notes),
        "tentative": bank.tentative,
        "students": [
            {
                "name": s.name,
                "file": s.source,
                "correct": s.correct,
                "answered": s.answered,
                "total": s.total,
                "percent": round(s.percent, 1),
                "completed": s.completed,
                "late": s.late,
                "seconds": _rounded(s.seconds, 1),
            }
            for s in bank.students
        ],
        "questions": [
            {
                "id": item.id,
                "answered": item.answered,
                "facility": round(item.facility, 3),
                "first_vote_facility": _rounded(item.first_facility),
                "discrimination": _rounded(item.discrimination),
                "flags": list(item.flags),
            }
            for item in bank.items
        ],
        "distinctions": [
            {
                "distinction": row.tally.distinction.value,
                "correct": row.tally.correct,
                "answered": row.tally.cited,
                "accuracy": _rounded(row.tally.accuracy),
                "most_missed": [{"id": qid, "misses": n} for qid, n in row.most_missed],
            }
            for row in bank.distinctions
        ],
        "reliability": _reliability(bank.reliability),
        "why_when_wrong": None if bank.why is None else _why(bank.why),
    }


def _reliability(figures: Reliability) -> dict[str, object]:
    return {
        "questions": figures.questions,
        "students": figures.students,
        "alpha": _rounded(figures.alpha),
        "error_ratio": _rounded(figures.error_ratio),
        "standard_error": _rounded(figures.standard_error),
        "not_shown_because": figures.reason or None,
    }


def _why(matrix: WhyMatrix) -> dict[str, object]:
    return {
        "answers": matrix.answers,
        "cited": {
            row.value: {"wrong": matrix.cited[row], "named": {d.value: n for d, n in matrix.named[row].items()}}
            for row in matrix.cited
        },
    }


def _rounded(value: float | None, places: int = 3) -> float | None:
    return None if value is None else round(value, places)
