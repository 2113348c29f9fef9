"""Moodle XML export: well-formed XML in the layout Moodle's importer reads (question/format/xml),
one single-answer multiple choice per question with exactly one right answer, and bank text that
is always text: HTML-escaped, safe in CDATA, without what XML 1.0 cannot hold."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from helpers import BANKS, BankWriter, Runner

from relquiz.bank.load import load_bank
from relquiz.distinctions import ANSWER_LABELS, ANSWER_NAMES, INFO
from relquiz.export import Format, export_bank
from relquiz.export.lms import STEM
from relquiz.model import Answer, Distinction

# The children of a question, in the order Moodle's own export writes them.
FIELDS = [
    "name",
    "questiontext",
    "generalfeedback",
    "defaultgrade",
    "penalty",
    "hidden",
    "single",
    "shuffleanswers",
    "answernumbering",
    "showstandardinstruction",
    "answer",
    "answer",
]
LAYOUT_TAGS = {"p", "strong", "br", "ul", "li"}


def parse(text: str) -> ElementTree.Element:
    root = ElementTree.fromstring(text.encode("utf-8"))
    assert root.tag == "quiz"
    return root


def html_of(element: ElementTree.Element | None, name: str) -> str:
    """The HTML in an element's <text>, checked to be HTML that only relquiz's layout made."""
    assert element is not None
    field = element.find(name)
    assert field is not None and field.get("format") == "html"
    content = field.findtext("text")
    assert content is not None
    assert set(re.findall(r"<(\w+)", content)) <= LAYOUT_TAGS, content
    return content


def shown(content: str) -> str:
    """What a browser shows of the HTML, line breaks as \\n."""
    return html.unescape(re.sub(r"<[^>]+>", "", content.replace("<br>", "\n")))


@pytest.mark.parametrize("name", ["bundled", "hostile", "small"])
def test_each_question_is_a_two_answer_multichoice_moodle_reads(name: str) -> None:
    source = load_bank([BANKS[name]])
    root = parse(export_bank(source, Format.MOODLE_XML))
    questions = root.findall("question")
    assert len(root) == len(questions) == len(source.questions)
    for element, question in zip(questions, source.questions, strict=True):
        assert element.get("type") == "multichoice"
        tags = [child.tag for child in element]
        assert tags == ([*FIELDS, "tags"] if question.tags else FIELDS)
        assert element.findtext("name/text") == question.id
        assert shown(html_of(element, "questiontext")) == question.scenario + STEM
        assert f"<p><strong>{STEM}</strong></p>" in html_of(element, "questiontext")
        settings = {tag: element.findtext(tag) for tag in FIELDS[3:10]}
        assert settings == {
            "defaultgrade": "1",
            "penalty": "1",
            "hidden": "0",
            "single": "true",
            "shuffleanswers": "false",
            "answernumbering": "none",
            "showstandardinstruction": "0",
        }
        answers = element.findall("answer")
        assert [answer.findtext("text") for answer in answers] == [ANSWER_LABELS[a] for a in Answer]
        fractions = [answer.get("fraction", "") for answer in answers]
        assert sorted(fractions) == ["0", "100"]
        right = answers[fractions.index("100")]
        assert right.findtext("text") == ANSWER_LABELS[question.answer]
        verdict = f"this is {ANSWER_NAMES[question.answer]}."
        other = Answer.FRIENDSHIP if question.answer is Answer.THERAPY else Answer.THERAPY
        assert [shown(html_of(answer, "feedback")) for answer in answers] == [
            f"Right: {verdict}" if answer is question.answer else f"Not {ANSWER_NAMES[other]}: {verdict}"
            for answer in Answer
        ]
        assert [tag.findtext("text") for tag in element.findall("tags/tag")] == list(question.tags)


@pytest.mark.parametrize("name", ["bundled", "hostile"])
def test_general_feedback_lists_each_cited_distinction_then_the_takeaway(name: str) -> None:
    source = load_bank([BANKS[name]])
    for element, question in zip(parse(export_bank(source, Format.MOODLE_XML)), source.questions, strict=True):
        feedback = html_of(element, "generalfeedback")
        items = re.findall(r"<li>(.*?)</li>", feedback, flags=re.S)
        cited = [d for d in Distinction if d in question.distinctions]
        assert [shown(item) for item in items] == [f"{INFO[d].label}: {question.distinctions[d]}" for d in cited]
        assert all(item.startswith(f"<strong>{INFO[d].label}:</strong> ") for item, d in zip(items, cited, strict=True))
        takeaway = re.findall(r"<p><strong>Takeaway:</strong> (.*?)</p>", feedback, flags=re.S)
        assert [shown(text) for text in takeaway] == ([question.takeaway] if question.takeaway else [])


def test_bank_text_is_data_even_where_it_looks_like_markup_or_ends_cdata(write_bank: BankWriter) -> None:
    """`]]>` would end a CDATA section early, `<b>` would be bold, U+FFFE is not XML at all."""
    path = write_bank(
        """
        title: T
        questions:
          - id: "a<b>&c"
            scenario: "Ends CDATA ]]> here, <b>bold</b>, <script>x</script> &amp; \\uFFFE gone"
            answer: friendship
            tags: ["<tag>&"]
            distinctions: {boundaries: "]]><p>not a paragraph</p>"}
            takeaway: "line one\\nline two"
        """
    )
    text = export_bank(load_bank([path]), Format.MOODLE_XML)
    assert "\ufffe" not in text and "]]> here" not in text
    [element] = parse(text)
    assert element.findtext("name/text") == "a<b>&c"
    assert shown(html_of(element, "questiontext")) == (
        "Ends CDATA ]]> here, <b>bold</b>, <script>x</script> &amp;  gone" + STEM
    )
    feedback = html_of(element, "generalfeedback")
    assert shown(feedback) == "Boundaries: ]]><p>not a paragraph</p>Takeaway: line one\nline two"
    assert element.findtext("tags/tag/text") == "<tag>&"


def test_export_writes_moodle_xml_to_a_file(run: Runner, tmp_path: Path) -> None:
    out = tmp_path / "week3.xml"
    result = run("export", "-f", "moodle-xml", "-b", str(BANKS["small"]), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote 4 questions as moodle-xml to {out}.\n"
    assert out.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
    assert len(parse(out.read_text(encoding="utf-8"))) == 4
