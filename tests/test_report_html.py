"""The class report as a web page (`relquiz report --html`), read back with html.parser: a whole,
self-contained document with captioned tables, charts that say where their figures are, nothing
that reaches out or runs, and every text from a results file escaped. Also `--anonymous`, which
takes the names out of every output."""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from helpers import DATA, SMALL_BANK, Runner

from relquiz.report import ClassReport, find_results_files, read_all
from relquiz.views.report_html import class_report_html

EXAMPLE = DATA / "report-example"
MADE = datetime(2026, 11, 28, 9, 30, tzinfo=timezone.utc)
HOSTILE = "<script>alert(1)</script> &amp; \"quoted\" 'single' <b>"
DISTINCTION_NAMES = ("purpose", "professionalism", "confidentiality", "boundaries", "duration")
NAMES = ("Ana Kowalczyk", "Ben Oyelaran", "Chidi Okafor", "Dev Raman", "Eli Sorensen", "Fay Whitlock")
Attributes = dict[str, str | None]
Change = Callable[[dict[str, Any]], object]
"""An edit to a results document, made in place."""


class Page(HTMLParser):
    """What the tests look at in a page: the doctype, each element with its attributes and its text
    (nested text included), and each table's rows as (tag, attributes, text) cells."""

    VOID = frozenset({"meta", "br", "img", "input", "link", "hr", "source", "area", "base", "col", "wbr"})

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype = ""
        self.elements: list[tuple[str, Attributes, list[str]]] = []
        self.open: list[tuple[str, Attributes, list[str]]] = []
        self.tables: dict[str, list[list[tuple[str, Attributes, str]]]] = {}
        self.table: list[list[tuple[str, Attributes, str]]] = []
        self.feed(text)
        self.close()

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element: tuple[str, Attributes, list[str]] = (tag, dict(attrs), [])
        self.elements.append(element)
        if tag == "table":
            self.table = self.tables.setdefault(element[1].get("id") or "", [])
        elif tag == "tr":
            self.table.append([])
        if tag not in self.VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        opened, attrs, text = self.open.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"
        if tag in ("th", "td"):
            self.table[-1].append((tag, attrs, "".join(text)))

    def handle_data(self, data: str) -> None:
        for _, _, text in self.open:
            text.append(data)

    def find(self, tag: str) -> list[tuple[Attributes, str]]:
        return [(attrs, "".join(text)) for name, attrs, text in self.elements if name == tag]

    def texts(self, tag: str) -> list[str]:
        return [text for _, text in self.find(tag)]

    def rows(self, table_id: str) -> list[list[str]]:
        return [[text for _, _, text in row] for row in self.tables[table_id]]


def example() -> ClassReport:
    return read_all(find_results_files([EXAMPLE]))


def page_of(report: ClassReport) -> Page:
    return Page(class_report_html(report, MADE))


def write_example(folder: Path, change: Change | None = None, name: str = "ana.json") -> None:
    """The worked example's files in `folder`, with `change` made to one of them."""
    folder.mkdir(exist_ok=True)
    for path in EXAMPLE.glob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        if path.name == name and change is not None:
            change(document)
        (folder / path.name).write_text(json.dumps(document), encoding="utf-8")


