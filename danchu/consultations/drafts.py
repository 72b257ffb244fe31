"""A draft regulation (dự thảo quy chế) as an ordered list of paragraphs staff can comment on.

Comments point at "Điều 5, khoản 2, điểm a", so the draft is read the way Vietnamese legal texts
are laid out (Decree 30/2020/NĐ-CP, Appendix I, "nội dung văn bản"): "Phần" and "Chương" with
Roman numbers and their upper-case title on the line below, "Mục" with an Arabic number,
"Điều 5." followed by its title, clauses "1.", points "a)" in Vietnamese alphabetical order.
Everything else (title, legal bases "Căn cứ ...", plain text, "- " sub-points) is kind "text".
"""

from __future__ import annotations

import io
import posixpath
import re
import string
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from docx.opc.constants import RELATIONSHIP_TYPE
from lxml import etree

from danchu.core.errors import InvalidInput
from danchu.core.text import fold, strip_controls

MAX_DOCX_BYTES = 10 * 1024 * 1024
# Zip bombs are refused before anything is unpacked (issue 11, finding 5: a 327 KB file whose text
# part unpacked to 95 MB took 71 s and 2.5 GB). The text of a 200-page draft is about 2 MB.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_DOCUMENT_XML_BYTES = 16 * 1024 * 1024
MAX_PARAGRAPHS = 2000
MAX_PARAGRAPH_CHARS = 10_000
# A draft typed or pasted into the form: a 200-page regulation is about 600,000 characters.
MAX_DRAFT_TEXT_CHARS = 1_000_000
# A .docx is read until its paragraphs can no longer fit MAX_PARAGRAPHS: the header (issuing
# body, Quốc hiệu, number, date) and the signature block ("Nơi nhận", signer) that are dropped
# afterwards take a few lines each; this many are allowed for them while reading.
MAX_HEADER_AND_SIGNATURE = 100


class TooManyParagraphs(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            _("The draft has more than %(limit)s paragraphs.") % {"limit": MAX_PARAGRAPHS}
        )


@dataclass(frozen=True)
class DraftParagraph:
    kind: str  # "part" | "chapter" | "section" | "article" | "clause" | "point" | "text"
    label: str  # "Chương II", "Điều 5", "2", "a"; "" for text
    ref: str  # "Điều 5, khoản 2, điểm a"; "" for text
    text: str  # as written, heading lines included, lines joined with "\n"
    level: int  # 0 part/chapter/section, 1 article, 2 clause, 3 point; text: its container + 1


@dataclass(frozen=True)
class _Item:
    """A paragraph before it is classified; `auto` is the kind of Word's lost list number."""

    text: str
    auto: str | None = None  # "article" | "clause" | "point"
    table: int | None = None  # the top-level .docx table it sits in


# --- Classification (Decree 30/2020, Appendix I) ------------------------------------------------

_ROMAN = re.compile(r"[IVXLC]+", re.IGNORECASE)
_HEADING = re.compile(
    rf"^(Phần|Chương|Mục)\s+(thứ\s+\w+|{_ROMAN.pattern}|\d{{1,3}})\s*(?:[.:\-–]\s*(.*))?$",
    re.IGNORECASE,
)
_HEADINGS = {"phần": ("part", "Phần"), "chương": ("chapter", "Chương"), "mục": ("section", "Mục")}
# "Điều 3 ." and "Điều 3:" are tolerated; "Điều 5 của Luật ..." is a sentence, not a heading.
_ARTICLE = re.compile(r"^Điều\s+(\d{1,3}[a-z]?)\s*(?:[.:]\s*(.*))?$", re.IGNORECASE)
# A clause is "1. text" (or "1.Text"): "1.5 triệu đồng" and "2025 là năm ..." stay plain text.
_CLAUSE = re.compile(r"^(\d{1,3})\.(\s+\S|[^\W\d_])")
# Points use the Vietnamese alphabet: no f, j, w, z.
_POINT = re.compile(r"^([abcdđeghiklmnopqrstuvxy])\)\s*\S")
# Word's "a, b, c" lists count in the Latin alphabet (e, f, not đ, e): a ref names what the
# reader sees in Word, so auto-numbered points follow Word.
_WORD_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def _is_heading(text: str) -> bool:
    line = _first_line(text)
    return bool(_HEADING.match(line) or _ARTICLE.match(line))


