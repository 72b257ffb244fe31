"""Decree 30/2020 building blocks: each written out, then read back with python-docx."""

import datetime as dt
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from danchu.core import decree30
from danchu.core.decree30 import Letterhead, date_line, format_int, recipient_lines

HEAD = Letterhead(
    parent_body="Ủy ban nhân dân tỉnh Bắc Giang",
    issuing_body="Sở Nội vụ",
    number="05/BC-SNV",
    place="Bắc Giang",
    day=dt.date(2025, 3, 5),
)


def reopen(document):
    return docx.Document(io.BytesIO(decree30.to_bytes(document)))


def report(head=HEAD):
    """A small report using every block."""
    document = decree30.new_document()
    decree30.set_properties(document, author="Sở Nội vụ", title="Báo cáo", subject="Tổng hợp")
    decree30.add_letterhead(document, head)
    decree30.add_title(document, "Báo cáo", "Tổng hợp ý kiến góp ý")
    decree30.add_heading(document, "I. KẾT QUẢ")
    decree30.add_paragraph(document, "Nội dung\x07 báo cáo.")
    decree30.add_paragraph(document, "Căn cứ pháp lý;", italic=True, indent=False)
    table = decree30.add_table(
        document,
        ["STT", "Nội dung", "Ý kiến"],
        [["1", "Điều 1\nkhoản 2", "Ý kiến một"], ["", "", "Ý kiến hai"]],
        [15, 75, 75],
        centred={0},
    )
    decree30.merge_down(table, 0, 1, 2)
    decree30.merge_down(table, 1, 1, 2)
    decree30.add_foot(
        document, ["Sở Nội vụ", "Lưu: VT"], "Giám đốc", "Lê Văn Cường", "KT. Chủ tịch"
    )
    return reopen(document)


def cell_paragraphs(table, row, column):
    return table.cell(row, column).paragraphs


def all_runs(document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 3, 5), "Bắc Giang, ngày 05 tháng 3 năm 2025"),
        (dt.date(2020, 1, 5), "Bắc Giang, ngày 05 tháng 01 năm 2020"),
        (dt.date(2024, 2, 29), "Bắc Giang, ngày 29 tháng 02 năm 2024"),
        (dt.date(2025, 12, 15), "Bắc Giang, ngày 15 tháng 12 năm 2025"),
    ],
)
def test_the_date_line_pads_days_below_10_and_months_1_and_2(day, expected):
    assert date_line("Bắc Giang", day) == expected


@pytest.mark.parametrize(
    ("number", "expected"), [(0, "0"), (999, "999"), (1234, "1.234"), (1234567, "1.234.567")]
)
def test_numbers_group_thousands_with_dots(number, expected):
    assert format_int(number) == expected


def test_recipients_start_with_a_dash_and_end_with_a_semicolon_the_last_with_a_full_stop():
    lines = recipient_lines(["Sở Nội vụ", "- UBND tỉnh;", " ", "Lưu: VT."])
    assert lines == ["- Sở Nội vụ;", "- UBND tỉnh;", "- Lưu: VT."]
    assert recipient_lines([]) == []


class TestPage:
    def test_is_a4_with_the_decree_30_margins(self):
        section = report().sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert 20 <= round(section.top_margin.mm) <= 25
        assert 20 <= round(section.bottom_margin.mm) <= 25
        assert 30 <= round(section.left_margin.mm) <= 35
        assert 15 <= round(section.right_margin.mm) <= 20

    def test_every_run_is_times_new_roman_and_the_language_vietnamese(self):
        document = report()
        normal = document.styles["Normal"]
        assert (normal.font.name, normal.font.size.pt) == ("Times New Roman", 14)
        language = normal.element.rPr.find(qn("w:lang"))
        assert language.get(qn("w:val")) == "vi-VN"
        runs = list(all_runs(document))
        assert runs
        assert {run.font.name for run in runs} == {"Times New Roman"}

    def test_pages_are_numbered_except_the_first(self):
        section = report().sections[0]
        assert section.different_first_page_header_footer
        assert 'w:instr="PAGE"' in section.header._element.xml

    def test_metadata_names_the_issuer(self):
        properties = report().core_properties
        assert (properties.author, properties.language) == ("Sở Nội vụ", "vi-VN")


