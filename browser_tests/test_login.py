"""Every demo account logs in through the form, with the keyboard, and reaches its home page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from browser_tests.helpers import DEMO_ROLES, Shoot, assert_accessible, html_lang, login, number
from danchu.demo.names import ROOT_NAME
from danchu.demo.plan import DEMO_AGENCY_CODE
from danchu.organizations.models import Unit, UnitKind

pytestmark = pytest.mark.browser

ROOT_TITLE = "Đảng bộ Khối các cơ quan tỉnh"


def _agency() -> Unit:
    return Unit.objects.get(code=DEMO_AGENCY_CODE)


def _sees_the_whole_province(page: Page) -> None:
    root = Unit.objects.get(parent__isnull=True)
    card = page.locator(f"article.card[aria-labelledby='card-{root.pk}']")
    expect(card.locator("h3")).to_contain_text(ROOT_TITLE)
    expect(card.locator("h3")).to_have_text(ROOT_NAME)
    figure = card.locator("[data-figure=party_organizations]")
    expect(figure).to_be_visible()
    organisations = Unit.objects.filter(kind=UnitKind.PARTY_ORGANIZATION).count()
    assert organisations > 0
    assert number(figure.inner_text()) == organisations
    assert number(card.locator("[data-figure=party_members]").inner_text()) > 0


def _sees_the_agency(page: Page, *, can_import: bool) -> None:
    agency = _agency()
    cards = page.locator("article.card")
    expect(cards).to_have_count(1)
    card = cards.first
    expect(card.locator("h3")).to_have_text(agency.name)
    expect(card.locator(f"a[href='/units/{agency.pk}/']").first).to_be_visible()
    expect(card.locator(f"a[href='/units/{agency.pk}/people/']")).to_be_visible()
    import_link = card.locator(f"a[href='/units/{agency.pk}/import/']")
    expect(import_link).to_have_count(1 if can_import else 0)
    roles = page.locator("#roles-title + ul.roles")
    expect(roles.locator(f"a[href='/units/{agency.pk}/']").first).to_be_visible()


def _admin(page: Page) -> None:
    _sees_the_whole_province(page)
    expect(page.locator("ul.roles")).to_have_count(0)


def _province(page: Page) -> None:
    _sees_the_whole_province(page)
    expect(page.locator("ul.roles li")).to_have_count(1)


def _head(page: Page) -> None:
    _sees_the_agency(page, can_import=True)


def _union(page: Page) -> None:
    _sees_the_agency(page, can_import=False)


def _staff(page: Page) -> None:
    _sees_the_agency(page, can_import=False)


def _citizen(page: Page) -> None:
    expect(page.locator("article.card")).to_have_count(0)
    expect(page.locator("ul.roles")).to_have_count(0)
    expect(page.locator("#main section.empty")).to_be_visible()


ROLE_CHECKS: dict[str, Callable[[Page], None]] = {
    "admin": _admin,
    "province": _province,
    "head": _head,
    "union": _union,
    "inspector": _union,
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
    expect(page.locator("header .who")).not_to_be_empty()
    ROLE_CHECKS[username](page)
    shoot(page, "vi")
    assert_accessible(page)


def test_logging_out_returns_to_the_login_page(page: Page) -> None:
    login(page, "staff")
    page.locator("header form[action='/accounts/logout/'] button").click()
    page.wait_for_url("**/accounts/login/")
    page.goto("/")
    page.wait_for_url("**/accounts/login/?next=/")
