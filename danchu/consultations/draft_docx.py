"""A draft regulation written in Word (.docx): its body, read as the XML streams in, without the
header (issuing body, Quốc hiệu, number, date) and the signature block, then split into paragraphs
by `drafts` as a typed draft is.

A hostile file is refused before it costs much (issue 11, finding 5): by its size, by the sizes
its archive declares, and by reading the text part block by block, stopping as soon as the draft
can no longer fit the paragraph limit.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from docx.opc.constants import RELATIONSHIP_TYPE
from lxml import etree

from danchu.consultations.drafts import (
    MAX_PARAGRAPHS,
    DraftParagraph,
    Item,
    TooManyParagraphs,
    build,
    clean_lines,
    first_line,
    is_heading,
)
from danchu.core.errors import InvalidInput
from danchu.core.text import fold

MAX_DOCX_BYTES = 10 * 1024 * 1024
# Zip bombs are refused before anything is unpacked (issue 11, finding 5: a 327 KB file whose text
# part unpacked to 95 MB took 71 s and 2.5 GB). The text of a 200-page draft is about 2 MB.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_DOCUMENT_XML_BYTES = 16 * 1024 * 1024
# The header (issuing body, Quốc hiệu, number, date) and the signature block ("Nơi nhận",
# signer) that are dropped after reading take a few lines each: this many are allowed for them
# while reading, before a draft counts as over MAX_PARAGRAPHS.
MAX_HEADER_AND_SIGNATURE = 100

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


def _docx_items(package: _Package) -> list[Item]:
    """The body's paragraphs in reading order, read as the XML streams in: each top-level block
    is dropped once read, and reading stops as soon as the draft cannot fit the paragraph limit
    (issue 11, finding 5), so memory stays that of one block."""
    numbering = _Numbering(package.styles, package.numbering)
    items: list[Item] = []
    counted = 0
    for index, block in enumerate(package.blocks()):
        table = index if block.tag == _TBL else None
        for p in _paragraphs_in(block):
            if lines := clean_lines(_text_of(p)):
                item = Item("\n".join(lines), numbering.kind(p), table)
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
    return is_heading(text) or fold(text).startswith("can cu")


def _header_end(items: Sequence[Item]) -> int:
    """Index after the header (issuing body, Quốc hiệu, motto, number, place and date)."""
    lead = next((i for i, item in enumerate(items) if _starts_body(item.text)), len(items))
    marks = [i for i in range(lead) if _HEADER_LINE.search(fold(first_line(items[i].text)))]
    if not marks:
        return 0
    end, table = marks[-1] + 1, items[marks[-1]].table
    while table is not None and end < len(items) and items[end].table == table:
        end += 1  # the rest of the header table
    return end


def _is_signature(index: int, items: Sequence[Item]) -> bool:
    text = items[index].text
    folded = fold(first_line(text))
    if _SIGNATURE_LINE.match(folded):
        return True
    is_title = text.isupper() and len(text.split()) <= 8 and _SIGNER_TITLE.search(folded)
    return bool(is_title) and index >= len(items) - _SIGNER_TAIL


def _signature_start(items: Sequence[Item], start: int) -> int:
    """Index of the "Nơi nhận" / signer block after the last heading, or the end."""
    after = max(
        (i + 1 for i in range(start, len(items)) if is_heading(items[i].text)), default=start
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


def _body(items: Sequence[Item]) -> list[Item]:
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
    return build(items)
