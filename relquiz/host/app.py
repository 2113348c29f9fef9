"""The students' side of a live class: one static page, its script and style, and a JSON API to
join, vote, follow the class and save a copy of one's results. Nothing else is served.

Bank text and names travel as JSON and are put on the page with textContent, never as HTML; the
answer and the explanation leave the host only once the teacher reveals them.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import time
from collections.abc import Awaitable, Callable
from importlib.resources import files
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from relquiz.errors import RelquizError
from relquiz.host.state import student_state
from relquiz.live import JoinRefused, LiveClass, Stage, Student
from relquiz.model import Answer

MAX_BODY = 2048  # bytes: a join or a vote is far smaller
WAIT_SECONDS = 20  # a held state request answers by then anyway, before any proxy gives up
HELD_PER_STUDENT = 2  # held state requests at once per student (a reload leaves one behind)
BODY_SECONDS = 5
FAILURES_PER_MINUTE = 10  # wrong room codes or names per device
JOINS_PER_MINUTE = 10  # a device may join a few times (a teacher trying the page), not fill a room
TOKEN_HEADER = "x-relquiz-token"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/app.css": ("app.css", "text/css; charset=utf-8"),
}


class News:
    """Wakes the requests waiting for a change: the class changes on other threads (the
    teacher's keys), the waiting happens on the server's event loop."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None

    def current(self) -> asyncio.Event:
        """The event the next change sets; called on the server's loop."""
        loop = asyncio.get_running_loop()
        if self._event is None or loop is not self._loop:
            self._loop, self._event = loop, asyncio.Event()
        return self._event

    def announce(self) -> None:
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):  # a loop already closed has no one waiting
                self._loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        event, self._event = self._event, None
        if event is not None:
            event.set()


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def build_app(live: LiveClass) -> Starlette:
    """The ASGI app for one live class."""
    news = News()
    live.listen(news.announce)
    throttle = Throttle()
    waiting: dict[str, int] = {}  # held state requests per student token
    pages = {
        path: (files("relquiz.host").joinpath("static", name).read_bytes(), kind)
        for path, (name, kind) in STATIC.items()
    }

    async def page(request: Request) -> Response:
        body, kind = pages[request.url.path]
        return Response(body, media_type=kind, headers=SECURITY_HEADERS)

    async def join(request: Request) -> Response:
        address = request.client.host if request.client else ""
        if not throttle.admit(address):  # counted before any wait, so a burst cannot slip through
            raise Refused(429, "too many tries from this device; wait a minute")
        try:
            sent = await _json_body(request)
        except Refused:
            throttle.failed(address)
            raise
        try:
            student = live.join(_text(sent, "room"), _text(sent, "name"))
        except JoinRefused as refused:
            throttle.failed(address)  # a failure, not a join
            status = (
                409 if "full" in str(refused) or "ended" in str(refused) else 403 if "room" in str(refused) else 422
            )
            raise Refused(status, str(refused)) from None
        except RelquizError:  # the results file could not be made: the folder went away, a full disk
            raise Refused(503, "the class cannot save your answers; tell your teacher") from None
        return _json({"token": student.token, "name": student.name})

    async def state(request: Request) -> Response:
        """The student's view; with ?since=VERSION, held until something changes after that
        version (or WAIT_SECONDS pass), so a reveal reaches every browser at once without polls."""
        student = _student(request)
        changed = news.current()  # taken before the version is read, so no change slips between
        held = waiting.get(student.token, 0)
        if request.query_params.get("since") == str(live.version) and held < HELD_PER_STUDENT:
            waiting[student.token] = held + 1
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), WAIT_SECONDS)
            finally:
                waiting[student.token] -= 1
        return _json({**student_state(live, student), "version": live.version})

    async def vote(request: Request) -> Response:
        student = _student(request)
        sent = await _json_body(request)
        try:
            answer = Answer(_text(sent, "answer"))
        except ValueError:
            raise Refused(422, "vote therapy or friendship") from None
        if not live.vote(student.token, answer):
            raise Refused(409, "voting is closed")
        return _json({"vote": answer.value})

    async def results(request: Request) -> Response:
        student = _student(request)
        saved = student.run.saved_to
        if live.stage is not Stage.ENDED:
            raise Refused(409, "your results are ready when the class ends")
        if saved is None:
            raise Refused(503, "your results could not be saved on the class's computer; tell your teacher")
        return Response(
            saved.read_bytes(),
            media_type="application/json",
            headers={**SECURITY_HEADERS, "Content-Disposition": 'attachment; filename="relquiz-results.json"'},
        )

    def _student(request: Request) -> Student:
        student = live.student(request.headers.get(TOKEN_HEADER, ""))
        if student is None:
            raise Refused(401, "join first")
        return student

    routes = [Route(path, page) for path in STATIC]
    routes += [
        Route("/api/join", _refusals(join), methods=["POST"]),
        Route("/api/state", _refusals(state)),
        Route("/api/vote", _refusals(vote), methods=["POST"]),
        Route("/api/results", _refusals(results)),
    ]
    return Starlette(routes=routes, exception_handlers={Exception: _failed}, middleware=[Middleware(SecurityHeaders)])


class SecurityHeaders:
    """The security headers on every answer, a 404 or a 405 included (plain ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, sending)


async def _failed(request: Request, error: Exception) -> Response:
    """Anything unexpected is one JSON line to the browser, never a traceback on the projector."""
    return _json({"error": "the class could not do that"}, 500)


class Throttle:
    """Per device address: a few wrong room codes or names a minute, and a few joins, so a room code
    cannot be guessed in a class period and one device cannot fill the room. This machine itself
    (loopback: the teacher, a test, a benchmark) is not limited."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, list[float]] = {}
        self._joins: dict[str, list[float]] = {}

    def admit(self, address: str) -> bool:
        """Whether a join from `address` may be tried now; if so, it counts."""
        if _is_loopback(address):
            return True
        joins = self._recent(self._joins, address)
        if len(self._recent(self._failures, address)) >= FAILURES_PER_MINUTE or len(joins) >= JOINS_PER_MINUTE:
            return False
        joins.append(self._clock())
        return True

    def failed(self, address: str) -> None:
        """The join admitted last did not happen: it counts as a failure instead."""
        joins = self._joins.get(address)
        if joins:
            joins.pop()
        self._recent(self._failures, address).append(self._clock())

    def _recent(self, times: dict[str, list[float]], address: str) -> list[float]:
        now = self._clock()
        kept = times[address] = [moment for moment in times.get(address, []) if now - moment < 60]
        return kept


def _refusals(endpoint: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    async def answered(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Refused as refused:
            return _json({"error": str(refused)}, refused.status)

    return answered


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:  # not an address (the test client says 'testclient')
        return False


async def _json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object, read no further than MAX_BODY bytes nor longer than
    BODY_SECONDS; only as application/json, which a page on another site cannot send unasked."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise Refused(415, "send JSON")

    async def read() -> bytes:
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise Refused(413, "too much data")
        return body

    try:
        body = await asyncio.wait_for(read(), BODY_SECONDS)
    except TimeoutError:
        raise Refused(408, "the request took too long") from None
    try:
        sent = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Refused(400, "send a JSON object") from None
    if not isinstance(sent, dict):
        raise Refused(400, "send a JSON object")
    return sent


def _text(sent: dict[str, Any], key: str) -> str:
    value = sent.get(key)
    if not isinstance(value, str):
        raise Refused(422, f"'{key}' is missing")
    return value


def _json(value: object, status: int = 200) -> JSONResponse:
    return JSONResponse(value, status, headers=SECURITY_HEADERS)
