"""How far a bank can be passed by spotting words instead of reading: a naive Bayes classifier
over each scenario's words, trained on all the other questions and tested on the one left out.

A question it keys right with high confidence is usually given away by a word or two ('fee',
'sessions' against 'years', 'pub'); the words that weigh most towards the right key are named,
so a writer can move that evidence into what the people do.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from relquiz.model import Answer, Difficulty, Question

WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
SMOOTHING = 1.0  # Laplace: a word one class never used still has a small chance
GIVEAWAYS = 5  # questions shown as keyed most confidently
GIVEAWAY_WORDS = 4
STRICT_FROM = 40  # questions: smaller banks get the figures as information only
OVERALL_LIMIT = 0.8
HARD_LIMIT = 0.5


def scenario_words(text: str) -> frozenset[str]:
    """The distinct lower-case words of a scenario; each counts once, so a long scenario does not
    weigh more for repeating itself."""
    return frozenset(WORD.findall(text.lower()))


@dataclass(frozen=True)
class Keyed:
    """What the word-spotter made of one question, trained without it."""

    question: Question
    guess: Answer
    confidence: float  # its probability for its guess, 0.5 to 1
    telling: tuple[str, ...]  # the question's words that pull most towards the right key

    @property
    def right(self) -> bool:
        return self.guess is self.question.answer


@dataclass(frozen=True)
class CueCheck:
    keyed: tuple[Keyed, ...]

    def share(self, difficulty: Difficulty | None = None) -> tuple[int, int]:
        """(keyed right, questions), over all questions or one difficulty."""
        chosen = [k for k in self.keyed if difficulty is None or k.question.difficulty is difficulty]
        return sum(k.right for k in chosen), len(chosen)

    @property
    def giveaways(self) -> tuple[Keyed, ...]:
        """The questions keyed right most confidently: the first to rewrite."""
        right = sorted((k for k in self.keyed if k.right), key=lambda k: -k.confidence)
        return tuple(right[:GIVEAWAYS])

    def shortfalls(self) -> list[str]:
        """What keeps a bank of STRICT_FROM or more questions from `validate --strict`."""
        if len(self.keyed) < STRICT_FROM:
            return []
        problems = []
        for label, (right, total), limit in (
            ("questions", self.share(), OVERALL_LIMIT),
            ("hard questions", self.share(Difficulty.HARD), HARD_LIMIT),
        ):
            if total and right / total > limit:
                problems.append(
                    f"a word-spotter keys {right} of the {total} {label} right ({right / total:.0%}); keep it at"
                    f" {limit:.0%} or less (relquiz validate --cues names the words that give them away)"
                )
        return problems


def check_cues(questions: Sequence[Question]) -> CueCheck:
    """Leave-one-out naive Bayes over the questions' scenario words."""
    bags = [scenario_words(q.scenario) for q in questions]
    counts = {answer: Counter[str]() for answer in Answer}
    documents = Counter(q.answer for q in questions)
    for question, bag in zip(questions, bags, strict=True):
        counts[question.answer].update(bag)
    vocabulary = len(set().union(*bags)) if bags else 0
    keyed = []
    for question, bag in zip(questions, bags, strict=True):
        own = question.answer
        counts[own].subtract(bag)
        documents[own] -= 1
        # A word no other question uses tells nothing, and counting it would favour the key with
        # fewer words, which is always the left-out question's own.
        seen = {word for word in bag if any(counts[answer][word] > 0 for answer in Answer)}
        trained = vocabulary - (len(bag) - len(seen))
        weights = {answer: _word_weights(counts[answer], trained) for answer in Answer}
        scores = {
            answer: math.log((documents[answer] + SMOOTHING) / (len(questions) - 1 + 2 * SMOOTHING))
            + sum(weights[answer](word) for word in seen)
            for answer in Answer
        }
        guess = max(Answer, key=lambda answer: scores[answer])
        other = Answer.FRIENDSHIP if guess is Answer.THERAPY else Answer.THERAPY
        confidence = 1 / (1 + math.exp(scores[other] - scores[guess]))
        wrong_key = Answer.FRIENDSHIP if own is Answer.THERAPY else Answer.THERAPY
        # Only words the other questions of its key use can give a question away.
        pull = {word: weights[own](word) - weights[wrong_key](word) for word in seen if counts[own][word] > 0}
        telling = tuple(sorted((w for w in pull if pull[w] > 0), key=lambda w: (-pull[w], w))[:GIVEAWAY_WORDS])
        counts[own].update(bag)
        documents[own] += 1
        keyed.append(Keyed(question, guess, confidence, telling))
    return CueCheck(tuple(keyed))


def _word_weights(counts: Counter[str], vocabulary: int) -> Callable[[str], float]:
    total = sum(counts.values())

    def weight(word: str) -> float:
        return math.log((counts[word] + SMOOTHING) / (total + SMOOTHING * vocabulary))

    return weight
