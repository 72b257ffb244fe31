"""The login page lists the demo accounts in demo mode only (danchu.demo.context_processors)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_lists_demo_accounts_in_demo_mode(client, settings):
    settings.DANCHU_DEMO = True
    page = client.get(reverse("login")).content.decode()
    assert "danchu-demo" in page
    for username in ("admin", "province", "head", "union", "inspector", "staff", "citizen"):
        assert f"<code>{username}</code>" in page


def test_login_page_hides_demo_accounts_otherwise(client, settings):
    settings.DANCHU_DEMO = False
    assert "danchu-demo" not in client.get(reverse("login")).content.decode()
