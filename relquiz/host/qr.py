"""The join address as a QR code in text: two rows of modules per line of half blocks, so it is
square and small enough for a projected terminal."""

from __future__ import annotations

import segno

BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def qr_lines(text: str) -> list[str]:
    rows = [[bool(module) for module in row] for row in segno.make(text, error="m").matrix_iter(border=2)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    # Dark modules are drawn light-on-dark by the terminal's default colours, so draw the light
    # ones: a phone reads the code either way, but the usual form scans best.
    return [
        "".join(BLOCKS[(not top, not bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
    ]
