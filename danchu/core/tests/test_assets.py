"""Every page ships at most 60 KB of compressed CSS and JavaScript, with no build step."""

import pytest
from django.urls import reverse

from danchu.core.tests.weight import BUDGET, asset_paths, assets_weight


@pytest.mark.django_db
def test_login_page_assets_fit_the_budget(client):
    html = client.get(reverse("login")).content.decode()
    assert asset_paths(html), "the base layout links its stylesheet and htmx"
    total = assets_weight(html)
    assert total < BUDGET, f"{total} bytes of compressed CSS+JS"
