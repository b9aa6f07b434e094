"""The built site in headless Chromium: navigate, expand a diff, search, with no console errors."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from site_helpers import write_post

from diffreport.site.build import build_site

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,900",
)


def _body(word: str, path: str) -> str:
    return (
        f"# Highlights\nThe {word} page changed.\n\n# Modified Contents\n## {path}{{#item-123abc}}\n\n"
        "<details>\n<summary>Diff</summary>\n````diff\n@@ -1,2 +1,2 @@\n-Old wording of the step.\n"
        "+New wording of the step.\n same\n````\n</details>\n"
    )


@pytest.fixture
def browser() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the test extra)")
    if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
        pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _errors(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_navigate_expand_and_search(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    posts = tmp_path / "posts"
    write_post(
        posts,
        "202501/report-20250110-api.md",
        title="Diff Insight Report - api",
        date="2025-01-10",
        summary="API reference updates.",
        body=_body("quotas", "docs/api/limits.md"),
    )
    write_post(
        posts,
        "202501/report-20250111-guides.md",
        title="Diff Insight Report - guides",
        date="2025-01-11",
        summary="Guide updates.",
        body=_body("zebrafish", "docs/guides/setup.md"),
    )
    out = tmp_path / "site"
    build_site(posts, out)
    driver = browser
    wait = WebDriverWait(driver, 10)

    driver.get((out / "index.html").as_uri())
    assert driver.title == "Diff Insight Reports"
    driver.find_element(By.CSS_SELECTOR, ".chips a.chip[href$='guides.html']").click()
    wait.until(lambda d: d.current_url.endswith("/category/guides.html"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "guides"

    driver.find_element(By.CSS_SELECTOR, "a.card-title").click()
    wait.until(lambda d: d.current_url.endswith("/reports/202501/report-20250111-guides.html"))
    details = driver.find_element(By.CSS_SELECTOR, "details.file-diff")
    added = driver.find_element(By.CSS_SELECTOR, ".diff tr.add")
    assert details.get_attribute("open") is None
    assert not added.is_displayed()
    details.find_element(By.TAG_NAME, "summary").click()
    wait.until(lambda d: added.is_displayed())
    assert added.find_element(By.TAG_NAME, "ins").text == "New"

    search = driver.find_element(By.CSS_SELECTOR, ".search-form input[name=q]")
    search.send_keys("zebrafish", Keys.ENTER)
    wait.until(lambda d: "search.html" in d.current_url)
    link = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#search-results li a"))
    assert len(driver.find_elements(By.CSS_SELECTOR, "#search-results li")) == 1
    assert driver.find_element(By.ID, "search-status").text == "1 report matches."
    link.click()
    wait.until(lambda d: d.current_url.endswith("/reports/202501/report-20250111-guides.html"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Diff Insight Report - guides"

    # a file section's words find the section; its link lands below the sticky header, diff open
    driver.set_window_size(700, 900)  # the sticky header wraps onto two lines
    driver.get((out / "search.html").as_uri() + "?q=setup")
    section = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#search-results .result-files a"))
    assert section.text == "docs/guides/setup.md"
    section.click()
    wait.until(lambda d: d.current_url.endswith("report-20250111-guides.html#item-123abc"))
    heading = driver.find_element(By.ID, "item-123abc")
    header = driver.find_element(By.CSS_SELECTOR, ".site-header")
    wait.until(lambda d: heading.rect["y"] - d.execute_script("return window.scrollY") >= 0)
    top = heading.rect["y"] - driver.execute_script("return window.scrollY")
    assert header.value_of_css_property("position") == "sticky"
    assert header.rect["height"] > 70  # wrapped: taller than the 4.5rem the offset used to be
    assert top >= header.rect["height"]
    assert driver.find_element(By.CSS_SELECTOR, "details.file-diff").get_attribute("open") is not None
    assert _errors(driver) == []
