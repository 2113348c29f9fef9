"""One bank file: its bytes to checked questions, with every problem by line in one pass.

The YAML is composed into nodes (never constructed into Python objects), so each value keeps
its line number, duplicate keys can be seen and no tag can run code. This is the only module
that reads banks' YAML, and relquiz.bank.load imports it only when a file is not in the bank cache.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from relquiz.bank.schema import (
    ANSWERS,
    DIFFICULTIES,
    DISTINCTION_KEYS,
    MAX_BANK_BYTES,
    MAX_PROBLEMS,
    MAX_TAG_CHARS,
    MAX_TEXT_CHARS,
    QUESTION_FIELDS,
    REQUIRED_QUESTION_FIELDS,
    TOP_FIELDS,
    ParsedFile,
)
from relquiz.errors import Problem, match_choice, quote, suggest
from relquiz.model import ANSWER_BY_VALUE, DIFFICULTY_BY_VALUE, DISTINCTION_BY_VALUE, Distinction, Question
from relquiz.safety import UNSAFE_CHARACTER
from relquiz.textfile import Undecodable, decode_text

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is missing on some platforms
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_PASTED_INDENT = re.compile(r"^[ \t]*\u00a0", re.M)
# A line of a multi-line text that starts like a field: mis-indented, so YAML folded it in.
_SWALLOWED_FIELD = re.compile(r"^\s*-?\s*(id|answer|difficulty|tags|distinctions|takeaway|scenario):(\s|$)")

_YAML = "tag:yaml.org,2002:"
_STR = _YAML + "str"
_NULL = _YAML + "null"
_TYPE_NAMES = {
    _YAML + "str": "text",
    _YAML + "int": "a number",
    _YAML + "float": "a number",
    _YAML + "bool": "true/false",
    _YAML + "null": "nothing",
    _YAML + "map": "a mapping",
    _YAML + "seq": "a list",
    _YAML + "timestamp": "a date",
}


def parse_bank_file(path: Path, data: bytes | None = None) -> ParsedFile:
    """Read one bank file (or check `data`, its bytes already read) and report everything wrong."""
    result = ParsedFile(path=str(path))
    if data is None:
        try:
            if path.stat().st_size > MAX_BANK_BYTES:
                limit = MAX_BANK_BYTES // 1_000_000
                message = f"the file is larger than {limit} MB, the limit for a bank"
                result.problems.append(Problem(str(path), 1, message))
                return result
            data = path.read_bytes()
        except OSError as error:
            result.problems.append(Problem(str(path), 1, f"cannot read the file: {error.strerror}"))
            return result
    result.sha256 = hashlib.sha256(data).hexdigest()
    text = _decode(data, result)
    if text is not None:
        root = _compose(text, result)
        if root is not None:
            _Checker(result, text).check_top(root)
    result.problems.sort()
    if len(result.problems) > MAX_PROBLEMS:
        hidden = len(result.problems) - MAX_PROBLEMS
        last = result.problems[MAX_PROBLEMS - 1].line
        result.problems[MAX_PROBLEMS:] = [Problem(result.path, last, f"… and {hidden} more problems; fix these first")]
    return result


def _decode(data: bytes, result: ParsedFile) -> str | None:
    try:
        text = decode_text(data)
    except Undecodable as error:
        result.problems.append(Problem(result.path, error.line, f"{error.cause}; save the file as UTF-8"))
        return None
    for match in _PASTED_INDENT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        message = "a non-breaking space in the indentation (often pasted from a word processor); use ordinary spaces"
        result.problems.append(Problem(result.path, line, message))
    return None if result.problems else text


def _compose(text: str, result: ParsedFile) -> yaml.Node | None:
    try:
        root: yaml.Node | None = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        result.problems.append(_syntax_problem(result.path, error, text))
        return None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, max(error.position, 0)) + 1
        message = f"character U+{error.character:04X} is not allowed in YAML"
        result.problems.append(Problem(result.path, line, message))
        return None
    except yaml.YAMLError as error:
        result.problems.append(Problem(result.path, 1, f"YAML error: {error}"))
        return None
    except RecursionError:
        result.problems.append(Problem(result.path, 1, "the YAML is nested too deeply"))
        return None
    if root is None:
        result.problems.append(Problem(result.path, 1, "the file is empty; a bank needs 'title' and 'questions'"))
    return root


def _syntax_problem(path: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    """A syntax error at the line a person should look at.

    For something left open (a quote, a bracket) the parser only notices at the end of the
    file; the place where it was opened is the useful line.
    """
    problem = error.problem or "the YAML cannot be read"
    opened = error.context_mark
    at = error.problem_mark or opened
    if opened is not None and "end of stream" in problem:
        at = opened
    line = at.line + 1 if at else 1
    detail = problem
    if error.context:
        where = f" at line {opened.line + 1}" if opened is not None and opened.line + 1 != line else ""
        detail += f" ({error.context}{where})"
    if error.problem_mark is not None and text[error.problem_mark.index : error.problem_mark.index + 1] == "\t":
        detail += "; indent with spaces, not tabs"
    return Problem(path, line, f"YAML syntax error: {detail}")


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _type_name(node: yaml.Node) -> str:
    return _TYPE_NAMES.get(node.tag, f"a value tagged {quote(node.tag)}")


class _Checker:
    """Walks one file's node tree, collecting problems and the questions that pass."""

    def __init__(self, result: ParsedFile, text: str) -> None:
        self.result = result
        self.lines = text.splitlines()
        self.visited: set[int] = set()
        self.reported: set[int] = set()
        self.said: set[Problem] = set()

    def problem(self, node: yaml.Node, message: str) -> None:
        """Report once: an alias used several times on a line would otherwise repeat the line."""
        problem = Problem(self.result.path, _line(node), message)
        if problem not in self.said:
            self.said.add(problem)
            self.result.problems.append(problem)

    def check_top(self, root: yaml.Node) -> None:
        if not self.usable(root):
            return
        if not isinstance(root, yaml.MappingNode):
            found = _type_name(root)
            self.problem(root, f"the top level must be a mapping with 'title' and 'questions', found {found}")
            return
        fields = self.fields(root, TOP_FIELDS, "the top level")
        version = fields.get("version")
        if isinstance(version, yaml.ScalarNode) and not version.value.strip():
            self.problem(version, "'version' is empty; write 'version: 1' or leave the line out")
        elif version is not None and not (isinstance(version, yaml.ScalarNode) and version.value.strip() == "1"):
            shown = quote(version.value) if isinstance(version, yaml.ScalarNode) else _type_name(version)
            self.problem(version, f"unsupported version {shown}; this relquiz reads version 1")
        if "title" not in fields:
            self.problem(root, "missing required field 'title'")
        self.result.title = self.text(fields.get("title"), "title") or ""
        self.result.description = self.text(fields.get("description"), "description")
        self.result.support_note = self.text(fields.get("support_note"), "support_note")
        questions = fields.get("questions")
        if questions is None:
            self.problem(root, "missing required field 'questions' (a list of questions)")
        elif not isinstance(questions, yaml.SequenceNode):
            self.problem(questions, f"'questions' must be a list, found {_type_name(questions)}")
        elif not questions.value:
            self.problem(questions, "'questions' is empty; a bank needs at least one question")
        else:
            self.check_questions(questions)

    def fields(self, node: yaml.MappingNode, allowed: Sequence[str], where: str) -> dict[str, yaml.Node | None]:
        """The mapping's values by key, reporting unknown, repeated and non-word keys.

        A key whose value was already reported (an alias, a foreign tag) maps to None.
        """
        found: dict[str, yaml.Node | None] = {}
        first_key: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not self.usable(key_node):
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                self.problem(key_node, f"keys in {where} must be words, found {_type_name(key_node)}")
                continue
            key = key_node.value
            if key in first_key:
                self.problem(
                    key_node,
                    f"duplicate key {quote(key)} in {where} (first at line {_line(first_key[key])}); YAML would silently keep only the last",
                )
            elif key not in allowed:
                self.problem(key_node, f"unknown field {quote(key)} in {where}{suggest(key, allowed)}")
            elif self.fresh(value_node, key_node) and self.usable(value_node):
                found[key] = value_node
            else:
                found[key] = None
            first_key.setdefault(key, key_node)
        return found

    def fresh(self, node: yaml.Node, at: yaml.Node) -> bool:
        """False for a list or mapping met before: an alias would make the walk repeat or loop."""
        if isinstance(node, yaml.ScalarNode):
            return True
        if id(node) in self.visited:
            self.problem(at, "an alias repeats a list or mapping here; write the content out instead")
            return False
        self.visited.add(id(node))
        return True

    def usable(self, node: yaml.Node) -> bool:
        """False, reported once, for tags such as !!python/object: such values are never used."""
        if node.tag in _TYPE_NAMES:
            return True
        if id(node) not in self.reported:
            self.reported.add(id(node))
            if node.tag == _YAML + "merge":
                self.problem(node, "merge keys (<<) are not supported; write the fields out in full")
            else:
                tag = quote(node.tag.replace(_YAML, "!!", 1))
                self.problem(node, f"unsupported YAML tag {tag}; bank files hold plain text, lists and mappings")
        return False

    def text(self, node: yaml.Node | None, name: str) -> str | None:
        """The stripped text of a text field; None (with a problem) if it is not usable text."""
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"'{name}' must be text, found {_type_name(node)}")
            return None
        if node.tag != _STR and node.tag != _NULL:
            self.problem(node, f"'{name}' must be text, found {_type_name(node)}; put it in quotes if you meant text")
            return None
        value = str(node.value).strip() if node.tag == _STR else ""
        if not value:
            self.problem(node, f"'{name}' is empty")
            return None
        if not self.fits(node, value, name, MAX_TEXT_CHARS):
            return None
        # A block scalar ends at column 0 of the next key's line, which is not part of it.
        last_line = node.end_mark.line - (1 if node.end_mark.column == 0 else 0)
        for number in range(node.start_mark.line + 1, min(last_line + 1, len(self.lines))):
            swallowed = _SWALLOWED_FIELD.match(self.lines[number])
            if swallowed:
                field = swallowed.group(1)
                message = (
                    f"line {number + 1} looks like the field '{field}:' but is part of '{name}'; check its indentation"
                )
                self.problem(node, message)
                return None
        return value

    def fits(self, node: yaml.Node, value: str, name: str, limit: int) -> bool:
        """False, with a problem, for text too long or holding what a terminal must never get."""
        if len(value) > limit:
            self.problem(node, f"'{name}' is {len(value):,} characters long; keep it under {limit:,}")
            return False
        unsafe = UNSAFE_CHARACTER.search(value)
        if unsafe:
            code = f"U+{ord(unsafe.group()):04X}"
            self.problem(node, f"'{name}' contains the control or direction character {code}; remove it")
            return False
        return True

    def choice(self, node: yaml.Node | None, name: str, options: Sequence[str]) -> str | None:
        """One of `options`, matched ignoring case and spaces."""
        value = self.text(node, name)
        if node is None or value is None:
            return None
        word, message = match_choice(value, name, options)
        if message is not None:
            self.problem(node, message)
        return word

    def check_questions(self, sequence: yaml.SequenceNode) -> None:
        first_line: dict[str, int] = {}
        for number, node in enumerate(sequence.value, start=1):
            if not self.fresh(node, node) or not self.usable(node):
                continue
            question_id, question = self.check_question(node, number)
            if question_id is None:
                continue
            if question_id in first_line:
                self.problem(node, f"duplicate id {quote(question_id)} (first used at line {first_line[question_id]})")
                continue
            first_line[question_id] = _line(node)
            self.result.ids.append((question_id, _line(node)))
            if question is not None:
                self.result.questions.append(question)

    def check_question(self, node: yaml.Node, number: int) -> tuple[str | None, Question | None]:
        """The question's id (for the duplicate check) and the question if it has no problem."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(
                node,
                f"question {number} must be a mapping with id, scenario, answer and distinctions, found {_type_name(node)}",
            )
            return None, None
        before = len(self.result.problems)
        fields = self.fields(node, QUESTION_FIELDS, f"question {number}")
        for name in REQUIRED_QUESTION_FIELDS:
            if name not in fields:
                self.problem(node, f"question {number} is missing required field '{name}'")
        question_id = self.text(fields.get("id"), "id")
        scenario = self.text(fields.get("scenario"), "scenario")
        answer = self.choice(fields.get("answer"), "answer", ANSWERS)
        difficulty = self.choice(fields.get("difficulty"), "difficulty", DIFFICULTIES) or "medium"
        tags = self.tags(fields.get("tags"))
        distinctions = self.distinctions(fields.get("distinctions"))
        takeaway = self.text(fields.get("takeaway"), "takeaway")
        if len(self.result.problems) > before or not (question_id and scenario and answer):
            return question_id, None
        question = Question(
            id=question_id,
            scenario=scenario,
            answer=ANSWER_BY_VALUE[answer],
            distinctions=distinctions,
            difficulty=DIFFICULTY_BY_VALUE[difficulty],
            tags=tags,
            takeaway=takeaway,
            source=self.result.path,
            line=_line(node),
        )
        return question_id, question

    def tags(self, node: yaml.Node | None) -> tuple[str, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"'tags' must be a list such as [school, online], found {_type_name(node)}")
            return ()
        tags = []
        for item in node.value:
            # A list or mapping in the list may be an alias, whose line is where it was defined:
            # report it at the line of the tags instead, where it is used.
            if not self.fresh(item, node) or not self.usable(item):
                continue
            if isinstance(item, yaml.ScalarNode) and item.tag != _NULL and item.value.strip():
                tag = str(item.value).strip()
                if any(space in tag for space in "\t\n\r"):
                    self.problem(item, "a tag must be one line without tabs; it is a word or two to filter by")
                elif self.fits(item, tag, "tags", MAX_TAG_CHARS):
                    tags.append(tag)
            else:
                self.problem(
                    node if not isinstance(item, yaml.ScalarNode) else item,
                    f"each tag must be a word, found {_type_name(item)}",
                )
        return tuple(tags)

    def distinctions(self, node: yaml.Node | None) -> dict[Distinction, str]:
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.problem(
                node, f"'distinctions' must be a mapping such as 'purpose: why it shows here', found {_type_name(node)}"
            )
            return {}
        if not node.value:
            self.problem(node, "'distinctions' is empty; cite at least one of: " + ", ".join(DISTINCTION_KEYS))
            return {}
        explained: dict[Distinction, str] = {}
        for key, value in self.fields(node, DISTINCTION_KEYS, "distinctions").items():
            text = self.text(value, key)
            if text is not None:
                explained[DISTINCTION_BY_VALUE[key]] = text
        return explained