class _Outline:
    """Where the reader is: the headings the next paragraph belongs to."""

    def __init__(self) -> None:
        self.chapter = ""
        self.articles = 0  # number of the last article: Word lists number them on
        self.article = ""
        self.clause = ""
        self.clauses = 0  # number of the last clause of this article
        self.points = 0  # points so far in this clause
        self.level = -1  # of the innermost heading; text sits one deeper

    def read(self, item: _Item) -> DraftParagraph:
        line = _first_line(item.text)
        if item.auto == "article" or (item.auto and self.article):
            return self._auto(item)
        if match := _HEADING.match(line):
            return self._heading(match, item.text)
        if match := _ARTICLE.match(line):
            return self._open_article(match[1], item.text)
        if self.article and (match := _CLAUSE.match(line)):
            return self._open_clause(int(match[1]), item.text)
        if self.article and (match := _POINT.match(line)):
            return self._add_point(match[1], item.text)
        return DraftParagraph("text", "", "", item.text, self.level + 1)

    def _heading(self, match: re.Match[str], text: str) -> DraftParagraph:
        kind, word = _HEADINGS[match[1].lower()]
        number = match[2].upper() if _ROMAN.fullmatch(match[2]) else match[2].lower()
        label = f"{word} {number}"
        if kind == "part":
            self.chapter = ""
        elif kind == "chapter":
            self.chapter = label
        ref = f"{self.chapter}, {label}" if kind == "section" and self.chapter else label
        self.article, self.level = "", 0
        return DraftParagraph(kind, label, ref, text, 0)

    def _open_article(self, number: str, text: str) -> DraftParagraph:
        self.articles = int(number.rstrip(string.ascii_letters))  # "Điều 5a" follows "Điều 5"
        self.article, self.clause, self.clauses, self.points = f"Điều {number}", "", 0, 0
        self.level = 1
        return DraftParagraph("article", self.article, self.article, text, 1)

    def _open_clause(self, number: int, text: str) -> DraftParagraph:
        self.clause, self.clauses, self.points, self.level = str(number), number, 0, 2
        return DraftParagraph("clause", self.clause, f"{self.article}, khoản {number}", text, 2)

    def _add_point(self, letter: str, text: str) -> DraftParagraph:
        within = f"{self.article}, khoản {self.clause}" if self.clause else self.article
        self.points, self.level = self.points + 1, 3
        return DraftParagraph("point", letter, f"{within}, điểm {letter}", text, 3)

    def _auto(self, item: _Item) -> DraftParagraph:
        if item.auto == "article":
            number = self.articles + 1
            return self._open_article(str(number), f"Điều {number}. {item.text}")
        if item.auto == "clause":
            number = self.clauses + 1
            return self._open_clause(number, f"{number}. {item.text}")
        letter = _WORD_LETTERS[min(self.points, len(_WORD_LETTERS) - 1)]
        return self._add_point(letter, f"{letter}) {item.text}")


def _merge_titles(items: Sequence[_Item]) -> list[_Item]:
    """A part, chapter or section heading takes the upper-case title line below it."""
    merged: list[_Item] = []
    for item in items:
        previous = merged[-1] if merged else None
        if previous and _is_bare_heading(previous.text) and _is_title(item):
            merged[-1] = replace(previous, text=f"{previous.text}\n{item.text}")
        else:
            merged.append(item)
    return merged


def _is_bare_heading(text: str) -> bool:
    match = _HEADING.match(text)  # a single line: "Chương II", not "Chương II. QUY ĐỊNH"
    return match is not None and not match[3]


def _is_title(item: _Item) -> bool:
    return "\n" not in item.text and item.text.isupper() and not _is_heading(item.text)


def _unique_refs(paragraphs: list[DraftParagraph]) -> list[DraftParagraph]:
    """A number written twice by mistake ("Điều 5" twice) gets "Điều 5 (2)"."""
    seen: dict[str, int] = {}
    unique = []
    for paragraph in paragraphs:
        if paragraph.ref:
            seen[paragraph.ref] = count = seen.get(paragraph.ref, 0) + 1
            if count > 1:
                paragraph = replace(paragraph, ref=f"{paragraph.ref} ({count})")
        unique.append(paragraph)
    return unique


