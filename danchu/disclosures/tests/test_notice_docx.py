"""The notice as a Word document in the Decree 30/2020 format."""

import datetime as dt
import io
import zoneinfo

import docx
import pytest
import time_machine
from django.urls import reverse

from danchu.disclosures import services
from danchu.disclosures.notice import body_blocks
from danchu.organizations.models import UnitKind
from danchu.organizations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MORNING = dt.datetime(2025, 3, 4, 9, 0, tzinfo=VN)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DANCHU_SITE_URL = "https://danchu.example.vn"
    with time_machine.travel(MORNING, tick=False):
        yield


@pytest.fixture
def unit():
    return UnitFactory(kind=UnitKind.STATE_AGENCY, name="Sở Tư pháp tỉnh Bắc Giang")


@pytest.fixture
def head(unit, member_of):
    return member_of(unit, "head")


@pytest.fixture
def item(unit, head):
    return services.publish_disclosure(
        actor=head,
        unit=unit,
        category="personnel",
        title="Kết quả tuyển dụng viên chức năm 2025",
        body="Danh sách trúng tuyển:\n\n- Nguyễn Văn An\n- Trần Thị Bình\n\nĐề nghị phối hợp.",
        document_number="12/QĐ-STP",
        decision_date=MORNING.date(),
    )


def all_text(document):
    """The text of the body paragraphs and of every table cell, nested tables included."""
    parts = [p.text for p in document.paragraphs]

    def cells(table):
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    cells(inner)

    for table in document.tables:
        cells(table)
    return "\n".join(parts)


def download(client, item):
    response = client.get(reverse("disclosure_notice_docx", args=[item.pk]))
    assert response.status_code == 200
    return response


def test_the_docx_is_a_decree_30_notice(item, head, client_as):
    response = download(client_as(head), item)
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        f'attachment; filename="thong-bao-{item.pk}-v1.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    text = all_text(document)
    for expected in (
        "SỞ TƯ PHÁP TỈNH BẮC GIANG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 01/TB-STP",  # Decree 30/2020: the notice's own number, not the decision's
        "Văn bản được công khai: số 12/QĐ-STP ngày 04/03/2025.",
        "Bắc Giang, ngày 04 tháng 3 năm 2025",
        "THÔNG BÁO",
        "Về việc công khai Kết quả tuyển dụng viên chức năm 2025",
        "- Nguyễn Văn An",
        "kể từ ngày 04/03/2025, đến hết ngày 24/03/2025",  # Civil Code art. 147.1
        f"https://danchu.example.vn/verify/?digest={item.digest}",
    ):
        assert expected in text, expected
    assert item.digest[:8] in text
    assert item.digest[-8:] in text
    assert len(document.inline_shapes) == 1  # the QR code
    assert document.core_properties.author == "Sở Tư pháp tỉnh Bắc Giang"


def test_the_page_is_a4_with_the_decree_30_margins_and_font(item, head, client_as):
    document = docx.Document(io.BytesIO(download(client_as(head), item).content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman"
    assert normal.size.pt == 14


def test_only_people_who_can_see_the_item_get_its_docx(item, member_of, client_as, client):
    stranger = member_of(UnitFactory(name="Sở Xây dựng"), "staff")
    url = reverse("disclosure_notice_docx", args=[item.pk])
    assert client_as(stranger).get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_control_characters_do_not_break_the_document(unit, head, client_as):
    item = services.publish_disclosure(
        actor=head, unit=unit, category="other", title="Thông tin khác", body="Dòng\x07 một\x1b"
    )
    document = docx.Document(io.BytesIO(download(client_as(head), item).content))
    assert "Dòng một" in all_text(document)


def test_the_plain_body_becomes_paragraphs():
    source = (
        "# Mục tiêu\n\nDòng một\ntiếp tục **đậm**.\n\n- Ý một\n1. Ý hai\n\n|A|B|\n|---|---|\n|1|2|"
    )
    assert body_blocks(source) == [
        ("Mục tiêu", True),
        ("Dòng một tiếp tục đậm.", False),
        ("- Ý một", False),
        ("1. Ý hai", False),
        ("A – B", False),
        ("1 – 2", False),
    ]


def test_decree_30_the_signer_block_carries_the_heads_title_and_name(item, head, client_as):
    text = all_text(docx.Document(io.BytesIO(download(client_as(head), item).content)))
    assert "GIÁM ĐỐC" in text
    assert head.person.full_name in text
    assert "THỦ TRƯỞNG" not in text


def test_the_same_notice_makes_the_same_bytes(item, head, client_as):
    """Reproducible: fixed zip entry times and the document's own date in its properties."""
    client = client_as(head)
    first = download(client, item).content
    with time_machine.travel(MORNING + dt.timedelta(hours=3), tick=False):
        assert download(client, item).content == first
