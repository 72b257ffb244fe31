"""The printed notice of a disclosure (Decree 30/2020 "THÔNG BÁO"): facts, QR code and .docx.

The notice is an official document, so its text is Vietnamese whatever the page language.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from danchu.disclosures.models import Category, Disclosure
from danchu.organizations.models import PARTY_KINDS

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
LAW = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"
DEFAULT_PLACE = "Bắc Giang"
FONT, MONO = "Times New Roman", "Courier New"
# Decree 30/2020, Appendix I: A4; margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
PAGE_W, PAGE_H, TOP, BOTTOM, LEFT, RIGHT = 210, 297, 20, 20, 30, 15
TEXT_W = PAGE_W - LEFT - RIGHT
HEAD_LEFT_W = 64  # mm: the issuing body column; the national name takes the rest.
QR_W = 25  # mm

# Law 10/2022/QH15 art. 46, clauses 1–12, in the order of `Category`.
CATEGORY_VI = {
    Category.POLICY_LAW: (
        "Chủ trương của Đảng, pháp luật của Nhà nước liên quan đến cơ quan, đơn vị"
    ),
    Category.WORK_PLAN: "Kế hoạch công tác hằng năm, hằng quý, hằng tháng",
    Category.BUDGET_FINANCE: "Ngân sách và tài chính",
    Category.PUBLIC_ASSETS: "Tài sản công",
    Category.PUBLIC_INVESTMENT: "Đầu tư công",
    Category.PERSONNEL: "Công tác tổ chức, cán bộ",
    Category.INTEGRITY: "Kết luận về tham nhũng, lãng phí; kê khai tài sản, thu nhập",
    Category.INSPECTION_COMPLAINT_RESULTS: (
        "Kết quả thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo, kiến nghị"
    ),
    Category.INTERNAL_RULES: "Nội quy, quy chế và quy tắc ứng xử",
    Category.CONSULTATION_OUTCOME: (
        "Kết quả lấy ý kiến cán bộ, công chức, viên chức, người lao động"
    ),
    Category.SUPERIOR_DIRECTIVES: "Văn bản chỉ đạo của cấp trên liên quan đến cơ quan, đơn vị",
    Category.OTHER: "Nội dung khác theo quy định của pháp luật, quy chế của cơ quan, đơn vị",
}


@dataclass(frozen=True)
class NoticeFacts:
    """Everything printed on the notice, shared by the HTML page and the .docx."""

    parent_name: str
    unit_name: str
    number: str
    place_date: str
    title: str
    subject: str
    category: str
    start: dt.date
    end: dt.date
    days: int
    attachments: list[str]
    verify_url: str
    digest: str

    @property
    def digest_groups(self) -> str:
        """The digest in groups of eight, easier to read aloud and to copy by hand."""
        return " ".join(self.digest[i : i + 8] for i in range(0, len(self.digest), 8))

    @property
    def attachment_line(self) -> str:
        return f"Tài liệu kèm theo: {'; '.join(self.attachments)}." if self.attachments else ""

    @property
    def period(self) -> str:
        return (
            f"Thời gian niêm yết, công khai: {self.days} ngày liên tục, từ ngày "
            f"{self.start:%d/%m/%Y} đến hết ngày {self.end:%d/%m/%Y} (Điều 48 {LAW})."
        )


def verify_url(digest: str) -> str:
    """The absolute address of the public verification page for `digest`."""
    return f"{settings.DANCHU_SITE_URL}{reverse('verify')}?{urlencode({'digest': digest})}"


def date_line(place: str, day: dt.date) -> str:
    """Decree 30/2020: a leading zero for days below 10 and for months 1 and 2."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def issuing_parent(disclosure: Disclosure) -> str:
    """The body above the unit (Decree 30 "cơ quan chủ quản"); a party organisation leading a
    state unit is not its governing body, so it is not printed above it."""
    unit, parent = disclosure.unit, disclosure.unit.parent
    if parent is None or (parent.kind in PARTY_KINDS and unit.kind not in PARTY_KINDS):
        return ""
    return parent.name


