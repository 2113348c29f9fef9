"""Headless Chromium for the browser tests (Debian's chromium and chromium-driver, driven by
Selenium), with axe-core for accessibility and screenshots kept for a person to look at.

Importing this module skips the importing test module, with the reason, when the browser,
its driver or axe-core is missing, unless RELQUIZ_BROWSER_REQUIRED=1 (CI sets it: .ci/run
installs them), where a missing one fails instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT

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
from selenium.webdriver.common.by import By as By  # noqa: E402  (for the tests that import it from here)
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SHOTS = Path(os.environ.get("RELQUIZ_SCREENSHOTS", ROOT / "build" / "screenshots"))


class Browser:
    """One headless Chromium with a profile of its own; below 500 pixels, a phone's viewport."""

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

    def page_shot(self, name: str) -> None:
        """The whole page, however long: the viewport is made as tall as the page for the shot
        (Chrome's DevTools protocol), then given its height back."""
        width, height, full = self.driver.execute_script(
            "const e = document.documentElement; return [e.clientWidth, window.innerHeight, e.scrollHeight];"
        )
        self._viewport(width, full)
        self.shot(name)
        self._viewport(width, height)

    def _viewport(self, width: int, height: int) -> None:
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500}
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
