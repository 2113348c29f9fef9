"""One bank file: its bytes to checked questions, with every problem by line in one pass.

The YAML is composed into nodes (never constructed into Python objects), so each value keeps
its line number, duplicate keys can be seen and no tag can run code. This is the only module
that reads banks' YAML, and relquiz.bank.load imports it only when a file is not in the bank cache.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from relquiz.bank.nodes import NULL, NodeReader, TextTooRepeated, expanded_text_limit, line_of, type_name
from relquiz.bank.schema import (
    ANSWERS,
    DIFFICULTIES,
    DISTINCTION_KEYS,
    MAX_BANK_BYTES,
    MAX_ID_CHARS,
    MAX_PROBLEMS,
    MAX_TAG_CHARS,
    QUESTION_FIELDS,
    REQUIRED_QUESTION_FIELDS,
    TOP_FIELDS,
    ParsedFile,
)
from relquiz.errors import Problem, quote
from relquiz.model import ANSWER_BY_VALUE, DIFFICULTY_BY_VALUE, DISTINCTION_BY_VALUE, Distinction, Question
from relquiz.textfile import Undecodable, decode_text

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is missing on some platforms
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_PASTED_INDENT = re.compile(r"^[ \t]*\u00a0", re.M)


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
            _check_nodes(result, text, root)
    result.problems.sort()
    if len(result.problems) > MAX_PROBLEMS:
        hidden = len(result.problems) - MAX_PROBLEMS
        last = result.problems[MAX_PROBLEMS - 1].line
        result.problems[MAX_PROBLEMS:] = [Problem(result.path, last, f"… and {hidden} more problems; fix these first")]
    return result


def _check_nodes(result: ParsedFile, text: str, root: yaml.Node) -> None:
    try:
        _BankChecker(result, text).check_top(root)
    except TextTooRepeated as error:
        limit = expanded_text_limit(len(text))
        message = (
            f"aliases repeat the text at this line until the bank would hold over {limit:,} characters,"
            " more than the file could; write each text out where it is used"
        )
        result.problems.append(Problem(result.path, line_of(error.node), message))


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
    if "mapping values are not allowed" in problem:  # 'scenario: Ana says: hello' - a colon in the text
        detail += "; a colon followed by a space inside a text starts a new field: put the text in quotes, or use '>'"
    return Problem(path, line, f"YAML syntax error: {detail}")


class _BankChecker(NodeReader):
    """Walks one file's node tree, collecting problems and the questions that pass."""

    def check_top(self, root: yaml.Node) -> None:
        if not self.usable(root):
            return
        if not isinstance(root, yaml.MappingNode):
            found = type_name(root)
            csv = self.result.path.lower().endswith(".csv")
            hint = "; a spreadsheet saved as CSV becomes a bank with 'relquiz import'" if csv else ""
            self.problem(root, f"the top level must be a mapping with 'title' and 'questions', found {found}{hint}")
            return
        fields = self.fields(root, TOP_FIELDS, "the top level")
        version = fields.get("version")
        if isinstance(version, yaml.ScalarNode) and not version.value.strip():
            self.problem(version, "'version' is empty; write 'version: 1' or leave the line out")
        elif version is not None and not (isinstance(version, yaml.ScalarNode) and version.value.strip() == "1"):
            shown = quote(version.value) if isinstance(version, yaml.ScalarNode) else type_name(version)
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
            self.problem(questions, f"'questions' must be a list, found {type_name(questions)}")
        elif not questions.value:
            self.problem(questions, "'questions' is empty; a bank needs at least one question")
        else:
            self.check_questions(questions)

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
            first_line[question_id] = line_of(node)
            self.result.ids.append((question_id, line_of(node)))
            if question is not None:
                self.result.questions.append(question)

    def check_question(self, node: yaml.Node, number: int) -> tuple[str | None, Question | None]:
        """The question's id (for the duplicate check) and the question if it has no problem."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(
                node,
                f"question {number} must be a mapping with id, scenario, answer and distinctions, found {type_name(node)}",
            )
            return None, None
        before = len(self.result.problems)
        fields = self.fields(node, QUESTION_FIELDS, f"question {number}")
        for name in REQUIRED_QUESTION_FIELDS:
            if name not in fields:
                self.problem(node, f"question {number} is missing required field '{name}'")
        question_id = self.question_id(fields.get("id"))
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
            line=line_of(node),
        )
        return question_id, question

    def question_id(self, node: yaml.Node | None) -> str | None:
        """An id is text on one line: it names the question in every table, file and export."""
        question_id = self.text(node, "id")
        if node is None or question_id is None:
            return None
        if any(space in question_id for space in "\t\n\r\u2028\u2029"):
            self.problem(node, "an id must be one line without tabs, such as campus-counselling-six-sessions")
            return None
        if len(question_id) > MAX_ID_CHARS:  # text() has checked its characters and counted it
            self.problem(node, f"'id' is {len(question_id):,} characters long; keep it under {MAX_ID_CHARS}")
            return None
        return question_id

    def tags(self, node: yaml.Node | None) -> tuple[str, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"'tags' must be a list such as [school, online], found {type_name(node)}")
            return ()
        tags = []
        for item in node.value:
            # A list or mapping in the list may be an alias, whose line is where it was defined:
            # report it at the line of the tags instead, where it is used.
            if not self.fresh(item, node) or not self.usable(item):
                continue
            if isinstance(item, yaml.ScalarNode) and item.tag != NULL and item.value.strip():
                tag = str(item.value).strip()
                if any(space in tag for space in "\t\n\r"):
                    self.problem(item, "a tag must be one line without tabs; it is a word or two to filter by")
                elif self.fits(item, tag, "tags", MAX_TAG_CHARS):
                    tags.append(tag)
            else:
                self.problem(
                    node if not isinstance(item, yaml.ScalarNode) else item,
                    f"each tag must be a word, found {type_name(item)}",
                )
        return tuple(tags)

    def distinctions(self, node: yaml.Node | None) -> dict[Distinction, str]:
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.problem(
                node, f"'distinctions' must be a mapping such as 'purpose: why it shows here', found {type_name(node)}"
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