def play_class(run: Runner, folder: Path, names: Sequence[str] = NAMES, count: int = 12) -> None:
    """Students play one seeded draw of the bundled bank, answers piped in: the first says 'therapy'
    throughout (so its file gives the key); the others are right more often down the list, and
    the last stops halfway."""
    folder.mkdir(exist_ok=True)
    key: list[str] = []
    for number, name in enumerate(names):
        rng, ability = random.Random(number), 0.35 + 0.6 * number / len(names)
        answers = [k if rng.random() < ability else {"t": "f", "f": "t"}[k] for k in key] or ["t"] * count
        if number == len(names) - 1 and number:
            answers = answers[: count // 2]
        played = run(
            "play", "--seed", "2027", "-n", str(count), "--results", f"{folder}/", "--student", name,
            input="".join(f"{answer}\n" for answer in answers),
        )  # fmt: skip
        assert played.exit_code == 0, played.output
        if not key:
            (first,) = folder.glob("*.json")
            key = [a["expected"][0] for a in json.loads(first.read_text(encoding="utf-8"))["answers"]]


def test_a_whole_self_contained_document() -> None:
    text = class_report_html(example(), MADE)
    page = Page(text)
    assert text.startswith("<!doctype html>") and page.doctype.lower() == "doctype html"
    assert page.find("html")[0][0] == {"lang": "en"}
    metas = [attrs for attrs, _ in page.find("meta")]
    assert {"charset": "utf-8"} in metas
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in metas
    assert page.texts("title")[0] == "Class report: Worked example"
    assert page.texts("h1") == ["Class report: Worked example"]
    facts = dict(zip(page.texts("dt"), page.texts("dd"), strict=True))
    assert facts["Report made"] == "2026-11-28 09:30 UTC" and facts["Bank digest"] == "eeeeeeeeeeee"
    assert facts["Seed"] == "2027" and facts["Students"] == "6"
    assert facts["Played"] == "2026-11-27, started 10:00 UTC"


def test_tables_have_captions_and_scoped_headers() -> None:
    page = page_of(example())
    assert page.texts("caption") == [
        "Students: 6 results",
        "Questions: 4 questions",
        "Distinctions: the class's accuracy",
    ]
    for rows in page.tables.values():
        assert all(tag == "th" and attrs.get("scope") == "col" for tag, attrs, _ in rows[0])
        for row in rows[1:]:
            assert row[0][0] == "th" and row[0][1].get("scope") == "row"
            assert all(tag == "td" for tag, _, _ in row[1:])
    assert page.rows("bank1-questions-table")[1:] == [
        ["q1", "6", "83%", "+0.23", ""],
        ["q2", "6", "67%", "-0.21", "weak"],
        ["q3", "6", "50%", "+0.73", ""],
        ["q4", "6", "33%", "+0.43", ""],
    ]
    assert page.rows("bank1-distinctions-table")[1] == ["Purpose", "8 / 12", "67%", "q3 (3), q1 (1)"]
    assert page.rows("bank1-students-table")[1] == ["Ana", "ana.json", "4 / 4", "100%", "yes", "2 min 30 s"]
    assert any("low discrimination" in item for item in page.texts("li"))  # each flag's hint


def test_charts_are_labelled_images_that_point_to_their_table() -> None:
    page = page_of(example())
    ids = [attrs["id"] for _, attrs, _ in page.elements if "id" in attrs]
    assert len(ids) == len(set(ids))
    charts = [attrs for attrs, _ in page.find("svg")]
    assert len(charts) == 2 and all(chart["role"] == "img" for chart in charts)
    by_id = {attrs["id"]: (tag, text) for tag, attrs, text in page.elements if "id" in attrs}
    for chart in charts:
        assert by_id[chart["aria-labelledby"]][0] == "title"
        tag, note = by_id[chart["aria-describedby"]]
        assert tag == "span" and "".join(note).startswith("The same figures are in the table")
    links = [attrs["href"] for attrs, _ in page.find("a")]
    assert links == ["#bank1-questions-table", "#bank1-distinctions-table"]
    bars = [attrs["width"] for attrs, _ in page.find("rect") if attrs.get("class") == "bar"]
    assert bars == ["62.50%", "50.00%", "37.50%", "25.00%", "50.00%", "25.00%", "50.00%", "43.75%", "37.50%"]


def test_a_live_class_has_its_first_vote_and_a_long_id_is_cut_in_the_chart_only(tmp_path: Path) -> None:
    long_id = "a-question-id-far-longer-than-any-chart-label-should-be"

    def voted(document: dict[str, Any]) -> None:
        document["answers"][0]["first_vote"] = "friendship"  # q1 is therapy: wrong at first, right after
        document["answers"][1]["id"] = long_id

    write_example(tmp_path / "class", voted)
    page = page_of(read_all(find_results_files([tmp_path / "class"])))
    rows = page.rows("bank1-questions-table")
    assert rows[0][:4] == ["Question", "Answered", "First vote right", "Answered right (facility)"]
    assert rows[1][:4] == ["q1", "6", "0%", "83%"] and rows[2][:3] == [long_id, "1", ""]  # whole in the table
    labels = page.texts("text")
    assert long_id not in labels and long_id[:45] + "..." in labels


def test_nothing_runs_and_nothing_is_fetched() -> None:
    text = class_report_html(example(), MADE)
    page = Page(text)
    assert page.find("script") == [] and page.find("link") == [] and page.find("img") == []
    for tag, attrs, _ in page.elements:
        assert not [name for name in attrs if name.startswith("on")], tag
        assert "src" not in attrs, tag
        assert all(not re.search(r"https?:|//", value or "") for name, value in attrs.items() if name != "content")
        assert (attrs.get("href") or "#").startswith("#")
    (style,) = page.texts("style")
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    assert ("http-equiv", "Content-Security-Policy") in [
        (k, v) for attrs, _ in page.find("meta") for k, v in attrs.items()
    ]


def test_every_text_from_a_results_file_is_escaped(tmp_path: Path) -> None:
    def hostile(document: dict[str, Any]) -> None:
        document["student"] = HOSTILE + "\x1b[31m\u202e\ud800"
        document["answers"][0]["id"] = "<img src=x onerror=alert(2)>"

    write_example(tmp_path / "class", hostile)
    for path in (tmp_path / "class").glob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        document["bank"]["title"] = "</title><script>alert(3)</script> & co"
        path.write_text(json.dumps(document), encoding="utf-8")
    text = class_report_html(read_all(find_results_files([tmp_path / "class"])), MADE)
    page = Page(text)
    assert page.find("script") == [] and page.find("img") == [] and page.find("b") == []
    assert page.texts("title")[0] == "Class report: </title><script>alert(3)</script> & co"
    assert page.rows("bank1-students-table")[1][0] == HOSTILE  # the escape, the override and the surrogate removed
    assert "<img src=x onerror=alert(2)>" in [row[0] for row in page.rows("bank1-questions-table")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &quot;quoted&quot; &#x27;single&#x27;" in text


def test_several_banks_get_a_section_each_and_the_notes_list_what_was_left_out(run: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    write_example(folder)
    for name in ("Gil", "Hal"):
        played = run("play", "-b", str(SMALL_BANK), "--seed", "1", "-n", "2", "--results", f"{folder}/",
                     "--student", name, input="t\nf\n")  # fmt: skip
        assert played.exit_code == 0, played.output
    (folder / "broken.json").write_text("{", encoding="utf-8")
    page = page_of(read_all(find_results_files([folder])))
    sections = [attrs for attrs, _ in page.find("section") if attrs.get("class") == "bank"]
    assert len(sections) == 2 and len(page.find("table")) == 6
    assert page.texts("h2")[:2] == ["Worked example", "Small test bank"] and page.texts("h2")[-1] == "Notes"
    assert page.texts("h1") == ["Class report: Worked example + Small test bank"]
    notes = page.texts("li")[-2:]
    assert notes[0].startswith("the results come from 2 different banks")
    assert notes[1].startswith(f"Skipped {folder / 'broken.json'}: not valid JSON")


def test_runs_on_several_days_show_the_range(tmp_path: Path) -> None:
    write_example(tmp_path / "class", lambda d: d.update(started_at="2026-12-02T08:00:00+00:00", seed=7))
    page = page_of(read_all(find_results_files([tmp_path / "class"])))
    facts = dict(zip(page.texts("dt"), page.texts("dd"), strict=True))
    assert facts["Played"] == "2026-11-27 to 2026-12-02" and facts["Seeds"] == "7, 2027"
    later = Page(class_report_html(example(), MADE.astimezone(timezone(timedelta(hours=5, minutes=30)))))
    assert "2026-11-27, started 15:30" in later.texts("dd")[-1]  # in the report's own time zone


@pytest.mark.parametrize("edge", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:00-05:00", "not a time"])
def test_a_start_time_at_the_calendars_edge_is_left_out_of_the_range(tmp_path: Path, edge: str) -> None:
    write_example(tmp_path / "class", lambda d: d.update(started_at=edge))  # an edited file, not a crash
    page = page_of(read_all(find_results_files([tmp_path / "class"])))
    assert dict(zip(page.texts("dt"), page.texts("dd"), strict=True))["Played"] == "2026-11-27, started 10:00 UTC"


def test_anonymous_numbers_students_in_report_order_and_hides_files(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    write_example(folder, lambda d: d.update(started_at="2026-11-27T11:00:00+00:00"), "eli.json")
    (folder / "eli-first-go.json").write_bytes((EXAMPLE / "eli.json").read_bytes())  # Eli twice: a note names him
    (folder / "zz-copy-of-ana.json").write_bytes((EXAMPLE / "ana.json").read_bytes())
    (folder / "dev-broken.json").write_text("{", encoding="utf-8")
    other = json.loads((EXAMPLE / "ben.json").read_text(encoding="utf-8"))
    other["bank"] = {"title": "Another bank", "sha256": "f" * 64}
    (folder / "ben-again.json").write_text(json.dumps(other), encoding="utf-8")
    report = read_all(find_results_files([folder]))
    hidden = read_all(find_results_files([folder]), anonymous=True)
    names = [s.name for bank in report.banks for s in bank.students]
    assert names == ["Ana", "Ben", "Chidi", "Dev", "Eli", "Eli", "Fay", "Ben"]
    rows = [student for bank in hidden.banks for student in bank.students]
    numbers = [int(student.name.split()[1]) for student in rows]
    assert sorted(set(numbers[:7])) == [1, 2, 3, 4, 5, 6] and numbers[:7] == sorted(numbers[:7])  # rows by number
    assert sorted(student.source for student in rows) == sorted(f"results-{row}.json" for row in range(1, 9))
    by_answers = {student.answers: student.name for student in rows[:7]}
    assert rows[7].name == by_answers[rows[7].answers]  # Ben in the other bank keeps his number
    eli = [
        student.name for student in rows if student.answers == (("q1", True), *((f"q{n}", False) for n in (2, 3, 4)))
    ]
    assert len(eli) == 2 and eli[0] == eli[1]  # one name, one number
    assert sorted(path for path, _ in hidden.skipped) == ["results-10.json", "results-9.json"]
    assert any(re.fullmatch(r"the same run as results-\d\.json; counted once", reason) for _, reason in hidden.skipped)
    (note,) = hidden.banks[0].notes
    assert re.fullmatch(
        rf"{eli[0]} has 2 results files \(results-\d\.json, results-\d\.json, the latest last\), shown as 2 rows: .*",
        note,
    )
    assert "Eli" in report.banks[0].notes[0]

    def figures(found: ClassReport) -> list[tuple[str, int, int, float]]:
        return [(i.id, i.answered, i.correct, round(i.discrimination or 0, 9)) for i in found.banks[0].items]

    assert figures(hidden) == figures(report) and hidden.warnings == report.warnings  # the figures unchanged


def test_anonymous_hides_a_journal_named_after_its_student(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "zoe-okafor.json").write_bytes((EXAMPLE / "ana.json").read_bytes())
    (folder / "zoe-okafor.json.journal").mkdir()  # a journal that is no file: the reason names it
    (skipped,) = read_all(find_results_files([folder])).skipped
    assert "zoe-okafor.json.journal" in skipped[1]
    (skipped,) = read_all(find_results_files([folder]), anonymous=True).skipped
    assert skipped == ("results-1.json", "its journal (hidden): not a regular file")


def test_html_writes_the_file_and_says_so_once(run: Runner, tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    result = run("report", str(EXAMPLE), "--html", str(output))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == f"Saved {output}\n"
    page = Page(output.read_text(encoding="utf-8"))
    assert page.texts("title")[0] == "Class report: Worked example"


@pytest.mark.parametrize("option", ["", "--plain", "--json", "--csv", "--html", "--svg"])
def test_anonymous_hides_names_and_file_names_in_every_output(run: Runner, tmp_path: Path, option: str) -> None:
    folder, output = tmp_path / "class", tmp_path / "out"
    play_class(run, folder)
    (folder / "okafor-copy.json").write_bytes(next(folder.glob("chidi-okafor*.json")).read_bytes())
    (folder / "whitlock-broken.json").write_text("{", encoding="utf-8")
    written = [str(output)] if option in ("--csv", "--html", "--svg") else []
    result = run("report", str(folder), "--anonymous", *([option] if option else []), *written)
    assert result.exit_code == 0, result.output
    shown = result.stdout + result.stderr + (output.read_text(encoding="utf-8") if written else "")
    shown = html.unescape(shown).replace("\xa0", " ")  # the SVG writes its spaces as &#160;
    assert "Student 1" in shown and "Student 6" in shown and "results-8.json" in shown
    found = [name for name in NAMES for word in name.split() if re.search(rf"\b{word}\b", shown, re.IGNORECASE)]
    assert found == []


def test_the_readings_of_the_whole_set_are_on_the_page(tmp_path: Path) -> None:
    """Technical names beside the plain headings, tentative flags with the reason, reliability with
    Moodle's reading, and the why step's matrix as a table of its own."""
    from test_report_analysis import write_run

    page = page_of(example())
    headings = page.rows("bank1-questions-table")[0]
    assert headings[2:] == [
        "Answered right (facility)",
        "Separates stronger from weaker (discrimination)",
        "Flags (tentative)",
    ]
    paragraphs = page.texts("p")
    assert any(p.startswith("Tentative: with 6 students, one answer moves") for p in paragraphs)
    assert any("Cronbach's alpha (KR-20; Moodle's CIC) 0.42, not satisfactory" in p for p in paragraphs)
    assert "bank1-why-table" not in page.tables  # no why step in these results
    folder = tmp_path / "class"
    folder.mkdir()
    write_run(folder / "a.json", "A", [0, 0], why=[["duration"], ["duration", "confidentiality"]])
    write_run(folder / "b.json", "B", [0, 1], why=[["purpose"], ["duration"]])
    why = page_of(read_all(find_results_files([folder]))).rows("bank1-why-table")
    assert why[0] == ["At stake", "Wrong answers", *(f"Named {d}" for d in DISTINCTION_NAMES)]
    assert why[1:] == [
        ["Purpose", "2", "1", "0", "0", "0", "1"],
        ["Confidentiality", "1", "0", "0", "1", "0", "1"],
        ["Boundaries", "2", "1", "0", "0", "0", "1"],
    ]


def test_anonymous_rows_read_in_order_and_a_restart_comes_after_them(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    write_example(folder)
    restart = json.loads((EXAMPLE / "ben.json").read_text(encoding="utf-8"))
    restart.update(answers=[], completed=False, finished_at=None, score={"correct": 0, "answered": 0, "total": 4})
    (folder / "ben-0.json").write_text(json.dumps(restart), encoding="utf-8")  # read first, by its name
    hidden = read_all(find_results_files([folder]), anonymous=True)
    rows = [(s.name, s.source) for s in hidden.banks[0].students]
    assert rows == [(f"Student {n}", f"results-{n}.json") for n in range(1, 7)]
    assert hidden.banks[0].notes[0].startswith("not counted: results-7.json holds no answer")
