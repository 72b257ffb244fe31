"""The language button switches the interface between Vietnamese and English, and back."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from browser_tests.helpers import Shoot, assert_accessible, html_lang, login
from danchu.demo.plan import DEMO_AGENCY_CODE
from danchu.organizations.models import Unit

pytestmark = pytest.mark.browser


def _switch(page: Page, to: str) -> None:
    button = page.locator(f"form.lang button[name=language][value={to}]:visible")
    expect(button).to_have_attribute("lang", to)
    button.click()
    expect(page.locator("html")).to_have_attribute("lang", to)


def test_switch_to_english_and_back_when_logged_in(page: Page, shoot: Shoot) -> None:
    login(page, "head")
    agency = Unit.objects.get(code=DEMO_AGENCY_CODE)
    page.goto(f"/units/{agency.pk}/")
    assert html_lang(page) == "vi"
    expect(page.locator("form.lang button:visible")).to_have_text("English")
    shoot(page, "vi")

    _switch(page, "en")
    assert page.url.endswith(f"/units/{agency.pk}/"), "the switch stays on the same page"
    expect(page.locator("form.lang button:visible")).to_have_text("Tiếng Việt")
    expect(page.locator("h1")).to_have_text(agency.name)
    shoot(page, "en")
    assert_accessible(page)

    page.goto("/")  # the choice is remembered from page to page
    assert html_lang(page) == "en"

    _switch(page, "vi")
    assert page.url.endswith("/")
    page.goto(f"/units/{agency.pk}/")
    assert html_lang(page) == "vi"
    assert_accessible(page)


def test_switch_language_on_the_login_page(page: Page, shoot: Shoot) -> None:
    page.goto("/accounts/login/?next=/units/")
    assert html_lang(page) == "vi"
    _switch(page, "en")
    assert page.url.endswith("/accounts/login/?next=/units/"), "the query string is kept"
    shoot(page, "en")
    assert_accessible(page)

    page.locator("#id_username").fill("staff")
    page.locator("#id_password").fill("danchu-demo")
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/units/")
    assert html_lang(page) == "en", "logging in keeps the language chosen before"
    _switch(page, "vi")
    shoot(page, "vi")
