"""The synthesis report (Law 10/2022/QH15 art. 55) as a Decree 30/2020 .docx and as HTML.

Pure: the report works on dataclasses, so no database is needed.
"""

import dataclasses
import datetime as dt
import io

import docx
import pytest
import time_machine
from docx.table import _Cell

from danchu.consultations.synthesis_doc import (
    VIA_UNION,
    OpinionLine,
    ParagraphGroup,
    SynthesisFacts,
    build_docx,
    counts,
    render_html,
)

ARTICLE_2 = ParagraphGroup(
    ref="Điều 2, khoản 1",
    text="Phạm vi áp dụng đối với công chức, viên chức.",
    opinions=(OpinionLine("Nguyễn Văn An", "Bổ sung người lao động.", "accepted", "Đã bổ sung."),),
)
ARTICLE_5 = ParagraphGroup(
    ref="Điều 5, khoản 2",
    text="Mức chi hỗ trợ công tác phí.",
    opinions=(
        OpinionLine("Trần Thị Bình", "Tăng mức chi.", "partly_accepted", "Tăng 10%."),
        OpinionLine(VIA_UNION, "Giảm thủ tục thanh toán.", "not_accepted", "Theo Thông tư 40."),
    ),
)
WHOLE = ParagraphGroup(
    ref="",
    text="",
    opinions=(OpinionLine("Lê Văn Cường", "Dự thảo cần ngắn gọn hơn.", "accepted", "Đã rút gọn."),),
    whole_draft=True,
)
FACTS = SynthesisFacts(
    parent_body="Ủy ban nhân dân tỉnh Bắc Giang",
    issuing_body="Sở Nội vụ",
    number="05/BC-SNV",
    place="Bắc Giang",
    day=dt.date(2025, 3, 5),
    consultation_title="Quy chế chi tiêu nội bộ năm 2025",
    topic_label="Quy chế chi tiêu nội bộ",
    opens=dt.date(2025, 2, 3),
    closes=dt.date(2025, 2, 14),
    consulted="Toàn thể công chức, viên chức, người lao động của Sở",
    channels=("Hệ thống thông tin nội bộ", "Thông qua Công đoàn"),
    groups=(ARTICLE_2, WHOLE, ARTICLE_5, ParagraphGroup("Điều 9", "Không ai góp ý.", ())),
    signer_title="Giám đốc",
    signer_name="Phạm Minh Đức",
    recipients=("Công đoàn cơ quan", "Lưu: VT"),
)


def cell_texts(table):
    """The paragraphs of each cell once: a merged cell is read in its first row only."""
    return [
        p.text
        for tr in table._tbl.tr_lst
        for tc in tr.tc_lst
        if tc.vMerge != "continue"
        for p in _Cell(tc, table).paragraphs
    ]


def paragraphs(document):
    """Every paragraph's text: the body's, then each table's."""
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(cell_texts(table))
    return texts


@pytest.fixture(scope="module")
def document():
    return docx.Document(io.BytesIO(build_docx(FACTS)))


@pytest.fixture(scope="module")
def opinion_table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "STT")


class TestCounts:
    def test_counts_opinions_by_decision_and_the_paragraphs_they_are_on(self):
        assert counts(FACTS) == {
            "total": 4,
            "accepted": 2,
            "partly_accepted": 1,
            "not_accepted": 1,
            "paragraphs_with_opinions": 2,  # the whole draft is not a paragraph
            "union": 0,  # no opinion of the union committee
        }

    def test_an_empty_consultation_counts_zero(self):
        empty = dataclasses.replace(FACTS, groups=())
        assert set(counts(empty).values()) == {0}


