"""What a user may not see is absent: another agency's pages answer 404."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from browser_tests.helpers import login
from danchu.demo.plan import DEMO_AGENCY_CODE
from danchu.organizations.models import Unit, UnitKind
from danchu.people.models import Person

pytestmark = pytest.mark.browser


def _other_agency() -> Unit:
    return (
        Unit.objects.filter(kind__in=[UnitKind.STATE_AGENCY, UnitKind.PUBLIC_SERVICE_UNIT])
        .exclude(code=DEMO_AGENCY_CODE)
        .order_by("path")
        .first()
    ) or pytest.fail("the demo province has a single agency")


def _status(page: Page, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    return response.status


def test_staff_gets_404_for_another_agency(page: Page) -> None:
    login(page, "staff")
    other = _other_agency()
    stranger = Person.objects.in_units_under(other).order_by("pk").first()
    assert stranger is not None
    assert _status(page, f"/units/{other.pk}/") == 404
    assert _status(page, f"/units/{other.pk}/people/") == 404
    assert _status(page, f"/units/{other.pk}/people/?q=nguyen") == 404
    assert _status(page, f"/people/{stranger.pk}/") == 404
    expect(page.locator("body")).not_to_contain_text(stranger.full_name)

    own = Unit.objects.get(code=DEMO_AGENCY_CODE)
    assert _status(page, f"/units/{own.pk}/") == 200


def test_only_managers_open_the_staff_import(page: Page) -> None:
    own = Unit.objects.get(code=DEMO_AGENCY_CODE)
    login(page, "staff")
    assert _status(page, f"/units/{own.pk}/import/") == 404

    page.context.clear_cookies()
    login(page, "head")
    assert _status(page, f"/units/{own.pk}/import/") == 200
    assert _status(page, f"/units/{_other_agency().pk}/import/") == 404


def test_anonymous_visitors_are_sent_to_the_login_page(page: Page) -> None:
    own = Unit.objects.get(code=DEMO_AGENCY_CODE)
    page.goto(f"/units/{own.pk}/people/")
    page.wait_for_url(f"**/accounts/login/?next=/units/{own.pk}/people/")
