"""Keyboard use: the skip link comes first, and it moves focus to the main content."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from browser_tests.helpers import Shoot, login

pytestmark = pytest.mark.browser


def _active(page: Page) -> str:
    return str(
        page.evaluate(
            "() => { const el = document.activeElement;"
            " return el.id ? `${el.tagName.toLowerCase()}#${el.id}`"
            " : `${el.tagName.toLowerCase()}.${el.className}`; }"
        )
    )


def _skip_to_main(page: Page, shoot: Shoot) -> None:
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # shown when focused, not only announced
    shoot(page, "vi")
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert _active(page) == "main#main"
    page.keyboard.press("Tab")  # the next stop is inside the main content, not the header
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_skip_link_on_the_login_page(page: Page, shoot: Shoot) -> None:
    page.goto("/accounts/login/")
    _skip_to_main(page, shoot)
    expect(page.locator("#id_username")).to_be_focused()


def test_skip_link_on_the_home_page(page: Page, shoot: Shoot) -> None:
    login(page, "head")
    _skip_to_main(page, shoot)


def test_a_failing_form_opens_at_its_error_summary_whose_links_reach_the_fields(
    page: Page, shoot: Shoot
) -> None:
    login(page, "head")
    page.goto("/disclosures/new/")
    page.locator("#id_title").evaluate("el => el.removeAttribute('required')")
    page.locator("#main form button[type=submit].primary").click()
    page.wait_for_load_state()
    summary = page.locator("#main .error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Lỗi:")
    shoot(page, "vi")
    summary.locator("a[href='#id_title']").click()
    expect(page.locator("#id_title")).to_be_focused()
    expect(page.locator("#id_title")).to_have_attribute("aria-invalid", "true")
