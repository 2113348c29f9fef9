"""Docs that cannot drift: README.md and docs/*.md against the real command line (issue 10).

The commands and options come from the Click objects Typer builds, never from help text.

The Markdown is read as blocks: a paragraph, a list item, a heading, a table row, or one line of
a fenced code block (a line ending in a backslash goes on with the next). Code is what sits in a
fenced block or an inline code span; options are only looked for in code.

A block *names* a command C when its code holds `relquiz C`, or an inline span that is just `C`
or starts with `C ` (as in "Options of `export`"). Plain prose ("play the quiz") never names one.

(a) Everything the command line has is documented, tied to its command:
    - every command appears as `relquiz C` in code somewhere;
    - every option of C, each of its names (`-b` and `--bank`, `--no-shuffle` ...; `--help` aside),
      appears as a whole word in the code of a block that is about C: the block names C, or the
      paragraph just before its table does (the table's caption: "Options of `relquiz play`:"),
      or a heading above it does ("## Strict rules: `relquiz validate --strict`", or a page's
      title such as "# The class report: `relquiz report`").
    The text after "Options of `C`:" in a paragraph (up to the next "Options of") is about C alone.
    So an option mentioned only for another command, or only in a list that says nothing of the
    command, does not count.

(b) Everything the docs name exists:
    - on a command line, `relquiz C ...` in a code block or an inline span, every `--option`
      and `-x` up to the end of that command (`|`, `;`, `&&`, `>`, `<` or a `#` comment) must be an
      option of C or a global one (`--version`, `--help`); before C only global options may
      appear. In inline spans and shell code blocks (sh, bash, console, none) the word after
      `relquiz` must be a command; in other blocks (yaml, text, ...) only lines where it is one
      are checked, so "an old relquiz never misreads" in a YAML comment is prose. A short option
      with its value attached (`-n12`) is checked as `-n`.
    - in an option list tied to one command, the first column of a table headed "Option" (tied by
      its caption or, without one, by the nearest heading naming a command), and the text after
      "Options of `C`:" up to the next "Options of", every option must be one of C's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import typer.main

from relquiz.cli import app, register

ROOT = Path(__file__).resolve().parent.parent
GLOBAL_OPTIONS = frozenset({"--version", "--help"})
SHELL_FENCES = frozenset({"", "sh", "shell", "bash", "console", "zsh"})

FENCE = re.compile(r"^\s*(```|~~~)\s*([\w+-]*)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
TABLE_DIVIDER = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
CELL_SPLIT = re.compile(r"(?<!\\)\|")
SHELL_STOP = re.compile(r"^(\||\|\||&&?|;|#.*|[<>].*|\d>.*)$")
OPTION_TOKEN = re.compile(r"^(--?[A-Za-z][\w-]*)")
OPTIONS_OF = re.compile(r"Options of `(?:relquiz\s+)?([\w-]+)`")
RELQUIZ_COMMAND = re.compile(r"(?:^|(?<=[\s/(]))relquiz\s+([\w-]+)")


# ---------------------------------------------------------------------------- the real CLI


@cache
def cli_options() -> dict[str, frozenset[str]]:
    """Every command and the names of its options, from the Click objects (`--help` left out)."""
    register()
    group = typer.main.get_command(app)
    commands = getattr(group, "commands", None)
    assert isinstance(commands, dict), "the relquiz app should be a group of commands"
    options: dict[str, frozenset[str]] = {}
    for name, command in commands.items():
        names: set[str] = set()
        for param in command.params:
            if getattr(param, "param_type_name", "") != "option":
                continue
            names.update(param.opts)
            names.update(param.secondary_opts)
        options[str(name)] = frozenset(names - {"--help"})
    return options


# ---------------------------------------------------------------------------- reading the docs


@dataclass(frozen=True)
class Block:
    """One unit of a Markdown file: a paragraph, list item, heading, table row or code line."""

    path: str
    line: int
    text: str
    fence: str | None = None  # the info string of its code block ("sh", "yaml", ""); None outside code
    headings: tuple[str, ...] = ()  # the headings above it, outermost first
    caption: str = ""  # for a table row: the paragraph just before the table
    table_header: str = ""  # for a table row: the first cell of the table's header row

    @property
    def code(self) -> list[str]:
        """The code of the block: the whole line in a code block, else each inline span."""
        if self.fence is not None:
            return [self.text]
        return [match.group(2).strip() for match in CODE_SPAN.finditer(self.text)]

    @property
    def first_cell(self) -> str:
        cells = CELL_SPLIT.split(self.text.strip().strip("|"))
        return cells[0] if cells else ""


def markdown_blocks(path: str, text: str) -> Iterator[Block]:
    """Split Markdown into blocks, keeping the headings, table caption and code fence of each."""
    headings: list[tuple[int, str]] = []
    paragraph: list[str] = []
    start = 0
    last_paragraph = ""  # the paragraph just finished, a caption if a table follows
    fence: str | None = None
    fence_marker = ""
    pending_code = ""
    pending_line = 0
    in_table = False
    caption = ""
    table_header = ""
    lines = text.splitlines()

    def flush() -> Iterator[Block]:
        nonlocal paragraph, last_paragraph
        if paragraph:
            joined = " ".join(part.strip() for part in paragraph)
            yield Block(path, start, joined, None, tuple(h for _, h in headings))
            last_paragraph = joined
        paragraph = []

    for number, line in enumerate(lines, start=1):
        if fence is not None:
            if line.strip().startswith(fence_marker):
                fence = None
                continue
            if not pending_code:
                pending_line = number
            if line.rstrip().endswith("\\"):
                pending_code += line.rstrip()[:-1] + " "
                continue
            yield Block(path, pending_line, pending_code + line, fence, tuple(h for _, h in headings))
            pending_code = ""
            continue
        opening = FENCE.match(line)
        if opening:
            yield from flush()
            fence, fence_marker = opening.group(2).lower(), opening.group(1)
            in_table = False
            last_paragraph = ""
            continue
        heading = HEADING.match(line)
        if heading:
            yield from flush()
            level = len(heading.group(1))
            headings = [(lvl, h) for lvl, h in headings if lvl < level]
            yield Block(path, number, heading.group(2), None, tuple(h for _, h in headings))
            headings.append((level, heading.group(2)))
            in_table = False
            last_paragraph = ""
            continue
        if line.lstrip().startswith("|"):
            if not in_table:
                yield from flush()
                in_table = True
                caption, last_paragraph = last_paragraph, ""
                table_header = CELL_SPLIT.split(line.strip().strip("|"))[0].strip()
            if not TABLE_DIVIDER.match(line):
                yield Block(path, number, line, None, tuple(h for _, h in headings), caption, table_header)
            continue
        in_table = False
        if not line.strip():
            yield from flush()
            continue
        if LIST_ITEM.match(line) or not paragraph:
            yield from flush()
            if LIST_ITEM.match(line):
                last_paragraph = ""
            start = number
        paragraph.append(line)
    yield from flush()


@cache
def doc_blocks() -> tuple[Block, ...]:
    """The blocks of README.md and every docs/*.md."""
    paths = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    blocks: list[Block] = []
    for path in paths:
        blocks.extend(markdown_blocks(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")))
    return tuple(blocks)


# ---------------------------------------------------------------------------- the rules


def commands_named(text: str, commands: frozenset[str]) -> set[str]:
    """The commands the inline spans of some Markdown name."""
    named: set[str] = set()
    for match in CODE_SPAN.finditer(text):
        named |= commands_named_in_code(match.group(2).strip(), commands, span=True)
    return named


def commands_named_in_code(code: str, commands: frozenset[str], span: bool) -> set[str]:
    """`relquiz C` anywhere in the code; in an inline span, also a first word that is a command."""
    named = {word for word in RELQUIZ_COMMAND.findall(code) if word in commands}
    words = code.split(maxsplit=1)
    if span and words and words[0] in commands:
        named.add(words[0])
    return named


def block_parts(block: Block, commands: frozenset[str]) -> Iterator[tuple[list[str], set[str]]]:
    """The code of a block with the commands it is about: named in it, in its table caption, or in a
    heading above it. Text after "Options of `C`" (up to the next one) is about C alone."""
    pieces = OPTIONS_OF.split(block.text) if block.fence is None and not block.table_header else [block.text]
    code = block.code if len(pieces) == 1 else [match.group(2).strip() for match in CODE_SPAN.finditer(pieces[0])]
    named: set[str] = set()
    for part in code:
        named |= commands_named_in_code(part, commands, span=block.fence is None)
    named |= commands_named(block.caption, commands)
    for heading in block.headings:
        named |= commands_named(heading, commands)
    yield code, named
    for command, text in zip(pieces[1::2], pieces[2::2], strict=True):
        if command in commands:
            yield [match.group(2).strip() for match in CODE_SPAN.finditer(text)], {command}


def has_option(code: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", code) is not None


def undocumented(blocks: tuple[Block, ...], options: dict[str, frozenset[str]], command: str) -> list[str]:
    """(a): the command, or names of its options, missing from the docs about it."""
    commands = frozenset(options)
    missing: list[str] = []
    if not any(command in RELQUIZ_COMMAND.findall(code) for block in blocks for code in block.code):
        missing.append(f"`relquiz {command}` appears nowhere in code")
    about = [
        code for block in blocks for codes, named in block_parts(block, commands) if command in named for code in codes
    ]
    for option in sorted(options[command]):
        if not any(has_option(code, option) for code in about):
            missing.append(f"`{option}` of `relquiz {command}` is not in any block about `{command}`")
    return missing


def command_lines(block: Block) -> Iterator[tuple[str, list[str], bool]]:
    """Each `relquiz ...` command in the code of a block: (the command as written, its words, strict).

    `relquiz` counts where a shell command starts: at the start of the code, after `|`, `&&`, `||`,
    `;` or a `$` prompt, or after `NAME=value` settings; `.venv/bin/relquiz` counts too.
    """
    strict = block.fence is None or block.fence in SHELL_FENCES
    for code in block.code:
        words = code.split()
        at_start = True
        for index, word in enumerate(words):
            if word in {"|", "||", "&&", ";", "$"}:
                at_start = True
            elif at_start and re.fullmatch(r"[A-Za-z_]\w*=\S*", word):
                continue
            elif at_start and (word == "relquiz" or word.endswith("/relquiz")):
                args: list[str] = []
                for arg in words[index + 1 :]:
                    if SHELL_STOP.match(arg):
                        break
                    args.append(arg)
                yield " ".join(["relquiz", *args]), args, strict
                at_start = False
            else:
                at_start = False


def wrong_options(blocks: tuple[Block, ...], options: dict[str, frozenset[str]]) -> list[str]:
    """(b): options the docs give a command that it does not have, and commands that do not exist."""
    commands = frozenset(options)
    wrong: list[str] = []
    for block in blocks:
        where = f"{block.path}:{block.line}"
        for line, words, strict in command_lines(block):
            command = next((word for word in words if not word.startswith("-")), None)
            if command is not None and command not in commands:
                if strict and re.fullmatch(r"[a-z][\w-]*", command):
                    wrong.append(f"{where}: `{line}`: relquiz has no command `{command}`")
                continue
            allowed, whose, seen_command = GLOBAL_OPTIONS, "relquiz itself", False
            for word in words:
                if word == command and not seen_command:
                    allowed, whose, seen_command = options[command] | GLOBAL_OPTIONS, f"`relquiz {command}`", True
                    continue
                option = option_name(word)
                if option is not None and option not in allowed:
                    wrong.append(f"{where}: `{line}`: {whose} has no option `{option}`")
        for command, code in option_lists(block, commands):
            for word in code.replace(",", " ").split():
                option = option_name(word)
                if option is not None and option not in options[command] | GLOBAL_OPTIONS:
                    wrong.append(f"{where}: options of `{command}` list `{option}`, which it does not have")
    return wrong


def option_name(word: str) -> str | None:
    """The option a shell word gives (`--bank=x` -> `--bank`, `-n12` -> `-n`), or None."""
    match = OPTION_TOKEN.match(word)
    if match is None:
        return None
    name = match.group(1)
    return name if name.startswith("--") else name[:2]


def option_lists(block: Block, commands: frozenset[str]) -> Iterator[tuple[str, str]]:
    """Option lists tied to one command in a block: (the command, the code listing its options)."""
    if block.fence is not None:
        return
    if block.table_header.strip("` ").lower() == "option":
        owners = commands_named(block.caption, commands)
        for heading in reversed(block.headings):
            if owners:
                break
            owners = commands_named(heading, commands)
        if len(owners) == 1:
            (owner,) = owners
            yield owner, " ".join(match.group(2) for match in CODE_SPAN.finditer(block.first_cell))
        return
    pieces = OPTIONS_OF.split(block.text)
    for command, text in zip(pieces[1::2], pieces[2::2], strict=True):
        if command in commands:
            yield command, " ".join(match.group(2) for match in CODE_SPAN.finditer(text))


# ---------------------------------------------------------------------------- the guard


@pytest.mark.parametrize("command", sorted(cli_options()))
def test_every_option_is_documented_with_its_command(command: str) -> None:
    missing = undocumented(doc_blocks(), cli_options(), command)
    assert not missing, "document these in README.md or docs/*.md:\n" + "\n".join(missing)


def test_every_option_the_docs_name_exists() -> None:
    wrong = wrong_options(doc_blocks(), cli_options())
    assert not wrong, "the docs name what the command line does not have:\n" + "\n".join(wrong)


def test_the_docs_are_actually_read() -> None:
    """The scanner sees the docs' command lines, so the checks above cannot pass on nothing."""
    blocks = doc_blocks()
    lines = [line for block in blocks for line, _, _ in command_lines(block)]
    assert len(lines) > 50
    assert any(line.startswith("relquiz play --seed 2027 -n 12") for line in lines)
    assert any(line.startswith("relquiz export --format") for line in lines)
    assert {b.path for b in blocks} >= {"README.md", "docs/export.md", "docs/review.md"}
    assert set(cli_options()) >= {"play", "export", "import", "report"}
    assert cli_options()["play"] >= {"-b", "--bank", "--no-shuffle", "--plain"}


# ---------------------------------------------------------------------------- the rules on their own

OPTIONS = {"play": frozenset({"-b", "--bank", "--plain"}), "export": frozenset({"-o", "--output"})}


def blocks_of(markdown: str) -> tuple[Block, ...]:
    return tuple(markdown_blocks("doc.md", markdown))


def test_an_option_mentioned_only_elsewhere_is_missing() -> None:
    markdown = """\
# Notes

`relquiz play -b BANK` starts a quiz. Export with `relquiz export -o out.txt`.

Other commands take `--plain`, and `--output` too.
"""
    missing = [line for command in sorted(OPTIONS) for line in undocumented(blocks_of(markdown), OPTIONS, command)]
    assert missing == [
        "`--output` of `relquiz export` is not in any block about `export`",
        "`--bank` of `relquiz play` is not in any block about `play`",
        "`--plain` of `relquiz play` is not in any block about `play`",
    ]


def test_captions_and_headings_tie_options_to_their_command() -> None:
    markdown = """\
# relquiz

`relquiz play` and `relquiz export` exist.

Options of `relquiz play`:

| Option | Meaning |
|---|---|
| `-b, --bank PATH` | A bank. |

## Writing files: `relquiz export`

- `-o`, also `--output`, writes a file.

## Screen readers

`--plain` drops colour.
"""
    assert undocumented(blocks_of(markdown), OPTIONS, "export") == []
    assert undocumented(blocks_of(markdown), OPTIONS, "play") == [
        "`--plain` of `relquiz play` is not in any block about `play`"
    ]


def test_options_of_a_command_count_for_that_command_alone() -> None:
    markdown = """\
# Files: `relquiz play`, `relquiz export`

Options of `play`: `-b, --bank PATH`.
Options of `export`: `-o, --output PATH` and `--plain`.
"""
    assert undocumented(blocks_of(markdown), OPTIONS, "export") == []
    assert undocumented(blocks_of(markdown), OPTIONS, "play") == [
        "`--plain` of `relquiz play` is not in any block about `play`"
    ]


def test_options_a_command_does_not_have_are_found() -> None:
    markdown = """\
Run `relquiz play --bank x --seed 3 | grep --count x` or `relquiz --plain play`.

```sh
relquiz export -o out.txt \\
    --force   # replaces
relquiz exprot
```

```yaml
# an old relquiz never misreads this
```

Options of `export`: `-o, --output PATH` and `-f`. Options of `play`: `-b`.

Options of `relquiz play`:

| Option | Meaning |
|---|---|
| `--all` | Everything (`--output` is for `export`). |
"""
    assert wrong_options(blocks_of(markdown), OPTIONS) == [
        "doc.md:1: `relquiz play --bank x --seed 3`: `relquiz play` has no option `--seed`",
        "doc.md:1: `relquiz --plain play`: relquiz itself has no option `--plain`",
        "doc.md:4: `relquiz export -o out.txt --force`: `relquiz export` has no option `--force`",
        "doc.md:6: `relquiz exprot`: relquiz has no command `exprot`",
        "doc.md:13: options of `export` list `-f`, which it does not have",
        "doc.md:19: options of `play` list `--all`, which it does not have",
    ]
