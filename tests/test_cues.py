"""The word-spotter check: leave-one-out naive Bayes over scenario words, its figures, the words
it names, and the limits `validate --strict` will hold a full bank to."""

from __future__ import annotations

import re
import textwrap

from helpers import SMALL_BANK, BankWriter, Runner

from relquiz.bank.cues import STRICT_FROM, check_cues, scenario_words
from relquiz.model import Answer, Difficulty, Distinction, Question

FILLER = "they meet and talk about what happened this week"


def question(number: int, answer: Answer, words: str, difficulty: Difficulty = Difficulty.MEDIUM) -> Question:
    return Question(
        id=f"q{number}",
        scenario=f"{words} {FILLER}.",
        answer=answer,
        distinctions={Distinction.PURPOSE: "x"},
        difficulty=difficulty,
    )


def giveaway_bank(size: int) -> list[Question]:
    """Every therapy says 'invoice', every friendship 'barbecue': a bank a word-spotter passes."""
    return [
        question(n, answer, "invoice" if answer is Answer.THERAPY else "barbecue", Difficulty.HARD)
        for n in range(size)
        for answer in [Answer.THERAPY if n % 2 else Answer.FRIENDSHIP]
    ]


def test_words_are_lower_case_and_counted_once() -> None:
    assert scenario_words("Fee, fee! A 50-minute session; Ana's fee.") == {"fee", "a", "50-minute", "session", "ana's"}


def test_a_giveaway_word_keys_every_question_and_is_named() -> None:
    check = check_cues(giveaway_bank(10))
    assert check.share() == (10, 10)
    assert check.giveaways and all(k.telling[0] in ("invoice", "barbecue") for k in check.giveaways)
    assert all(k.confidence > 0.5 for k in check.keyed)


def test_each_question_is_left_out_of_its_own_training() -> None:
    # Each therapy has a word of its own and nothing else that differs: trained with itself, its
    # own word would key it; left out, the word is unseen and tells nothing.
    questions = [question(n, Answer.THERAPY, f"word{n}") for n in range(4)]
    questions += [question(n + 4, Answer.FRIENDSHIP, f"word{n + 4}") for n in range(4)]
    check = check_cues(questions)
    assert all("word" not in " ".join(k.telling) for k in check.keyed)
    assert all(abs(k.confidence - 0.5) < 0.2 for k in check.keyed)


def test_strict_limits_apply_from_forty_questions() -> None:
    assert check_cues(giveaway_bank(STRICT_FROM - 1)).shortfalls() == []
    problems = check_cues(giveaway_bank(STRICT_FROM)).shortfalls()
    assert problems == [
        "a word-spotter keys 40 of the 40 questions right (100%); keep it at 80% or less"
        " (relquiz validate --cues names the words that give them away)",
        "a word-spotter keys 40 of the 40 hard questions right (100%); keep it at 50% or less"
        " (relquiz validate --cues names the words that give them away)",
    ]


def test_strict_validation_holds_a_full_bank_to_them() -> None:
    from relquiz.bank.rules import strict_problems
    from relquiz.model import Bank

    bank = Bank(title="t", questions=tuple(giveaway_bank(STRICT_FROM)), sha256="0")
    messages = [problem.message for problem in strict_problems(bank)]
    assert sum(message.startswith("a word-spotter keys 40 of the 40") for message in messages) == 2


def test_figures_per_difficulty() -> None:
    questions = [*giveaway_bank(6), question(9, Answer.THERAPY, "barbecue", Difficulty.EASY)]
    check = check_cues(questions)
    assert check.share(Difficulty.EASY) == (0, 1)  # a therapy that says 'barbecue' fools it
    assert check.share(Difficulty.HARD) == (6, 6)


def test_validate_cues_shows_the_figures_and_the_giveaways(run: Runner, write_bank: BankWriter) -> None:
    items = "".join(
        f"""
          - id: q{n}
            scenario: {"An invoice comes" if n % 2 else "A barbecue starts"} and they talk about week {n}.
            answer: {"therapy" if n % 2 else "friendship"}
            difficulty: {"hard" if n < 4 else "easy"}
            distinctions:
              purpose: The reason shows in case {n}.
        """
        for n in range(8)
    )
    bank = write_bank("title: Giveaways\nquestions:" + textwrap.dedent(items))
    result = run("validate", "--cues", "--plain", str(bank))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Keys 8 of 8 questions right (100%): easy 4 of 4, hard 4 of 4." in lines
    giveaways = [line for line in lines if re.fullmatch(r"  q\d \(\d+\.\d% sure\): .*", line)]
    assert len(giveaways) == 5 and all(re.search(r"\b(invoice|barbecue)\b", line) for line in giveaways)
    assert "Word-spotter" not in run("validate", "--plain", str(SMALL_BANK)).stdout


def test_strict_shows_the_figures_to_a_small_bank_without_holding_it_to_them(run: Runner) -> None:
    result = run("validate", "--strict", "--plain", str(SMALL_BANK))
    assert "Keys 0 of 4 questions right (0%): easy 0 of 2, medium 0 of 1, hard 0 of 1." in result.stdout
    assert "word-spotter" not in result.stderr  # 4 questions: information only


def test_a_full_bank_is_told_whether_it_is_within_the_strict_limits(run: Runner) -> None:
    from helpers import BANKS

    result = run("validate", "--cues", "--plain", str(BANKS["bundled"]))
    assert "That is within the --strict limits (80% of all questions, 50% of hard ones)." in result.stdout
