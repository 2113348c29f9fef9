"""JSON export: the bank as data, in the bank format's field names."""

from __future__ import annotations

import json

from relquiz.model import Bank


def export_json(bank: Bank) -> str:
    document = {
        "version": 1,
        "title": bank.title,
        "description": bank.description,
        "support_note": bank.support_note,
        "questions": [question.as_dict() for question in bank.questions],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
