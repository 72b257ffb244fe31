"""The notice's links carry the site's real address (danchu.core.links.site_url, issue 12)."""

import pytest
from django.urls import reverse

from danchu.disclosures.notice import verify_url
from danchu.disclosures.tests.test_views_support import publish
from danchu.organizations.tests.factories import UnitFactory


def test_the_notice_link_follows_a_non_default_port(settings):
    settings.DANCHU_SITE_URL = "http://127.0.0.1:8123/"
    assert verify_url("ab" * 32) == f"http://127.0.0.1:8123/verify/?digest={'ab' * 32}"


@pytest.mark.django_db
def test_the_printed_link_and_qr_follow_the_port(settings, member_of, client_as):
    settings.DANCHU_SITE_URL = "http://127.0.0.1:8123"
    unit = UnitFactory()
    head = member_of(unit, "head")
    item = publish(head, unit)
    page = client_as(head).get(reverse("disclosure_notice", args=[item.pk])).content.decode()
    assert f"http://127.0.0.1:8123/verify/?digest={item.digest}" in page
    assert "127.0.0.1:8000" not in page
