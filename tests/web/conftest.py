"""Browser fixtures: Playwright driving Debian's chromium (installed by `make test`, never `playwright install`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.servers import ARTIFACTS
from tests.web.support import Process

CHROMIUM = Path("/usr/bin/chromium")  # Debian's, installed by `make test`
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module; closed after it so that Playwright's event loop does not outlive it."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} missing: `make test` installs it (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def new_page(browser, request):
    """A fresh browser context (own localStorage) per call; JS errors fail the test; closed at the end."""
    contexts = []

    def make(width: int = 1100, height: int = 800, **kwargs):
        context = browser.new_context(viewport={"width": width, "height": height}, **kwargs)
        context.set_default_timeout(60_000)
        contexts.append(context)
        page = context.new_page()
        page.js_errors = []
        page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture()
def shot(request):
    """Save a screenshot into test-artifacts/ under the test's name."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, suffix: str = "") -> Path:
        path = ARTIFACTS / f"{request.node.name}{suffix}.png"
        page.screenshot(path=str(path))
        return path

    return take


@pytest.fixture()
def fake_bot():
    bot = Process([sys.executable, str(Path(__file__).with_name("fake_bot.py"))]).start()
    yield bot
    bot.stop()
