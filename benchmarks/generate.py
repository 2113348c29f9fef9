"""Synthetic data for the benchmarks: valid question banks and valid results files.

Everything is seeded, so the same arguments always give the same bytes, and it uses only the
standard library, so the benchmark's own code never warms up relquiz's imports.

    python benchmarks/generate.py bank 10000 /tmp/bank-10k.yaml
    python benchmarks/generate.py results 1000 /tmp/results --questions 200

Sizes. A question here has a 40-90-word scenario (folded over several lines, as people write
them), three or four distinctions each explained in one sentence, one to three tags and a
one-sentence takeaway: about 625 bytes. The bundled bank's questions are longer (about 1,590
bytes: 87-word scenarios, 23-word explanations); at that size a 50,000-question file would be
about 80 MB, over relquiz's 32 MB limit, so the synthetic scenarios lean to the short end of
the range (49 words on average) and the 50,000-question bank stays under the limit (31.3 MB;
checked when writing).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

BANK_LIMIT_BYTES = 32_000_000  # relquiz.bank.schema.MAX_BANK_BYTES, kept here so nothing imports relquiz
DISTINCTIONS = ("purpose", "professionalism", "confidentiality", "boundaries", "duration")
ANSWERS = ("therapy", "friendship")
DIFFICULTIES = ("easy", "medium", "hard")
WRAP = 76


def _words(text: str) -> list[str]:
    return text.split()


NAMES = _words(
    """Ana Ben Chen Dara Eli Fatima Gus Hana Ivo Jun Kofi Lea Malik Nia Omar Pia Quinn Rosa Sami
Tao Uma Vik Wen Xia Yara Zoe Abel Bo Cleo Dev Ema Finn Gia Hugo Ines Jae Kai Lior Mei Nour Otto
Priya Raf Sven Tomas Ugo Vera Wim Yusuf Zain Ada Bryn Cato Dina Enzo Faye Gil Ilse Joss Kit Lars
Mina Noa Oli Pax Rhea Saul Tess Ulla Vito Wade Yves Zara"""
)
JOBS = _words(
    """baker nurse chef teacher driver student welder coder farmer barber pilot clerk medic tailor
porter plumber singer painter cashier courier editor miner potter roofer banker cleaner gardener
joiner"""
)
PLACES = _words(
    """clinic school campus office gym cafe ward library hostel studio market park chapel garage
bakery shelter hospital college depot canteen"""
)
HELPERS = _words(
    """counsellor therapist psychologist coach mentor neighbour cousin friend colleague tutor
classmate volunteer flatmate teammate nurse"""
)
# Function words come up often in real text and make it short; content words give it variety.
SHORT_WORDS = _words(
    """a the to of and in on at for with his her their she he they it is was as by
from but not so if then when that this who all one two"""
)
CONTENT_WORDS = _words(
    """week weeks month year day night hour time talk talks meet meets met call calls text
texts walk walks help helps asks told says agrees plans notes fee fees goal goals plan work works
topic topics room door chair desk form forms rule rules limit limits end ends start starts first
last next same other own new old long short calm warm kind firm clear quiet open shy worry worries
fear fears grief anger sleep panic stress loss mood trust care hope doubt pain home family party
trip game film meal lunch tea coffee bus train phone app email letter book session review record
consent privacy secret share shares keep keeps hold holds stay stays leave leaves back again often
never always still soon late early only just also sets set named agreed booked paid free weekly
monthly yearly brief steady slow fast hard easy problem problems method methods progress change
changes skills habit habits reply replies moves moved helped listens listened notices noticed
writes wrote brings brought visits visited mentions mentioned explains explained offers offered
checks checked feels felt knows knew shows showed leads led gives gave exam exams shift shifts
debt rent boss sister brother mother father partner child children baby dog garden kitchen river
beach hill road street city town village bridge winter summer spring autumn birthday wedding
funeral holiday weekend evening morning noon midnight diary journal notebook chart score scale
survey question answer silence laugh laughs cries cried smiles smiled waits waited returns
returned decides decided learns learned practises practised breathing exercise exercises
homework task tasks target targets budget schedule calendar contract agreement payment invoice
licence degree training supervisor supervision team staff manager client clients patient
patients member members group groups circle club choir league band crew neighbour stranger
promise promises favour favours gift gifts card cards photo photos story stories joke jokes memory
memories habitually gently openly calmly warmly briefly formally kindly rarely seldom nearly
across between around beyond during without within toward against beside behind above below
under over through despite because although unless until while whereas"""
)
WORDS = SHORT_WORDS + CONTENT_WORDS
CUMULATIVE_WEIGHTS = list(itertools.accumulate([6] * len(SHORT_WORDS) + [1] * len(CONTENT_WORDS)))
TAGS = _words(
    """school online workplace hospital campus family private-practice fixed-term open-ended
