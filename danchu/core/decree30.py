"""Building blocks for Word documents in the Decree 30/2020/NĐ-CP format (Appendix I).

A document is made in reading order: `new_document()`, `add_letterhead()`, `add_title()`, then
`add_heading()`, `add_paragraph()` and `add_table()` for the body, `add_foot()`, `to_bytes()`.

Official documents are Vietnamese whatever the page language, so nothing here is translated.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.utils import timezone
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
from lxml import etree

from danchu.core import reproducible

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT, MONO = "Times New Roman", "Courier New"
# Decree 30/2020, Appendix I: A4; margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
PAGE_W, PAGE_H, TOP, BOTTOM, LEFT, RIGHT = 210, 297, 20, 20, 30, 15
TEXT_W = PAGE_W - LEFT - RIGHT
HEAD_LEFT_W = 64  # mm: the issuing body column; the national name takes the rest.
SIGNATURE_SPACE = 4  # empty lines left for the handwritten signature and the seal

# Control characters XML 1.0 cannot hold (python-docx refuses them).
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# WordprocessingML fixes the order of property elements; ours go before these successors.
TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
TCPR_AFTER_MARGINS = ("w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
TRPR_AFTER_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
PPR_AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:outlineLvl",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


@dataclass(frozen=True)
class Letterhead:
    """The header of the first page: issuing bodies on the left, number below them; the national
    name and motto on the right, the place and date below them (Decree 30/2020, Appendix I).

    `day=None` leaves the date out, as the minutes template (Mẫu 1.9 Biên bản) does.
    """

    parent_body: str  # "cơ quan chủ quản", or "" when there is none
    issuing_body: str
    number: str  # "05/BC-SNV"; "" prints a blank to fill in by hand
    place: str
    day: dt.date | None

    @property
    def place_date(self) -> str:
        return date_line(self.place, self.day) if self.day else ""


def date_line(place: str, day: dt.date) -> str:
    """Decree 30/2020: a leading zero for days below 10 and for months 1 and 2 only."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def format_int(number: int) -> str:
    """Vietnamese number formatting (TCVN): thousands grouped with dots, "1.234"."""
    return f"{number:,}".replace(",", ".")


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """Decree 30/2020, Appendix I, "Nơi nhận": each item starts with "-" and ends with ";", the last
    (usually "Lưu: VT, …") with "."; marks the caller already wrote are not doubled."""
    names = [item.strip().lstrip("-").strip().rstrip(";.").strip() for item in recipients]
    names = [name for name in names if name]
    return [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]


# --- The document ------------------------------------------------------------------------------


