"""GIFT export for Moodle and other LMSs: each question a two-choice question named by its id.

Every text is escaped (`~ = # { } :` and backslash) and kept on one line, line breaks written
as `\\n`, so no text can end a question or start a comment. Texts are marked `[plain]`: Moodle
then shows them as written, as relquiz does.
"""

from __future__ import annotations

import re

from relquiz.export.lms import STEM, choices, cited
from relquiz.model import Bank, Question
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
    """The scenario and the stem as the question text; each choice's short feedback after `#`;
    the explanation per distinction and the takeaway as the general feedback after `####`."""
    lines = []
    tags = " ".join(f"[tag:{tag}]" for tag in question.tags if not _TAG_UNSAFE.search(tag))
    if tags:
        lines.append(f"// {tags}")
    stem = escape(f"{question.scenario}\n\n{STEM}")
    lines.append(f"::{escape(question.id)}::[plain]{stem}{{")
    lines += [f"{'=' if choice.right else '~'}{choice.label}#{escape(choice.feedback)}" for choice in choices(question)]
    general = [f"{label}: {sentence}" for label, sentence in cited(question)]
    if question.takeaway:
        general.append(f"Takeaway: {question.takeaway}")
    lines += ["####" + escape("\n".join(general)), "}"]
    return "\n".join(lines) + "\n"