group-work peer-support sport faith coaching mentoring neighbours volunteering remote-work
crisis grief anxiety informed-consent referral confidentiality-limits dual-role chat-app
late-night shared-house"""
)


@dataclass(frozen=True)
class SyntheticQuestion:
    """What a results file needs to know about a question: its id, key and distinctions."""

    id: str
    answer: str
    distinctions: tuple[str, ...]
    difficulty: str


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, cum_weights=CUMULATIVE_WEIGHTS, k=rng.randint(low, high))
    if len(words) > 6 and rng.random() < 0.4:
        words[rng.randrange(2, len(words) - 2)] += ","
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _scenario_length(rng: random.Random) -> int:
    """40 to 90 words, most of them near the short end (see the module's note on sizes)."""
    return 40 + round(50 * rng.betavariate(1.0, 4.5))


def _scenario(rng: random.Random) -> str:
    """A named person, their age and job, a helper, then plain sentences up to the length."""
    opening = (
        f"{rng.choice(NAMES)}, a {rng.randint(16, 84)}-year-old {rng.choice(JOBS)}, meets "
        f"{rng.choice(NAMES)}, a {rng.choice(HELPERS)}, at the {rng.choice(PLACES)} "
        f"{rng.choice(('every', 'one', 'each'))} "
        f"{rng.choice(('Monday', 'Tuesday', 'Friday', 'week', 'evening', 'morning'))}."
    )
    words = opening.split()
    target = _scenario_length(rng)
    while len(words) < target:
        words += _sentence(rng, 5, 14).split()
    text = " ".join(words[:target]).rstrip(",")
    return text if text.endswith(".") else text + "."


def synthetic_questions(count: int, seed: int = 1) -> list[tuple[SyntheticQuestion, dict[str, object]]]:
    """`count` questions with unique ids, answers alternating so the bank stays balanced."""
    rng = random.Random(seed)
    questions = []
    for number in range(count):
        cited = rng.sample(DISTINCTIONS, 3 if rng.random() < 0.7 else 4)
        # Every distinction is cited somewhere, so validate has no coverage warning to print.
        if number < len(DISTINCTIONS) and DISTINCTIONS[number] not in cited:
            cited[0] = DISTINCTIONS[number]
        cited.sort(key=DISTINCTIONS.index)
        meta = SyntheticQuestion(
            id=f"q{number:05d}-{rng.choice(PLACES)}",
            answer=ANSWERS[number % 2],
            distinctions=tuple(cited),
            difficulty=rng.choice(DIFFICULTIES),
        )
        fields: dict[str, object] = {
            "scenario": _scenario(rng),
            "tags": sorted(rng.sample(TAGS, rng.randint(1, 3))),
            "explanations": {key: _sentence(rng, 4, 7) for key in cited},
            "takeaway": _sentence(rng, 5, 8),
        }
        questions.append((meta, fields))
    return questions


def _folded(text: str, indent: str) -> list[str]:
    """`text` as the lines of a folded block scalar, wrapped at WRAP columns like an editor would."""
    lines, line = [], indent
    for word in text.split():
        if len(line) + len(word) >= WRAP and line != indent:
            lines.append(line)
            line = indent
        line += word if line == indent else " " + word
    lines.append(line)
    return lines


def bank_text(questions: Sequence[tuple[SyntheticQuestion, dict[str, object]]], title: str) -> str:
    """The questions as a bank file (docs/bank-format.md), laid out as yaml.dump lays out lists:
    the list of questions starts at the left margin, which keeps a 50,000-question file small."""
    lines = [
        "version: 1",
        f"title: {title}",
        "description: >",
        "  Generated by benchmarks/generate.py for relquiz's benchmarks. The scenarios are",
        "  random words, not teaching material.",
        "questions:",
    ]
    for meta, fields in questions:
        lines.append(f"- id: {meta.id}")
        lines.append("  scenario: >")
        lines += _folded(str(fields["scenario"]), "    ")
        lines.append(f"  answer: {meta.answer}")
        if meta.difficulty != "medium":  # the default; people leave it out
            lines.append(f"  difficulty: {meta.difficulty}")
        lines.append(f"  tags: [{', '.join(fields['tags'])}]")  # type: ignore[arg-type]
        lines.append("  distinctions:")
        explanations: dict[str, str] = fields["explanations"]  # type: ignore[assignment]
        lines += [f"    {key}: {text}" for key, text in explanations.items()]
        lines.append(f"  takeaway: {fields['takeaway']}")
    return "\n".join(lines) + "\n"


def write_bank(path: Path, count: int, seed: int = 1) -> list[SyntheticQuestion]:
    """Write a valid bank of `count` questions to `path`; the questions' keys are returned."""
    questions = synthetic_questions(count, seed)
    data = bank_text(questions, f"Synthetic bank of {count:,} questions (seed {seed})").encode("utf-8")
    if len(data) >= BANK_LIMIT_BYTES:
        raise ValueError(
            f"{count:,} questions make {len(data):,} bytes, over relquiz's {BANK_LIMIT_BYTES:,}-byte limit"
        )
    path.write_bytes(data)
    return [meta for meta, _ in questions]


def results_document(
    rng: random.Random,
    questions: Sequence[SyntheticQuestion],
    bank_title: str,
    bank_sha256: str,
    student: str,
    drawn: int,
    started: datetime,
) -> dict[str, object]:
    """One consistent relquiz-results v1 document (docs/results-format.md).

    Consistent as relquiz's report demands: no question twice, no more answers than drawn,
    `correct` agrees with expected and given, and the score counts the right answers.
    """
    asked = rng.sample(list(questions), min(drawn, len(questions)))
    completed = rng.random() < 0.85
    answered = asked if completed else asked[: rng.randint(0, len(asked) - 1)]
    ability = rng.uniform(0.35, 0.95)
    ease = {"easy": 0.15, "medium": 0.0, "hard": -0.2}
    why = rng.random() < 0.3
    time_limit = rng.choice((None, None, None, 30, 60))
    answers = []
    clock = 0.0
    for question in answered:
        right = rng.random() < ability + ease[question.difficulty]
        given = question.answer if right else ANSWERS[1 - ANSWERS.index(question.answer)]
        seconds = round(rng.uniform(2.0, 40.0), 1)
        clock += seconds + 3.0
        answers.append(
            {
                "id": question.id,
                "expected": question.answer,
                "given": given,
                "correct": right,
                "seconds": seconds,
                "late": time_limit is not None and seconds > time_limit,
                "distinctions": list(question.distinctions),
                "why": sorted(rng.sample(question.distinctions, rng.randint(0, 2))) if why else None,
            }
        )
    finished = (started + timedelta(seconds=round(clock))).isoformat(timespec="seconds") if completed else None
    return {
        "format": "relquiz-results",
        "version": 1,
        "student": student,
        "seed": rng.randrange(100_000),
        "bank": {"title": bank_title, "sha256": bank_sha256},
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": finished,
        "completed": completed,
        "time_limit": time_limit,
        "filters": {},
        "score": {"correct": sum(bool(a["correct"]) for a in answers), "answered": len(answers), "total": len(asked)},
        "answers": answers,
    }


def write_results(
    folder: Path,
    count: int,
    questions: Sequence[SyntheticQuestion],
    bank_title: str,
    bank_sha256: str,
    seed: int = 1,
    drawn: int = 10,
) -> list[Path]:
    """Write `count` results files, one per student, each drawing `drawn` of `questions`."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    paths = []
    for number in range(count):
        student = f"{rng.choice(NAMES)} {rng.choice(NAMES)[0]}. {number:04d}"
        started = start + timedelta(minutes=rng.randrange(60 * 24 * 14))
        document = results_document(rng, questions, bank_title, bank_sha256, student, drawn, started)
        path = folder / f"student-{number:04d}-results.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def write_class(folder: Path, students: int, bank_questions: int = 200, seed: int = 1) -> list[Path]:
    """A bank of `bank_questions` (FOLDER-bank.yaml, beside the folder) and a results file per student."""
    bank = folder.parent / f"{folder.name}-bank.yaml"
    questions = write_bank(bank, bank_questions, seed)
    digest = hashlib.sha256(bank.read_bytes()).hexdigest()
    title = f"Synthetic bank of {bank_questions:,} questions (seed {seed})"
    return write_results(folder, students, questions, title, digest, seed)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    kinds = parser.add_subparsers(dest="kind", required=True)
    bank = kinds.add_parser("bank", help="write a valid bank of COUNT questions to PATH")
    bank.add_argument("count", type=int)
    bank.add_argument("path", type=Path)
    bank.add_argument("--seed", type=int, default=1)
    results = kinds.add_parser("results", help="write COUNT results files into FOLDER")
    results.add_argument("count", type=int)
    results.add_argument("folder", type=Path)
    results.add_argument("--questions", type=int, default=200, help="size of the bank the results answer")
    results.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.kind == "bank":
        write_bank(args.path, args.count, args.seed)
        print(f"wrote {args.path} ({args.path.stat().st_size:,} bytes, {args.count:,} questions)")
    else:
        paths = write_class(args.folder, args.count, args.questions, args.seed)
        print(f"wrote {len(paths):,} results files into {args.folder} (bank beside it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