class TestDocx:
    def test_is_a_decree_30_report_with_its_number_and_title(self, document):
        text = "\n".join(paragraphs(document))
        for expected in (
            "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG",
            "SỞ NỘI VỤ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: 05/BC-SNV",
            "Bắc Giang, ngày 05 tháng 3 năm 2025",
            "BÁO CÁO",
            "Tổng hợp, tiếp thu, giải trình ý kiến góp ý đối với dự thảo Quy chế chi tiêu nội bộ "
            "năm 2025",
            "từ ngày 03/02/2025 đến hết ngày 14/02/2025",
            "Toàn thể công chức, viên chức, người lao động của Sở",
            "Hệ thống thông tin nội bộ; Thông qua Công đoàn",
            "I. KẾT QUẢ LẤY Ý KIẾN",
            "Tổng số ý kiến góp ý nhận được: 4 ý kiến",
            "Số ý kiến được tiếp thu một phần: 1 ý kiến",
            "II. TỔNG HỢP, TIẾP THU, GIẢI TRÌNH",
            "Nơi nhận:",
            "- Công đoàn cơ quan;",
            "- Lưu: VT.",
            "GIÁM ĐỐC",
            "Phạm Minh Đức",
        ):
            assert expected in text, expected

    def test_every_opinion_has_its_decision_and_explanation(self, opinion_table):
        rows = [[cell.text for cell in row.cells] for row in opinion_table.rows]
        assert rows[0] == ["STT", "Nội dung dự thảo", "Ý kiến góp ý", "Tiếp thu, giải trình"]
        assert [row[2:] for row in rows[1:]] == [
            ["Lê Văn Cường: Dự thảo cần ngắn gọn hơn.", "Tiếp thu: Đã rút gọn."],
            ["Nguyễn Văn An: Bổ sung người lao động.", "Tiếp thu: Đã bổ sung."],
            ["Trần Thị Bình: Tăng mức chi.", "Tiếp thu một phần: Tăng 10%."],
            ["Qua Công đoàn: Giảm thủ tục thanh toán.", "Không tiếp thu: Theo Thông tư 40."],
        ]

    def test_groups_follow_the_draft_with_the_whole_draft_first(self, opinion_table):
        firsts = [row.cells[:2] for row in opinion_table.rows[1:]]
        assert [(number.text, content.paragraphs[0].text) for number, content in firsts] == [
            ("1", "Góp ý chung đối với toàn bộ dự thảo"),
            ("2", "Điều 2, khoản 1"),
            ("3", "Điều 5, khoản 2"),
            ("3", "Điều 5, khoản 2"),  # one cell spanning both opinions on the paragraph
        ]
        assert firsts[2][1]._tc is firsts[3][1]._tc
        assert "Điều 9" not in "\n".join(cell_texts(opinion_table))  # no opinions, no row

    def test_an_opinion_through_the_union_names_no_one(self, opinion_table):
        union_row = next(r for r in opinion_table.rows if VIA_UNION in r.cells[2].text)
        assert union_row.cells[2].text == "Qua Công đoàn: Giảm thủ tục thanh toán."
        others = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")
        assert not any(name in union_row.cells[2].text for name in others)

    def test_is_set_in_times_new_roman(self, document):
        assert document.styles["Normal"].font.name == "Times New Roman"
        runs = [run for p in document.paragraphs for run in p.runs]
        runs += [
            run
            for table in document.tables
            for row in table.rows
            for cell in row.cells
            for p in cell.paragraphs
            for run in p.runs
        ]
        assert {run.font.name for run in runs} == {"Times New Roman"}

    def test_numbers_use_vietnamese_thousands_separators(self):
        many = ParagraphGroup("Điều 1", "", (WHOLE.opinions[0],) * 1234)
        big = docx.Document(io.BytesIO(build_docx(dataclasses.replace(FACTS, groups=(many,)))))
        text = "\n".join(p.text for p in big.paragraphs)  # section I, before the table
        assert "Tổng số ý kiến góp ý nhận được: 1.234 ý kiến" in text

    def test_without_opinions_says_so(self):
        empty = docx.Document(io.BytesIO(build_docx(dataclasses.replace(FACTS, groups=()))))
        text = "\n".join(paragraphs(empty))
        assert "không nhận được ý kiến góp ý nào" in text
        assert "STT" not in text


class TestHtml:
    def test_escapes_what_people_wrote(self):
        script = OpinionLine("<b>Ẩn</b>", "<script>alert(1)</script>", "accepted", "<i>ok</i>")
        facts = dataclasses.replace(FACTS, groups=(ParagraphGroup("Điều 1", "<p>", (script,)),))
        html = str(render_html(facts))
        assert "<script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>" not in html
        assert "<i>" not in html
        assert "&lt;p&gt;" in html

    def test_has_an_accessible_table_in_draft_order(self):
        html = str(render_html(FACTS))
        assert "<caption>Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý</caption>" in html
        for header in ("STT", "Nội dung dự thảo", "Ý kiến góp ý", "Tiếp thu, giải trình"):
            assert f'<th scope="col">{header}</th>' in html
        assert '<th scope="rowgroup" rowspan="2">Điều 5, khoản 2<br>' in html
        order = ["toàn bộ dự thảo", "Điều 2, khoản 1", "Điều 5, khoản 2"]
        assert [html.index(text) for text in order] == sorted(html.index(text) for text in order)

    def test_carries_the_same_content_as_the_docx(self):
        html = str(render_html(FACTS))
        for expected in (
            "Số: 05/BC-SNV",
            "Bắc Giang, ngày 05 tháng 3 năm 2025",
            "<strong>Không tiếp thu</strong>: Theo Thông tư 40.",
            "Qua Công đoàn: Giảm thủ tục thanh toán.",
            "I. KẾT QUẢ LẤY Ý KIẾN",
            "- Lưu: VT.",
            "Phạm Minh Đức",
        ):
            assert expected in html, expected

    def test_without_a_signer_name_asks_for_a_handwritten_signature(self):
        html = str(render_html(dataclasses.replace(FACTS, signer_name="")))
        assert '<p class="hint">(Ký, ghi rõ họ tên, đóng dấu)</p>' in html


def test_the_same_report_makes_the_same_bytes_whenever_it_is_built():
    """Reproducible: dated by the report's own day, fixed zip entry dates (issue 12)."""
    with time_machine.travel(dt.datetime(2025, 5, 1, 8, 0, tzinfo=dt.UTC), tick=False):
        first = build_docx(FACTS)
    with time_machine.travel(dt.datetime(2026, 1, 2, 17, 3, tzinfo=dt.UTC), tick=False):
        assert build_docx(FACTS) == first
    properties = docx.Document(io.BytesIO(first)).core_properties
    assert properties.created == properties.modified
