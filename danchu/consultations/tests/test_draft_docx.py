"""Reading a draft written in Word: structure, header and signature, refusals, streaming."""

import io
import zipfile

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from danchu.consultations import draft_docx as drafts
from danchu.consultations.draft_docx import read_docx
from danchu.consultations.tests.test_drafts import english, shape  # noqa: F401 (fixture)
from danchu.core.errors import InvalidInput

# Word lists added to the default template's numbering (its "List Number" style shows "1.").
LETTER_LIST, ARTICLE_LIST = "90", "91"
W = nsdecls("w")


# --- Building a draft as a drafter writes it in Word ----------------------------------------------


def fill(cell, *lines: str) -> None:
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def add_list(document, num_id: str, number_format: str, level_text: str) -> None:
    numbering = document.part.numbering_part.element
    level = f'<w:numFmt w:val="{number_format}"/><w:lvlText w:val="{level_text}"/>'
    abstract = f'<w:abstractNum {W} w:abstractNumId="{num_id}"><w:lvl w:ilvl="0">{level}</w:lvl>'
    numbering.insert(0, parse_xml(f"{abstract}</w:abstractNum>"))  # definitions before w:num
    num = f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'
    numbering.append(parse_xml(num))


def add_numbered(document, text: str, num_id: str) -> None:
    """A paragraph numbered by Word (w:numPr on the paragraph itself): the number is not text."""
    number = f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
    document.add_paragraph(text)._p.get_or_add_pPr().append(parse_xml(number))