def notice_facts(disclosure: Disclosure) -> NoticeFacts:
    start = timezone.localdate(disclosure.publish_at)
    clause = list(Category).index(Category(disclosure.category)) + 1
    place = getattr(settings, "DANCHU_PLACE_NAME", DEFAULT_PLACE)
    return NoticeFacts(
        parent_name=issuing_parent(disclosure),
        unit_name=disclosure.unit.name,
        number=disclosure.document_number,
        place_date=date_line(place, start),
        title=disclosure.title,
        subject=f"Về việc công khai {disclosure.title}",
        category=f"{CATEGORY_VI[Category(disclosure.category)]} (khoản {clause} Điều 46 {LAW})",
        start=start,
        end=disclosure.visible_until,
        days=(disclosure.visible_until - start).days + 1,
        attachments=[a.original_name for a in disclosure.attachments.all()],
        verify_url=verify_url(disclosure.digest),
        digest=disclosure.digest,
    )


def qr_svg(url: str) -> SafeString:
    """An inline SVG QR code; its only text is a fixed title, so it is safe to embed."""
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", title="Mã QR kiểm tra")
    return mark_safe(svg)  # noqa: S308 (segno output: path data and a constant title)


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()


def docx_filename(disclosure: Disclosure) -> str:
    return f"thong-bao-{disclosure.pk}-v{disclosure.version}.docx"


# --- .docx ---------------------------------------------------------------------------------

