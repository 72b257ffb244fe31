"""People see the digest as a short "mã xác thực" with what it proves and how to check it; the
full value is on demand, and machine-readable places keep it whole (issue 12)."""

import io

import docx
import pytest
from django.test import Client
from django.urls import reverse

from danchu.core.templatetags.digests import short_digest
from danchu.disclosures.tests.test_views_support import page_of, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _has_short_code(page: str, digest: str) -> None:
    assert "Mã xác thực" in page
    assert f">{short_digest(digest)}</strong>" in page
    assert "chứng minh" in page.lower()
    assert f'href="{reverse("verify")}"' in page or "tải tệp lên trang kiểm tra" in page


def test_the_detail_page_shows_the_short_code_and_the_full_value_on_demand(world, client_as):
    item = publish(world.head, world.agency)
    page = page_of(client_as(world.staff).get(reverse("disclosure_detail", args=[item.pk])))
    _has_short_code(page, item.digest)
    start = page.index("<details>")  # the code's own (the header's menu has a class)
    details = page[start : page.index("</details>", start)]
    assert item.digest in details


def test_the_verify_result_shows_the_same_short_code(world):
    item = publish(world.head, world.agency)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    page = client.get(reverse("verify"), {"digest": item.digest}).content.decode()
    _has_short_code(page, item.digest)
    assert item.digest in page


def test_the_printed_notice_shows_the_short_code_and_keeps_the_full_one(world, client_as):
    item = publish(world.head, world.agency)
    url = reverse("disclosure_notice", args=[item.pk])
    page = client_as(world.head).get(url).content.decode()
    _has_short_code(page, item.digest)
    assert f'data-digest="{item.digest}"' in page
    assert 'class="mono digest-full print-only"' in page  # the full value on paper


def test_the_api_keeps_the_full_digest(world):
    item = publish(world.head, world.agency)
    answer = Client().get("/api/v1/verify", {"digest": item.digest}).json()
    assert answer["match"] is True
    assert answer["current_digest"] == item.digest


def test_the_notice_docx_carries_the_short_code_and_the_full_value(world, client_as):
    item = publish(world.head, world.agency)
    url = reverse("disclosure_notice_docx", args=[item.pk])
    document = docx.Document(io.BytesIO(client_as(world.head).get(url).content))
    text = "\n".join(
        p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
    )
    for cell_table in (c.tables for t in document.tables for row in t.rows for c in row.cells):
        for inner in cell_table:
            text += "\n".join(p.text for row in inner.rows for c in row.cells for p in c.paragraphs)
    assert f"Mã xác thực: {short_digest(item.digest)}" in text
    assert item.digest[-8:] in text