def add_header(document) -> None:
    header = document.add_table(rows=2, cols=2)
    fill(header.cell(0, 0), "UBND TỈNH BẮC GIANG", "SỞ NỘI VỤ", "-------")
    fill(header.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    fill(header.cell(1, 0), "Số: 12/QĐ-SNV")
    fill(header.cell(1, 1), "Bắc Giang, ngày 05 tháng 3 năm 2025")


def add_signature(document) -> None:
    signature = document.add_table(rows=1, cols=2)
    fill(signature.cell(0, 0), "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, VP.")
    fill(signature.cell(0, 1), "GIÁM ĐỐC", "(Đã ký)", "Nguyễn Văn An")


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def draft_docx() -> bytes:
    document = Document()
    add_list(document, LETTER_LIST, "lowerLetter", "%1)")
    add_header(document)
    for line in [
        "DỰ THẢO",
        "QUY CHẾ",
        "Thực hiện dân chủ trong hoạt động của Sở Nội vụ",
        "Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15;",
        "Chương I",
        "QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Quy chế này quy định việc thực hiện dân chủ trong hoạt động của Sở Nội vụ.",
        "Điều 2. Nguyên tắc",
        "1. Bảo đảm công khai, minh bạch.",
        "2. Bảo đảm quyền của công chức:",
        "a) Được biết;",
        "b) Được bàn;",
        "đ) Được kiểm tra, giám sát.",
        "Điều 3. Trách nhiệm thực hiện",
    ]:
        document.add_paragraph(line)
    document.add_paragraph("Giám đốc Sở chỉ đạo thực hiện Quy chế.", style="List Number")
    document.add_paragraph("Công chức thực hiện đúng Quy chế:", style="List Number")
    add_numbered(document, "Tham gia ý kiến;", LETTER_LIST)
    add_numbered(document, "Giám sát việc thực hiện.", LETTER_LIST)
    chapter = document.add_paragraph("Chương II")
    chapter.add_run().add_break()
    chapter.add_run("TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("Điều 4. Công khai thông tin")
    document.add_paragraph("Các nội dung được công khai theo bảng sau:", style="List Number")
    table = document.add_table(rows=2, cols=2)
    fill(table.cell(0, 0), "STT")
    fill(table.cell(0, 1), "Nội dung")
    fill(table.cell(1, 0), "1")
    fill(table.cell(1, 1), "Quy chế chi tiêu nội bộ", "Kế hoạch công tác năm")
    add_signature(document)
    return to_bytes(document)


# --- read_docx ------------------------------------------------------------------------------------


class TestReadDocx:
    def test_reads_the_structure_of_the_body(self):
        paragraphs = read_docx(draft_docx())

        assert shape(paragraphs) == [
            *[("text", "", "", 0)] * 3,  # title, subtitle, legal basis
            ("chapter", "Chương I", "Chương I", 0),
            ("article", "Điều 1", "Điều 1", 1),
            ("text", "", "", 2),
            ("article", "Điều 2", "Điều 2", 1),
            ("clause", "1", "Điều 2, khoản 1", 2),
            ("clause", "2", "Điều 2, khoản 2", 2),
            ("point", "a", "Điều 2, khoản 2, điểm a", 3),
            ("point", "b", "Điều 2, khoản 2, điểm b", 3),
            ("point", "đ", "Điều 2, khoản 2, điểm đ", 3),
            ("article", "Điều 3", "Điều 3", 1),
            ("clause", "1", "Điều 3, khoản 1", 2),
            ("clause", "2", "Điều 3, khoản 2", 2),
            ("point", "a", "Điều 3, khoản 2, điểm a", 3),
            ("point", "b", "Điều 3, khoản 2, điểm b", 3),
            ("chapter", "Chương II", "Chương II", 0),
            ("article", "Điều 4", "Điều 4", 1),
            ("clause", "1", "Điều 4, khoản 1", 2),
            *[("text", "", "", 3)] * 5,  # the table's cells
        ]
        refs = [p.ref for p in paragraphs if p.ref]
        assert len(refs) == len(set(refs))

    def test_keeps_the_text_as_written_with_heading_lines(self):
        texts = [p.text for p in read_docx(draft_docx())]

        assert texts[:5] == [
            "QUY CHẾ",
            "Thực hiện dân chủ trong hoạt động của Sở Nội vụ",
            "Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15;",
            "Chương I\nQUY ĐỊNH CHUNG",
            "Điều 1. Phạm vi điều chỉnh",
        ]
        assert texts[17] == "Chương II\nTỔ CHỨC THỰC HIỆN"
        assert texts[-5:-2] == ["STT", "Nội dung", "1"]
        assert texts[-2:] == ["Quy chế chi tiêu nội bộ", "Kế hoạch công tác năm"]

    def test_gives_word_numbered_paragraphs_their_visible_numbers(self):
        texts = [p.text for p in read_docx(draft_docx())]

        assert texts[13:17] == [
            "1. Giám đốc Sở chỉ đạo thực hiện Quy chế.",
            "2. Công chức thực hiện đúng Quy chế:",
            "a) Tham gia ý kiến;",
            "b) Giám sát việc thực hiện.",
        ]
        assert texts[19] == "1. Các nội dung được công khai theo bảng sau:"

    def test_skips_the_header_and_signature_blocks(self):
        text = "\n".join(p.text for p in read_docx(draft_docx()))

        header = ["SỞ NỘI VỤ", "CỘNG HÒA", "Độc lập", "Số: 12", "Bắc Giang, ngày", "DỰ THẢO", "---"]
        signature = ["Nơi nhận", "Lưu: VT", "GIÁM ĐỐC", "Nguyễn Văn An"]
        assert [line for line in header + signature if line in text] == []

    @pytest.mark.parametrize("signer", [["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], ["GIÁM ĐỐC", "(Đã ký)"]])
    def test_skips_a_signer_written_as_paragraphs(self, signer):
        document = Document()
        for line in [
            "Điều 1. Hiệu lực",
            "Quy chế có hiệu lực từ ngày ký.",
            *signer,
            "Trần Thị Bình",
        ]:
            document.add_paragraph(line)

        texts = [p.text for p in read_docx(to_bytes(document))]

        assert texts == ["Điều 1. Hiệu lực", "Quy chế có hiệu lực từ ngày ký."]

    def test_numbers_articles_of_a_word_list_on_from_the_last_article(self):
        document = Document()
        add_list(document, ARTICLE_LIST, "decimal", "Điều %1.")
        add_numbered(document, "Phạm vi điều chỉnh", ARTICLE_LIST)
        document.add_paragraph("Quy chế này quy định ...", style="List Number")
        document.add_paragraph("Điều 5. Đối tượng áp dụng")
        add_numbered(document, "Nguyên tắc", ARTICLE_LIST)

        paragraphs = read_docx(to_bytes(document))

        assert [(p.ref, p.text) for p in paragraphs] == [
            ("Điều 1", "Điều 1. Phạm vi điều chỉnh"),
            ("Điều 1, khoản 1", "1. Quy chế này quy định ..."),
            ("Điều 5", "Điều 5. Đối tượng áp dụng"),
            ("Điều 6", "Điều 6. Nguyên tắc"),
        ]

    def test_reads_a_document_without_list_definitions(self):
        document = Document()
        document.add_paragraph("Điều 1. Phạm vi điều chỉnh")
        document.add_paragraph("Quy chế này quy định ...", style="List Number")
        numbering = next(
            rel for rel in document.part.rels.values() if rel.reltype == RELATIONSHIP_TYPE.NUMBERING
        )
        del document.part.rels[numbering.rId]

        paragraphs = read_docx(to_bytes(document))

        assert [(p.kind, p.text) for p in paragraphs] == [
            ("article", "Điều 1. Phạm vi điều chỉnh"),
            ("text", "Quy chế này quy định ..."),
        ]


def zip_of(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


class TestReadDocxRefuses:
    @pytest.mark.parametrize(
        "data",
        [
            b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF",
            b"",
            b"PK\x03\x04 broken",
            zip_of("[Content_Types].xml", "xl/workbook.xml"),
            zip_of("[Content_Types].xml", "word/document.xml"),
        ],
        ids=["pdf", "empty", "broken zip", "xlsx", "bad docx"],
    )
    def test_bytes_that_are_not_a_docx(self, data):
        with pytest.raises(InvalidInput, match=r"not a Word document \(\.docx\)"):
            read_docx(data)

    @pytest.mark.parametrize("blocks", [[], [add_header, add_signature]], ids=["empty", "no body"])
    def test_a_document_without_body_text(self, blocks):
        document = Document()
        for add in blocks:
            add(document)

        with pytest.raises(InvalidInput, match="No text was found"):
            read_docx(to_bytes(document))

    def test_a_document_too_large_once_unpacked(self, monkeypatch):
        monkeypatch.setattr(drafts, "MAX_UNPACKED_BYTES", 1000)

        with pytest.raises(InvalidInput, match="too large once unpacked"):
            read_docx(draft_docx())

    def test_a_zip_bomb_is_refused_before_it_is_parsed(self):
        """Issue 11, finding 5: a small file whose text part unpacks to more than the cap."""
        source = zipfile.ZipFile(io.BytesIO(draft_docx()))
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry in source.infolist():
                data = source.read(entry)
                if entry.filename == "word/document.xml":
                    padding = b" " * (drafts.MAX_DOCUMENT_XML_BYTES + 1)
                    data = data.replace(b"<w:body>", b"<w:body>" + padding, 1)
                archive.writestr(entry.filename, data)
        assert len(bomb.getvalue()) < drafts.MAX_DOCX_BYTES // 100  # small on the wire

        with pytest.raises(InvalidInput, match="too large once unpacked"):
            read_docx(bomb.getvalue())

    def test_a_file_over_the_size_limit(self):
        with pytest.raises(InvalidInput, match=r"larger than 10\.0\xa0MB"):
            read_docx(b"PK\x03\x04" + b"\0" * drafts.MAX_DOCX_BYTES)


# --- Streaming (issue 11, finding 5) --------------------------------------------------------------


def long_docx(paragraphs: int) -> bytes:
    document = Document()
    for number in range(paragraphs):
        document.add_paragraph(f"Nội dung đoạn {number}.")
    return to_bytes(document)


class TestReadDocxStreams:
    def test_reads_paragraphs_inside_content_controls_in_order(self):
        document = Document()
        document.add_paragraph("Điều 1. Phạm vi")
        control = parse_xml(
            f"<w:sdt {W}><w:sdtContent>"
            "<w:p><w:r><w:t>Điều 2. Đối tượng</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>1. Công chức.</w:t></w:r></w:p>"
            "</w:sdtContent></w:sdt>"
        )
        document.element.body.append(control)
        control.addnext(parse_xml(f"<w:p {W}><w:r><w:t>Điều 3. Hiệu lực</w:t></w:r></w:p>"))
        texts = [p.text for p in read_docx(to_bytes(document))]
        assert texts == [
            "Điều 1. Phạm vi",
            "Điều 2. Đối tượng",
            "1. Công chức.",
            "Điều 3. Hiệu lực",
        ]

    def test_a_block_is_freed_once_read(self):
        """When a block is handed out, the ones read before are gone from the tree but for the
        last, emptied: the memory held is that of what the parser read ahead, however long the
        text."""
        with zipfile.ZipFile(io.BytesIO(long_docx(2000))) as archive:
            before = [
                [len(sibling) for sibling in block.itersiblings(preceding=True)]
                for block in drafts._Package(archive).blocks()
            ]
        assert len(before) == 2001  # python-docx's template starts with an empty paragraph
        assert before[0] == []
        assert all(siblings == [0] for siblings in before[1:])

    def test_stops_reading_once_the_draft_cannot_fit_the_paragraph_limit(self, monkeypatch):
        total = drafts.MAX_PARAGRAPHS * 3
        read = []
        blocks = drafts._Package.blocks

        def counted(package):
            for block in blocks(package):
                read.append(block)
                yield block

        monkeypatch.setattr(drafts._Package, "blocks", counted)
        with pytest.raises(drafts.TooManyParagraphs, match=f"more than {drafts.MAX_PARAGRAPHS}"):
            read_docx(long_docx(total))
        assert len(read) == drafts.MAX_PARAGRAPHS + drafts.MAX_HEADER_AND_SIGNATURE + 1

    def test_a_draft_at_the_limit_with_header_and_signature_is_read(self):
        document = Document()
        add_header(document)
        for number in range(drafts.MAX_PARAGRAPHS):
            document.add_paragraph(f"Nội dung đoạn {number}.")
        add_signature(document)
        assert len(read_docx(to_bytes(document))) == drafts.MAX_PARAGRAPHS

    def test_styles_and_lists_are_found_through_the_relationships(self):
        """Word names the parts as it likes; `numbering.xml` is only the usual name."""
        source = io.BytesIO(draft_docx())
        renamed = io.BytesIO()
        with zipfile.ZipFile(source) as old, zipfile.ZipFile(renamed, "w") as new:
            for entry in old.infolist():
                data = old.read(entry.filename)
                name = entry.filename.replace("word/numbering.xml", "word/lists.xml")
                if entry.filename in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
                    data = data.replace(b"numbering.xml", b"lists.xml")
                new.writestr(name, data)
        assert [p.text for p in read_docx(renamed.getvalue())] == [
            p.text for p in read_docx(draft_docx())
        ]
        assert "a) Tham gia ý kiến;" in [p.text for p in read_docx(renamed.getvalue())]
