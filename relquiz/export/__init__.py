"""Banks written for other programs: one module per format, each a pure function Bank -> str."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from relquiz.model import Bank


class Format(str, Enum):
    GIFT = "gift"
    MOODLE_XML = "moodle-xml"
    MARKDOWN = "markdown"
    CSV = "csv"
    JSON = "json"


def writers() -> dict[Format, Callable[[Bank], str]]:
    """The registry: each format's writer. Loaded on first use, so `relquiz --help` stays fast."""
    from relquiz.export import data, gift, markdown, moodle_xml, sheet

    return {
        Format.GIFT: gift.export_gift,
        Format.MOODLE_XML: moodle_xml.export_moodle_xml,
        Format.MARKDOWN: markdown.export_markdown,
        Format.CSV: sheet.export_csv,
        Format.JSON: data.export_json,
    }


def export_bank(bank: Bank, format: Format) -> str:
    """The bank as the text of a file in this format (for markdown, the worksheet without its key)."""
    return writers()[format](bank)
