"""The Markdown worksheet and its answer key: bank text stays plain text through pandoc, whose
Markdown reads far more into text than CommonMark does, and the key goes to its own file only when
asked for, claimed like any output."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import BANKS, Runner

from relquiz.bank.load import load_bank
from relquiz.distinctions import ANSWER_LABELS, INFO
from relquiz.export import Format, export_bank
from relquiz.export.markdown import answer_key
from relquiz.model import Answer, Bank, Distinction, Question

# Each line of text that pandoc's Markdown (or CommonMark) would turn into something else.
TRAPS = (
    "a) a letter list",
    "iv. a roman numeral list",
    "(@) an example list, (b) another",
    "A.  a capital letter list",
    "# a heading",
    "maths $x^2$ in dollars, $$y$$ in pairs",
    "2^10^ as a superscript",
    "H~2~O as a subscript, ~~struck~~",
    "@doe99 says so, as [@doe99, p. 3] does",
    "Term\n: a definition",
    "Term\n~ another definition",
    "::: a div\ninside\n:::",
    "<b>bold</b> raw HTML, <!-- a comment -->",
    "&amp; an entity, &#169; another",
    "[link](x), ![image](y.png), <http://example.com>",
    "*em*, **strong**, _under_, `code`",
    "| a | table |\n|---|---|\n| 1 | 2 |",
    "trailing two spaces  \nthen a new line",
    "a backslash \\ and one at the end \\",
    "{.class} attributes, [span]{.x}, `x`{=html}",
    "- a bullet\n+ another\n1. numbered\n(2) parenthesised\n#. auto",
    "> a quote",
    "---\ntitle: metadata\n...",
    "a footnote[^1] and ^[an inline one]\n[^1]: the note",
    "Setext\n===",
    "\\newpage raw TeX \\emph{x}",
    "% a title block line",
    "    four spaces of code",
    "attributes that end a heading {#id .class}",  # last, so the title ends with them
)
ALLOWED_TAGS = {"h1", "h2", "p", "strong", "em", "ul", "li"}
# pandoc's smart typography: the same words with curly quotes, dashes and ellipses.
TYPOGRAPHY = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "--", "\u2014": "---", "\u2026": "..."}
)


def trap_bank() -> Bank:
    """Every trap in every place bank text goes: after the worksheet's own words on a line, at the
    start of a line, and as a paragraph of its own (the description and the support note)."""
    questions = tuple(
        Question(
            id=f"trap-{number}",
            scenario=f"{trap}\n{trap}",
            answer=Answer.THERAPY if number % 2 else Answer.FRIENDSHIP,
            distinctions={Distinction.PURPOSE: f"{trap}\n{trap}", Distinction.DURATION: f"Ends:\n{trap}"},
            takeaway=f"{trap}\n{trap}",
        )
        for number, trap in enumerate(TRAPS, start=1)
    )
    title = " ".join(" ".join(TRAPS).split())
    return Bank(title, questions, "", description="\n".join(TRAPS), support_note="\n\n".join(TRAPS))


def words(text: str) -> str:
    return " ".join(text.translate(TYPOGRAPHY).split())


def pandoc(markdown: str, to: str) -> str:
    """The Markdown converted by pandoc; skips when pandoc is missing, unless
    RELQUIZ_PANDOC_REQUIRED=1 (.ci/run sets it after installing pandoc) makes that a failure."""
    program = shutil.which("pandoc")
    if program is None:
        if os.environ.get("RELQUIZ_PANDOC_REQUIRED") == "1":
            pytest.fail("RELQUIZ_PANDOC_REQUIRED=1 but pandoc is not on PATH")
        pytest.skip("pandoc test skipped: pandoc is not on PATH (Debian: apt-get install pandoc; .ci/run does this)")
    done = subprocess.run(
        [program, "-f", "markdown", "-t", to, "--wrap=none"],
        input=markdown,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def commonmark(markdown: str) -> str:
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py comes with rich")
    rendered: str = markdown_it.MarkdownIt("commonmark").render(markdown)
    return rendered


def read_back(markdown: str, converter: str) -> str:
    """The words a reader sees; for HTML, after checking that only the worksheet's own layout
    made tags."""
    if converter == "pandoc-plain":
        return words(pandoc(markdown, "plain"))
    rendered = pandoc(markdown, "html") if converter == "pandoc-html" else commonmark(markdown)
    assert set(re.findall(r"<(\w+)", rendered)) <= ALLOWED_TAGS, rendered
    return words(html.unescape(re.sub(r"<[^>]+>", " ", rendered)))


@pytest.mark.parametrize("converter", ["pandoc-html", "pandoc-plain", "commonmark"])
@pytest.mark.parametrize("name", ["traps", "hostile", "bundled"])
def test_bank_text_comes_back_as_written(converter: str, name: str) -> None:
    source = trap_bank() if name == "traps" else load_bank([BANKS[name]])
    sheet = read_back(export_bank(source, Format.MARKDOWN), converter)
    key = read_back(answer_key(source), converter)
    assert words(source.title) in sheet and f"Answer key: {words(source.title)}" in key
    for text in (source.description, source.support_note):
        assert text is None or words(text) in sheet
    assert sheet.count("Answer: Therapy relationship / Friendship") == len(source.questions)
    for number, question in enumerate(source.questions, start=1):
        assert f"{number}. {words(question.scenario)} Answer: Therapy relationship / Friendship" in sheet
        assert question.id not in sheet  # an id can give the answer away
        assert f"{number}. {ANSWER_LABELS[question.answer]} {question.id}, {question.difficulty.value}" in key
        for distinction, text in question.distinctions.items():
            assert f"{INFO[distinction].label}: {words(text)}" in key
        if question.takeaway:
            assert f"Takeaway: {words(question.takeaway)}" in key


def test_markdown_structure_cannot_be_changed_by_bank_text() -> None:
    """Headings, lists and HTML come only from the worksheet's layout, never from bank text."""
    source = load_bank([BANKS["hostile"]])
    count = len(source.questions)
    worksheet, key = (commonmark(text) for text in (export_bank(source, Format.MARKDOWN), answer_key(source)))
    assert worksheet.count("<h1>") == 1 and "<h2>" not in worksheet and "<ul>" not in worksheet
    assert key.count("<h1>") == 1 and key.count("<h2>") == count and key.count("<ul>") == count
    assert "&lt;script&gt;" in key and "&amp;amp; not an entity" in worksheet


