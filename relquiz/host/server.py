"""The web server of a live class, on a thread of its own so the teacher's keys stay in the
foreground. Uvicorn serves the Starlette app; nothing else listens."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn
from starlette.applications import Starlette

from relquiz.errors import RelquizError

STARTUP_SECONDS = 10


class LiveServer:
    def __init__(self, app: Starlette, bind: str, port: int) -> None:
        self._check_free(bind, port)
        config = uvicorn.Config(app, host=bind, port=port, log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        # On a thread that is not the main one, uvicorn leaves Ctrl-C and other signals alone.
        self._thread = threading.Thread(target=self._server.run, name="relquiz-host", daemon=True)

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RelquizError("the live class's web server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)

    @staticmethod
    def _check_free(bind: str, port: int) -> None:
        """A port in use is one clear line, before anything is shown to the class."""
        family = socket.AF_INET6 if ":" in bind else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((bind, port))
            except OSError as error:
                raise RelquizError(
                    f"cannot listen on {bind} port {port}: {error.strerror}; try another --port"
                ) from None


def join_address(bind: str, port: int) -> str:
    """The address students type: this machine's own LAN address when listening on all of them,
    found from its interfaces by name (nothing is sent anywhere), else the one given."""
    host = bind
    if bind in ("0.0.0.0", "::", ""):
        host = _lan_address() or "127.0.0.1"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _lan_address() -> str | None:
    try:
        found = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return None
    addresses = [str(entry[4][0]) for entry in found]
    return next((a for a in addresses if not a.startswith("127.")), None)
