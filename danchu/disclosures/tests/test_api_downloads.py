"""Everything an API client sees, it downloads with the same bearer token (issue 10, item 5):
attachments, the printed notice (.docx) and the unit's register (.xlsx) — the same bytes and
rows as the pages, and 404 for a caller of another unit."""

from __future__ import annotations

import io
from typing import Any

import docx
import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danchu.disclosures.files import DOCX, XLSX
from danchu.disclosures.tests.test_api_support import (
    BASE,
    PDF,
    URL,
    World,
    client_for,
    get,
    publish,
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def item(world: World) -> Any:
    upload = SimpleUploadedFile("Quyết định 05.pdf", PDF, content_type="application/pdf")
    with time_machine.travel(BASE, tick=False):
        return publish(world.head, world.agency, attachments=[upload])


def _detail(world: World, item: Any) -> dict[str, Any]:
    response = get(world.staff, f"{URL}/{item.pk}")
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def _bytes(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


class TestAttachment:
    def test_the_detail_gives_each_attachment_a_url_that_downloads_it(
        self, world: World, item: Any, client_as: Any
    ) -> None:
        (attachment,) = _detail(world, item)["attachments"]
        assert attachment["url"] == f"{URL}/{item.pk}/attachments/{attachment['id']}"

        response = client_for(world.staff).get(attachment["url"])

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        page = client_as(world.staff).get(
            reverse("disclosure_attachment", args=[item.pk, attachment["id"]])
        )
        assert _bytes(response) == _bytes(page) == PDF

    def test_another_units_token_gets_404(self, world: World, item: Any) -> None:
        (attachment,) = _detail(world, item)["attachments"]
        assert client_for(world.outsider).get(attachment["url"]).status_code == 404

    def test_an_attachment_of_another_item_is_404(self, world: World, item: Any) -> None:
        other = publish(world.head, world.agency, title="Khác")
        (attachment,) = _detail(world, item)["attachments"]
        url = f"{URL}/{other.pk}/attachments/{attachment['id']}"
        assert client_for(world.staff).get(url).status_code == 404

    def test_without_a_token_it_is_401(self, world: World, item: Any) -> None:
        (attachment,) = _detail(world, item)["attachments"]
        assert client_for(None).get(attachment["url"]).status_code == 401


class TestNotice:
    def test_notice_url_downloads_the_same_docx_as_the_page(
        self, world: World, item: Any, client_as: Any
    ) -> None:
        url = _detail(world, item)["notice_url"]
        assert url == f"{URL}/{item.pk}/notice.docx"

        response = client_for(world.staff).get(url)

        assert response.status_code == 200
        assert response["Content-Type"] == DOCX
        client = client_as(world.staff)
        client.cookies["danchu_language"] = "en"  # as the token client's Accept-Language
        page = client.get(reverse("disclosure_notice_docx", args=[item.pk]))
        assert page.status_code == 200
        assert _text(response.content) == _text(page.content)
        assert item.title in _text(response.content)

    def test_another_units_token_gets_404(self, world: World, item: Any) -> None:
        url = _detail(world, item)["notice_url"]
        assert client_for(world.outsider).get(url).status_code == 404


def _text(content: bytes) -> str:
    """The words of a .docx (its zip carries write times, so the bytes may differ)."""
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def _rows(content: bytes) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return list(workbook.active.iter_rows(values_only=True))  # type: ignore[union-attr]


class TestRegister:
    def test_register_url_downloads_the_same_rows_as_the_page(
        self, world: World, item: Any, client_as: Any
    ) -> None:
        url = _detail(world, item)["register_url"]
        assert url == f"/api/v1/units/{world.agency.pk}/disclosures/register.xlsx"

        response = client_for(world.head).get(url, {"from": "01/03/2025"})

        assert response.status_code == 200
        assert response["Content-Type"] == XLSX
        client = client_as(world.head)
        client.cookies["danchu_language"] = "en"  # as the token client's Accept-Language
        page = client.get(
            reverse("disclosure_register_xlsx", args=[world.agency.pk]), {"from": "01/03/2025"}
        )
        assert _rows(response.content) == _rows(page.content)
        assert [row[3] for row in _rows(response.content)[1:]] == [item.title]

    def test_the_period_applies(self, world: World, item: Any) -> None:
        url = f"/api/v1/units/{world.agency.pk}/disclosures/register.xlsx"
        response = client_for(world.head).get(url, {"from": "01/04/2025"})
        assert _rows(response.content)[1:] == []

    def test_another_units_token_gets_404(self, world: World, item: Any) -> None:
        url = f"/api/v1/units/{world.agency.pk}/disclosures/register.xlsx"
        assert client_for(world.outsider).get(url).status_code == 404
