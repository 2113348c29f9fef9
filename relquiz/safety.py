"""Characters that must never reach a terminal: escape sequences, control codes, bidi overrides,
lone surrogates."""

from __future__ import annotations

import re

ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
# Also lone surrogates: JSON can spell them ("\\ud800") but no terminal or UTF-8 file can hold them.
UNSAFE_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean(text: str) -> str:
    """Text safe for a terminal: escape sequences, control codes and bidi overrides removed."""
    return UNSAFE_CHARACTER.sub("", ESCAPE_SEQUENCE.sub("", text))


def escape_unsafe(json_text: str) -> str:
    """JSON with every unsafe character written as a \\u escape: same data, safe to print."""
    return UNSAFE_CHARACTER.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)