# Control characters XML 1.0 cannot hold (python-docx refuses them).
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# WordprocessingML fixes the order of property elements; ours go before these successors.
TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
TCPR_AFTER_MARGINS = ("w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
PPR_AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:outlineLvl",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def body_blocks(text: str) -> list[tuple[str, bool]]:
    """Plain (Markdown) body → paragraphs as (text, is_heading): blank lines separate
    paragraphs, list items and table rows stand alone, emphasis marks are dropped."""
    blocks: list[tuple[str, bool]] = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            blocks.append((" ".join(lines), False))
            lines.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = re.sub(r"\*\*|__|`", "", raw).strip()
        if not line:
            flush()
        elif heading := re.match(r"^#{1,6}\s+(.*)$", line):
            flush()
            blocks.append((heading.group(1), True))
        elif re.match(r"^([-*+]|\d+[.)])\s+|^\|", line):
            flush()
            if not re.match(r"^\|[\s:|-]+\|?$", line):  # a table's separator row
                blocks.append((line.strip("|").replace("|", " – ").strip(), False))
        else:
            lines.append(line)
    flush()
    return blocks


def build_docx(disclosure: Disclosure) -> bytes:
    facts = notice_facts(disclosure)
    document = Document()
    _setup_page(document)
    properties = document.core_properties
    properties.author = properties.last_modified_by = facts.unit_name[:255]
    properties.title, properties.subject = f"Thông báo {facts.number}".strip(), facts.subject[:255]
    properties.comments, properties.language = f"SHA-256: {facts.digest}", "vi-VN"
    properties.created = properties.modified = timezone.now()
    _header(document, facts)
    _centered(document, "THÔNG BÁO", size=14, bold=True, before=18)
    _centered(document, facts.subject, size=14, bold=True)
    _rule(document.add_paragraph(), width=TEXT_W / 3, total=TEXT_W)
    _text(document, f"{facts.unit_name} thông báo công khai nội dung sau:", before=6)
    for text, heading in body_blocks(disclosure.body):
        _text(document, text, bold=heading)
    if facts.attachment_line:
        _text(document, facts.attachment_line)
    _text(document, f"Nhóm nội dung công khai: {facts.category}.")
    _text(document, facts.period)
    _foot(document, facts)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _setup_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance = Mm(10)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    style.element.get_or_add_rPr().insert_element_before(language, *RPR_AFTER_LANG)
    style.paragraph_format.space_after = Pt(0)
    # Decree 30: page numbers centred in the top margin, none on the first page.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number._p.append(field)


def _header(document: DocxDocument, facts: NoticeFacts) -> None:
    table = _plain_table(document, [HEAD_LEFT_W, TEXT_W - HEAD_LEFT_W], rows=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    first = left.paragraphs[0]
    if facts.parent_name:
        _run(first, facts.parent_name.upper(), size=13)
        first = left.add_paragraph()
    _run(first, facts.unit_name.upper(), size=13, bold=True)
    _rule(left.add_paragraph(), width=HEAD_LEFT_W / 3, total=HEAD_LEFT_W)
    _run(right.paragraphs[0], NATIONAL_NAME, size=12, bold=True)
    _run(right.add_paragraph(), MOTTO, size=13, bold=True).underline = True
    _run(table.cell(1, 0).paragraphs[0], f"Số: {facts.number or '……'}", size=13)
    _run(table.cell(1, 1).paragraphs[0], facts.place_date, size=14, italic=True)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell in table.rows[1].cells:
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def _foot(document: DocxDocument, facts: NoticeFacts) -> None:
    """Recipients and, under them, the QR code and digest (left); the signer (right)."""
    table = _plain_table(document, [TEXT_W / 2, TEXT_W / 2], rows=1)
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.paragraphs[0].paragraph_format.space_before = Pt(12)
    _run(left.paragraphs[0], "Nơi nhận:", size=12, bold=True, italic=True)
    for line in ("- Cán bộ, công chức, viên chức, người lao động;", "- Lưu: VT."):
        _run(left.add_paragraph(), line, size=11)
    _verification(left, facts)
    right.paragraphs[0].paragraph_format.space_before = Pt(12)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", size=13, bold=True)
    signed = right.add_paragraph()
    signed.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(signed, "(Ký, ghi rõ họ tên, đóng dấu)", size=13, italic=True)


def _verification(cell: _Cell, facts: NoticeFacts) -> None:
    table = _plain_table(cell, [QR_W + 4, TEXT_W / 2 - QR_W - 4], rows=1)
    image, text = table.cell(0, 0), table.cell(0, 1)
    image.paragraphs[0].paragraph_format.space_before = Pt(8)
    image.paragraphs[0].add_run().add_picture(io.BytesIO(qr_png(facts.verify_url)), width=Mm(QR_W))
    text.paragraphs[0].paragraph_format.space_before = Pt(8)
    _run(text.paragraphs[0], "Kiểm tra bản này tại", size=10)
    _run(text.add_paragraph(), facts.verify_url, size=8, font=MONO)
    _run(text.add_paragraph(), "Mã kiểm tra (SHA-256):", size=10)
    _run(text.add_paragraph(), facts.digest_groups, size=8, font=MONO)


def _plain_table(parent: DocxDocument | _Cell, widths: list[float], *, rows: int) -> Table:
    """A layout table: fixed column widths, no borders, rows never split across pages."""
    table = parent.add_table(rows, len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, *TBLPR_AFTER_BORDERS)
    indent = OxmlElement("w:tblInd")  # flush with the body text, cell margins being zero
    indent.set(qn("w:w"), "0")
    indent.set(qn("w:type"), "dxa")
    table._tbl.tblPr.insert_element_before(indent, "w:tblBorders", *TBLPR_AFTER_BORDERS)
    for row in table.rows:
        row._tr.get_or_add_trPr().insert_element_before(
            OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader", "w:jc", "w:hidden"
        )
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
            _no_cell_margins(cell)
    return table


def _no_cell_margins(cell: _Cell) -> None:
    margins = OxmlElement("w:tcMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    cell._tc.get_or_add_tcPr().insert_element_before(margins, *TCPR_AFTER_MARGINS)


def _rule(paragraph: Paragraph, *, width: float, total: float) -> None:
    """A short solid line, centred: the bottom border of an indented, nearly empty paragraph."""
    indent = Mm((total - width) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *PPR_AFTER_BORDERS)


def _centered(document: DocxDocument, text: str, *, size: int, bold: bool, before: int = 0) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(before)
    _run(paragraph, text, size=size, bold=bold)


def _text(document: DocxDocument, text: str, *, bold: bool = False, before: int = 0) -> None:
    """A body paragraph (Decree 30): justified, first line indented 1.27 cm, 6 pt apart."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    form = paragraph.paragraph_format
    form.first_line_indent, form.space_after, form.line_spacing = Mm(12.7), Pt(6), 1.2
    form.space_before = Pt(before)
    _run(paragraph, text, size=14, bold=bold)


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    font: str = FONT,
) -> Run:
    run = paragraph.add_run(NOT_XML.sub("", text))
    run.font.size, run.font.bold, run.font.italic, run.font.name = Pt(size), bold, italic, font
    return run
