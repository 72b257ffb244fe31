"""Helpers shared by the browser tests: log in, run axe-core, find things on the page, and watch
the console for Content-Security-Policy violations and errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Page

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE / "screenshots"
AXE_JS = HERE / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_BLOCKING = {"serious", "critical"}

DEMO_PASSWORD = "danchu-demo"
DEMO_ROLES = ("admin", "province", "head", "union", "inspector", "staff", "citizen")

# `shoot(page, "vi")` saves a full-page screenshot as screenshots/<test>-<lang>.png.
Shoot = Callable[["Page", str], Path]


def login(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the form with the keyboard (fill, Enter) and land on the home page."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))


def html_lang(page: Page) -> str:
    return str(page.locator("html").get_attribute("lang"))


def number(text: str) -> int:
    """The first number in `text`, whatever the thousands separator ("1.234 người" → 1234)."""
    match = re.search(r"\d[\d.,\u00a0 ]*", text)
    assert match, f"no number in {text!r}"
    return int(re.sub(r"\D", "", match.group()))


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(str(part) for part in node['target'])}")
            lines.append(f"       {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page; fail on any serious/critical violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's CSP does not govern: an
        # inline <script> tag (add_script_tag) would be refused, as it should be.
        page.evaluate(f"{AXE_JS.read_text(encoding='utf-8')}\n;undefined")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    blocking = [v for v in result["violations"] if v.get("impact") in AXE_BLOCKING]
    assert not blocking, f"axe-core found on {page.url}:\n{_describe(blocking)}"


def switch_language(page: Page, to: str) -> None:
    """Press the header's language button for `to` ("vi" or "en"); wait for the page in it."""
    from playwright.sync_api import expect

    page.locator(f"form.lang button[name=language][value={to}]:visible").click()
    expect(page.locator("html")).to_have_attribute("lang", to)


def in_both_languages(page: Page, shoot: Shoot, name: str) -> None:
    """Screenshot and axe the page in Vietnamese, then in English, and come back."""
    from playwright.sync_api import expect

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    shoot(page, f"{name}-vi")
    assert_accessible(page)
    switch_language(page, "en")
    shoot(page, f"{name}-en")
    assert_accessible(page)
    switch_language(page, "vi")


# --- Console: CSP violations and errors ---------------------------------------------------------

# Chromium reports a refused script, style, image, frame or form target on the console, e.g.
# "Refused to execute inline script because it violates the following Content Security Policy
# directive: ...", "Refused to apply inline style ...", "Refused to load the image ...".
CSP_MARKERS = ("Content Security Policy", "Content-Security-Policy")
# Asked for by the browser itself, not by the page (the admin site's pages name no icon).
BROWSER_OWN_REQUESTS = ("/favicon.ico",)


class ConsoleWatch:
    """What the pages of the browser contexts it watches wrote to the console: CSP violations,
    other errors, and uncaught exceptions."""

    def __init__(self) -> None:
        self.violations: list[str] = []
        self.errors: list[str] = []

    def watch(self, context: BrowserContext) -> None:
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.errors.append(f"uncaught: {error.error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        where = message.page.url if message.page else "?"
        source = message.location.get("url", "")
        line = f"{message.type} on {where}: {message.text} ({source})"
        if any(marker in message.text for marker in CSP_MARKERS):
            self.violations.append(line)
        elif message.type == "error" and not source.endswith(BROWSER_OWN_REQUESTS):
            self.errors.append(line)

    def mark(self) -> tuple[int, int]:
        """Where the lists stand now, to ask later what came after (`since`)."""
        return len(self.violations), len(self.errors)

    def since(self, mark: tuple[int, int]) -> list[str]:
        return self.violations[mark[0] :] + self.errors[mark[1] :]


def describe_console(lines: list[str]) -> str:
    return "\n".join(f"    {line[:400]}" for line in lines)


def both_widths(page: Page, shoot: Shoot, name: str) -> None:
    """Screenshots at 1366 and 390 px wide (issue 12), then back to the default width."""
    size = page.viewport_size
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        shoot(page, f"{name}-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    if size:
        page.set_viewport_size(size)
