"""The class report's readings of the whole set: how reliable a shared set is, and what the class
named in the why step when it was wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from relquiz.distinctions import DISTINCTIONS
from relquiz.item_stats import ACCEPTABLE_ERROR_RATIO, MIN_ANSWERS_FOR_DISCRIMINATION, SATISFACTORY_ALPHA
from relquiz.report import MIN_STUDENTS_FOR_FIRM_FLAGS, WEAK_DISCRIMINATION
from relquiz.words import counted, percent, rounded

if TYPE_CHECKING:
    from relquiz.item_stats import Reliability, WhyMatrix
    from relquiz.report import BankReport
    from relquiz.views.base import View

ITEM_TERMS = (
    "Answered right (facility): the share who got it right. Separates stronger from weaker (discrimination):"
    " from -1 to +1, how much more often students who did well on the rest got it right; under"
    f" {WEAK_DISCRIMINATION:.2f} is weak. It and the flags need {MIN_ANSWERS_FOR_DISCRIMINATION} answers."
)
FLAG_HINTS = {  # what a teacher can do about a flagged question
    "too easy": "almost everyone is right; check that the scenario does not give the answer away",
    "too hard": "most students are wrong; check the key, and whether one detail outweighs the distinctions",
    "weak": "low discrimination, strong and weak students miss it alike; look for ambiguity in the text"
    " (below zero, the stronger students miss it more: check the key first)",
}
WHY_READING = (
    "Each row: the wrong answers to questions citing that distinction, and how often their why step named"
    " each one. A low count under the row's own distinction: the class did not see it where it decided the"
    " answer; the highest counts show what the class leaned on instead."
)
LETTERS_LEGEND = ", ".join(f"{info.letter.upper()} {info.label.lower()}" for info in DISTINCTIONS)


def tentative_line(bank: BankReport) -> str:
    """Why a small class's flags are a place to look, not a verdict."""
    moved = 100 / len(bank.students)
    return (
        f"Tentative: with {counted(bank.people, 'student')}, one answer moves a question's 'answered right'"
        f" by {rounded(moved)} points or more; read a flag as a place to look, not a verdict (firm from"
        f" {MIN_STUDENTS_FOR_FIRM_FLAGS} students)."
    )


def reliability_line(figures: Reliability) -> str:
    """One sentence: the figures with Moodle's reading of them, or why they are not shown."""
    if figures.alpha is None:
        return f"Reliability (Cronbach's alpha): not shown, as {figures.reason}."
    reading = "satisfactory" if figures.satisfactory else "not satisfactory"
    opening = (
        f"Reliability of the shared set ({counted(figures.questions, 'question')}, "
        f"{counted(figures.students, 'student')}): Cronbach's alpha (KR-20; Moodle's CIC) {figures.alpha:.2f},"
        f" {reading} (Moodle reads above {SATISFACTORY_ALPHA:.2f} as satisfactory)"
    )
    if figures.error_ratio is None or figures.standard_error is None:
        return f"{opening}; {figures.reason}: look at the weak questions first."
    acceptable = "acceptable" if figures.error_ratio <= ACCEPTABLE_ERROR_RATIO else "not acceptable"
    return (
        f"{opening}; error ratio {percent(figures.error_ratio)}, {acceptable} (up to"
        f" {percent(ACCEPTABLE_ERROR_RATIO)}); standard error {figures.standard_error:.2f} questions."
    )


def show_reliability(view: View, figures: Reliability) -> None:
    view.line(Text(reliability_line(figures), "hint" if figures.alpha is None else ""))


def why_rows(matrix: WhyMatrix) -> list[tuple[str, int, list[int]]]:
    """(distinction at stake, wrong answers, times each of the five was named), for each
    distinction some wrong answer's question cited."""
    return [
        (
            row.label,
            matrix.cited[row.distinction],
            [matrix.named[row.distinction][info.distinction] for info in DISTINCTIONS],
        )
        for row in DISTINCTIONS
        if matrix.cited[row.distinction]
    ]


def show_why_matrix(view: View, matrix: WhyMatrix) -> None:
    """Rows: the distinctions the questions cited; columns: the ones named, by the why step's letters."""
    rows: list[list[str | Text]] = []
    said: list[Text] = []
    for label, wrong, named in why_rows(matrix):
        rows.append([label, str(wrong), *map(str, named)])
        counts = ", ".join(f"{info.label.lower()} {count}" for info, count in zip(DISTINCTIONS, named, strict=True))
        said.append(Text(f"{label} at stake, {counted(wrong, 'wrong answer')}: named {counts}"))
    columns = ["At stake", "Wrong", *(info.letter.upper() for info in DISTINCTIONS)]
    view.table(
        columns,
        rows,
        title=f"When wrong, what they named in the why step ({counted(matrix.answers, 'wrong answer')})",
        said=said,
    )
    legend = "" if view.compact else f"{LETTERS_LEGEND}. "  # plain lines name each distinction in full
    view.line(Text(legend + WHY_READING, "hint"))
