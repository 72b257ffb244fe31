"""The strict Content-Security-Policy breaks no page (issue 11, finding 7).

With a few disclosures and consultations (one open, one adopted) in the demo agency, each demo
role logs in and walks the pages reachable from its home page (and the admin its admin
site), following same-origin links breadth first, at most two pages per URL shape and a bounded
number per role. Every page must load styled, with no CSP violation and no console error. The
console watch every browser test carries (conftest `console`) is itself shown to catch a violation.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from browser_tests.crawl import crawl, shape
from browser_tests.helpers import DEMO_ROLES, ConsoleWatch, Shoot, describe_console, login
from danchu.demo.consultations import seed_consultations
from danchu.demo.disclosures import seed_disclosures
from danchu.demo.plan import DEMO_AGENCY_CODE
from danchu.organizations.models import Unit

pytestmark = pytest.mark.browser

PAGES_PER_ROLE = 45
PAGES_PER_SHAPE = 2
# Screenshots of a few pages per role, to see them styled: the home page, the admin site, a printed
# notice (its own stylesheet), a consultation's synthesis and the register.
SHOWN = re.compile(r"^/$|^/admin/$|/notice/$|/synthesis/$|/register/\d+/$")


def _styled(page: Page) -> bool:
    """Every stylesheet the page links was loaded and has rules (a refused one would have none)."""
    return bool(
        page.evaluate(
            """() => document.styleSheets.length > 0 &&
                [...document.styleSheets].every(sheet => sheet.cssRules.length > 0)"""
        )
    )


@pytest.mark.parametrize("role", DEMO_ROLES)
def test_every_page_of_every_role_keeps_the_policy(
    role: str, new_page: Callable[[], Page], console: ConsoleWatch, demo: str, shoot: Shoot
) -> None:
    agency = Unit.objects.get(code=DEMO_AGENCY_CODE)  # items to open: detail, notice, diff…
    seed_disclosures(agency, count=3)
    seed_consultations(agency, opinions=6)
    page = new_page()
    login(page, role)
    problems: list[str] = []

    def visit(path: str) -> None:
        mark = console.mark()
        response = page.goto(path)
        assert response is not None, path
        if response.status >= 400:
            problems.append(f"{path}: HTTP {response.status}")
        page.wait_for_load_state("load")
        if not _styled(page):
            problems.append(f"{path}: a stylesheet did not load")
        if SHOWN.search(path) and shape(path) not in {shape(seen) for seen in visited}:
            shoot(page, f"{role}-{len(visited)}")
        visited.append(path)
        problems.extend(console.since(mark))

    visited: list[str] = []
    starts = ["/", "/admin/"] if role == "admin" else ["/"]
    crawl(page, starts, demo, visit, per_role=PAGES_PER_ROLE, per_shape=PAGES_PER_SHAPE)
    page.wait_for_timeout(200)  # console messages of the last page arrive asynchronously
    problems.extend(console.violations + console.errors)
    print(role, "visited", *visited)  # shown with -rA / -s: what the walk covered
    assert len(visited) >= (6 if role != "citizen" else 1), visited
    assert not problems, f"{role} visited {len(visited)} pages:\n" + describe_console(
        sorted(set(problems))
    )


def test_the_console_watch_catches_a_violation_and_the_browser_reports_it(
    page: Page, console: ConsoleWatch, caplog: pytest.LogCaptureFixture
) -> None:
    page.goto("/accounts/login/")
    with caplog.at_level(logging.WARNING, logger="danchu.csp"):
        with page.expect_request("**/csp-report") as report:
            page.evaluate(
                """() => {
                    const script = document.createElement("script");
                    script.textContent = "window.injected = true";
                    document.body.append(script);
                }"""
            )
        page.wait_for_timeout(300)
    assert report.value.method == "POST"
    assert page.evaluate("() => window.injected === undefined"), "the inline script ran"
    assert any("script-src" in line for line in console.violations), console.violations
    assert any(record.name == "danchu.csp" for record in caplog.records)
    console.violations.clear()  # provoked on purpose: the autouse check must not fail this test
