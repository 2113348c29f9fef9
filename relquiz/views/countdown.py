"""The live countdown above the answer prompt, for `play --time-limit`."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.text import Text

from relquiz.views.base import View


@contextmanager
def live_countdown(view: View, limit: int, shown_at: float, clock: Callable[[], float], prompt: str) -> Iterator[None]:
    """While the learner types: the time left on the line above the prompt, once a second.

    It moves the cursor, so only a colour terminal gets it. After a resize the line stops
    changing for that question; the limit itself still applies.
    """
    view.line(Text(_time_left(max(0, round(limit - (clock() - shown_at)))), "hint"))
    stop = threading.Event()

    started_width = view.console.size.width

    def tick() -> None:
        while not stop.wait(1):
            width = max(view.console.size.width, 1)
            if width != started_width:
                # The window was resized: the lines above the cursor have moved or reflowed in
                # ways a terminal does not report, so stop rather than write over something.
                return
            status = _time_left(max(0, round(limit - (clock() - shown_at))))[: width - 1]
            # Save the cursor, go up past the prompt and what is typed so far (they may wrap),
            # rewrite the status line, restore: the typing is untouched.
            up = 1 + (len(prompt) + len(_typed_so_far())) // width
            view.console.file.write(f"\x1b7\x1b[{up}A\r\x1b[2K{status}\x1b8")
            view.console.file.flush()

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield
    finally:
        stop.set()
        ticker.join()


def _typed_so_far() -> str:
    """What the learner has typed at the prompt, when readline (used on terminals) can tell."""
    readline = sys.modules.get("readline")
    return str(readline.get_line_buffer()) if readline is not None else ""


def _time_left(seconds: int) -> str:
    return f"Time left: {seconds} s" if seconds else "Time is up: answer when ready (it will be marked late)."