class TestLetterhead:
    def test_prints_the_bodies_the_nation_the_number_and_the_date(self):
        head = report().tables[0]
        parent, body = cell_paragraphs(head, 0, 0)[:2]
        assert parent.text == "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"
        assert not parent.runs[0].bold
        assert (body.text, body.runs[0].bold) == ("SỞ NỘI VỤ", True)
        nation, motto = cell_paragraphs(head, 0, 1)
        assert (nation.text, nation.runs[0].bold) == (decree30.NATIONAL_NAME, True)
        assert nation.runs[0].font.size.pt == 12
        assert motto.text == "Độc lập - Tự do - Hạnh phúc"
        assert motto.runs[0].underline
        assert cell_paragraphs(head, 1, 0)[0].text == "Số: 05/BC-SNV"
        place_date = cell_paragraphs(head, 1, 1)[0]
        assert place_date.text == "Bắc Giang, ngày 05 tháng 3 năm 2025"
        assert place_date.runs[0].italic

    def test_without_parent_number_or_date(self):
        head = Letterhead(parent_body="", issuing_body="Sở Nội vụ", number="", place="X", day=None)
        table = report(head).tables[0]
        assert cell_paragraphs(table, 0, 0)[0].text == "SỞ NỘI VỤ"
        assert cell_paragraphs(table, 1, 0)[0].text == "Số: ……"
        assert cell_paragraphs(table, 1, 1)[0].text == ""

    def test_layout_tables_have_no_borders(self):
        borders = report().tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
        assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


class TestBody:
    def test_the_title_is_centred_bold_capitals_with_its_summary(self):
        paragraphs = report().paragraphs
        at = [p.text for p in paragraphs].index("BÁO CÁO")
        kind, summary = paragraphs[at], paragraphs[at + 1]
        assert kind.alignment == summary.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert kind.runs[0].bold
        assert summary.runs[0].bold
        assert summary.text == "Tổng hợp ý kiến góp ý"

    def test_paragraphs_are_justified_with_a_first_line_indent(self):
        paragraphs = {p.text: p for p in report().paragraphs}
        body = paragraphs["Nội dung báo cáo."]  # the control character is dropped
        assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert round(body.paragraph_format.first_line_indent.mm, 1) == 12.7
        assert body.paragraph_format.space_after.pt >= 6
        basis = paragraphs["Căn cứ pháp lý;"]
        assert basis.paragraph_format.first_line_indent is None
        assert basis.runs[0].italic

    def test_headings_are_bold_and_kept_with_the_next_paragraph(self):
        heading = next(p for p in report().paragraphs if p.text == "I. KẾT QUẢ")
        assert heading.runs[0].bold
        assert heading.paragraph_format.keep_with_next


class TestTable:
    def test_has_borders_and_a_bold_header_row_repeated_on_each_page(self):
        table = report().tables[1]
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {edge.get(qn("w:val")) for edge in borders} == {"single"}
        assert [cell.text for cell in table.rows[0].cells] == ["STT", "Nội dung", "Ý kiến"]
        assert all(cell.paragraphs[0].runs[0].bold for cell in table.rows[0].cells)
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert round(table.columns[1].width.mm) == 75

    def test_lines_become_paragraphs_and_merged_cells_span_their_rows(self):
        table = report().tables[1]
        content = table.cell(1, 1)
        assert [p.text for p in content.paragraphs] == ["Điều 1", "khoản 2"]
        assert table.cell(2, 1)._tc is content._tc  # one merged cell
        assert table.cell(1, 0).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert [table.cell(row, 2).text for row in (1, 2)] == ["Ý kiến một", "Ý kiến hai"]

    def test_merges_any_number_of_rows(self):
        document = decree30.new_document()
        rows = [["Điều 1" if i == 0 else "", f"Ý kiến {i}"] for i in range(1500)]
        table = decree30.add_table(document, ["Nội dung", "Ý kiến"], rows, [80, 85])
        decree30.merge_down(table, 0, 1, 1500)
        merges = [tr.tc_lst[0].vMerge for tr in table._tbl.tr_lst]
        assert merges == [None, "restart"] + ["continue"] * 1499
        assert decree30.to_bytes(document)


