"""Every demo account logs in through the form, with the keyboard, and reaches its home page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from browser_tests.helpers import DEMO_ROLES, Shoot, assert_accessible, html_lang, login, number
from danchu.demo.plan import DEMO_AGENCY_CODE
from danchu.organizations.models import Unit

pytestmark = pytest.mark.browser

ROOT_TITLE = "Đảng bộ Khối các cơ quan tỉnh"


def _agency() -> Unit:
    return Unit.objects.get(code=DEMO_AGENCY_CODE)


def _sees_the_whole_province(page: Page) -> None:
    """The supervisor's home: the units they oversee, with figures (issue 12)."""
    overview = page.locator("section.overview")
    expect(overview.locator("h3").first).to_contain_text(ROOT_TITLE)
    figure = overview.locator("[data-figure=party_members]").first
    expect(figure).to_be_visible()
    assert number(figure.inner_text()) > 0


def _tasks(page: Page, *, have: list[str], lack: list[str]) -> None:
    """Each role's to-do lists on its home page (issue 12): staff, head, union."""
    for key in have:
        expect(page.locator(f"#todo-{key}")).to_be_visible()
        expect(page.locator(f"section.todo:has(#todo-{key}) a.task-link").first).to_be_visible()
    for key in lack:
        expect(page.locator(f"#todo-{key}")).to_have_count(0)


def _admin(page: Page) -> None:
    _sees_the_whole_province(page)


def _province(page: Page) -> None:
    _sees_the_whole_province(page)


def _head(page: Page) -> None:
    _tasks(page, have=["staff", "head"], lack=[])
    expect(page.locator("section.overview")).to_have_count(0)


def _union(page: Page) -> None:
    _tasks(page, have=["union"], lack=["head"])


def _inspector(page: Page) -> None:
    _tasks(page, have=["staff"], lack=["head", "union"])


def _staff(page: Page) -> None:
    _tasks(page, have=["staff"], lack=["head", "union"])


def _citizen(page: Page) -> None:
    expect(page.locator("section.todo")).to_have_count(0)
    expect(page.locator("#main section.empty")).to_be_visible()


ROLE_CHECKS: dict[str, Callable[[Page], None]] = {
    "admin": _admin,
    "province": _province,
    "head": _head,
    "union": _union,
    "inspector": _inspector,
    "staff": _staff,
    "citizen": _citizen,
}


def test_login_page_lists_the_demo_accounts(page: Page, shoot: Shoot) -> None:
    page.goto("/accounts/login/")
    assert html_lang(page) == "vi"
    expect(page.locator(".demo tbody code")).to_have_text(list(DEMO_ROLES))
    expect(page.locator("#id_username")).to_have_attribute("autocomplete", "username")
    shoot(page, "vi")
    assert_accessible(page)


def test_a_wrong_password_is_refused_with_an_alert(page: Page, shoot: Shoot) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("head")
    page.locator("#id_password").fill("not-the-password")
    page.locator("#id_password").press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_username")).to_have_value("head")
    assert page.url.endswith("/accounts/login/")
    shoot(page, "vi")
    assert_accessible(page)


@pytest.mark.parametrize("username", DEMO_ROLES)
def test_each_demo_role_logs_in_and_reaches_home(page: Page, shoot: Shoot, username: str) -> None:
    login(page, username)
    assert html_lang(page) == "vi"
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("header .who:visible")).not_to_be_empty()
    ROLE_CHECKS[username](page)
    shoot(page, "vi")
    assert_accessible(page)


def test_logging_out_returns_to_the_login_page(page: Page) -> None:
    login(page, "staff")
    page.locator("header form[action='/accounts/logout/'] button:visible").click()
    page.wait_for_url("**/accounts/login/")
    page.goto("/")
    page.wait_for_url("**/accounts/login/?next=/")
