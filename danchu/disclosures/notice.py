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
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from docx.document import Document as DocxDocument
from docx.shared import Mm, Pt
from docx.table import _Cell

from danchu.audit import queries as audit_queries
from danchu.core import decree30
from danchu.core.decree30 import MONO, TEXT_W, Letterhead, add_run
from danchu.core.decree30 import date_line as date_line  # re-exported for older callers
from danchu.core.links import site_url
from danchu.core.templatetags.digests import digest_groups, short_digest
from danchu.disclosures.models import Category, Disclosure, NoticeNumber
from danchu.people.signers import Signer, signer_for

LAW = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"
QR_W = 25  # mm
RECIPIENTS = ("Cán bộ, công chức, viên chức, người lao động", "Lưu: VT")
PUBLICATION = ("disclosures.published", "disclosures.superseded")  # audit actions


@dataclass(frozen=True)
class AuditSeal:
    """Where the publication sits in the audit log, and the signed checkpoint vouching for it.

    The checkpoint is the first one signed at or after the entry, so the line stays the same
    on every later print; until the next signing round there is none yet.
    """

    seq: int
    chain: str
    url: str  # the public list of signed checkpoints
    checkpoint: int | None = None  # its number
    signed_on: dt.date | None = None
    key_id: str = ""
    signature: str = ""  # short form: first and last 8 characters

    @property
    def entry_line(self) -> str:
        return f"Nhật ký kiểm toán: mục #{self.seq}, chuỗi {self.chain}."

    @property
    def checkpoint_line(self) -> str:
        if self.checkpoint is None:
            return "Điểm kiểm tra đã ký: chưa có (ký định kỳ), xem tại:"
        return (
            f"Điểm kiểm tra số {self.checkpoint} ký ngày {self.signed_on:%d/%m/%Y}, "
            f"khóa {self.key_id}, chữ ký {self.signature}; đối chiếu tại:"
        )


@dataclass(frozen=True)
class NoticeFacts:
    """Everything printed on the notice, shared by the HTML page and the .docx."""

    parent_name: str
    unit_name: str
    number: str  # the notice's own, "05/TB-SNV"
    place: str
    title: str
    subject: str
    category: str
    start: dt.date
    end: dt.date
    days: int
    attachments: list[str]
    verify_url: str
    digest: str
    source: str  # the decision or document disclosed: "số 05/QĐ-SNV ngày 04/03/2025"
    signer: Signer
    audit_seal: AuditSeal | None = None

    @property
    def letterhead(self) -> Letterhead:
        return Letterhead(
            parent_body=self.parent_name,
            issuing_body=self.unit_name,
            number=self.number,
            place=self.place,
            day=self.start,
        )

    @property
    def place_date(self) -> str:
        return self.letterhead.place_date

    @property
    def digest_groups(self) -> str:
        """The digest in groups of eight, easier to read aloud and to copy by hand."""
        return digest_groups(self.digest)

    @property
    def attachment_line(self) -> str:
        return f"Tài liệu kèm theo: {'; '.join(self.attachments)}." if self.attachments else ""

    @property
    def source_line(self) -> str:
        return f"Văn bản được công khai: {self.source}." if self.source else ""

    @property
    def period(self) -> str:
        return (
            f"Thời gian niêm yết, công khai: {self.days} ngày liên tục kể từ ngày "
            f"{self.start:%d/%m/%Y}, đến hết ngày {self.end:%d/%m/%Y} (Điều 48 {LAW})."
        )


def verify_url(digest: str) -> str:
    """The absolute address of the public verification page for `digest`."""
    return site_url(f"{reverse('verify')}?{urlencode({'digest': digest})}")


def notice_number(disclosure: Disclosure) -> str:
    """The notice's own number (Decree 30/2020): "05/TB-SNV"; "" leaves it to fill by hand."""
    try:
        return disclosure.notice_number.text
    except NoticeNumber.DoesNotExist:
        return ""


def source_of(disclosure: Disclosure) -> str:
    """The decision or document the item discloses, as a notice names it."""
    parts = []
    if disclosure.document_number:
        parts.append(f"số {disclosure.document_number}")
    if disclosure.decision_date:
        parts.append(f"ngày {disclosure.decision_date:%d/%m/%Y}")
    return " ".join(parts)


def category_label(category: str) -> str:
    """The art. 46 clause in Vietnamese whatever the page language: the one label set."""
    with translation.override("vi"):
        return str(Category(category).label)


