"""Public verification pages: anyone checks a printed digest or a file, without logging in."""

import datetime as dt
import hashlib
import os
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danchu.disclosures import services
from danchu.organizations.models import UnitKind
from danchu.organizations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MORNING = dt.datetime(2025, 3, 4, 9, 0, tzinfo=VN)
PDF = b"%PDF-1.4\n% ke hoach cong tac 2025\n"


@pytest.fixture(autouse=True)
def clock(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def unit():
    return UnitFactory(kind=UnitKind.STATE_AGENCY, name="Sở Tư pháp tỉnh Bắc Giang")


@pytest.fixture
def head(unit, member_of):
    return member_of(unit, "head")


def publish(head, unit, **fields):
    values = {"category": "work_plan", "title": "Kế hoạch công tác năm 2025",
              "decision_date": timezone.localdate()}  # fmt: skip
    return services.publish_disclosure(actor=head, unit=unit, **{**values, **fields})


@pytest.fixture
def anonymous():
    """A visitor who has not logged in, reading the English messages (their source text)."""
    client = Client()
    client.cookies["danchu_language"] = "en"
    return client


def check(client, digest):
    return client.get(reverse("verify"), {"digest": digest})


def test_a_digest_names_the_unit_title_version_and_date(unit, head, anonymous):
    item = publish(head, unit, document_number="05/TB-STP")
    response = check(anonymous, item.digest)
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Sở Tư pháp tỉnh Bắc Giang",
        "Kế hoạch công tác năm 2025",
        "05/TB-STP",
        "04/03/2025",
    ):
        assert text in page, text
    assert 'data-status="published"' in page
    assert 'class="site-header"' in page  # the app's chrome ...
    assert 'aria-label="Main"' not in page  # ... without the navigation of signed-in users


def test_the_digest_may_be_typed_in_groups_and_capitals(unit, head, anonymous):
    item = publish(head, unit)
    grouped = " ".join(item.digest[i : i + 8] for i in range(0, 64, 8)).upper()
    assert 'data-status="published"' in check(anonymous, grouped).content.decode()


def test_a_superseded_version_links_to_the_current_one(unit, head, anonymous):
    first = publish(head, unit)
    second = services.supersede_disclosure(
        actor=head, previous=first, category="work_plan", title="Kế hoạch (sửa đổi)"
    )
    page = check(anonymous, first.digest).content.decode()
    assert 'data-status="superseded"' in page
    assert f'href="/verify/?digest={second.digest}"' in page
    current = check(anonymous, second.digest).content.decode()
    assert 'data-status="published"' in current


def test_a_withdrawn_item_says_so(unit, head, anonymous, clock):
    item = publish(head, unit)
    clock.move_to(MORNING + dt.timedelta(days=21))
    services.withdraw_disclosure(actor=head, disclosure=item, reason="Hết thời hạn công khai")
    page = check(anonymous, item.digest).content.decode()
    assert 'data-status="withdrawn"' in page
    assert "25/03/2025" in page


def test_a_scheduled_item_is_not_found(unit, head, anonymous):
    item = publish(
        head,
        unit,
        publish_at=MORNING + dt.timedelta(days=1),
        attachments=[SimpleUploadedFile("kh.pdf", PDF)],
    )
    for digest in (item.digest, hashlib.sha256(PDF).hexdigest()):
        page = check(anonymous, digest).content.decode()
        assert "No published item matches this digest." in page
        assert "Kế hoạch" not in page


@pytest.mark.parametrize("text", ["abc", "g" * 64, "a" * 63, "a" * 65, "<script>"])
def test_a_malformed_digest_is_a_clear_400(text, anonymous):
    response = check(anonymous, text)
    assert response.status_code == 400
    assert "A digest is 64 characters" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_without_a_digest_the_page_offers_both_checks(anonymous):
    page = anonymous.get(reverse("verify")).content.decode()
    assert 'name="digest"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_uploading_an_attachment_finds_its_item(unit, head, anonymous):
    item = publish(head, unit, attachments=[SimpleUploadedFile("kh.pdf", PDF)])
    response = anonymous.post(
        reverse("verify"), {"file": SimpleUploadedFile("copy.pdf", PDF)}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[0][1] == 302
    assert hashlib.sha256(PDF).hexdigest() in page
    assert "SHA-256 of the file you chose" in page
    assert item.title in page
    assert 'data-status="published"' in page


def test_uploading_other_bytes_finds_nothing(anonymous):
    upload = SimpleUploadedFile("random.bin", os.urandom(256))
    page = anonymous.post(reverse("verify"), {"file": upload}, follow=True).content.decode()
    assert "No published item matches this digest." in page


def test_a_file_above_the_attachment_limit_is_refused_clearly(anonymous, settings):
    settings.DANCHU_MAX_ATTACHMENT_BYTES = 100
    response = anonymous.post(
        reverse("verify"), {"file": SimpleUploadedFile("big.pdf", b"x" * 101)}
    )
    assert response.status_code == 413
    assert "larger than 100" in response.content.decode()


def test_posting_without_a_file_asks_for_one(anonymous):
    response = anonymous.post(reverse("verify"), {})
    assert response.status_code == 400
    assert "Choose a file to check." in response.content.decode()


def test_the_upload_form_is_protected_against_csrf():
    client = Client(enforce_csrf_checks=True)
    upload = SimpleUploadedFile("x.pdf", PDF)
    assert client.post(reverse("verify"), {"file": upload}).status_code == 403


def test_signed_in_people_see_the_same_result(unit, head, client_as):
    item = publish(head, unit)
    page = check(client_as(head), item.digest).content.decode()
    assert 'data-status="published"' in page
