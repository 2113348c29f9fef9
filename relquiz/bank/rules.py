"""The strict rules a teaching bank must meet (`relquiz validate --strict`): size, balance, form."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from relquiz.bank.cues import check_cues
from relquiz.errors import Problem, quote
from relquiz.model import Answer, Bank, Difficulty, Distinction, Question
from relquiz.words import counted

SEMINAR_BANK = 20  # questions: a smaller bank is told about the bank-wide rules, not failed by them

MIN_QUESTIONS = 60
ANSWER_SHARE = (0.45, 0.55)
MIN_PER_DIFFICULTY = {Difficulty.EASY: 15, Difficulty.MEDIUM: 20, Difficulty.HARD: 15}
DIFFICULTY_ANSWER_SHARE = (0.40, 0.60)
MIN_CITATIONS = 20
MIN_CITATIONS_PER_ANSWER = 8
MIN_DISTINCTIONS_PER_QUESTION = 2
SCENARIO_WORDS = (30, 100)
EXPLANATION_SENTENCES = (1, 2)
MAX_SHARED_CONTENT_WORDS = 0.5
KEBAB_CASE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

_WORD = re.compile(r"[a-z][a-z'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)]*\s+(?=[\"'‘“(]?[A-Z0-9])")
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these they
    this those through to too under until up very was we were what when where which while who whom why
    will with would you your yours yourself yourselves one two three four five six seven eight nine ten
    says said asks asked tells told gets got goes went makes made still every last next since
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def content_words(text: str) -> frozenset[str]:
    """Distinct lower-case words of three letters or more that are not function words."""
    return frozenset(w for w in _WORD.findall(text.lower()) if len(w) >= 3 and w not in STOPWORDS)


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def _normalised(sentence: str) -> str:
    return " ".join(sentence.lower().split()).rstrip(".!?")


def similarity(first: frozenset[str], second: frozenset[str]) -> float:
    """Shared distinct content words over those of the shorter scenario.

    The stricter of the two readings of "sharing more than half their words": a short scenario
    copied inside a longer one counts as a repeat.
    """
    smaller = min(len(first), len(second))
    return len(first & second) / smaller if smaller else 0.0


def strict_problems(bank: Bank) -> list[Problem]:
    """Every way the bank falls short of the teaching rules, as problems with file and line: each
    question's in file order, then the bank's own (size, balance, coverage) as one block. A
    seminar bank (under SEMINAR_BANK questions) is not held to the bank's own rules."""
    questions = bank.questions
    where = bank.sources[0] if bank.sources else "bank"
    problems: list[Problem] = []
    for question in questions:
        problems += [Problem(question.source or where, question.line, m) for m in _question_shortfalls(question)]
    problems = sorted(problems + _repeats(questions, where))
    if len(questions) >= SEMINAR_BANK:
        problems += [Problem(where, 1, message) for message in _course_shortfalls(bank)]
    return problems


def _course_shortfalls(bank: Bank) -> list[str]:
    """Where the bank as a whole falls short of a full course's rules."""
    return [*_bank_shortfalls(bank.questions), *check_cues(bank.questions).shortfalls()]


def seminar_notes(bank: Bank) -> list[str]:
    """What is worth a look in a bank too small for a course's rules: answers more than one
    apart, and a distinction no question (or no question of one answer) cites."""
    questions = bank.questions
    therapy = sum(q.answer is Answer.THERAPY for q in questions)
    notes = []
    if abs(2 * therapy - len(questions)) > 1:
        notes.append(
            f"{therapy} 'therapy' and {len(questions) - therapy} 'friendship' questions; as even as it can be is best"
        )
    for distinction in Distinction:
        answers = {q.answer for q in questions if distinction in q.distinctions}
        if not answers:
            notes.append(f"'{distinction.value}' is cited by no question")
        elif len(answers) == 1:
            (only,) = answers
            other = Answer.FRIENDSHIP if only is Answer.THERAPY else Answer.THERAPY
            notes.append(f"'{distinction.value}' is cited by no '{other.value}' question")
    return notes


