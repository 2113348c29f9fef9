"""Bytes a person saved as text, to text: the one decoder for banks and spreadsheets' CSV files."""

from __future__ import annotations


class Undecodable(ValueError):
    """The bytes are not UTF-8 text; `line` is where a person should look, `cause` says why."""

    def __init__(self, line: int, cause: str) -> None:
        super().__init__(cause)
        self.line = line
        self.cause = cause


def decode_text(data: bytes) -> str:
    """UTF-8 text, with or without a byte-order mark; Undecodable for UTF-16, binary or other encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Undecodable(1, "the file is saved as UTF-16 ('Unicode text')")
    nul = data.find(b"\0")
    if nul >= 0:
        if max(data[0::2].count(0), data[1::2].count(0)) > len(data) // 4:  # every other byte zero
            raise Undecodable(1, "the file looks like UTF-16 text without a byte-order mark")
        raise Undecodable(data.count(b"\n", 0, nul) + 1, "not a text file (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise Undecodable(line, f"not UTF-8 text (byte 0x{data[error.start]:02x} cannot be read)") from None
