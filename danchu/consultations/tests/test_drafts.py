"""Splitting a typed or pasted draft into the paragraphs of a Vietnamese legal text."""

import unicodedata
from collections.abc import Iterator

import pytest
from django.utils import translation
from docx.oxml.ns import nsdecls

from danchu.consultations import drafts
from danchu.consultations.drafts import DraftParagraph, split_paragraphs, split_text
from danchu.core.errors import InvalidInput

# Word lists added to the default template's numbering (its "List Number" style shows "1.").
LETTER_LIST, ARTICLE_LIST = "90", "91"
W = nsdecls("w")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def shape(paragraphs: list[DraftParagraph]) -> list[tuple[str, str, str, int]]:
    return [(p.kind, p.label, p.ref, p.level) for p in paragraphs]


# --- split_text and split_paragraphs --------------------------------------------------------------


class TestSplitText:
    def test_reads_headings_clauses_and_points(self):
        text = "\n".join(
            [
                "Căn cứ Luật số 10/2022/QH15;",
                "Phần I",
                "Chương IV",
                "QUY ĐỊNH CỤ THỂ",
                "Mục 1",
                "NỘI DUNG CÔNG KHAI",
                "Điều 10. Nội dung công khai",
                "1. Chế độ, chính sách:",
                "a) Tiền lương;",
                "- Phụ cấp ưu đãi;",
                "+ Phụ cấp độc hại.",
                "Điều 11.",
                "a) Điểm nằm ngay trong điều.",
            ]
        )

        assert shape(split_text(text)) == [
            ("text", "", "", 0),
            ("part", "Phần I", "Phần I", 0),
            ("chapter", "Chương IV", "Chương IV", 0),
            ("section", "Mục 1", "Chương IV, Mục 1", 0),
            ("article", "Điều 10", "Điều 10", 1),
            ("clause", "1", "Điều 10, khoản 1", 2),
            ("point", "a", "Điều 10, khoản 1, điểm a", 3),
            ("text", "", "", 4),
            ("text", "", "", 4),
            ("article", "Điều 11", "Điều 11", 1),
            ("point", "a", "Điều 11, điểm a", 3),
        ]

    def test_recognises_decomposed_text_and_returns_it_composed(self):
        decomposed = unicodedata.normalize("NFD", "Điều 3. Trách nhiệm của người đứng đầu")

        [paragraph] = split_text(decomposed)

        assert (paragraph.kind, paragraph.ref) == ("article", "Điều 3")
        assert paragraph.text == "Điều 3. Trách nhiệm của người đứng đầu"

    def test_cleans_messy_whitespace_and_invisible_characters(self):
        text = "\r\n  Điều\u00a01.\t Phạm   vi\u200b \x00\n\n\n  \u3000 \n1.  Quy chế  này\r\n"

        assert [(p.kind, p.text) for p in split_text(text)] == [
            ("article", "Điều 1. Phạm vi"),
            ("clause", "1. Quy chế này"),
        ]
        assert split_text(" \n\t\n") == []

    @pytest.mark.parametrize(
        ("line", "kind", "label"),
        [
            ("Điều 3 . Tolerant spacing", "article", "Điều 3"),
            ("Điều 3: Colon", "article", "Điều 3"),
            ("ĐIỀU 12. Upper case", "article", "Điều 12"),
            ("Chương iv", "chapter", "Chương IV"),
            ("Chương II. QUY ĐỊNH CỤ THỂ", "chapter", "Chương II"),
            ("Điều 5 của Luật này quy định", "text", ""),
            ("Chương trình công tác năm", "text", ""),
            ("Mục tiêu của Quy chế", "text", ""),
            ("2. Khoản hai", "clause", "2"),
            ("3.Không có dấu cách", "clause", "3"),
            ("4. 5 người được bầu", "clause", "4"),
            ("1.5 triệu đồng mỗi tháng", "text", ""),
            ("2025 là năm thực hiện", "text", ""),
            ("2025. Năm bản lề", "text", ""),
            ("1)", "text", ""),
            ("đ) Điểm đ", "point", "đ"),
            ("f) Not a Vietnamese point letter", "text", ""),
            ("A) Upper-case letter", "text", ""),
        ],
    )
    def test_classifies_a_line_inside_an_article(self, line, kind, label):
        paragraph = split_text(f"Điều 1. Phạm vi\n{line}")[1]

        assert (paragraph.kind, paragraph.label) == (kind, label)

    def test_clauses_and_points_outside_an_article_are_text(self):
        paragraphs = split_text("Chương I\n1. Một\na) Một")

        assert [p.kind for p in paragraphs] == ["chapter", "text", "text"]
        assert [p.level for p in paragraphs] == [0, 1, 1]

    def test_makes_repeated_numbers_unique(self):
        paragraphs = split_text("Điều 5. A\n1. Một\n1. Lại một\nĐiều 5. B")

        assert [p.ref for p in paragraphs] == [
            "Điều 5",
            "Điều 5, khoản 1",
            "Điều 5, khoản 1 (2)",
            "Điều 5 (2)",
        ]

    def test_refuses_too_many_paragraphs(self):
        with pytest.raises(InvalidInput, match=f"more than {drafts.MAX_PARAGRAPHS} paragraphs"):
            split_text("Dòng\n" * (drafts.MAX_PARAGRAPHS + 1))


class TestSplitParagraphs:
    def test_keeps_each_string_as_one_paragraph(self):
        paragraphs = split_paragraphs(
            ["Chương II\nQUY ĐỊNH CỤ THỂ", "  ", "Điều 5. Trách nhiệm\nnối tiếp dòng", "1. Một"]
        )

        assert [(p.kind, p.ref, p.text) for p in paragraphs] == [
            ("chapter", "Chương II", "Chương II\nQUY ĐỊNH CỤ THỂ"),
            ("article", "Điều 5", "Điều 5. Trách nhiệm\nnối tiếp dòng"),
            ("clause", "Điều 5, khoản 1", "1. Một"),
        ]

    def test_merges_an_upper_case_title_sent_apart_into_its_chapter(self):
        paragraphs = split_paragraphs(["Chương II", "QUY ĐỊNH CỤ THỂ", "Điều 5. Trách nhiệm"])
        sentence = split_paragraphs(["Chương I", "Quy chế này áp dụng cho mọi công chức"])

        assert [p.text for p in paragraphs] == ["Chương II\nQUY ĐỊNH CỤ THỂ", "Điều 5. Trách nhiệm"]
        assert [p.kind for p in sentence] == ["chapter", "text"]

    def test_refuses_a_paragraph_that_is_too_long(self):
        with pytest.raises(
            InvalidInput, match=f"Paragraph 2 is longer than {drafts.MAX_PARAGRAPH_CHARS}"
        ):
            split_paragraphs(["Điều 1.", "x" * (drafts.MAX_PARAGRAPH_CHARS + 1)])