def notice_facts(disclosure: Disclosure) -> NoticeFacts:
    start = timezone.localdate(disclosure.publish_at)
    clause = list(Category).index(Category(disclosure.category)) + 1
    return NoticeFacts(
        parent_name=disclosure.unit.governing_body,
        unit_name=disclosure.unit.name,
        number=notice_number(disclosure),
        place=settings.DANCHU_PLACE_NAME,
        title=disclosure.title,
        subject=f"Về việc công khai {disclosure.title}",
        category=f"{category_label(disclosure.category)} (khoản {clause} Điều 46 {LAW})",
        start=start,
        end=disclosure.visible_until,
        # Civil Code 2015 art. 147.1: the day of publication is not counted.
        days=(disclosure.visible_until - start).days,
        attachments=[a.original_name for a in disclosure.attachments.all()],
        verify_url=verify_url(disclosure.digest),
        digest=disclosure.digest,
        source=source_of(disclosure),
        signer=signer_for(disclosure.unit, disclosure.created_by, on=start),
        audit_seal=audit_seal(disclosure),
    )


def audit_seal(disclosure: Disclosure) -> AuditSeal | None:
    entry = audit_queries.first_entry_about(disclosure, PUBLICATION)
    if entry is None:
        return None
    url = site_url(reverse("audit_checkpoints"))
    checkpoint = audit_queries.checkpoint_covering(entry)
    if checkpoint is None:
        return AuditSeal(seq=entry.seq, chain=entry.chain, url=url)
    return AuditSeal(
        seq=entry.seq,
        chain=entry.chain,
        url=url,
        checkpoint=checkpoint.number,
        signed_on=timezone.localdate(checkpoint.signed_at),
        key_id=checkpoint.key_id,
        signature=checkpoint.short_signature,
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


def add_body(document: DocxDocument, body: str) -> None:
    """The disclosed text, paragraph by paragraph: time linear in its length
    (bench/documents.py)."""
    for text, heading in body_blocks(body):
        if heading:
            decree30.add_heading(document, text)
        else:
            decree30.add_paragraph(document, text)


def build_docx(disclosure: Disclosure) -> bytes:
    """The notice as a Decree 30/2020 "THÔNG BÁO" (Appendix III, Mẫu 1.4) with a QR code."""
    facts = notice_facts(disclosure)
    document = decree30.new_document()
    decree30.set_properties(
        document,
        author=facts.unit_name,
        title=f"Thông báo {facts.number}".strip(),
        subject=facts.subject,
        comments=f"SHA-256: {facts.digest}",
        when=disclosure.publish_at,
    )
    decree30.add_letterhead(document, facts.letterhead)
    decree30.add_title(document, "THÔNG BÁO", facts.subject)
    decree30.add_paragraph(
        document, f"{facts.unit_name} thông báo công khai nội dung sau:", before=6
    )
    add_body(document, disclosure.body)
    if facts.source_line:
        decree30.add_paragraph(document, facts.source_line)
    if facts.attachment_line:
        decree30.add_paragraph(document, facts.attachment_line)
    decree30.add_paragraph(document, f"Nhóm nội dung công khai: {facts.category}.")
    decree30.add_paragraph(document, facts.period)
    foot = decree30.add_foot(
        document,
        RECIPIENTS,
        signer_title=facts.signer.title,
        signer_name=facts.signer.name,
        authority=facts.signer.authority,
    )
    _verification(foot.cell(0, 0), facts)
    return decree30.to_bytes(document)


def _verification(cell: _Cell, facts: NoticeFacts) -> None:
    """Under the recipients: the QR code and the digest, to check a posted copy."""
    table = decree30.add_plain_table(cell, [QR_W + 4, TEXT_W / 2 - QR_W - 4], rows=1)
    image, text = table.cell(0, 0), table.cell(0, 1)
    image.paragraphs[0].paragraph_format.space_before = Pt(8)
    image.paragraphs[0].add_run().add_picture(io.BytesIO(qr_png(facts.verify_url)), width=Mm(QR_W))
    text.paragraphs[0].paragraph_format.space_before = Pt(8)
    add_run(text.paragraphs[0], "Kiểm tra bản này tại", size=10)
    add_run(text.add_paragraph(), facts.verify_url, size=8, font=MONO)
    code = text.add_paragraph()
    add_run(code, "Mã xác thực: ", size=10)
    add_run(code, short_digest(facts.digest), size=11, bold=True, font=MONO)
    add_run(text.add_paragraph(), "Mã đầy đủ (SHA-256):", size=8)
    add_run(text.add_paragraph(), facts.digest_groups, size=8, font=MONO)
    if seal := facts.audit_seal:
        add_run(text.add_paragraph(), seal.entry_line, size=8)
        add_run(text.add_paragraph(), seal.checkpoint_line, size=8)
        add_run(text.add_paragraph(), seal.url, size=8, font=MONO)
