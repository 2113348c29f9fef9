"""The students' side of a live class over HTTP (Starlette's test client): what is served, what
is refused, and that the answer never leaves before the reveal."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from helpers import SMALL_BANK

from relquiz.bank.load import load_bank
from relquiz.live import LiveClass
from relquiz.model import Mode
from relquiz.run import QuizRun, RunPlan, open_results

pytest.importorskip("httpx2")
from starlette.testclient import TestClient

from relquiz.host.app import MAX_BODY, build_app

BANK = load_bank([SMALL_BANK])
PLAN = RunPlan(BANK, BANK.questions[:2], 7, Mode.LIVE)
ROOM = "K7P2Q"
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def live(tmp_path: Path) -> LiveClass:
    def start_run(name: str) -> QuizRun:
        plan = replace(PLAN, student=name)
        return QuizRun(plan, open_results(plan, f"{tmp_path}/", lambda message: None), lambda: None, print)

    return LiveClass(PLAN, start_run, ROOM, max_students=3)


@pytest.fixture
def client(live: LiveClass) -> TestClient:
    return TestClient(build_app(live))


def joined(client: TestClient, name: str = "Ana") -> dict[str, str]:
    response = client.post("/api/join", json={"room": ROOM, "name": name})
    assert response.status_code == 200, response.text
    return {"X-Relquiz-Token": response.json()["token"]}


def test_the_page_its_script_and_style_and_nothing_else(client: TestClient) -> None:
    for path, kind in (("/", "text/html"), ("/app.js", "text/javascript"), ("/app.css", "text/css")):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith(kind)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy
    page = client.get("/").text
    assert '<script src="/app.js" defer></script>' in page and "<script>" not in page  # no inline script
    assert "onclick" not in page and "http" not in page.replace("http-equiv", "")  # no other origin
    for path in ("/admin", "/static/../app.py", "/api/teacher", "/results"):
        missing = client.get(path)
        assert missing.status_code == 404 and "default-src 'none'" in missing.headers["content-security-policy"]
    assert client.delete("/api/vote").status_code == 405


def test_joining_is_refused_without_the_room_code_a_name_or_room(client: TestClient) -> None:
    assert client.post("/api/join", json={"room": "NOPE1", "name": "Ana"}).status_code == 403
    assert client.post("/api/join", json={"room": ROOM, "name": " \x1b "}).status_code == 422
    assert client.post("/api/join", json={"room": ROOM}).status_code == 422
    as_json = {"Content-Type": "application/json"}
    assert client.post("/api/join", content=b"[1, 2]", headers=as_json).status_code == 400
    assert client.post("/api/join", content=b"{not json", headers=as_json).status_code == 400
    assert client.post("/api/join", content=b"[" * 1500, headers=as_json).status_code == 400  # too deep
    assert client.post("/api/join", content=b"x" * (MAX_BODY + 1), headers=as_json).status_code == 413
    form = {"Content-Type": "text/plain"}  # what a page on another site may send without asking
    assert client.post("/api/join", content=b'{"room": "K7P2Q", "name": "x"}', headers=form).status_code == 415
    for name in ("A", "B", "C"):
        joined(client, name)
    assert client.post("/api/join", json={"room": ROOM, "name": "D"}).status_code == 409


def test_only_a_token_acts_as_a_student(client: TestClient) -> None:
    assert client.get("/api/state").status_code == 401
    assert client.post("/api/vote", json={"answer": "therapy"}, headers={"X-Relquiz-Token": "Ana"}).status_code == 401


def test_the_answer_is_never_sent_before_the_reveal(client: TestClient, live: LiveClass) -> None:
    me = joined(client)
    question = PLAN.questions[0]
    secrets = [question.answer.value, *(text[:30] for text in question.distinctions.values())]
    assert client.post("/api/vote", json={"answer": "therapy"}, headers=me).json() == {"vote": "therapy"}
    assert client.post("/api/vote", json={"answer": "friendship"}, headers=me).status_code == 200  # changed
    assert client.post("/api/vote", json={"answer": "maybe"}, headers=me).status_code == 422
    for step in (None, live.advance, live.discuss, live.advance):
        if step:
            step()
        body = client.get("/api/state", headers=me).text
        assert "reveal" not in body and not any(secret in body for secret in secrets[1:]), body
        assert f'"{question.answer.value}"' not in body.replace('"vote":"friendship"', "")
    assert client.post("/api/vote", json={"answer": "therapy"}, headers=me).status_code == 409  # closed
    live.advance()
    state = client.get("/api/state", headers=me).json()
    assert state["reveal"]["answer"] == question.answer.value
    assert state["reveal"]["right"] is (question.answer.value == "friendship")
    assert [row["label"] for row in state["reveal"]["rows"]]


def test_a_hostile_name_comes_back_as_text_in_json(client: TestClient) -> None:
    me = joined(client, HOSTILE)
    state = client.get("/api/state", headers=me)
    assert state.json()["name"] == HOSTILE and state.headers["content-type"] == "application/json"


def test_a_reload_keeps_the_votes_and_the_results_wait_for_the_end(client: TestClient, live: LiveClass) -> None:
    me = joined(client)
    client.post("/api/vote", json={"answer": "therapy"}, headers=me)
    again = TestClient(build_app(live))  # a new tab with the token from localStorage
    assert again.get("/api/state", headers=me).json()["vote"] == "therapy"
    assert again.get("/api/results", headers=me).status_code == 409
    live.advance()
    live.advance()
    live.end()
    summary = again.get("/api/state", headers=me).json()["summary"]
    assert (summary["answered"], summary["total"]) == (1, 2)
    saved = again.get("/api/results", headers=me)
    assert saved.status_code == 200 and saved.json()["student"] == "Ana"
    assert "attachment" in saved.headers["content-disposition"]


def test_a_state_request_is_held_until_the_class_changes(client: TestClient, live: LiveClass) -> None:
    import threading
    import time

    from relquiz.host.app import WAIT_SECONDS

    me = joined(client)
    first = client.get("/api/state", headers=me).json()  # no 'since': at once
    assert first["stage"] == "voting"
    teacher = threading.Timer(0.3, live.advance)  # the teacher closes the vote meanwhile
    teacher.start()
    asked = time.monotonic()
    held = client.get(f"/api/state?since={first['version']}", headers=me).json()
    teacher.join()
    assert held["stage"] == "spread" and held["version"] > first["version"]
    assert time.monotonic() - asked < WAIT_SECONDS  # woken by the change, not by the time-out
    stale = client.get(f"/api/state?since={first['version']}", headers=me).json()  # an old version: at once
    assert stale["version"] == held["version"]


def test_a_device_cannot_guess_the_room_code_or_fill_the_room(live: LiveClass) -> None:
    client = TestClient(build_app(live))
    codes = [client.post("/api/join", json={"room": f"AAAA{n}", "name": "x"}).status_code for n in range(12)]
    assert codes[:10] == [403] * 10 and codes[10:] == [429, 429]
    assert client.post("/api/join", json={"room": ROOM, "name": "Ana"}).status_code == 429  # even the right one


def test_names_that_look_alike_or_show_nothing_are_told_apart_or_refused(client: TestClient) -> None:
    assert client.post("/api/join", json={"room": ROOM, "name": "\u200b\ufeff\u3164"}).status_code == 422
    first = client.post("/api/join", json={"room": ROOM, "name": "Ana"}).json()["name"]
    twin = client.post("/api/join", json={"room": ROOM, "name": "ana\u200b"}).json()["name"]
    wide = client.post("/api/join", json={"room": ROOM, "name": "\uff21\uff4e\uff41"}).json()["name"]
    assert (first, twin, wide) == ("Ana", "ana (2)", "Ana (3)")


def test_after_the_end_no_one_joins(client: TestClient, live: LiveClass) -> None:
    me = joined(client)
    live.end()
    assert client.post("/api/join", json={"room": ROOM, "name": "Late"}).status_code == 409
    assert client.get("/api/results", headers=me).json()["score"]["answered"] == 0


def test_a_burst_of_joins_from_one_device_is_counted_before_any_is_read() -> None:
    from relquiz.host.app import JOINS_PER_MINUTE, Throttle

    throttle = Throttle(clock=lambda: 0.0)
    admitted = [throttle.admit("192.0.2.7") for _ in range(JOINS_PER_MINUTE + 5)]
    assert admitted.count(True) == JOINS_PER_MINUTE
    assert all(throttle.admit("127.0.0.1") for _ in range(50))  # this machine: the teacher, a benchmark
