"""The conference resolution: "Nghị quyết Hội nghị cán bộ, công chức, viên chức".

Decree 30/2020/NĐ-CP, Appendix III, form 1.1 (Nghị quyết cá biệt): the letterhead with
"Số: 01/NQ-…" and the place and date; "NGHỊ QUYẾT" and its subject; the body that resolves
(the conference), its legal bases in italics, "QUYẾT NGHỊ:", the text; signed on behalf of the
conference ("TM. HỘI NGHỊ", the chair). Law 10/2022/QH15 art. 51.2.c: adopted by more than 50%
of those present, which the bases state with the count and the bulletin's digest.

Official text, Vietnamese whatever the page language; `records_queries.resolution_facts` reads
the facts from the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from docx.enum.text import WD_ALIGN_PARAGRAPH

from danchu.conferences.minutes_doc import (
    LAW,
    html_head,
    html_paragraphs,
    html_recipients,
    html_title,
    percent,
)
from danchu.core import decree30
from danchu.core.decree30 import Letterhead, format_int

KIND = "NGHỊ QUYẾT"
CODE = "NQ"  # Decree 30/2020, Appendix III: Nghị quyết
RESOLVES = "QUYẾT NGHỊ:"
AUTHORITY = "TM. HỘI NGHỊ"
SIGNER = "CHỦ TỌA"
BODY = "HỘI NGHỊ CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC"


@dataclass(frozen=True)
class ResolutionFacts:
    parent_body: str
    issuing_body: str
    number: str
    place: str
    day: dt.date | None  # the day adopted; None for a draft
    conference_title: str
    held_on: dt.date | None
    present: int
    agree: int
    digest: str
    text: str
    chair: str
    recipients: tuple[str, ...] = (
        "Cán bộ, công chức, viên chức, người lao động",
        "Công đoàn cơ quan",
        "Lưu: VT, Hồ sơ",
    )


def number_for(sequence: int, code: str) -> str:
    """Decree 30/2020: "Số: 01/NQ-SNV"; numbers restart each calendar year."""
    return f"{sequence:02d}/{CODE}-{code}"


def summary(facts: ResolutionFacts) -> str:
    return facts.conference_title


def issuer_line(facts: ResolutionFacts) -> str:
    return f"{BODY} {facts.issuing_body}".upper()


def basis_lines(facts: ResolutionFacts) -> list[str]:
    """The legal bases, one per line ending with ";", the last with "." (Decree 30)."""
    lines = [f"Căn cứ {LAW};"]
    if facts.held_on is not None:
        lines.append(
            f"Căn cứ kết quả biểu quyết của Hội nghị ngày {facts.held_on:%d/%m/%Y}: "
            f"{format_int(facts.agree)}/{format_int(facts.present)} người có mặt tán thành "
            f"({percent(facts.agree, facts.present)}), trên 50% số người có mặt theo điểm c "
            f"khoản 2 Điều 51 {LAW}."
        )
        if facts.digest:
            lines[-1] = lines[-1][:-1] + f" (mã kiểm tra danh sách phiếu: {facts.digest})."
    else:
        lines[-1] = lines[-1][:-1] + "."
    return lines


def text_lines(facts: ResolutionFacts) -> list[str]:
    return [line.strip() for line in facts.text.splitlines() if line.strip()]


def letterhead(facts: ResolutionFacts) -> Letterhead:
    return Letterhead(facts.parent_body, facts.issuing_body, facts.number, facts.place, facts.day)


def build_docx(facts: ResolutionFacts) -> bytes:
    """The resolution as a Decree 30/2020 "NGHỊ QUYẾT" (.docx); the same facts, the same bytes."""
    document = decree30.new_document()
    decree30.set_properties(
        document,
        author=facts.issuing_body,
        title=f"Nghị quyết {facts.number}".strip(),
        subject=summary(facts),
        when=timezone.make_aware(dt.datetime.combine(facts.day or dt.date(1980, 1, 1), dt.time())),
    )
    decree30.add_letterhead(document, letterhead(facts))
    decree30.add_title(document, KIND, summary(facts))
    issuer = decree30.add_paragraph(document, issuer_line(facts), bold=True, indent=False)
    issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in basis_lines(facts):
        decree30.add_paragraph(document, line, italic=True)
    resolves = decree30.add_paragraph(document, RESOLVES, bold=True, indent=False, before=6)
    resolves.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in text_lines(facts):
        decree30.add_paragraph(document, line)
    decree30.add_foot(
        document, facts.recipients, signer_title=SIGNER, signer_name=facts.chair,
        authority=AUTHORITY,
    )  # fmt: skip
    return decree30.to_bytes(document)


def render_html(facts: ResolutionFacts) -> SafeString:
    """The resolution as printable HTML with the .docx's content; all text escaped."""
    return format_html(
        '<div class="decree30" lang="vi">{}{}<div class="doc-body">'
        '<p class="issuer-line"><strong>{}</strong></p><div class="bases">{}</div>'
        '<p class="resolves"><strong>{}</strong></p>{}</div>'
        '<div class="doc-signatures"><div>{}</div><div><p><strong>{}</strong></p>'
        '<p><strong>{}</strong></p><p class="name">{}</p></div></div></div>',
        html_head(letterhead(facts)),
        html_title(KIND, summary(facts)),
        issuer_line(facts),
        html_paragraphs(basis_lines(facts)),
        RESOLVES,
        html_paragraphs(text_lines(facts)),
        html_recipients(facts.recipients),
        AUTHORITY,
        SIGNER,
        facts.chair,
    )
