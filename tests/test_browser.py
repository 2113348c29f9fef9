"""A live class in real browsers: headless Chromium (Debian's chromium and chromium-driver,
driven by Selenium) against `relquiz host` in a pseudo-terminal, on loopback only. Three
students join, vote, change a vote, vote again, see the reveal; one reloads mid-class, one
joins late, one has a hostile name. axe-core checks every page state; screenshots at 360 and
1280 pixels are kept for a person to look at.

CI installs the browser and axe-core (.ci/run) and sets RELQUIZ_BROWSER_REQUIRED=1, so these
tests run there; elsewhere they are skipped with the reason when the browser is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT
from test_host import HOSTILE, free_port, start

pytestmark = pytest.mark.pty
AXE = Path(os.environ.get("RELQUIZ_AXE", ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
MISSING = [
    what for what, found in (("chromium", CHROMIUM), ("chromedriver", DRIVER), (str(AXE), AXE.exists())) if not found
]
if MISSING and os.environ.get("RELQUIZ_BROWSER_REQUIRED") != "1":
    pytest.skip(
        f"browser tests skipped: {', '.join(MISSING)} not found (apt-get install chromium chromium-driver;"
        " npm install --prefix .ci/node axe-core; .ci/run does both)",
        allow_module_level=True,
    )
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SHOTS = Path(os.environ.get("RELQUIZ_SCREENSHOTS", ROOT / "build" / "screenshots"))


class Browser:
    """One student's browser: a headless Chromium with a profile of its own."""

    def __init__(self, width: int = 1280) -> None:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM or ""
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},900"):
            options.add_argument(argument)
        if width < 500:  # a desktop window cannot be that narrow: emulate a phone's viewport
            metrics = {"width": width, "height": 740, "pixelRatio": 1}
            options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
        self.driver: Any = webdriver.Chrome(service=webdriver.ChromeService(DRIVER), options=options)

    def text(self, element_id: str) -> str:
        value: str = self.driver.find_element(By.ID, element_id).text
        return value

    def until(self, element_id: str, contains: str) -> None:
        WebDriverWait(self.driver, 10).until(lambda driver: contains in self.text(element_id))

    def join(self, url: str, name: str) -> None:
        self.driver.get(url)
        self.driver.find_element(By.ID, "name").send_keys(name)
        self.driver.find_element(By.ID, "join-form").submit()
        self.until("progress", "Question ")

    def vote(self, answer: str) -> None:
        self.driver.find_element(By.ID, answer).click()
        self.until("status", f"Answer received: {answer.capitalize()}")

    def axe(self) -> list[dict[str, Any]]:
        """Serious and critical accessibility violations on the page as it stands."""
        self.driver.execute_script(AXE.read_text(encoding="utf-8"))
        found: dict[str, Any] = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; axe.run(document).then(done);"
        )
        return [v for v in found["violations"] if v["impact"] in ("serious", "critical")]

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(SHOTS / f"{name}.png"))


@pytest.fixture
def browsers() -> Iterator[list[Browser]]:
    opened: list[Browser] = []
    yield opened
    for browser in opened:
        browser.driver.quit()


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
