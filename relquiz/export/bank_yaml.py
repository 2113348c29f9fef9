"""A bank written as YAML a person can read and edit (what `relquiz import` writes).

The YAML is written by hand rather than by a YAML library so that it looks like the banks in
docs/bank-format.md: fields in the documented order, long text in `>-` blocks wrapped to fit.
relquiz.csv_import reads whatever is written back with the bank checker before anyone sees it.
"""

from __future__ import annotations

import re

from relquiz.bank.schema import QUESTION_FIELDS
from relquiz.model import Bank, Distinction

WIDTH = 88
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._()/'-]*")
# Plain words YAML 1.1 reads as true/false or nothing.
_NOT_TEXT = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
# Characters written as escapes: outside YAML's printable set, or read by YAML as line breaks.
_ESCAPED = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}
# A line of a block that starts like a bank field is taken for a mis-indented field by the checker.
_FIELD_LIKE = re.compile(rf"-?\s*({'|'.join(QUESTION_FIELDS)}):(\s|$)")
QUESTION_START = "  - id: "


def bank_yaml(bank: Bank) -> str:
    """The bank as one YAML file in bank format version 1."""
    lines = ["version: 1", f"title: {scalar(bank.title)}"]
    for name, value in (("description", bank.description), ("support_note", bank.support_note)):
        if value:
            lines += text_field(name, value, 0)
    lines.append("questions:")
    for number, question in enumerate(bank.questions):
        if number:
            lines.append("")
        lines.append(QUESTION_START + scalar(question.id))
        lines += text_field("scenario", question.scenario, 4)
        lines.append(f"    answer: {question.answer.value}")
        lines.append(f"    difficulty: {question.difficulty.value}")
        if question.tags:
            lines.append(f"    tags: [{', '.join(scalar(tag) for tag in question.tags)}]")
        lines.append("    distinctions:")
        for distinction in Distinction:
            if distinction in question.distinctions:
                lines += text_field(distinction.value, question.distinctions[distinction], 6)
        if question.takeaway:
            lines += text_field("takeaway", question.takeaway, 4)
    return "\n".join(lines) + "\n"


def scalar(text: str) -> str:
    """A short value on one line: plain when YAML reads it back as this very text, else quoted."""
    if _PLAIN.fullmatch(text) and text == text.rstrip() and text.lower() not in _NOT_TEXT:
        return text
    return '"' + _ESCAPED.sub(_escape, "".join(_ESCAPES.get(c, c) for c in text)) + '"'


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def text_field(name: str, text: str, indent: int) -> list[str]:
    """`name: >-` with the text folded to the width, `|-` for text with line breaks, or one
    quoted line for text that neither block can hold exactly."""
    pad = " " * indent
    body = pad + "  "
    folded = _folded(text, WIDTH - len(body))
    if folded is not None:
        return [f"{pad}{name}: >-", *(body + line for line in folded)]
    lines = text.split("\n")
    literal = not _ESCAPED.search(text) and "\t" not in text
    if literal and all(line == line.strip() and not _FIELD_LIKE.match(line) for line in lines):
        return [f"{pad}{name}: |-", *(body + line if line else "" for line in lines)]
    return [f"{pad}{name}: {scalar(text)}"]


def _folded(text: str, width: int) -> list[str] | None:
    """The text as the lines of a folded block, or None if folding would change it.

    Folding turns each line break into one space, so lines may only break at a single space
    between words, and no line may start with white space or look like a field.
    """
    words = text.split(" ")
    if _ESCAPED.search(text) or "\n" in text or "\t" in text or "" in words or _FIELD_LIKE.match(text):
        return None
    lines = [words[0]]
    for index, word in enumerate(words[1:], start=1):
        if len(lines[-1]) + 1 + len(word) > width and not _FIELD_LIKE.match(" ".join(words[index:])):
            lines.append(word)
        else:
            lines[-1] += " " + word
    return lines