def _share_problem(what: str, count: int, total: int, bounds: tuple[float, float]) -> list[str]:
    low, high = bounds
    if total and not low <= count / total <= high:
        share = round(100 * count / total)
        return [f"{what} make up {share}% ({count} of {total}); keep them between {low:.0%} and {high:.0%}"]
    return []


def _bank_shortfalls(questions: Sequence[Question]) -> list[str]:
    total = len(questions)
    messages = []
    if total < MIN_QUESTIONS:
        messages.append(f"the bank has {counted(total, 'question')}; a teaching bank needs at least {MIN_QUESTIONS}")
    for answer in Answer:
        count = sum(q.answer is answer for q in questions)
        messages += _share_problem(f"'{answer.value}' questions", count, total, ANSWER_SHARE)
    for level, minimum in MIN_PER_DIFFICULTY.items():
        at_level = [q for q in questions if q.difficulty is level]
        if len(at_level) < minimum:
            messages.append(f"{len(at_level)} {level.value} questions; at least {minimum} are needed")
        therapy = sum(q.answer is Answer.THERAPY for q in at_level)
        messages += _share_problem(
            f"'therapy' answers among {level.value} questions", therapy, len(at_level), DIFFICULTY_ANSWER_SHARE
        )
    for distinction in Distinction:
        citing = [q for q in questions if distinction in q.distinctions]
        if len(citing) < MIN_CITATIONS:
            messages.append(
                f"'{distinction.value}' is cited by {len(citing)} questions; at least {MIN_CITATIONS} are needed"
            )
        for answer in Answer:
            count = sum(q.answer is answer for q in citing)
            if count < MIN_CITATIONS_PER_ANSWER:
                messages.append(
                    f"'{distinction.value}' is cited by {counted(count, repr(answer.value) + ' question')}; at least {MIN_CITATIONS_PER_ANSWER} are needed"
                )
    return messages


def _question_shortfalls(question: Question) -> list[str]:
    label = f"question {quote(question.id)}"
    messages = []
    if not KEBAB_CASE.fullmatch(question.id):
        messages.append(f"{label}: ids are lower-case words joined by hyphens, e.g. 'weekly-sessions'")
    words = len(question.scenario.split())
    low, high = SCENARIO_WORDS
    if not low <= words <= high:
        messages.append(f"{label}: the scenario has {words} words; write {low} to {high}")
    if len(question.distinctions) < MIN_DISTINCTIONS_PER_QUESTION:
        messages.append(
            f"{label}: cites {len(question.distinctions)} distinction; cite at least {MIN_DISTINCTIONS_PER_QUESTION}"
        )
    low, high = EXPLANATION_SENTENCES
    for distinction, explanation in question.distinctions.items():
        count = len(sentences(explanation))
        if not low <= count <= high:
            messages.append(f"{label}: the '{distinction.value}' explanation has {count} sentences; write one or two")
    if not question.takeaway:
        messages.append(f"{label}: add a takeaway, a one-line rule that carries over to other cases")
    return messages


def _repeats(questions: Sequence[Question], where: str) -> list[Problem]:
    """Scenarios too alike, and explanation sentences used by more than one question."""
    problems = []
    words = {q.id: content_words(q.scenario) for q in questions}
    for first, second in combinations(questions, 2):
        shared = similarity(words[first.id], words[second.id])
        if shared > MAX_SHARED_CONTENT_WORDS:
            message = f"question {quote(second.id)}: its scenario shares {shared:.0%} of the content words of the shorter one with {quote(first.id)} (line {first.line}); make them distinct"
            problems.append(Problem(second.source or where, second.line, message))
    first_use: dict[str, Question] = {}
    for question in questions:
        for explanation in question.distinctions.values():
            for sentence in sentences(explanation):
                earlier = first_use.setdefault(_normalised(sentence), question)
                if earlier is not question:
                    message = f"question {quote(question.id)}: the explanation sentence {quote(sentence)} repeats one in {quote(earlier.id)}"
                    problems.append(Problem(question.source or where, question.line, message))
    return problems
