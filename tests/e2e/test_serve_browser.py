"""`judge-tui serve` in a real browser (Debian's chromium, headless, through selenium): the app
draws in the page, and a judgment typed there is made against the demo's emulator and stored.

The terminal in the page is drawn on a canvas, so the screen is not read as text: what the user
did is read back from the store the served app writes to, and the page is kept as a screenshot
(`JUDGE_TUI_SCREENSHOT=path` keeps it for a person to look at)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from judge_tui.store.db import Database
from judge_tui.store.paths import HomePaths

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER), reason="needs Debian's chromium and chromium-driver (.ci/run)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    home = tmp_path / "home"
    port = _free_port()
    env = {**os.environ, "JUDGE_TUI_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "judge_tui", "serve", "--demo", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until the server takes connections
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"http://localhost:{port}", home
    finally:
        process.terminate()
        process.wait(10)


def _stored(home: Path) -> list[tuple[str, float | None]]:
    if not (home / "judge.db").exists():
        return []
    db = Database.open(HomePaths(home))
    try:
        # The demo session only: the demo also judges its sample runs into sessions of their own.
        rows = db.conn.execute(
            "SELECT e.question, e.score FROM evaluations e JOIN sessions s "
            "ON s.id = e.session_id WHERE s.name = 'demo'"
        ).fetchall()
    finally:
        db.close()
    return [(r[0], r[1]) for r in rows]


def test_the_served_app_judges_in_a_browser(served: tuple[str, Path]) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    url, home = served
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                 "--window-size=1280,800"):  # fmt: skip
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        browser.get(url)
        wait = WebDriverWait(browser, 30)
        start = wait.until(expected_conditions.presence_of_element_located((By.ID, "start")))
        browser.execute_script("arguments[0].click()", start)  # hidden when it starts by itself
        keys = wait.until(
            expected_conditions.presence_of_element_located(
                (By.CLASS_NAME, "xterm-helper-textarea")
            )
        )
        time.sleep(5)  # the app starts in its own process; nothing in the page says when
        keys.send_keys("What is 2+2 in the browser?", Keys.TAB, "It is 4.")
        keys.send_keys(Keys.F5)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not _stored(home):
            time.sleep(0.2)
        if shot := os.environ.get("JUDGE_TUI_SCREENSHOT"):
            time.sleep(1)
            browser.save_screenshot(shot)
    finally:
        browser.quit()
    stored = _stored(home)
    assert [q for q, _ in stored] == ["What is 2+2 in the browser?"]
    assert stored[0][1] is not None and 1 <= stored[0][1] <= 5
