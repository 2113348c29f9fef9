"""Characters that must never reach a terminal: escape sequences, control codes, bidi overrides,
lone surrogates."""

from __future__ import annotations

import re

ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
# Also lone surrogates: JSON can spell them ("\\ud800") but no terminal or UTF-8 file can hold them.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
UNSAFE_CHARACTER = re.compile(f"[{_UNSAFE}]")
_NOT_ON_ONE_LINE = re.compile(f"[\t\n{_UNSAFE}]")


def clean(text: str) -> str:
    """Text safe for a terminal: escape sequences, control codes and bidi overrides removed."""
    return UNSAFE_CHARACTER.sub("", ESCAPE_SEQUENCE.sub("", text))


def escape_unsafe(json_text: str) -> str:
    """JSON with every unsafe character written as a \\u escape: same data, safe to print."""
    return UNSAFE_CHARACTER.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)


def printable(name: str) -> str:
    """A file name on one line, with what a terminal must not get written out as an escape.

    Removing them (as clean() does for text) could make one name look like another: 'bad\\xff.yaml'
    must not read as 'bad.yaml'. A byte that was not UTF-8 shows as \\xNN, as Python holds it.
    """
    return _NOT_ON_ONE_LINE.sub(_escape, name)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by the file system's decoding
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
