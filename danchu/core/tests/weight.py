"""What a page costs to download: its HTML and the CSS and JavaScript it links, compressed."""

from __future__ import annotations

import gzip
import re

from django.contrib.staticfiles import finders

BUDGET = 60 * 1024  # bytes, compressed, HTML and assets together


def asset_paths(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def assets_weight(html: str) -> int:
    """The compressed size of every stylesheet and script the page links."""
    total = 0
    for path in asset_paths(html):
        found = finders.find(path)
        assert found, path
        with open(found, "rb") as handle:
            total += compressed(handle.read())
    return total


def page_weight(html: str) -> int:
    """The compressed size of the page itself plus everything it links."""
    return compressed(html.encode()) + assets_weight(html)
