"""Browser tests: pytest-django's live server driven by Debian's headless Chromium (Playwright).

Every test here is marked `browser`; when /usr/bin/chromium is missing they are all skipped with
a reason that says so (`make test` prints the same before running pytest).

Each test gets the demo province at a small scale, seeded afresh (about 0.4 s: the live server
needs a transactional database, flushed after every test), a fresh browser context in Vietnamese
and a `shoot` helper for full-page screenshots into browser_tests/screenshots/ (kept by CI).
browser_tests/helpers.py logs in and runs axe-core. Every test fails if any page it opened reported
a Content-Security-Policy violation on the console (`console`, below).
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command
from django.db import connection

from browser_tests.helpers import SCREENSHOTS, ConsoleWatch, Shoot, describe_console

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page
    from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an asyncio event loop in this thread; Django's ORM calls made by the
# tests (and by the live server sharing the in-memory SQLite connection) must not refuse to run.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_FACTOR = "0.05"
SCREENSHOT_ATTEMPTS = 3
TIMEOUT_MS = 15_000

SKIP_REASON = (
    f"browser tests need Chromium at {CHROMIUM}, which is not installed "
    "(apt-get install chromium to run them)"
)


def chromium_installed() -> bool:
    return os.access(CHROMIUM, os.X_OK)  # the test `make test` makes: [ -x /usr/bin/chromium ]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if chromium_installed():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


# --- Server and data ----------------------------------------------------------------------------

# The audit log is append-only: triggers refuse DELETE on its entries, and so would refuse the
# flush that ends every live-server test. The triggers are lifted for that flush only, and put
# back before the next test and after the last one, so the rest of the suite finds the database as
# the migrations made it (the chains' head rows are created on demand).
_AUDIT_TRIGGERS = importlib.import_module("danchu.audit.migrations.0003_append_only_triggers")


def _protect_audit_log() -> None:
    _AUDIT_TRIGGERS.drop_triggers(connection)
    _AUDIT_TRIGGERS.create_triggers(connection)


@pytest.fixture(scope="package", autouse=True)
def _audit_log_protected_after(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        _protect_audit_log()


@pytest.fixture
def demo(live_server: LiveServer, transactional_db: None, settings: Any) -> Iterator[str]:
    """The demo province, freshly seeded, with the demo accounts listed; yields the site URL."""
    settings.DANCHU_DEMO = True
    _protect_audit_log()
    call_command("seed_demo", "--factor", DEMO_FACTOR, verbosity=0)
    yield str(live_server.url)
    _AUDIT_TRIGGERS.drop_triggers(connection)  # for the flush that follows


# --- Browser --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def console() -> Iterator[ConsoleWatch]:
    """The console of every browser context the test opens; the test fails if a page reported a
    Content-Security-Policy violation (issue 11, finding 7). Checked after the contexts close."""
    watch = ConsoleWatch()
    yield watch
    assert not watch.violations, "CSP violations:\n" + describe_console(watch.violations)


def _new_context(chromium: Browser, demo: str, console: ConsoleWatch) -> BrowserContext:
    """A browser context in Vietnamese, on the live server, with the tests' timeout, watched."""
    context = chromium.new_context(
        base_url=demo, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    console.watch(context)
    return context


@pytest.fixture
def context(chromium: Browser, demo: str, console: ConsoleWatch) -> Iterator[BrowserContext]:
    context = _new_context(chromium, demo, console)
    yield context
    context.close()


@pytest.fixture
def new_page(chromium: Browser, demo: str, console: ConsoleWatch) -> Iterator[Callable[[], Page]]:
    """Pages in browser contexts of their own (another person, or nobody logged in)."""
    contexts: list[BrowserContext] = []

    def new() -> Page:
        contexts.append(_new_context(chromium, demo, console))
        return contexts[-1].new_page()

    yield new
    for context in contexts:
        context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


# --- Screenshots --------------------------------------------------------------------------------


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Shoot:
    """`shoot(page, "vi")` saves a full-page screenshot as screenshots/<test>-<lang>.png."""
    test = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")

    def take(page: Page, lang: str) -> Path:
        from playwright.sync_api import Error

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{test}-{lang}.png"
        # Chromium sometimes answers "Unable to capture screenshot" on a loaded machine; the
        # page is fine, so it is asked again (the last failure still fails the test).
        for attempt in range(SCREENSHOT_ATTEMPTS):
            try:
                page.screenshot(path=str(path), full_page=True)
                break
            except Error as error:
                if "Unable to capture screenshot" not in str(error):
                    raise
                if attempt == SCREENSHOT_ATTEMPTS - 1:
                    raise
                page.wait_for_timeout(500)
        return path

    return take