@pytest.mark.parametrize("converter", ["pandoc-html", "commonmark"])
def test_a_blank_line_in_an_explanation_stays_in_its_list_item(converter: str) -> None:
    question = Question(
        "q", "S.", Answer.THERAPY, {Distinction.PURPOSE: "One.\n\nTwo.", Distinction.DURATION: "Three."}
    )
    key = answer_key(Bank("T", (question,), ""))
    rendered = pandoc(key, "html") if converter == "pandoc-html" else commonmark(key)
    assert rendered.count("<ul>") == 1 and rendered.count("<li>") == 2
    assert re.search(r"<li>.*One\..*Two\..*</li>", rendered, flags=re.S)


def test_a_missing_pandoc_skips_unless_it_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("RELQUIZ_PANDOC_REQUIRED", raising=False)
    with pytest.raises(pytest.skip.Exception):
        pandoc("x", "plain")
    monkeypatch.setenv("RELQUIZ_PANDOC_REQUIRED", "1")
    with pytest.raises(pytest.fail.Exception):
        pandoc("x", "plain")


# --- the answer key as a file of its own --------------------------------------------------


def test_the_key_is_left_out_unless_asked_for(run: Runner) -> None:
    result = run("export", "-f", "markdown", "-b", str(BANKS["small"]))
    assert result.exit_code == 0 and result.stderr == ""
    assert "weekly-sessions" not in result.stdout and "Answer key" not in result.stdout
    assert "The meetings exist to work on exam anxiety" not in result.stdout


def test_the_key_goes_to_its_own_file_for_the_same_questions(run: Runner, tmp_path: Path) -> None:
    sheet, key = tmp_path / "sheet.md", tmp_path / "key.md"
    result = run("export", "-f", "markdown", "--seed", "3", "-n", "5", "-o", str(sheet), "--answer-key", str(key))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[1:] == [
        f"Wrote 5 questions as markdown to {sheet}.",
        f"Wrote the answer key to {key}.",
    ]
    drawn = run("export", "-f", "json", "--seed", "3", "-n", "5")
    ids = [question["id"] for question in json.loads(drawn.stdout)["questions"]]
    assert re.findall(r"^\*(.+), \w+\*$", key.read_text(encoding="utf-8"), flags=re.M) == ids
    assert sheet.read_text(encoding="utf-8").count("**Answer:**") == 5

    on_screen = run("export", "-f", "markdown", "--seed", "3", "-n", "5", "--answer-key", str(tmp_path / "k2.md"))
    assert on_screen.stdout == sheet.read_text(encoding="utf-8")
    assert (tmp_path / "k2.md").read_text(encoding="utf-8") == key.read_text(encoding="utf-8")
    assert on_screen.stderr.splitlines()[1:] == [f"Wrote the answer key to {tmp_path / 'k2.md'}."]


def test_an_existing_key_is_replaced_only_with_force_and_nothing_is_written_meanwhile(
    run: Runner, tmp_path: Path
) -> None:
    sheet, key = tmp_path / "sheet.md", tmp_path / "key.md"
    key.write_text("my notes", encoding="utf-8")
    refused = run("export", "-f", "markdown", "-o", str(sheet), "--answer-key", str(key))
    assert refused.exit_code == 2
    assert refused.stderr == f"relquiz: error: {key} already exists; add --force to replace it\n"
    assert key.read_text(encoding="utf-8") == "my notes" and not sheet.exists()

    forced = run("export", "-f", "markdown", "-o", str(sheet), "--answer-key", str(key), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert key.read_text(encoding="utf-8") == answer_key(load_bank([BANKS["bundled"]]))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-f", "gift", "--answer-key", "key.md"],
            "--answer-key goes with --format markdown; the other formats hold the answers already",
        ),
        (
            ["-f", "markdown", "-o", "same.md", "--answer-key", "same.md"],
            "--output and --answer-key name the same file, same.md; give each its own",
        ),
    ],
)
def test_answer_key_usage_errors_exit_2(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)  # the file names are typed relative, as the messages show them
    result = run("export", *args)
    assert result.exit_code == 2
    assert result.stderr == f"relquiz: error: {message}\n"
    assert not list(tmp_path.glob("*.md"))
