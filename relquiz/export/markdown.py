"""Markdown export: a printable worksheet (numbered scenarios, an answer line each) and, apart, its
answer key, so the key goes only to whoever asks for it.

Bank text is data: it is escaped so that it prints as written both in CommonMark and in pandoc's
Markdown, whose extensions read far more into plain text (letter and roman-numeral lists, `$`
maths, `^` superscripts, `~` subscripts, `@` citations, `:` definition lists and `:::` divs,
`{...}` attributes). Pandoc's smart typography (curly quotes, dashes, ellipses) is left on.
"""

from __future__ import annotations

import re

from relquiz.distinctions import ANSWER_LABELS, DEFAULT_SUPPORT_NOTE, DISTINCTIONS, INFO
from relquiz.model import Bank, Distinction

# Characters with a meaning anywhere in a line, in CommonMark or in pandoc's default extensions.
_INLINE = re.compile(r"[\\`*_\[\]<>#|~$^@{}]")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# At the start of a line: a list marker's delimiter (`1.`, `a)`, `iv.`, `(b)`), or a character that
# opens a list, a rule, a setext underline, a definition or a div.
_LIST_MARKER = re.compile(r"^(\(?(?:\d+|[A-Za-z]|[IVXLCDMivxlcdm]+))(?=[.)])")
_BLOCK_START = re.compile(r"^(?=[-+=:])")


def escape(text: str) -> str:
    """Bank text as Markdown that renders to the same text. Lines are stripped: leading spaces
    would make code blocks, trailing ones line breaks."""
    text = _ENTITY.sub(r"\\&", _INLINE.sub(lambda match: "\\" + match.group(), text))
    lines = (_BLOCK_START.sub("\\\\", _LIST_MARKER.sub(r"\1\\", line.strip())) for line in text.split("\n"))
    return "\n".join(lines)


def export_markdown(bank: Bank) -> str:
    """The worksheet: the scenarios to answer, without ids (an id can give the answer away)."""
    names = ", ".join(info.label.lower() for info in DISTINCTIONS)
    parts = [f"# {escape(' '.join(bank.title.split()))}"]
    if bank.description:
        parts.append(escape(bank.description))
    parts.append(escape(bank.support_note or DEFAULT_SUPPORT_NOTE))  # a handout on mental health says where help is
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
    return _document(parts)


def answer_key(bank: Bank) -> str:
    """The key to the worksheet of the same bank: per number, the answer, the question's id and
    difficulty, the explanation of each cited distinction, and the takeaway."""
    parts = [f"# Answer key: {escape(' '.join(bank.title.split()))}"]
    for number, question in enumerate(bank.questions, start=1):
        parts.append(f"## {number}. {ANSWER_LABELS[question.answer]}")
        parts.append(f"*{escape(question.id)}, {question.difficulty.value}*")
        parts.append(
            "\n".join(
                f"- **{INFO[d].label}:** {_in_item(escape(question.distinctions[d]))}"
                for d in Distinction
                if d in question.distinctions
            )
        )
        if question.takeaway:
            parts.append(f"**Takeaway:** {escape(question.takeaway)}")
    return _document(parts)


def _in_item(text: str) -> str:
    """Text continued inside a `- ` list item: its further lines indented, so a blank line in it
    cannot end the list."""
    first, *rest = text.split("\n")
    return "\n".join([first, *("  " + line if line else line for line in rest)])


def _document(parts: list[str]) -> str:
    return "\n\n".join(part for part in parts if part) + "\n"
