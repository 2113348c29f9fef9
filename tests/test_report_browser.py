"""The class report's web page (`relquiz report --html`) in a real headless Chromium: a class of
fourteen that played the bundled bank (one with a hostile name, one stopped halfway), two more on
another bank and a broken file, opened from disk at 360 and 1280 pixels and in print. axe-core
finds no serious or critical problem, nothing is fetched, nothing spills off a phone's screen;
full-page screenshots are kept in build/screenshots/ (report-360, report-1280, report-print) for a
person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import Browser, By
from helpers import SMALL_BANK, Runner
from test_report_html import HOSTILE, NAMES, play_class

EXTRA = ("Gus Mbeki", "Hana Sato", "Ivo Petrov", "Jun Li", "Kemi Adeyemi", "Lena Vogel", "Mo Haddad")
CLASS = (*NAMES[:-1], HOSTILE, *EXTRA, NAMES[-1])  # the last stops halfway


@pytest.fixture
def page(run: Runner, tmp_path: Path) -> Path:
    folder = tmp_path / "class"
    play_class(run, folder, CLASS)
    for name in ("Nia", "Omar"):
        played = run("play", "-b", str(SMALL_BANK), "--seed", "1", "-n", "2", "--results", f"{folder}/",
                     "--student", name, input="t\nf\n")  # fmt: skip
        assert played.exit_code == 0, played.output
    (folder / "broken.json").write_text('{"format": "relquiz-results", "version": 1, "answ', encoding="utf-8")
    output = tmp_path / "report.html"
    result = run("report", str(folder), "--html", str(output))
    assert result.exit_code == 0, result.output
    return output


def test_the_report_on_a_projector(page: Path, browsers: list[Browser]) -> None:
    wide = Browser(1280)
    browsers.append(wide)
    wide.driver.get(page.as_uri())
    assert wide.driver.title == "Class report: Therapy relationship or friendship? + Small test bank"
    assert wide.axe() == []
    assert wide.driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert wide.driver.execute_script("return document.scripts.length") == 0
    references = wide.driver.execute_script(
        "return [...document.querySelectorAll('[src], [href], [srcset], [poster], [data]')]"
        ".map(e => e.getAttribute('href') || e.getAttribute('src') || '');"
    )
    assert all(reference.startswith("#") for reference in references)
    names = [cell.text for cell in wide.driver.find_elements(By.CSS_SELECTOR, "#bank1-students-table tbody th")]
    assert HOSTILE in names and len(names) == len(CLASS)  # shown as text, never as markup
    assert wide.driver.find_elements(By.CSS_SELECTOR, "tbody b, main script") == []
    table = wide.driver.find_element(By.CSS_SELECTOR, "#bank1-questions .scroll").rect
    chart = wide.driver.find_element(By.CSS_SELECTOR, "#bank1-questions svg").rect
    assert chart["x"] > table["x"] + table["width"] - 1  # side by side on a wide screen
    wide.page_shot("report-1280")
    wide.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    style = wide.driver.execute_script(
        "const s = getComputedStyle; return [s(document.body).color, s(document.querySelector('.scroll')).overflowX,"
        " s(document.querySelector('tbody tr')).breakInside];"
    )
    assert style == ["rgb(0, 0, 0)", "visible", "avoid"]
    wide.page_shot("report-print")


def test_the_report_on_a_phone(page: Path, browsers: list[Browser]) -> None:
    phone = Browser(360)
    browsers.append(phone)
    phone.driver.get(page.as_uri())
    assert phone.driver.execute_script("return window.innerWidth") == 360
    assert phone.driver.execute_script("return document.documentElement.scrollWidth") <= 360  # nothing spills
    wrapper = phone.driver.find_element(By.CSS_SELECTOR, "#bank1-questions .scroll")
    assert phone.driver.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", wrapper)
    chart = phone.driver.find_element(By.CSS_SELECTOR, "#bank1-questions svg").rect
    assert chart["width"] <= 360 and chart["y"] > wrapper.rect["y"]  # below its table
    assert phone.axe() == []
    phone.page_shot("report-360")
