"""The five distinctions between a therapy relationship and a friendship, in relquiz's words."""

from __future__ import annotations

from dataclasses import dataclass

from relquiz.model import Answer, Distinction

ANSWER_NAMES = {Answer.THERAPY: "a therapy relationship", Answer.FRIENDSHIP: "a friendship"}
DEFAULT_SUPPORT_NOTE = (  # for a bank without its own support_note: on screen and on paper
    "This is a learning exercise, not a source of help. If you need support, talk to someone "
    "you trust, your doctor, a counselling service, or your local emergency number."
)
ANSWER_LABELS = {Answer.THERAPY: "Therapy relationship", Answer.FRIENDSHIP: "Friendship"}


@dataclass(frozen=True)
class DistinctionInfo:
    distinction: Distinction
    label: str
    letter: str
    question: str
    contrast: str
    therapy: str
    friendship: str


DISTINCTIONS: tuple[DistinctionInfo, ...] = (
    DistinctionInfo(
        Distinction.PURPOSE,
        "Purpose",
        "p",
        "Why does the relationship exist?",
        "Therapy works on a named problem or goal; a friendship exists for its own sake.",
        "It exists to help one person with a named problem or goal, using a method "
        "chosen on purpose, and progress is checked.",
        "It exists for its own sake: shared interests, company and fun. Support flows "
        "both ways, with no agenda or plan.",
    ),
    DistinctionInfo(
        Distinction.PROFESSIONALISM,
        "Professionalism",
        "r",
        "Is there a trained role, an agreement and a code?",
        "A professional works under a code, consent and fees; friends have no contract at all.",
        "A trained, accountable professional works under an ethical code, with "
        "informed consent, agreed fees or funding, records and supervision.",
        "No contract, fee, notes or code of ethics. Any training a friend has does not turn a chat into treatment.",
    ),
    DistinctionInfo(
        Distinction.CONFIDENTIALITY,
        "Confidentiality",
        "c",
        "Who keeps what private, and by what rule?",
        "A therapist's privacy duty has stated legal limits; a friend keeps secrets by personal loyalty.",
        "Privacy is a professional duty with limits explained at the start, such as "
        "serious risk or a court order; records are kept securely.",
        "Secrets are kept out of loyalty or a promise. There is no formal duty, no "
        "stated limits and no legal privilege.",
    ),
    DistinctionInfo(
        Distinction.BOUNDARIES,
        "Boundaries",
        "b",
        "What contact and roles are allowed?",
        "Therapy keeps one-way disclosure and one role; friends share, visit and mix roles freely.",
        "Disclosure runs one way; contact stays within sessions and agreed channels; "
        "no second role such as friend, lover or business partner.",
        "Both people open up; they text, visit, lend and share several roles, and "
        "they set their own limits as they go.",
    ),
    DistinctionInfo(
        Distinction.DURATION,
        "Duration",
        "d",
        "How does it begin and end?",
        "Therapy runs to a plan and a prepared ending; a friendship has no planned end.",
        "It follows a plan: a set number of sessions or regular reviews, and an "
        "ending prepared together once the goals are met.",
        "It has no planned end. It can last a lifetime, fade or pick up again as lives change.",
    ),
)

INFO: dict[Distinction, DistinctionInfo] = {info.distinction: info for info in DISTINCTIONS}