def _build(items: Sequence[_Item]) -> list[DraftParagraph]:
    outline = _Outline()
    paragraphs = _unique_refs([outline.read(item) for item in _merge_titles(items)])
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise TooManyParagraphs
    for number, paragraph in enumerate(paragraphs, start=1):
        if len(paragraph.text) > MAX_PARAGRAPH_CHARS:
            raise InvalidInput(
                _("Paragraph %(number)s is longer than %(limit)s characters.")
                % {"number": number, "limit": MAX_PARAGRAPH_CHARS}
            )
    return paragraphs


def _clean_lines(text: str) -> list[str]:
    """NFC lines without control or invisible characters, spaces collapsed, empty lines dropped."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # zero-width, BOM
    lines = (" ".join(strip_controls(line).split()) for line in text.splitlines())
    return [line for line in lines if line]


def split_text(text: str) -> list[DraftParagraph]:
    """The draft typed or pasted as text: one paragraph per non-empty line."""
    return _build([_Item(line) for line in _clean_lines(text)])


def split_paragraphs(paragraphs: Sequence[str]) -> list[DraftParagraph]:
    """The draft as a list of paragraphs; a paragraph may hold several lines."""
    return _build([_Item("\n".join(lines)) for p in paragraphs if (lines := _clean_lines(p))])


# --- .docx ---------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TBL, _T, _TAB = f"{{{_W}}}tbl", f"{{{_W}}}t", f"{{{_W}}}tab"


def _xpath(expression: str) -> Any:
    return etree.XPath(expression, namespaces={"w": _W})


# Paragraphs and tables, also inside content controls, in reading order.
_BLOCKS = _xpath("./w:p | ./w:tbl | ./w:sdt/w:sdtContent/w:p | ./w:sdt/w:sdtContent/w:tbl")
_SDT_BLOCKS = _xpath("./w:sdtContent/w:p | ./w:sdtContent/w:tbl")
_CELLS = _xpath("./w:tr/w:tc | ./w:sdt/w:sdtContent/w:tr/w:tc")
# Visible text: not text boxes (the "DỰ THẢO" stamp), not deleted revisions.
_RUN_TEXT = _xpath(
    "(.//w:r/w:t | .//w:r/w:tab | .//w:r/w:br | .//w:r/w:cr)"
    "[not(ancestor::w:txbxContent or ancestor::w:del or ancestor::w:moveFrom)]"
)
_NUM_ID = _xpath("./w:pPr/w:numPr/w:numId/@w:val")
_ILVL = _xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
_STYLE_ID = _xpath("./w:pPr/w:pStyle/@w:val")
_STYLE = _xpath("./w:style[@w:styleId=$id]")
_BASED_ON = _xpath("./w:basedOn/@w:val")
_ABSTRACT_ID = _xpath("./w:num[@w:numId=$id]/w:abstractNumId/@w:val")
_LEVEL = _xpath("./w:abstractNum[@w:abstractNumId=$id]/w:lvl[@w:ilvl=$ilvl]")
_FORMAT = _xpath("string(./w:numFmt/@w:val)")
_LEVEL_TEXT = _xpath("string(./w:lvlText/@w:val)")
_LIST_KINDS = {
    ("decimal", r"%\d[.)]?"): "clause",
    ("lowerLetter", r"%\d[.)]?"): "point",
    ("decimal", r"Điều\s*%\d[.:]?"): "article",  # "Điều 1." as a Word list
}


class _Numbering:
    """Word's list definitions: which auto-numbered paragraphs show "1." or "a)"."""

    def __init__(self, styles: Any, numbering: Any) -> None:
        self.styles, self.numbering = styles, numbering

    def kind(self, p: Any) -> str | None:
        chain = [p, *self._styles_of(p)]
        num_id = next((found[0] for e in chain if (found := _NUM_ID(e))), "0")
        ilvl = next((found[0] for e in chain if (found := _ILVL(e))), "0")
        abstract_id = _ABSTRACT_ID(self.numbering, id=num_id)
        levels = _LEVEL(self.numbering, id=abstract_id[0], ilvl=ilvl) if abstract_id else []
        if not levels:
            return None
        number_format, text = _FORMAT(levels[0]), _LEVEL_TEXT(levels[0])
        for (list_format, pattern), kind in _LIST_KINDS.items():
            if number_format == list_format and re.fullmatch(pattern, text, re.IGNORECASE):
                return kind
        return None  # bullets, "1.1.", "I.": the text stays, without a number

    def _styles_of(self, p: Any) -> Iterator[Any]:
        style_ids = _STYLE_ID(p)
        for _depth in range(10):  # basedOn chains are short; a cycle must not hang us
            styles = _STYLE(self.styles, id=style_ids[0]) if style_ids else []
            if not styles:
                return
            yield styles[0]
            style_ids = _BASED_ON(styles[0])


