"""The quiz engine: a seeded, balanced draw, reading a reply, and scoring by distinction."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import Enum

from relquiz.distinctions import DISTINCTIONS
from relquiz.errors import UsageError, quote, suggest
from relquiz.model import Answer, Difficulty, Distinction, Question, Response
from relquiz.tally import DistinctionTally, tally_by_distinction


class Command(str, Enum):
    HELP = "help"
    QUIT = "quit"


_REPLIES: dict[str, Answer | Command] = {
    "t": Answer.THERAPY,
    "therapy": Answer.THERAPY,
    "1": Answer.THERAPY,
    "f": Answer.FRIENDSHIP,
    "friendship": Answer.FRIENDSHIP,
    "2": Answer.FRIENDSHIP,
    "?": Command.HELP,
    "help": Command.HELP,
    "q": Command.QUIT,
    "quit": Command.QUIT,
}


_LETTERS = {info.letter: info.distinction for info in DISTINCTIONS}


def interpret_why(text: str) -> tuple[Distinction, ...] | Command | None:
    """The distinctions named in a why-step reply: letters (`pc`, `p c`, `p,c`), names, or the
    first three or more letters of a name (`prof`).

    An empty line is an empty tuple (skipped); `q` is QUIT; anything else is None.
    """
    words = text.replace(",", " ").lower().split()
    if words in (["q"], ["quit"]):
        return Command.QUIT
    named: list[Distinction] = []
    for word in words:
        prefixed = [d for d in Distinction if len(word) >= 3 and d.value.startswith(word)]
        if prefixed:  # a name or its start: 'prof', 'conf', 'boundaries'
            named.extend(prefixed)
        elif all(letter in _LETTERS for letter in word):
            named.extend(_LETTERS[letter] for letter in word)
        else:
            return None
    return tuple(d for d in Distinction if d in named)


def interpret_reply(text: str) -> Answer | Command | None:
    """What a typed line means, ignoring case and spaces; None when it means nothing."""
    return _REPLIES.get("".join(text.split()).lower())


def select_questions(
    questions: Sequence[Question],
    *,
    tags: Collection[str] = (),
    difficulties: Collection[Difficulty] = (),
    distinctions: Collection[Distinction] = (),
) -> list[Question]:
    """Questions matching any value given for an option; the options given all apply.

    A tag nobody uses is a UsageError naming the closest tag, so a typo never looks like an
    empty bank.
    """
    known = {tag for question in questions for tag in question.tags}
    for tag in tags:
        if tag not in known:
            raise UsageError(f"no question has the tag {quote(tag)}{suggest(tag, sorted(known))}")
    return [
        q
        for q in questions
        if (not tags or set(tags) & set(q.tags))
        and (not difficulties or q.difficulty in difficulties)
        and (not distinctions or set(distinctions) & set(q.distinctions))
    ]


def draw_questions(
    questions: Sequence[Question], count: int | None, seed: int, *, shuffle: bool = True
) -> list[Question]:
    """Up to `count` questions (all when None), the same for the same seed and bank.

    Therapy and friendship items differ by at most one where the bank allows it, and each
    pick takes a random question citing a distinction cited least so far, so the set spreads
    over all five while every question has its chance.
    """
    rng = random.Random(seed)
    pool = list(questions)
    rng.shuffle(pool)
    if count is not None and count < len(pool):
        pool = _balanced_pick(pool, count, rng)
    if not shuffle:
        position = {question.id: index for index, question in enumerate(questions)}
        pool.sort(key=lambda question: position[question.id])
    return pool


def _balanced_pick(pool: list[Question], count: int, rng: random.Random) -> list[Question]:
    by_answer = {answer: [q for q in pool if q.answer is answer] for answer in Answer}
    therapy_wanted = count // 2 + (count % 2 if rng.random() < 0.5 else 0)
    therapy_count = min(len(by_answer[Answer.THERAPY]), max(therapy_wanted, count - len(by_answer[Answer.FRIENDSHIP])))
    wanted = {Answer.THERAPY: therapy_count, Answer.FRIENDSHIP: count - therapy_count}
    frequency = Counter(d for q in pool for d in q.distinctions)
    cited: Counter[Distinction] = Counter()

    def pick(candidates: list[Question]) -> Question:
        # The first question, in the seeded shuffle's order, citing the distinction cited least so
        # far (the rarest in the bank first; the next one when no candidate cites it): the set
        # spreads over all five, and a question citing many distinctions is no likelier to be
        # drawn than another that helps (taking the one citing most drew the same few every time).
        for target in sorted(frequency, key=lambda d: (cited[d], frequency[d])):
            found = next((q for q in candidates if target in q.distinctions), None)
            if found is not None:
                return found
        return candidates[0]

    chosen: list[Question] = []
    while len(chosen) < count:
        for answer in Answer:
            if wanted[answer] == 0:
                continue
            best = pick(by_answer[answer])
            by_answer[answer].remove(best)
            wanted[answer] -= 1
            cited.update(list(best.distinctions))
            chosen.append(best)
    rng.shuffle(chosen)
    return chosen


_LEADING_PRONOUN = re.compile(r"(he|she|they|his|her|their|its?|this|that|these|those|both|the two)\b", re.I)


def pick_examples(questions: Sequence[Question]) -> dict[Distinction, dict[Answer, Question]]:
    """For each distinction and answer, the citing question whose explanation reads best alone:
    one that does not open with a pronoun pointing into its scenario, then the most concise."""
    examples: dict[Distinction, dict[Answer, Question]] = {}
    for distinction in Distinction:
        for answer in Answer:
            citing = [q for q in questions if q.answer is answer and distinction in q.distinctions]
            if citing:

                def readability(question: Question, distinction: Distinction = distinction) -> tuple[bool, int]:
                    text = question.distinctions[distinction]
                    return bool(_LEADING_PRONOUN.match(text)), len(text)

                examples.setdefault(distinction, {})[answer] = min(citing, key=readability)
    return examples


def judge(question: Question, given: Answer, seconds: float, time_limit: float | None = None) -> Response:
    return Response(
        question_id=question.id,
        expected=question.answer,
        given=given,
        seconds=round(seconds, 1),
        distinctions=tuple(question.distinctions),
        late=time_limit is not None and seconds > time_limit,
    )


MIN_EVIDENCE = 3  # answered questions citing a distinction before advice names it
CLEARLY_WORSE = 0.2  # how far below the overall score a distinction must be to be named


@dataclass(frozen=True)
class Summary:
    correct: int
    answered: int
    total: int
    by_distinction: tuple[DistinctionTally, ...]
    missed: tuple[Question, ...]
    to_revise: Distinction | None
    late: int = 0

    @property
    def percent(self) -> float:
        return 100 * self.correct / self.answered if self.answered else 0.0

    @property
    def start_with_learn(self) -> bool:
        """Nothing right out of several: no one distinction is the trouble, the contrast is."""
        return self.answered >= MIN_EVIDENCE and self.correct == 0


def summarise(questions: Sequence[Question], responses: Sequence[Response]) -> Summary:
    """Score, accuracy per distinction over the questions citing it, and what to revise.

    A distinction is named to revise only on evidence: cited by at least MIN_EVIDENCE answered
    questions, with accuracy at least CLEARLY_WORSE below the learner's overall score (the lowest
    such, the most cited breaking ties); else None, rather than one picked by sort order.
    """
    by_id = {question.id: question for question in questions}
    scores = list(tally_by_distinction(responses).values())
    missed = tuple(by_id[r.question_id] for r in responses if not r.correct)
    overall = sum(r.correct for r in responses) / len(responses) if responses else 0.0
    weak = [
        s
        for s in scores
        if s.cited >= MIN_EVIDENCE and s.accuracy is not None and s.accuracy <= overall - CLEARLY_WORSE
    ]
    to_revise = min(weak, key=lambda s: (s.accuracy or 0.0, -s.cited)).distinction if weak else None
    return Summary(
        correct=sum(r.correct for r in responses),
        answered=len(responses),
        total=len(questions),
        by_distinction=tuple(scores),
        missed=missed,
        to_revise=to_revise,
        late=sum(r.late for r in responses),
    )
