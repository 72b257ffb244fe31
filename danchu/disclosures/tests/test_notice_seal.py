"""Issue 11.8: the notice names its audit entry and the signed checkpoint vouching for it."""

import io

import docx
import pytest
import time_machine
from django.urls import reverse

from danchu import audit
from danchu.audit.checkpoints import sign_checkpoints
from danchu.audit.models import Entry
from danchu.disclosures.tests.test_notice import MORNING, publish
from danchu.disclosures.tests.test_notice_docx import all_text
from danchu.organizations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

CHECKPOINTS = "https://danchu.example.vn/audit/checkpoints/"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DANCHU_SITE_URL = "https://danchu.example.vn"
    settings.DANCHU_AUDIT_SIGNING_KEY_FILE = tmp_path / "audit-key.pem"
    with time_machine.travel(MORNING, tick=False):
        yield


@pytest.fixture
def hospital():
    return UnitFactory(name="Bệnh viện Đa khoa tỉnh")


@pytest.fixture
def head(hospital, member_of):
    return member_of(hospital, "head")


def page(client, item):
    response = client.get(reverse("disclosure_notice", args=[item.pk]))
    assert response.status_code == 200
    return response.content.decode()


def docx_bytes(client, item):
    response = client.get(reverse("disclosure_notice_docx", args=[item.pk]))
    assert response.status_code == 200
    return response.content


def publication(item):
    return Entry.objects.get(target_type="disclosures.disclosure", target_id=str(item.pk))


def test_before_signing_the_notice_names_its_entry_and_where_to_check(
    hospital,
    head,
    client_as,
):
    item = publish(head, hospital)
    entry = publication(item)
    html = page(client_as(head), item)
    assert f"Nhật ký kiểm toán: mục #{entry.seq}, chuỗi unit:{hospital.pk}." in html
    assert "Điểm kiểm tra đã ký: chưa có (ký định kỳ)" in html
    assert CHECKPOINTS in html


def test_after_signing_both_forms_show_the_checkpoint_key_and_signature(
    hospital,
    head,
    client_as,
):
    item = publish(head, hospital)
    [checkpoint] = sign_checkpoints()
    line = (
        f"Điểm kiểm tra số {checkpoint.number} ký ngày 04/03/2025, khóa {checkpoint.key_id}, "
        f"chữ ký {checkpoint.signature[:8]}…{checkpoint.signature[-8:]}; đối chiếu tại:"
    )
    assert line in page(client_as(head), item)
    text = all_text(docx.Document(io.BytesIO(docx_bytes(client_as(head), item))))
    assert line in text
    assert CHECKPOINTS in text


def test_the_docx_stays_the_same_bytes_as_the_log_grows(hospital, head, client_as):
    item = publish(head, hospital)
    sign_checkpoints()
    first = docx_bytes(client_as(head), item)
    audit.record(actor=head, action="core.job_ran", unit=hospital)
    assert sign_checkpoints()  # a later checkpoint of the same chain
    assert docx_bytes(client_as(head), item) == first