def _paragraphs_in(block: Any) -> Iterator[Any]:
    """The w:p elements of a block; a table's cells are read row by row."""
    if block.tag != _TBL:
        yield block
        return
    for cell in _CELLS(block):
        for child in _BLOCKS(cell):
            yield from _paragraphs_in(child)


def _text_of(p: Any) -> str:
    parts = (
        node.text or "" if node.tag == _T else " " if node.tag == _TAB else "\n"
        for node in _RUN_TEXT(p)
    )
    return "".join(parts)


def _docx_items(package: _Package) -> list[_Item]:
    """The body's paragraphs in reading order, read as the XML streams in: each top-level block
    is dropped once read, and reading stops as soon as the draft cannot fit the paragraph limit
    (issue 11, finding 5), so memory stays that of one block."""
    numbering = _Numbering(package.styles, package.numbering)
    items: list[_Item] = []
    counted = 0
    for index, block in enumerate(package.blocks()):
        table = index if block.tag == _TBL else None
        for p in _paragraphs_in(block):
            if lines := _clean_lines(_text_of(p)):
                item = _Item("\n".join(lines), numbering.kind(p), table)
                items.append(item)
                counted += not _is_decoration(item.text)
        if counted > MAX_PARAGRAPHS + MAX_HEADER_AND_SIGNATURE:
            raise TooManyParagraphs
    return items


# --- Header and signature blocks (Decree 30/2020, Appendix I), matched on folded text -----------

# Searched, not matched: a tab-laid header puts the body's name and the Quốc hiệu on one line.
_HEADER_LINE = re.compile(
    r"\b(cong hoa xa hoi chu nghia viet nam|doc lap\W+tu do)\b|^so\s*:"
    r"|^[^,(]{1,40}, ngay\b.*\bthang\b.*\bnam\b"
)
_DRAFT_MARK = re.compile(r"^\(?du thao(\s+lan)?(\s+(thu\s+)?\w+)?\)?$")
_SIGNATURE_LINE = re.compile(r"^(noi nhan\b|[-+•]?\s*luu\s*:|(kt|tm|tl|tuq|q)\.\s*\S)")
_SIGNER_TITLE = re.compile(r"\b(giam doc|chu tich|truong|bi thu|chanh an)\b")
_SIGNER_TAIL = 6  # a signer's title alone counts only among the last lines


def _starts_body(text: str) -> bool:
    return _is_heading(text) or fold(text).startswith("can cu")


def _header_end(items: Sequence[_Item]) -> int:
    """Index after the header (issuing body, Quốc hiệu, motto, number, place and date)."""
    lead = next((i for i, item in enumerate(items) if _starts_body(item.text)), len(items))
    marks = [i for i in range(lead) if _HEADER_LINE.search(fold(_first_line(items[i].text)))]
    if not marks:
        return 0
    end, table = marks[-1] + 1, items[marks[-1]].table
    while table is not None and end < len(items) and items[end].table == table:
        end += 1  # the rest of the header table
    return end


def _is_signature(index: int, items: Sequence[_Item]) -> bool:
    text = items[index].text
    folded = fold(_first_line(text))
    if _SIGNATURE_LINE.match(folded):
        return True
    is_title = text.isupper() and len(text.split()) <= 8 and _SIGNER_TITLE.search(folded)
    return bool(is_title) and index >= len(items) - _SIGNER_TAIL


