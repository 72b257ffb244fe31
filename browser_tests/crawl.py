"""Walking the pages a demo role reaches: same-origin links from its home page, breadth first,
a few pages per URL shape and a bounded number in all (test_csp.py, test_phones.py)."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import Page

# Downloads, and links that act (log out, switch language) rather than show a page.
SKIPPED = re.compile(
    r"\.(docx|xlsx|csv|pdf|zip|json)$|/attachments/|/xlsx/|/template\.|/logout/|^/i18n/|^/csp-report"
    r"|^/api/"
)


def shape(path: str) -> str:
    """/disclosures/12/ and /disclosures/31/ have one shape: /disclosures/N/."""
    return re.sub(r"\d+", "N", path)


def links(page: Page, origin: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        url = urldefrag(href).url
        if url.startswith(origin + "/") and not SKIPPED.search(urlsplit(url).path):
            found.append(url[len(origin) :])
    return found


def crawl(
    page: Page,
    starts: list[str],
    origin: str,
    visit: Callable[[str], None],
    *,
    per_role: int,
    per_shape: int,
) -> list[str]:
    """Visit pages breadth first from `starts`; `visit(path)` loads and checks each one."""
    queue, seen, shapes = deque(starts), set(starts), dict[str, int]()
    visited: list[str] = []
    while queue and len(visited) < per_role:
        path = queue.popleft()
        key = shape(urlsplit(path).path)
        if shapes.get(key, 0) >= per_shape:
            continue
        shapes[key] = shapes.get(key, 0) + 1
        visit(path)
        visited.append(path)
        for link in links(page, origin):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return visited
