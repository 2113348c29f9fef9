"""A live class: everyone on the same question, a vote, a discussion and a second vote, then the
answer. The teacher's terminal and the students' browsers are drivers of this; it holds the
state, decides what each side may see, and records each student's final answer through their
own QuizRun, so their results file is the one `play` writes.

Every method takes the lock: the web server and the teacher's keys run on different threads.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from relquiz.errors import RelquizError
from relquiz.model import Answer, Question
from relquiz.quiz import Summary
from relquiz.run import QuizRun, RunPlan
from relquiz.safety import clean

NAME_LIMIT = 40  # characters of a student's name
INVISIBLE = {"\u3164", "\u115f", "\u1160", "\uffa0", "\u2800"}  # fillers that print as nothing
DEFAULT_MAX_STUDENTS = 300


class Stage(str, Enum):
    VOTING = "voting"  # the first vote is open
    SPREAD = "spread"  # the first vote is closed and its spread shown
    REVOTING = "revoting"  # a second vote, after discussing with a neighbour
    RESPREAD = "respread"  # the second vote is closed; both spreads are shown
    REVEALED = "revealed"  # the answer and the five distinctions
    ENDED = "ended"


OPEN = (Stage.VOTING, Stage.REVOTING)


class JoinRefused(RelquizError):
    """A join the host turns down: a wrong room code, a name that is not one, a full room."""


@dataclass
class Student:
    token: str
    name: str
    run: QuizRun
    votes: dict[int, tuple[Answer | None, Answer | None]] = field(default_factory=dict)  # question -> first, second
    voted_at: dict[int, float] = field(default_factory=dict)
    summary: Summary | None = None


@dataclass(frozen=True)
class Spread:
    therapy: int
    friendship: int

    @property
    def total(self) -> int:
        return self.therapy + self.friendship


class LiveClass:
    def __init__(
        self,
        plan: RunPlan,
        start_run: Callable[[str], QuizRun],
        room: str,
        max_students: int = DEFAULT_MAX_STUDENTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.plan = plan
        self.room = room
        self.max_students = max_students
        self._start_run = start_run
        self._clock = clock
        self.lock = threading.RLock()
        self.students: dict[str, Student] = {}
        self.index = 0
        self.stage = Stage.VOTING
        self.second_vote = False
        self.shown_at = clock()
        self.version = 0  # counts changes, so a browser can ask to hear of the next one
        self._listeners: list[Callable[[], None]] = []

    def listen(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every change (from whichever thread made it)."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        self.version += 1
        for listener in self._listeners:
            listener()

    # ---------------------------------------------------------------- what everyone sees

    @property
    def question(self) -> Question:
        return self.plan.questions[self.index]

    def spread(self, second: bool = False) -> Spread:
        """The votes of the first (or second) round on this question."""
        with self.lock:
            chosen = [s.votes.get(self.index, (None, None))[1 if second else 0] for s in self.students.values()]
            return Spread(chosen.count(Answer.THERAPY), chosen.count(Answer.FRIENDSHIP))

    def answered(self) -> int:
        """How many have voted in the vote now open (or last closed): never what they voted."""
        with self.lock:
            return (self.spread(second=self.second_vote)).total

    # ---------------------------------------------------------------- the students

    def join(self, room: str, name: str) -> Student:
        """A new student; the token they get is the only way to act as them."""
        if not hmac.compare_digest(room.strip().upper().encode("utf-8", "replace"), self.room.encode()):
            raise JoinRefused("that room code is not this class's")
        shown = shown_name(name)
        if not shown:
            raise JoinRefused("type your name to join")
        with self.lock:
            if self.stage is Stage.ENDED:
                raise JoinRefused("this class has ended")
            if len(self.students) >= self.max_students:
                raise JoinRefused(f"this class is full ({self.max_students} students)")
            taken = {s.name.casefold() for s in self.students.values()}
            unique, number = shown, 2
            while unique.casefold() in taken:  # two Anas are told apart
                unique, number = f"{shown} ({number})", number + 1
            student = Student(secrets.token_urlsafe(24), unique, self._start_run(unique))
            self.students[student.token] = student
            self._changed()
            return student

    def student(self, token: str) -> Student | None:
        with self.lock:
            return self.students.get(token)

    def vote(self, token: str, answer: Answer) -> bool:
        """Record or change a vote while a vote is open; False when none is."""
        with self.lock:
            student = self.students.get(token)
            if student is None or self.stage not in OPEN:
                return False
            before = student.votes.get(self.index, (None, None))
            votes = (before[0], answer) if self.stage is Stage.REVOTING else (answer, None)
            if votes != before:  # the same vote again changes nothing and wakes no one
                student.votes[self.index] = votes
                student.voted_at[self.index] = self._clock()
                self._changed()
            return True

    # ---------------------------------------------------------------- the teacher's keys

    def advance(self) -> None:
        """Enter: close the open vote, or reveal after a closed one. Safe at any moment."""
        with self.lock:
            if self.stage is Stage.VOTING:
                self.stage = Stage.SPREAD
            elif self.stage is Stage.REVOTING:
                self.stage = Stage.RESPREAD
            elif self.stage in (Stage.SPREAD, Stage.RESPREAD):
                self._reveal()
            self._changed()

    def discuss(self) -> None:
        """d: after the first spread, a second vote once neighbours have talked."""
        with self.lock:
            if self.stage is Stage.SPREAD:
                self.stage = Stage.REVOTING
                self.second_vote = True
                self._changed()

    def next_question(self) -> None:
        """n: the next question once the answer is out; after the last, the end."""
        with self.lock:
            if self.stage is not Stage.REVEALED:
                return
            if self.index + 1 >= len(self.plan.questions):
                self.end()
                return
            self.index += 1
            self.stage = Stage.VOTING
            self.second_vote = False
            self.shown_at = self._clock()
            self._changed()

    def end(self) -> None:
        """q (or Ctrl-C): every student's run finished, their results written, votes on a question
        not yet revealed included (they were given). Safe to repeat."""
        with self.lock:
            if self.stage is Stage.ENDED:
                return
            if self.stage is not Stage.REVEALED:
                self._reveal()
            for student in self.students.values():  # ENDED only once every run is finished
                if not student.run.ended:
                    completed = len(student.run.responses) == len(self.plan.questions)
                    student.summary = student.run.finish(completed)
            self.stage = Stage.ENDED
            self._changed()

    def _reveal(self) -> None:
        """Each student's last vote becomes their answer, with the first kept when they changed
        their mind in a second vote; then everyone may see the answer."""
        for student in self.students.values():
            first, second = student.votes.get(self.index, (None, None))
            final = second or first
            recorded = any(r.question_id == self.question.id for r in student.run.responses)
            if final is None or recorded:  # a reveal cut short (Ctrl-C) and done again saves once
                continue
            seconds = student.voted_at[self.index] - self.shown_at
            student.run.answer(self.question, final, seconds, first_vote=first if self.second_vote else None)
        self.stage = Stage.REVEALED


def shown_name(name: str) -> str:
    """A name as everyone will see it: compatibility forms folded (NFKC), invisible format
    characters, fillers and stacked accents removed, control codes cleaned, cut to NAME_LIMIT."""
    folded = unicodedata.normalize("NFKC", clean(name))
    kept, marks = [], 0
    for character in folded:
        category = unicodedata.category(character)
        marks = marks + 1 if category == "Mn" else 0
        if category in ("Cf", "Co", "Cn") or character in INVISIBLE or marks > 2:
            continue
        kept.append(character)
    return " ".join("".join(kept).split())[:NAME_LIMIT].strip()


def new_room_code() -> str:
    """Five letters and digits that cannot be misread for one another (no O/0, I/1)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(5))
