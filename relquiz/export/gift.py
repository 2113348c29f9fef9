"""GIFT export for Moodle and other LMSs: each question a two-choice question named by its id.

Every text is escaped (`~ = # { } :` and backslash) and kept on one line, line breaks written
as `\\n`, so no text can end a question or start a comment. Texts are marked `[plain]`: Moodle
then shows them as written, as relquiz does.
"""

from __future__ import annotations

import re

from relquiz.distinctions import ANSWER_LABELS, ANSWER_NAMES, INFO
from relquiz.model import Answer, Bank, Distinction, Question
from relquiz.words import counted

_SPECIAL = re.compile(r"[\\~=#{}:]")
# Moodle and gift-pegjs read `[tag:...]` in a comment line; these characters would end or break it.
_TAG_UNSAFE = re.compile(r"[\[\]\x00-\x1f\x7f]")


def escape(text: str) -> str:
    """Text for any place in a GIFT file: special characters escaped, line breaks as \\n."""
    return _SPECIAL.sub(lambda match: "\\" + match.group(), text).replace("\n", "\\n")


def export_gift(bank: Bank) -> str:
    title = " ".join(bank.title.replace("[", "(").replace("]", ")").split())
    count = len(bank.questions)
    header = f"// {title} - {counted(count, 'question')} exported by relquiz in GIFT format\n"
    return header + "".join("\n" + gift_question(question) for question in bank.questions)


def gift_question(question: Question) -> str:
    right = question.answer
    wrong = Answer.FRIENDSHIP if right is Answer.THERAPY else Answer.THERAPY
    explained = "\n".join(
        f"{INFO[d].label}: {question.distinctions[d]}" for d in Distinction if d in question.distinctions
    )
    lines = []
    tags = " ".join(f"[tag:{tag}]" for tag in question.tags if not _TAG_UNSAFE.search(tag))
    if tags:
        lines.append(f"// {tags}")
    verdict = f"this is {ANSWER_NAMES[right]}.\n{explained}"
    lines += [
        f"::{escape(question.id)}::[plain]{escape(question.scenario)}{{",
        f"={ANSWER_LABELS[right]}#{escape('Right: ' + verdict)}",
        f"~{ANSWER_LABELS[wrong]}#{escape(f'Not {ANSWER_NAMES[wrong]}: ' + verdict)}",
    ]
    if question.takeaway:
        lines.append(f"####{escape('Takeaway: ' + question.takeaway)}")
    lines.append("}")
    return "\n".join(lines) + "\n"