def _signature_start(items: Sequence[_Item], start: int) -> int:
    """Index of the "Nơi nhận" / signer block after the last heading, or the end."""
    after = max(
        (i + 1 for i in range(start, len(items)) if _is_heading(items[i].text)), default=start
    )
    for index in range(after, len(items)):
        if _is_signature(index, items):
            table = items[index].table
            while table is not None and index > after and items[index - 1].table == table:
                index -= 1  # the whole signature table
            return index
    return len(items)


def _is_decoration(text: str) -> bool:
    """The "DỰ THẢO" mark and separator lines ("-----", "___")."""
    return not any(ch.isalnum() for ch in text) or bool(_DRAFT_MARK.match(fold(text)))


def _body(items: Sequence[_Item]) -> list[_Item]:
    start = _header_end(items)
    end = _signature_start(items, start)
    return [item for item in items[start:end] if not _is_decoration(item.text)]


def _not_docx() -> str:
    return _("This is not a Word document (.docx). Save the draft as .docx and try again.")


_DOCUMENT = "word/document.xml"
_PARSER = {"resolve_entities": False, "no_network": True, "huge_tree": False}
_ROOT, _BODY, _SDT = f"{{{_W}}}document", f"{{{_W}}}body", f"{{{_W}}}sdt"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


class _Package:
    """A .docx opened for reading: its list and style definitions parsed, its text part
    streamed block by block (`blocks`)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        targets = self._targets()
        self.styles = self._part(targets.get(RELATIONSHIP_TYPE.STYLES), "styles")
        self.numbering = self._part(targets.get(RELATIONSHIP_TYPE.NUMBERING), "numbering")

    def blocks(self) -> Iterator[Any]:
        """The body's paragraphs and tables (also those inside content controls) in reading
        order, each complete; a block and those before it are freed once the next is read."""
        with self.archive.open(_DOCUMENT) as stream:
            for event, element in etree.iterparse(stream, events=("start", "end"), **_PARSER):
                if event == "start":
                    if element.getparent() is None and element.tag != _ROOT:
                        raise InvalidInput(_not_docx())  # XML, but not Word's text part
                    continue
                parent = element.getparent()
                if parent is None or parent.tag != _BODY:
                    continue
                yield from _SDT_BLOCKS(element) if element.tag == _SDT else [element]
                element.clear()
                while element.getprevious() is not None:
                    del parent[0]

    def _targets(self) -> dict[str, str]:
        """The document part's related parts by relationship type: {type: path in the zip}."""
        rels = self._xml("word/_rels/document.xml.rels")
        if rels is None:
            return {}
        return {
            rel.get("Type"): posixpath.normpath(posixpath.join("word", rel.get("Target", "")))
            for rel in rels.iter(_REL)
            if rel.get("TargetMode") != "External"
        }

    def _part(self, name: str | None, root: str) -> Any:
        found = self._xml(name) if name else None
        return found if found is not None else etree.Element(f"{{{_W}}}{root}")

    def _xml(self, name: str) -> Any:
        try:
            with self.archive.open(name.lstrip("/")) as part:
                return etree.parse(part, etree.XMLParser(**_PARSER)).getroot()
        except KeyError:  # no such part
            return None


def _open_docx(archive: zipfile.ZipFile) -> _Package:
    entries = archive.infolist()
    if not {"[Content_Types].xml", _DOCUMENT} <= {e.filename for e in entries}:
        raise InvalidInput(_not_docx())
    # The sizes the archive declares bound what is read: a part that is larger is cut short
    # there, and then fails to parse.
    text = next(entry for entry in entries if entry.filename == _DOCUMENT)
    if (
        sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES
        or text.file_size > MAX_DOCUMENT_XML_BYTES
    ):
        raise InvalidInput(_("The document is too large once unpacked."))
    return _Package(archive)


def read_docx(data: bytes) -> list[DraftParagraph]:
    """The body of a .docx draft, without its header and signature blocks."""
    if len(data) > MAX_DOCX_BYTES:
        raise InvalidInput(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(MAX_DOCX_BYTES)}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            items = _body(_docx_items(_open_docx(archive)))
    except (zipfile.BadZipFile, etree.XMLSyntaxError, EOFError, ValueError) as error:
        raise InvalidInput(_not_docx()) from error
    if not items:
        raise InvalidInput(_("No text was found in the document."))
    return _build(items)
