"""A live class in real browsers: headless Chromium (Debian's chromium and chromium-driver,
driven by Selenium) against `relquiz host` in a pseudo-terminal, on loopback only. Three
students join, vote, change a vote, vote again, see the reveal; one reloads mid-class, one
joins late, one has a hostile name. axe-core checks every page state; screenshots at 360 and
1280 pixels are kept for a person to look at.

CI installs the browser and axe-core (.ci/run) and sets RELQUIZ_BROWSER_REQUIRED=1, so these
tests run there; elsewhere they are skipped with the reason when the browser is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import Browser, By
from test_host import HOSTILE, free_port, start

pytestmark = pytest.mark.pty


def test_a_class_of_three_browsers(tmp_path: Path, browsers: list[Browser]) -> None:
    port = free_port()
    screen, room = start(tmp_path, port)
    url = f"http://127.0.0.1:{port}/?room={room}"
    ana, ben, odd = Browser(360), Browser(), Browser()
    browsers += [ana, ben, odd]
    ana.driver.get(url)
    assert ana.driver.execute_script("return window.innerWidth") == 360
    assert ana.driver.find_element(By.ID, "room").get_attribute("value") == room  # from the address
    assert ana.axe() == []
    ana.shot("join-360")
    for browser, name in ((ana, "Ana"), (ben, "Ben"), (odd, HOSTILE)):
        browser.join(url, name)
    assert odd.text("who") == "Joined as <img src=x onerror=alert(1)> [bold]x[/]"
    assert odd.driver.find_elements(By.CSS_SELECTOR, "#who img") == []  # text, never markup
    ana.vote("therapy")
    ana.vote("friendship")  # changed
    ben.vote("therapy")
    odd.vote("therapy")
    assert ana.driver.find_element(By.ID, "friendship").get_attribute("aria-pressed") == "true"
    assert ana.axe() == [] and ben.axe() == []
    ana.shot("vote-360")
    ben.shot("vote-1280")
    screen.wait(r"3 of 3 have answered the vote")
    screen.send_key("\r")
    ana.until("status", "Voting is closed")
    assert not ana.driver.find_element(By.ID, "therapy").is_enabled()
    screen.send_key("d")
    ben.until("vote-prompt", "Vote again")
    ben.vote("friendship")
    ana.driver.refresh()  # a reload mid-class: the token is in the browser, the vote on the host
    ana.until("vote-prompt", "Vote again")
    screen.send_key("\r")
    screen.wait(r"reveal the answer")
    screen.send_key("\r")
    for browser in (ana, ben, odd):
        browser.until("verdict", "This is ")
    assert ben.driver.find_element(By.ID, "friendship").get_attribute("aria-pressed") == "true"  # his final vote
    assert ana.axe() == []
    ana.shot("reveal-360")
    ben.shot("reveal-1280")
    screen.send_key("n")
    late = Browser()
    browsers.append(late)
    late.join(url, "Late")
    assert late.text("progress") == "Question 2 of 2"
    late.vote("therapy")
    screen.send_key("q")
    screen.wait(r"q: close the class")
    for browser in (ana, late):
        browser.until("score", "right")
    assert late.text("score").endswith("(1 answered).")
    assert late.axe() == []
    late.shot("summary-1280")
    screen.send_key("q")
    assert screen.end() == 0
    saved = sorted(path.name for path in (tmp_path / "class").iterdir())
    assert len(saved) == 4 and {"ana-results.json", "ben-results.json", "late-results.json"} <= set(saved)


def test_the_page_needs_no_network_but_the_host(tmp_path: Path, browsers: list[Browser]) -> None:
    """Nothing is fetched from another origin: every resource the page loads is the host's."""
    port = free_port()
    screen, room = start(tmp_path, port)
    browser = Browser()
    browsers.append(browser)
    browser.driver.get(f"http://127.0.0.1:{port}/?room={room}")
    origins = browser.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).origin);"
    )
    assert set(origins) <= {f"http://127.0.0.1:{port}"}
    screen.send_key("q")
    screen.wait(r"q: close the class")
    screen.send_key("q")
    assert screen.end() == 0