class TestFoot:
    def test_lists_recipients_and_the_signer(self):
        foot = report().tables[-1]
        label, *recipients = cell_paragraphs(foot, 0, 0)
        assert label.text == "Nơi nhận:"
        assert (label.runs[0].bold, label.runs[0].italic, label.runs[0].font.size.pt) == (
            True,
            True,
            12,
        )
        assert [p.text for p in recipients] == ["- Sở Nội vụ;", "- Lưu: VT."]
        assert {p.runs[0].font.size.pt for p in recipients} == {11}
        signer = [p for p in cell_paragraphs(foot, 0, 1) if p.text]
        assert [p.text for p in signer] == ["KT. CHỦ TỊCH", "GIÁM ĐỐC", "Lê Văn Cường"]
        assert all(p.runs[0].bold for p in signer)

    def test_without_a_name_asks_for_a_handwritten_signature(self):
        document = decree30.new_document()
        decree30.add_foot(document, ["Lưu: VT"], "Thủ trưởng cơ quan")
        signer = reopen(document).tables[0].cell(0, 1).paragraphs
        assert [p.text for p in signer] == ["THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên, đóng dấu)"]


def _reference_paragraph(document, text, *, bold, italic, indent, before):
    """A body paragraph made the plain python-docx way (what `add_paragraph` did before)."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    form = paragraph.paragraph_format
    form.first_line_indent = docx.shared.Mm(12.7) if indent else None
    form.space_after, form.line_spacing = docx.shared.Pt(6), 1.2
    form.space_before = docx.shared.Pt(before)
    decree30.add_run(paragraph, text, size=14, bold=bold, italic=italic)
    return paragraph


@pytest.mark.parametrize(
    "options",
    [
        {"bold": False, "italic": False, "indent": True, "before": 0},
        {"bold": True, "italic": False, "indent": True, "before": 6},
        {"bold": False, "italic": True, "indent": False, "before": 0},
    ],
)
def test_a_body_paragraph_is_the_same_xml_as_python_docx_makes(options):
    """The fast path (a copied formatted paragraph) writes exactly what python-docx's setters
    write, tabs and characters XML cannot hold included, and copies never share elements."""
    text = "Điều 4.\tNội dung\x07 công khai  hai dấu cách"
    fast, slow = decree30.new_document(), decree30.new_document()
    first = decree30.add_paragraph(fast, text, **options)
    second = decree30.add_paragraph(fast, "khác", **options)
    _reference_paragraph(slow, text, **options)
    _reference_paragraph(slow, "khác", **options)
    assert docx.oxml.xmlchemy.serialize_for_reading(
        fast.element.body
    ) == docx.oxml.xmlchemy.serialize_for_reading(slow.element.body)
    assert first.text == "Điều 4.\tNội dung công khai  hai dấu cách"
    assert second.text == "khác"
    assert first._p.pPr is not second._p.pPr


def test_body_paragraphs_go_before_the_section_properties_in_order():
    """The constant-time append keeps `w:sectPr` last (Word refuses a body where it is not)."""
    document = decree30.new_document()
    for number in range(50):
        decree30.add_paragraph(document, f"Đoạn {number}")
    body = list(document.element.body)
    assert body[-1].tag == qn("w:sectPr")
    texts = [p.text for p in reopen(document).paragraphs]
    assert texts == [f"Đoạn {number}" for number in range(50)]
