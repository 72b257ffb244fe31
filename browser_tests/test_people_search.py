"""Live search of the people of an agency: with or without diacritics, the same people."""

from __future__ import annotations

import unicodedata

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from browser_tests.helpers import Shoot, assert_accessible, login, number
from danchu.core.text import fold
from danchu.demo.plan import DEMO_AGENCY_CODE
from danchu.organizations.models import Unit
from danchu.people.models import Person

pytestmark = pytest.mark.browser

# Records the query of every htmx swap that has settled, so a test waits for its own search.
_WATCH_SWAPS = """() => {
    if (window.__settledQueries) return;
    window.__settledQueries = [];
    document.body.addEventListener("htmx:afterSettle", (event) => {
        const url = new URL(event.detail.xhr.responseURL);
        window.__settledQueries.push(url.searchParams.get("q") ?? "");
    });
}"""


def _open_people_page(page: Page) -> Unit:
    agency = Unit.objects.get(code=DEMO_AGENCY_CODE)
    login(page, "head")
    page.goto(f"/units/{agency.pk}/")  # the unit page links its people
    page.locator(f"main a[href='/units/{agency.pk}/people/']").first.click()
    page.wait_for_url(f"**/units/{agency.pk}/people/")
    expect(page.locator("h1")).to_contain_text(agency.name)
    return agency


def _search(page: Page, text: str) -> int:
    """Type `text` in the search box (replacing what is there); wait for its results."""
    page.evaluate(_WATCH_SWAPS)
    box = page.get_by_role("searchbox")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    box.press_sequentially(text, delay=15)
    page.wait_for_function(
        "(q) => window.__settledQueries.at(-1) === q",
        arg=text,
    )
    expect(page.locator("#people-loading")).not_to_have_class("htmx-request")
    return number(page.locator("#results p.count").inner_text())


def _names(page: Page) -> list[str]:
    return page.locator("#results tbody td:first-child a").all_inner_texts()


def test_search_with_and_without_diacritics(page: Page, shoot: Shoot) -> None:
    agency = _open_people_page(page)
    everyone = number(page.locator("#results p.count").inner_text())
    assert everyone == Person.objects.in_units_under(agency).count()

    plain = _search(page, "nguyen")
    names = _names(page)
    assert 0 < plain < everyone
    assert names, "results are listed"
    assert all("nguyen" in fold(name) for name in names), names
    assert any("Nguyễn" in name for name in names), names
    assert "q=nguyen" in page.url, "the search is in the address, so it can be shared"
    shoot(page, "vi")
    assert_accessible(page)

    assert _search(page, "Nguyễn") == plain
    assert _names(page) == names

    decomposed = unicodedata.normalize("NFD", "NGUYỄN")  # as pasted from a Mac, in capitals
    assert _search(page, decomposed) == plain

    page.reload()  # the address alone gives the same page, rendered by the server
    expect(page.get_by_role("searchbox")).to_have_value(decomposed)
    assert number(page.locator("#results p.count").inner_text()) == plain


def test_search_a_given_name_typed_without_diacritics(page: Page) -> None:
    agency = _open_people_page(page)
    people = Person.objects.in_units_under(agency)
    given = next(
        p.given_name for p in people.order_by("sort_key") if fold(p.given_name) != p.given_name
    )
    folded = fold(given)
    expected = sum(folded in fold(p.full_name).split() for p in people)

    count = _search(page, folded)
    names = _names(page)
    assert count >= expected >= 1
    assert any(given in name.split() for name in names), (given, names)
    assert all(folded in fold(name) for name in names), names

    assert _search(page, given) == count
    assert _search(page, "zzzz") == 0
    with translation.override("vi"):
        nobody = gettext("Nobody matches.")
    expect(page.locator("#results tbody")).to_contain_text(nobody)


def test_enter_in_the_search_box_submits_the_form(page: Page) -> None:
    _open_people_page(page)
    box = page.get_by_role("searchbox")
    box.fill("nguyen")
    box.press("Enter")  # a plain GET form: works without JavaScript too
    page.wait_for_url("**q=nguyen*")
    expect(page.locator("#results tbody tr").first).to_contain_text("Nguy")
    assert_accessible(page)
