"""The live class in the core, driven as the web host and the teacher's keys drive it: joining,
votes, a second vote, the reveal, late joiners, and what ends up in each results file."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import SMALL_BANK

from relquiz.bank.load import load_bank
from relquiz.live import JoinRefused, LiveClass, Spread, Stage
from relquiz.model import Answer, Mode
from relquiz.results_reader import read_results
from relquiz.run import QuizRun, RunPlan, open_results

BANK = load_bank([SMALL_BANK])
PLAN = RunPlan(BANK, BANK.questions[:2], 7, Mode.LIVE)
ROOM = "K7P2Q"


def live_class(tmp_path: Path, max_students: int = 300) -> LiveClass:
    ticks = iter(range(1000))

    def start_run(name: str) -> QuizRun:
        plan = replace(PLAN, student=name)
        return QuizRun(plan, open_results(plan, f"{tmp_path}/", lambda message: None), lambda: None, print)

    return LiveClass(PLAN, start_run, ROOM, max_students, clock=lambda: float(next(ticks)))


def stage(live: LiveClass) -> Stage:
    """Read afresh each time (mypy would keep what an earlier check narrowed it to)."""
    return live.stage


def saved(tmp_path: Path, name: str) -> dict[str, object]:
    document: dict[str, object] = json.loads((tmp_path / f"{name}-results.json").read_text(encoding="utf-8"))
    return document


def test_a_question_voted_discussed_voted_again_and_revealed(tmp_path: Path) -> None:
    live = live_class(tmp_path)
    ana, ben = live.join(ROOM, "Ana"), live.join(ROOM.lower(), " Ben ")
    first = PLAN.questions[0]
    wrong = Answer.THERAPY if first.answer is Answer.FRIENDSHIP else Answer.FRIENDSHIP
    assert live.vote(ana.token, wrong) and live.vote(ben.token, first.answer)
    assert live.vote(ana.token, wrong)  # a vote can change while voting is open
    assert live.answered() == 2
    live.advance()
    assert stage(live) is Stage.SPREAD and not live.vote(ana.token, first.answer)  # closed
    assert live.spread().total == 2
    live.discuss()
    assert stage(live) is Stage.REVOTING and live.answered() == 0
    live.vote(ana.token, first.answer)  # convinced by a neighbour; Ben does not vote again
    live.advance()
    assert live.spread(second=True) == (Spread(1, 0) if first.answer is Answer.THERAPY else Spread(0, 1))
    live.advance()
    assert stage(live) is Stage.REVEALED
    [ana_answer] = ana.run.responses
    assert (ana_answer.given, ana_answer.first_vote, ana_answer.correct) == (first.answer, wrong, True)
    [ben_answer] = ben.run.responses
    assert (ben_answer.given, ben_answer.first_vote) == (first.answer, first.answer)  # his first vote stands
    live.end()
    entry = saved(tmp_path, "ana")["answers"]
    assert isinstance(entry, list) and entry[0]["first_vote"] == wrong.value


def test_every_key_is_safe_at_any_moment(tmp_path: Path) -> None:
    live = live_class(tmp_path)
    live.next_question()  # n before the reveal: nothing
    live.discuss()  # d while voting: nothing
    assert (live.index, stage(live)) == (0, Stage.VOTING)
    live.advance()
    live.advance()  # Enter with no votes: closes, then reveals nothing
    live.advance()  # Enter after the reveal: nothing
    assert stage(live) is Stage.REVEALED
    live.next_question()
    assert (live.index, stage(live)) == (1, Stage.VOTING)
    live.end()
    live.end()  # q twice
    assert stage(live) is Stage.ENDED


def test_a_late_joiner_answers_from_the_current_question_and_the_files_say_so(tmp_path: Path) -> None:
    live = live_class(tmp_path)
    early = live.join(ROOM, "Early")
    live.vote(early.token, PLAN.questions[0].answer)
    live.advance()
    live.advance()
    live.next_question()
    late = live.join(ROOM, "Late")
    for student in (early, late):
        live.vote(student.token, PLAN.questions[1].answer)
    live.advance()
    live.advance()
    live.next_question()  # after the last question: the end
    assert stage(live) is Stage.ENDED
    assert read_results(tmp_path / "early-results.json").completed
    late_file = read_results(tmp_path / "late-results.json")
    assert ([a.id for a in late_file.answers], late_file.completed) == ([PLAN.questions[1].id], False)
    assert "first_vote" not in saved(tmp_path, "early")["answers"][0]  # type: ignore[index]


def test_joining_needs_the_room_code_and_a_name_and_room(tmp_path: Path) -> None:
    live = live_class(tmp_path, max_students=2)
    with pytest.raises(JoinRefused, match="room code"):
        live.join("WRONG", "Ana")
    with pytest.raises(JoinRefused, match="name"):
        live.join(ROOM, " \x1b[31m \n")
    ana = live.join(ROOM, "Ana")
    twin = live.join(ROOM, "Ana")
    assert (ana.name, twin.name) == ("Ana", "Ana (2)") and ana.token != twin.token
    with pytest.raises(JoinRefused, match="full"):
        live.join(ROOM, "Cy")


def test_names_are_data_cut_to_length(tmp_path: Path) -> None:
    live = live_class(tmp_path)
    student = live.join(ROOM, "<img src=x onerror=alert(1)> [bold]x[/] \x1b]0;t\x07" + "y" * 80)
    assert "\x1b" not in student.name and "\x07" not in student.name and len(student.name) <= 40
    assert student.name.startswith("<img src=x onerror=alert(1)>")  # kept as text, escaped where shown


def test_a_vote_needs_a_known_token(tmp_path: Path) -> None:
    live = live_class(tmp_path)
    assert not live.vote("made-up", Answer.THERAPY)
    assert live.answered() == 0


def test_a_damaged_first_vote_is_read_as_none(tmp_path: Path) -> None:
    live = live_class(tmp_path)
    ana = live.join(ROOM, "Ana")
    live.vote(ana.token, Answer.THERAPY)
    live.advance()
    live.discuss()
    live.vote(ana.token, Answer.FRIENDSHIP)
    live.advance()
    live.advance()
    live.end()
    path = tmp_path / "ana-results.json"
    assert read_results(path).answers[0].first_correct is (PLAN.questions[0].answer is Answer.THERAPY)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["answers"][0]["first_vote"] = ["therapy"]
    path.write_text(json.dumps(document), encoding="utf-8")
    assert read_results(path).answers[0].first_correct is None


def test_votes_on_a_question_not_yet_revealed_are_kept_at_the_end(tmp_path: Path) -> None:
    live = live_class(tmp_path)
    ana = live.join(ROOM, "Ana")
    live.vote(ana.token, Answer.THERAPY)
    live.end()  # q while voting is open
    assert [r.given for r in ana.run.responses] == [Answer.THERAPY]
    assert read_results(tmp_path / "ana-results.json").answers[0].id == PLAN.questions[0].id
