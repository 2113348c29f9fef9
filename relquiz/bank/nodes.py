"""Reading YAML nodes with their lines: fields, text and choices checked one by one, every
problem reported once at the line a person should look at."""

from __future__ import annotations

import re
from collections.abc import Sequence

import yaml

from relquiz.bank.schema import MAX_TEXT_CHARS, ParsedFile, match_choice
from relquiz.errors import Problem, quote, suggest
from relquiz.safety import UNSAFE_CHARACTER

# A line of a multi-line text that starts like a field: mis-indented, so YAML folded it in.
_SWALLOWED_FIELD = re.compile(r"^\s*-?\s*(id|answer|difficulty|tags|distinctions|takeaway|scenario):(\s|$)")

YAML_TAG = "tag:yaml.org,2002:"
STR = YAML_TAG + "str"
NULL = YAML_TAG + "null"
TYPE_NAMES = {
    YAML_TAG + "str": "text",
    YAML_TAG + "int": "a number",
    YAML_TAG + "float": "a number",
    YAML_TAG + "bool": "true/false",
    YAML_TAG + "null": "nothing",
    YAML_TAG + "map": "a mapping",
    YAML_TAG + "seq": "a list",
    YAML_TAG + "timestamp": "a date",
}


def line_of(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def type_name(node: yaml.Node) -> str:
    return TYPE_NAMES.get(node.tag, f"a value tagged {quote(node.tag)}")


def expanded_text_limit(file_chars: int) -> int:
    """The most text a bank file may yield with its aliases expanded: four times its own size
    (escapes and folding can make text longer than its source) and 64 kB."""
    return 4 * file_chars + 65_536


class TextTooRepeated(Exception):
    """Aliases have repeated more text than the file holds; `node` is the text repeated last."""

    def __init__(self, node: yaml.Node) -> None:
        super().__init__(line_of(node))
        self.node = node


class NodeReader:
    """Reads one file's nodes, collecting the problems of every value it reads."""

    def __init__(self, result: ParsedFile, text: str) -> None:
        self.result = result
        self.lines = text.splitlines()
        # Aliases make one text count many times; more text than this is no honest bank, and
        # checking (then keeping) every copy is what a "billion laughs" file counts on.
        self.text_left = expanded_text_limit(len(text))
        self.visited: set[int] = set()
        self.reported: set[int] = set()
        self.said: set[Problem] = set()

    def problem(self, node: yaml.Node, message: str) -> None:
        """Report once: an alias used several times on a line would otherwise repeat the line."""
        problem = Problem(self.result.path, line_of(node), message)
        if problem not in self.said:
            self.said.add(problem)
            self.result.problems.append(problem)

    def fields(self, node: yaml.MappingNode, allowed: Sequence[str], where: str) -> dict[str, yaml.Node | None]:
        """The mapping's values by key, reporting unknown, repeated and non-word keys.

        A key whose value was already reported (an alias, a foreign tag) maps to None.
        """
        found: dict[str, yaml.Node | None] = {}
        first_key: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not self.usable(key_node):
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != STR:
                self.problem(key_node, f"keys in {where} must be words, found {type_name(key_node)}")
                continue
            key = key_node.value
            self.charge(key_node, len(key))  # an aliased key is read again at every use too
            if key in first_key:
                self.problem(
                    key_node,
                    f"duplicate key {quote(key)} in {where} (first at line {line_of(first_key[key])}); YAML would silently keep only the last",
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
        if node.tag in TYPE_NAMES:
            return True
        if id(node) not in self.reported:
            self.reported.add(id(node))
            if node.tag == YAML_TAG + "merge":
                self.problem(node, "merge keys (<<) are not supported; write the fields out in full")
            else:
                tag = quote(node.tag.replace(YAML_TAG, "!!", 1))
                self.problem(node, f"unsupported YAML tag {tag}; bank files hold plain text, lists and mappings")
        return False

    def text(self, node: yaml.Node | None, name: str) -> str | None:
        """The stripped text of a text field; None (with a problem) if it is not usable text."""
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"'{name}' must be text, found {type_name(node)}")
            return None
        if node.tag != STR and node.tag != NULL:
            self.problem(node, f"'{name}' must be text, found {type_name(node)}; put it in quotes if you meant text")
            return None
        value = str(node.value).strip() if node.tag == STR else ""
        # What is read for it is its whole source (blank lines included), at every use of an alias.
        self.charge(node, node.end_mark.index - node.start_mark.index - len(value))
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

    def charge(self, node: yaml.Node, amount: int) -> None:
        """Count text read against what the file can hold; TextTooRepeated past it."""
        self.text_left -= max(amount, 0)
        if self.text_left < 0:
            raise TextTooRepeated(node)

    def fits(self, node: yaml.Node, value: str, name: str, limit: int) -> bool:
        """False, with a problem, for text too long or holding what a terminal must never get;
        TextTooRepeated when aliases have repeated more text than the file can hold."""
        self.charge(node, len(value))
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
