"""Markdown export: a printable worksheet (numbered scenarios, an answer line each), then the key.

Bank text is escaped so that it prints as written: no character of it can start a heading,
a list, a link, emphasis or HTML.
"""

from __future__ import annotations

import re

from relquiz.distinctions import ANSWER_LABELS, DISTINCTIONS, INFO
from relquiz.model import Bank, Distinction

_INLINE = re.compile(r"[\\`*_\[\]<>#|~]")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\d+)(?=[.)])|^(?=[-+=])")


def escape(text: str) -> str:
    """Bank text as Markdown that renders to the same text."""
    text = _ENTITY.sub(r"\\&", _INLINE.sub(lambda match: "\\" + match.group(), text))
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(_LINE_START.sub(lambda match: (match.group(1) or "") + "\\", line) for line in lines)


def export_markdown(bank: Bank) -> str:
    names = ", ".join(info.label.lower() for info in DISTINCTIONS)
    parts = [f"# {escape(' '.join(bank.title.split()))}"]
    if bank.description:
        parts.append(escape(bank.description))
    if bank.support_note:
        parts.append(escape(bank.support_note))
    parts += [
        "Name: ______________________________ Date: ________________",
        "For each scenario, circle **Therapy relationship** or **Friendship**, then note which of the five "
        f"distinctions ({names}) decided your answer.",
    ]
    for number, question in enumerate(bank.questions, start=1):
        parts += [
            f"**{number}.** {escape(question.scenario)}",
            "**Answer:** Therapy relationship / Friendship",
            "**Because of:** ________________________________________________________",
        ]
    parts += ["---", "## Answer key"]
    for number, question in enumerate(bank.questions, start=1):
        parts.append(f"### {number}. {ANSWER_LABELS[question.answer]}")
        parts.append(f"*{escape(question.id)}, {question.difficulty.value}*")
        parts.append(
            "\n".join(
                f"- **{INFO[d].label}:** {escape(question.distinctions[d])}"
                for d in Distinction
                if d in question.distinctions
            )
        )
        if question.takeaway:
            parts.append(f"**Takeaway:** {escape(question.takeaway)}")
    return "\n\n".join(part for part in parts if part) + "\n"
