"""Moodle XML export: each question a single-answer multiple choice with two answers, its
explanation as formatted general feedback, and the bank's tags as Moodle tags.

Written by hand rather than with ElementTree, which cannot write the CDATA sections Moodle's own
export uses for HTML. Bank text is data: it is HTML-escaped before it is put in HTML, which also
keeps it safe in CDATA (`>` escaped, it cannot end the section with `]]>`), and characters XML 1.0
cannot hold are removed (the bank checker already refuses control characters, so only
non-characters such as U+FFFE get this far).
"""

from __future__ import annotations

import html
import re

from relquiz.export.lms import STEM, choices, cited
from relquiz.model import Bank, Question

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def export_moodle_xml(bank: Bank) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    for question in bank.questions:
        lines += moodle_question(question)
    return "\n".join([*lines, "</quiz>"]) + "\n"


def moodle_question(question: Question) -> list[str]:
    """The elements Moodle's XML import reads for a multichoice question, in the order its export
    writes them. With two choices a second try is a giveaway, so a wrong answer costs the whole
    mark (penalty 1); the answers keep relquiz's order, therapy first, unnumbered, and the stem
    says what to choose, so Moodle's "Select one:" is left out."""
    items = "".join(f"<li><strong>{label}:</strong> {_html(text)}</li>" for label, text in cited(question))
    general = f"<ul>{items}</ul>"
    if question.takeaway:
        general += f"<p><strong>Takeaway:</strong> {_html(question.takeaway)}</p>"
    lines = [
        '  <question type="multichoice">',
        f"    <name><text>{_escaped(question.id)}</text></name>",
        _html_field("questiontext", f"<p>{_html(question.scenario)}</p><p><strong>{STEM}</strong></p>", 4),
        _html_field("generalfeedback", general, 4),
        "    <defaultgrade>1</defaultgrade>",
        "    <penalty>1</penalty>",
        "    <hidden>0</hidden>",
        "    <single>true</single>",
        "    <shuffleanswers>false</shuffleanswers>",
        "    <answernumbering>none</answernumbering>",
        "    <showstandardinstruction>0</showstandardinstruction>",
    ]
    for choice in choices(question):
        lines += [
            f'    <answer fraction="{100 if choice.right else 0}" format="html">',
            f"      {_text(choice.label)}",
            _html_field("feedback", choice.feedback, 6),
            "    </answer>",
        ]
    if question.tags:
        tags = (f"      <tag><text>{_escaped(tag)}</text></tag>" for tag in question.tags)
        lines += ["    <tags>", *tags, "    </tags>"]
    return [*lines, "  </question>"]


def _html_field(name: str, content: str, indent: int) -> str:
    return f'{" " * indent}<{name} format="html">{_text(content)}</{name}>'


def _text(content: str) -> str:
    """HTML in a CDATA section, as Moodle writes it: readable, and no second escaping."""
    return f"<text><![CDATA[{content}]]></text>"


def _html(text: str) -> str:
    """Bank text as HTML that shows it as written, line breaks kept."""
    return _escaped(text).replace("\n", "<br>")


def _escaped(text: str) -> str:
    """Text as the content of an XML or HTML element: `& < >` escaped, what XML cannot hold removed."""
    return html.escape(_NOT_XML.sub("", text), quote=False)
