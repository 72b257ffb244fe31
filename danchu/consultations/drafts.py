"""A draft regulation (dự thảo quy chế) as an ordered list of paragraphs staff can comment on.

Comments point at "Điều 5, khoản 2, điểm a", so the draft is read the way Vietnamese legal texts
are laid out (Decree 30/2020/NĐ-CP, Appendix I, "nội dung văn bản"): "Phần" and "Chương" with
Roman numbers and their upper-case title on the line below, "Mục" with an Arabic number,
"Điều 5." followed by its title, clauses "1.", points "a)" in Vietnamese alphabetical order.
Everything else (title, legal bases "Căn cứ ...", plain text, "- " sub-points) is kind "text".
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from django.utils.translation import gettext as _

from danchu.core.errors import InvalidInput
from danchu.core.text import strip_controls

MAX_PARAGRAPHS = 2000
MAX_PARAGRAPH_CHARS = 10_000
# A draft typed or pasted into the form: a 200-page regulation is about 600,000 characters.
MAX_DRAFT_TEXT_CHARS = 1_000_000


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
class Item:
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


def first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def is_heading(text: str) -> bool:
    line = first_line(text)
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

    def read(self, item: Item) -> DraftParagraph:
        line = first_line(item.text)
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

    def _auto(self, item: Item) -> DraftParagraph:
        if item.auto == "article":
            number = self.articles + 1
            return self._open_article(str(number), f"Điều {number}. {item.text}")
        if item.auto == "clause":
            number = self.clauses + 1
            return self._open_clause(number, f"{number}. {item.text}")
        letter = _WORD_LETTERS[min(self.points, len(_WORD_LETTERS) - 1)]
        return self._add_point(letter, f"{letter}) {item.text}")


HEADING_KINDS = ("part", "chapter", "section")


def is_title(kind: str, text: str) -> bool:
    """A heading: a part, chapter or section, or an article's one-line title ("Điều 4. Phạm
    vi"). Staff comment on it, but take no stance on it: only the body is agreed with."""
    return kind in HEADING_KINDS or (kind == "article" and "\n" not in text.strip())


class Placed(Protocol):
    @property
    def ref(self) -> str: ...

    @property
    def level(self) -> int: ...


def within_refs(paragraphs: Sequence[Placed]) -> list[str]:
    """For each paragraph without a ref of its own (kind "text"), the ref of the innermost
    heading it sits in ("Điều 4", "Điều 4, khoản 2"), else "": a comment on an article's
    body is about that article, not the whole draft."""
    open_refs: list[tuple[int, str]] = []  # (level, ref) of the headings the reader is in
    found = []
    for paragraph in paragraphs:
        while open_refs and open_refs[-1][0] >= paragraph.level:
            open_refs.pop()
        if paragraph.ref:
            open_refs.append((paragraph.level, paragraph.ref))
            found.append("")
        else:
            found.append(open_refs[-1][1] if open_refs else "")
    return found


def _merge_titles(items: Sequence[Item]) -> list[Item]:
    """A part, chapter or section heading takes the upper-case title line below it."""
    merged: list[Item] = []
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


def _is_title(item: Item) -> bool:
    return "\n" not in item.text and item.text.isupper() and not is_heading(item.text)


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


def build(items: Sequence[Item]) -> list[DraftParagraph]:
    """Classify `items` as a Vietnamese legal text lays them out; refuse a draft over the limits."""
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


def clean_lines(text: str) -> list[str]:
    """NFC lines without control or invisible characters, spaces collapsed, empty lines dropped."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # zero-width, BOM
    lines = (" ".join(strip_controls(line).split()) for line in text.splitlines())
    return [line for line in lines if line]


def split_text(text: str) -> list[DraftParagraph]:
    """The draft typed or pasted as text: one paragraph per non-empty line."""
    return build([Item(line) for line in clean_lines(text)])


def split_paragraphs(paragraphs: Sequence[str]) -> list[DraftParagraph]:
    """The draft as a list of paragraphs; a paragraph may hold several lines."""
    return build([Item("\n".join(lines)) for p in paragraphs if (lines := clean_lines(p))])
