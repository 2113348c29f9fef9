"""The web server of a live class, on a thread of its own so the teacher's keys stay in the
foreground. Uvicorn serves the Starlette app; nothing else listens."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import uvicorn
from starlette.applications import Starlette

from relquiz.errors import RelquizError

STARTUP_SECONDS = 10


class LiveServer:
    def __init__(self, app: Starlette, bind: str, port: int, students: int) -> None:
        self._check_free(bind, port)
        _more_open_files()
        config = uvicorn.Config(
            app,
            host=bind,
            port=port,
            lifespan="off",
            access_log=False,
            log_level="critical",  # nothing from the server on the projected screen
            # Bounded: each student holds a request or two; an idle connection is closed.
            limit_concurrency=4 * students + 50,
            timeout_keep_alive=5,
            timeout_graceful_shutdown=1,
        )
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
    """The address students type: when listening on every network, this machine's own address
    on one, read from its network interfaces (nothing is sent anywhere); else the one given."""
    host = bind
    if bind in ("0.0.0.0", "::", ""):
        host = lan_address() or "127.0.0.1"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def lan_address() -> str | None:
    """The first IPv4 address of an interface that is neither loopback nor link-local."""
    import ipaddress

    import ifaddr

    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str):
                address = ipaddress.ip_address(ip.ip)
                if not (address.is_loopback or address.is_link_local):
                    return str(address)
    return None


def _more_open_files() -> None:
    """Each student is a connection, which is an open file: raise the soft limit to the hard one,
    so a full class cannot run the host out of them (1,024 is a common default)."""
    try:
        import resource
    except ImportError:  # not on Windows
        return
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
