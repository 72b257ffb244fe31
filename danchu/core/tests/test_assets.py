"""Every page ships at most 60 KB of compressed CSS and JavaScript, with no build step."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

BUDGET = 60 * 1024


def asset_paths(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)


@pytest.mark.django_db
def test_login_page_assets_fit_the_budget(client):
    html = client.get(reverse("login")).content.decode()
    paths = asset_paths(html)
    assert paths, "the base layout links its stylesheet and htmx"
    total = 0
    for path in paths:
        found = finders.find(path)
        assert found, path
        with open(found, "rb") as handle:
            total += len(gzip.compress(handle.read(), compresslevel=9))
    assert total < BUDGET, f"{total} bytes of compressed CSS+JS"