def new_document() -> DocxDocument:
    """An empty A4 document: Decree 30 margins, Times New Roman 14, Vietnamese, page numbers
    centred in the top margin except on the first page (Decree 30/2020, Appendix I)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance = Mm(10)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    properties = style.element.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    properties.insert_element_before(_element("w:lang", val="vi-VN"), *RPR_AFTER_LANG)
    style.paragraph_format.space_after = Pt(0)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number._p.append(_element("w:fldSimple", instr="PAGE"))
    return document


def set_properties(
    document: DocxDocument,
    *,
    author: str,
    title: str,
    subject: str,
    comments: str = "",
    when: dt.datetime | None = None,
) -> None:
    """The file's metadata (shown by Word and by the records office's systems); `when` (the
    document's own date) keeps the file the same each time it is made."""
    properties = document.core_properties
    properties.author = properties.last_modified_by = author[:255]
    properties.title, properties.subject = title[:255], subject[:255]
    properties.comments, properties.language = comments, "vi-VN"
    moment = (when or timezone.now()).astimezone(dt.UTC).replace(microsecond=0, tzinfo=None)
    properties.created = properties.modified = moment


# Every zip entry is dated this (the earliest date a zip can hold): the same document makes
# the same bytes, so a file can be compared with, or hashed against, another copy.
ZIP_TIME = reproducible.ZIP_TIME


def to_bytes(document: DocxDocument) -> bytes:
    """The .docx file's content, reproducible: the same document gives the same bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible.fixed_zip(buffer.getvalue())


def add_letterhead(document: DocxDocument, head: Letterhead) -> Table:
    """Decree 30/2020, Appendix I: parent body (capitals, upright) and issuing body (capitals,
    bold, a rule 1/3 of the column below); national name (12, bold) and motto (13, bold,
    underlined); "Số:" (13) and the place and date (14, italic) on the next row."""
    table = add_plain_table(document, [HEAD_LEFT_W, TEXT_W - HEAD_LEFT_W], rows=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    first = left.paragraphs[0]
    if head.parent_body:
        add_run(first, head.parent_body.upper(), size=13)
        first = left.add_paragraph()
    add_run(first, head.issuing_body.upper(), size=13, bold=True)
    add_rule(left.add_paragraph(), width=HEAD_LEFT_W / 3, total=HEAD_LEFT_W)
    add_run(right.paragraphs[0], NATIONAL_NAME, size=12, bold=True)
    add_run(right.add_paragraph(), MOTTO, size=13, bold=True).underline = True
    add_run(table.cell(1, 0).paragraphs[0], f"Số: {head.number or '……'}", size=13)
    add_run(table.cell(1, 1).paragraphs[0], head.place_date, size=14, italic=True)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell in table.rows[1].cells:
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)
    return table


def add_title(document: DocxDocument, kind: str, summary: str = "") -> None:
    """Decree 30/2020, Appendix I: the type in capitals and the summary below it, both bold and
    centred, then a rule a third of the text width."""
    _centred(document, kind.upper(), size=14, bold=True, before=18)
    if summary:
        _centred(document, summary, size=14, bold=True)
    add_rule(body_paragraph(document), width=TEXT_W / 3, total=TEXT_W)


def add_paragraph(
    document: DocxDocument,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    indent: bool = True,
    before: float = 0,
) -> Paragraph:
    """Decree 30/2020, Appendix I, body text: 14 pt, justified, first line indented 1.27 cm,
    6 pt after each paragraph, line spacing 1.2.

    Each paragraph is a copy of a formatted empty one (`_formatted`) with its text set, the same
    XML python-docx's property setters make, at a fraction of their cost: a notice of 16,000
    short lines takes well under a second (bench/documents.py)."""
    paragraph = body_paragraph(document)
    template = _formatted(bold=bold, italic=italic, indent=indent, before=before)
    for child in template:
        paragraph._p.append(copy.deepcopy(child))
    Run(paragraph._p.r_lst[0], paragraph).text = NOT_XML.sub("", text)
    return paragraph


@functools.cache
def _formatted(*, bold: bool, italic: bool, indent: bool, before: float) -> etree._Element:
    """An empty body paragraph formatted through python-docx once per kind; `add_paragraph`
    copies its children. Never handed out: callers get copies."""
    paragraph = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    form = paragraph.paragraph_format
    form.first_line_indent = Mm(12.7) if indent else None
    form.space_after, form.line_spacing, form.space_before = Pt(6), 1.2, Pt(before)
    add_run(paragraph, "", size=14, bold=bold, italic=italic)
    return paragraph._p


def body_paragraph(document: DocxDocument) -> Paragraph:
    """A new empty paragraph at the end of the body, in constant time.

    python-docx's `document.add_paragraph()` looks for the closing `w:sectPr` among all the
    body's children on every call, so a body of n paragraphs costs n² (a 4.5 MB notice of short
    lines ran for 15 minutes). The section properties are the body's last child by the schema
    (CT_Body), and lxml reaches the last child without walking the others."""
    body = document.element.body
    paragraph = OxmlElement("w:p")
    try:
        last = body[-1]
    except IndexError:
        last = None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(paragraph)
    else:
        body.append(paragraph)
    return Paragraph(paragraph, document._body)


def add_heading(document: DocxDocument, text: str) -> Paragraph:
    """A section heading ("I. KẾT QUẢ …"): bold like the body, kept with the next paragraph."""
    paragraph = add_paragraph(document, text, bold=True, before=6)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def add_foot(
    document: DocxDocument,
    recipients: Sequence[str],
    signer_title: str,
    signer_name: str = "",
    authority: str = "",
) -> Table:
    """Decree 30/2020, Appendix I: "Nơi nhận:" (12, bold italic) and its list (11) on
    the left; the authority ("KT. GIÁM ĐỐC"), title (capitals, bold) and name (bold) on the right.
    Without a name, a hint to sign by hand takes its place. Returns the table, whose left cell
    callers may extend (a verification code, for instance)."""
    table = add_plain_table(document, [TEXT_W / 2, TEXT_W / 2], rows=1)
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.paragraphs[0].paragraph_format.space_before = Pt(12)
    add_run(left.paragraphs[0], "Nơi nhận:", size=12, bold=True, italic=True)
    for line in recipient_lines(recipients):
        add_run(left.add_paragraph(), line, size=11)
    right.paragraphs[0].paragraph_format.space_before = Pt(12)
    lines = [(text.upper(), True, False) for text in (authority, signer_title) if text]
    if signer_name:
        lines += [("", False, False)] * SIGNATURE_SPACE + [(signer_name, True, False)]
    else:
        lines.append(("(Ký, ghi rõ họ tên, đóng dấu)", False, True))
    for i, (text, bold, italic) in enumerate(lines):
        paragraph = right.paragraphs[0] if i == 0 else right.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(paragraph, text, size=13, bold=bold, italic=italic)
    return table


# --- Tables ------------------------------------------------------------------------------------


def add_plain_table(parent: DocxDocument | _Cell, widths: Sequence[float], *, rows: int) -> Table:
    """A layout table: fixed column widths (mm), no borders, rows never split across pages."""
    table = _fixed_table(parent, widths, rows=rows)
    _set_borders(table, "nil")
    indent = _element("w:tblInd", w="0", type="dxa")  # flush with the body text
    table._tbl.tblPr.insert_element_before(indent, "w:tblBorders", *TBLPR_AFTER_BORDERS)
    for row in table.rows:
        row._tr.get_or_add_trPr().insert_element_before(
            OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader", "w:jc", "w:hidden"
        )
        for cell in row.cells:
            _no_cell_margins(cell)
    return table


def add_table(
    document: DocxDocument,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    centred: Collection[int] = (),
    size: float = 12,
) -> Table:
    """A data table for reports: single borders, a bold centred header row repeated on every page,
    one paragraph per line of each cell; columns listed in `centred` are centred (an "STT")."""
    table = _fixed_table(document, widths, rows=1 + len(rows))
    _set_borders(table, "single")
    header = table.rows[0]
    header._tr.get_or_add_trPr().insert_element_before(
        OxmlElement("w:tblHeader"), *TRPR_AFTER_HEADER
    )
    for cell, text in zip(header.cells, headers, strict=True):
        _fill(cell, text, size=size, bold=True, centre=True)
    for row, values in zip(table.rows[1:], rows, strict=True):
        for column, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            _fill(cell, text, size=size, centre=column in centred)
    return table


def merge_down(table: Table, column: int, first: int, last: int) -> None:
    """Merge the cells of `column` from row `first` to row `last` (inclusive) into the first;
    the text of the lower cells is hidden, so leave them empty. Unlike python-docx's recursive
    `merge`, this spans any number of rows."""
    if last <= first:
        return
    rows = table._tbl.tr_lst
    rows[first].tc_lst[column].vMerge = "restart"
    for row in rows[first + 1 : last + 1]:
        row.tc_lst[column].vMerge = "continue"


def _fixed_table(parent: DocxDocument | _Cell, widths: Sequence[float], *, rows: int) -> Table:
    table = parent.add_table(rows, len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    return table


def _set_borders(table: Table, kind: str) -> None:
    line = {"sz": "4", "space": "0", "color": "000000"} if kind != "nil" else {}
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{edge}", val=kind, **line))
    table._tbl.tblPr.insert_element_before(borders, *TBLPR_AFTER_BORDERS)


def _fill(cell: _Cell, text: str, *, size: float, bold: bool = False, centre: bool = False) -> None:
    for i, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(2)
        if line:
            add_run(paragraph, line, size=size, bold=bold)


def _no_cell_margins(cell: _Cell) -> None:
    margins = OxmlElement("w:tcMar")
    for edge in ("left", "right"):
        margins.append(_element(f"w:{edge}", w="0", type="dxa"))
    cell._tc.get_or_add_tcPr().insert_element_before(margins, *TCPR_AFTER_MARGINS)


# --- Runs and rules ----------------------------------------------------------------------------


def add_rule(paragraph: Paragraph, *, width: float, total: float) -> None:
    """A short solid line, centred: the bottom border of an indented, nearly empty paragraph."""
    indent = Mm((total - width) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    borders.append(_element("w:bottom", val="single", sz="6", space="1", color="000000"))
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *PPR_AFTER_BORDERS)


def _centred(document: DocxDocument, text: str, *, size: int, bold: bool, before: int = 0) -> None:
    paragraph = body_paragraph(document)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(before)
    add_run(paragraph, text, size=size, bold=bold)


def add_run(
    paragraph: Paragraph,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    font: str = FONT,
) -> Run:
    """A run with its font set explicitly (Decree 30: Times New Roman, black); characters XML
    cannot hold are dropped."""
    run = paragraph.add_run(NOT_XML.sub("", text))
    run.font.size, run.font.bold, run.font.italic, run.font.name = Pt(size), bold, italic, font
    return run


def _element(tag: str, **attributes: str) -> etree._Element:
    """A WordprocessingML element with `w:`-prefixed attributes."""
    return OxmlElement(tag, {qn(f"w:{key}"): value for key, value in attributes.items()})
