"""Generated documents are byte-for-byte reproducible, and a downloaded notice verifies."""

import datetime as dt
import io
import zipfile

import docx
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from danchu.disclosures.tests.test_verify import MORNING, publish
from danchu.organizations.models import UnitKind
from danchu.organizations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
LATER = MORNING + dt.timedelta(hours=5)


@pytest.fixture(autouse=True)
def _clock(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(MORNING, tick=False):
        yield


@pytest.fixture
def unit():
    return UnitFactory(kind=UnitKind.STATE_AGENCY, name="Sở Tư pháp tỉnh Bắc Giang")


@pytest.fixture
def head(unit, member_of):
    return member_of(unit, "head")


@pytest.fixture
def anonymous():
    client = Client()
    client.cookies["danchu_language"] = "en"
    return client


def _notice(client, item) -> bytes:
    response = client.get(reverse("disclosure_notice_docx", args=[item.pk]))
    assert response.status_code == 200
    return response.content


def test_two_downloads_of_a_notice_are_identical_and_it_verifies(unit, head, anonymous, client_as):
    item = publish(head, unit)
    client = client_as(head)
    first = _notice(client, item)
    with time_machine.travel(LATER, tick=False):
        second = _notice(client, item)
        assert second == first
        upload = SimpleUploadedFile("thong-bao.docx", second)
        response = anonymous.post(reverse("verify"), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "own notice of this item, unchanged" in page
    assert item.title in page
    assert 'data-status="published"' in page


def test_the_notice_is_dated_by_its_publication_not_the_download(unit, head, client_as):
    item = publish(head, unit)
    with time_machine.travel(LATER, tick=False):
        properties = docx.Document(io.BytesIO(_notice(client_as(head), item))).core_properties
    assert properties.created == properties.modified
    assert properties.created.replace(tzinfo=dt.UTC) == item.publish_at.replace(microsecond=0)


def test_an_edited_notice_does_not_verify(unit, head, anonymous, client_as):
    item = publish(head, unit)
    original = _notice(client_as(head), item)
    edited = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(edited, "w") as target,
    ):
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "word/document.xml":
                content = content.replace("Kế hoạch".encode(), b"Ke hoach")
            target.writestr(entry, content)
    upload = SimpleUploadedFile("sua.docx", edited.getvalue())
    page = anonymous.post(reverse("verify"), {"file": upload}, follow=True).content.decode()
    assert "No published item matches" in page
    assert "own notice" not in page


def test_two_register_exports_are_identical(unit, head, client_as):
    publish(head, unit)
    client = client_as(head)
    url = reverse("disclosure_register_xlsx", args=[unit.pk])
    first = client.get(url).content
    with time_machine.travel(MORNING + dt.timedelta(seconds=7), tick=False):
        assert client.get(url).content == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
