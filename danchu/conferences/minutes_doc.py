"""The minutes of a staff conference: "Biên bản hội nghị cán bộ, công chức, viên chức".

Decree 30/2020/NĐ-CP, Appendix III, form 1.9 (Biên bản): the letterhead with "Số: 01/BB-…" and
no place-and-date line; the title "BIÊN BẢN" and its subject; the time, venue, attendance,
chair, secretary; the proceedings in order; each vote's result (Law 10/2022/QH15 art. 51.2.c,
more than 50% of those present) with the digest of its published bulletin, so anyone can
recount it; the closing line with the end time; the secretary's and the chair's signatures.
The participants are listed in an annex. As .docx (byte-for-byte reproducible) and as
printable HTML with the same content.

It is an official document, so its text is Vietnamese whatever the page language. This module
works on plain dataclasses; `records_queries.minutes_facts` reads them from the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from danchu.core import decree30
from danchu.core.decree30 import Letterhead, format_int

KIND = "BIÊN BẢN"
CODE = "BB"  # Decree 30/2020, Appendix III: Biên bản
LAW = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"
VOTE_KINDS = {
    "motion": "Biểu quyết thông qua",
    "election": "Bầu cử",
    "confidence": "Lấy phiếu tín nhiệm",
}
MOTION_CHOICES = (
    ("agree", "Tán thành"),
    ("disagree", "Không tán thành"),
    ("abstain", "Không ý kiến"),
)
CONFIDENCE_LEVELS = (("high", "Tín nhiệm cao"), ("medium", "Tín nhiệm"), ("low", "Tín nhiệm thấp"))
ATTENDANCE = {"staff": "Cán bộ, công chức, viên chức", "delegate": "Đại biểu", "guest": "Khách mời"}
ANNEX_TITLE = "DANH SÁCH NGƯỜI THAM DỰ HỘI NGHỊ"
ANNEX_HEADERS = ("STT", "Họ và tên", "Thành phần", "Có mặt")
ANNEX_WIDTHS = (14, 75, 52, 24)  # mm, the text width of an A4 page (decree30.TEXT_W)
SECTION_TIME = "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"
SECTION_PROCEEDINGS = "II. NỘI DUNG HỘI NGHỊ"
SECTION_VOTES = "III. KẾT QUẢ BIỂU QUYẾT, BỎ PHIẾU"
RECIPIENTS = ("Lưu: VT, Hồ sơ",)  # form 1.9


@dataclass(frozen=True)
class VoteLine:
    title: str
    kind: str  # motion | election | confidence
    secret: bool
    present: int
    ballots_cast: int
    # (label, count) in the order printed: choices of a motion, or candidates by name.
    counts: tuple[tuple[str, str], ...]
    decision: str  # "Được thông qua", "Trúng cử: …", "" for a vote of confidence
    digest: str


@dataclass(frozen=True)
class Person:
    name: str
    attendance: str  # staff | delegate | guest
    present: bool


@dataclass(frozen=True)
class MinutesFacts:
    """Everything printed on the minutes."""

    parent_body: str
    issuing_body: str
    number: str
    conference_title: str
    opened_at: dt.datetime | None
    ended_at: dt.datetime | None
    venue: str
    expected: int
    present: int
    guests: int
    chair: str
    secretary: str
    agenda: tuple[str, ...]
    proceedings: str
    votes: tuple[VoteLine, ...]
    people: tuple[Person, ...]
    day: dt.date  # the day the minutes are dated (the conference's), for the file's metadata


# --- Content, shared by the .docx and the HTML -------------------------------------------------


def number_for(sequence: int, code: str) -> str:
    """Decree 30/2020: "Số: 01/BB-SNV", numbers below 10 padded with a 0."""
    return f"{sequence:02d}/{CODE}-{code}"


def summary(facts: MinutesFacts) -> str:
    return facts.conference_title


def moment(when: dt.datetime | None) -> str:
    """ "08 giờ 00 phút, ngày 10 tháng 3 năm 2025" (Decree 30 date rules), or dots to fill in."""
    if when is None:
        return "…… giờ …… phút, ngày …… tháng …… năm ……"
    local = timezone.localtime(when)
    month = f"{local.month:02d}" if local.month <= 2 else str(local.month)
    return (
        f"{local.hour:02d} giờ {local.minute:02d} phút, ngày {local.day:02d} tháng {month} "
        f"năm {local.year}"
    )


def percent(count: int, base: int) -> str:
    """ "60,00%" of those present (display only: the decision was taken in exact arithmetic)."""
    if base <= 0:
        return "0%"
    share = Fraction(count * 100, base)
    hundredths = (share * 100).__round__()
    return f"{hundredths // 100},{hundredths % 100:02d}%"


def time_lines(facts: MinutesFacts) -> list[str]:
    absent = max(facts.expected - facts.present, 0)
    lines = [
        f"1. Thời gian: bắt đầu lúc {moment(facts.opened_at)}.",
        f"2. Địa điểm: {facts.venue or '……'}.",
        f"3. Thành phần tham dự: tổng số người được triệu tập {format_int(facts.expected)}; "
        f"có mặt {format_int(facts.present)}; vắng mặt {format_int(absent)}"
        + (f"; khách mời {format_int(facts.guests)}" if facts.guests else "")
        + " (danh sách kèm theo tại Phụ lục).",
        f"Số người có mặt {_quorum_words(facts)} (điểm c khoản 2 Điều 51 {LAW}).",
        f"4. Chủ trì (chủ tọa): {facts.chair or '……'}.",
        f"5. Thư ký (người ghi biên bản): {facts.secretary or '……'}.",
    ]
    return lines


def _quorum_words(facts: MinutesFacts) -> str:
    met = facts.expected > 0 and Fraction(facts.present) >= Fraction(2, 3) * facts.expected
    return "bảo đảm từ 2/3 trở lên" if met else "chưa bảo đảm 2/3"


def agenda_lines(facts: MinutesFacts) -> list[str]:
    return [f"{n}. {title}" for n, title in enumerate(facts.agenda, start=1)]


def proceedings_lines(facts: MinutesFacts) -> list[str]:
    return [line.strip() for line in facts.proceedings.splitlines() if line.strip()]


def vote_lines(vote: VoteLine, number: int) -> list[str]:
    """A vote's result in sentences: what, how, who could vote, the count, the decision, and the
    digest of the bulletin the count came from."""
    form = "bỏ phiếu kín" if vote.secret else "biểu quyết công khai"
    lines = [
        f"{number}. {VOTE_KINDS.get(vote.kind, vote.kind)}: {vote.title} (hình thức: {form}).",
        f"- Số người có mặt: {format_int(vote.present)}; "
        f"số phiếu: {format_int(vote.ballots_cast)}.",
    ]
    for label, count in vote.counts:
        lines.append(f"- {label}: {count}.")
    if vote.decision:
        lines.append(f"- Kết quả: {vote.decision}.")
    if vote.digest:
        lines.append(f"- Mã kiểm tra danh sách phiếu (SHA-256): {vote.digest}.")
    return lines


def closing_line(facts: MinutesFacts) -> str:
    return (
        f"Hội nghị kết thúc lúc {moment(facts.ended_at)}. Biên bản đã được thông qua trước "
        f"hội nghị./."
    )


def annex_rows(facts: MinutesFacts) -> list[list[str]]:
    return [
        [str(n), person.name, ATTENDANCE.get(person.attendance, ""), "x" if person.present else ""]
        for n, person in enumerate(facts.people, start=1)
    ]


def letterhead(facts: MinutesFacts) -> Letterhead:
    # Form 1.9: no place-and-date line under the header.
    return Letterhead(facts.parent_body, facts.issuing_body, facts.number, place="", day=None)


# --- .docx -------------------------------------------------------------------------------------


def build_docx(facts: MinutesFacts) -> bytes:
    """The minutes as a Decree 30/2020 "BIÊN BẢN" (.docx); the same facts, the same bytes."""
    document = decree30.new_document()
    decree30.set_properties(
        document,
        author=facts.issuing_body,
        title=f"Biên bản {facts.number}",
        subject=summary(facts),
        when=timezone.make_aware(dt.datetime.combine(facts.day, dt.time())),
    )
    decree30.add_letterhead(document, letterhead(facts))
    decree30.add_title(document, KIND, summary(facts))
    decree30.add_heading(document, SECTION_TIME)
    for line in time_lines(facts):
        decree30.add_paragraph(document, line)
    decree30.add_heading(document, SECTION_PROCEEDINGS)
    decree30.add_paragraph(document, "Chương trình hội nghị:", italic=True)
    for line in agenda_lines(facts):
        decree30.add_paragraph(document, line)
    if proceedings := proceedings_lines(facts):
        decree30.add_paragraph(document, "Diễn biến hội nghị:", italic=True, before=6)
        for line in proceedings:
            decree30.add_paragraph(document, line)
    decree30.add_heading(document, SECTION_VOTES)
    if not facts.votes:
        decree30.add_paragraph(document, "Hội nghị không tiến hành biểu quyết, bỏ phiếu.")
    for number, vote in enumerate(facts.votes, start=1):
        for line in vote_lines(vote, number):
            decree30.add_paragraph(document, line)
    decree30.add_paragraph(document, closing_line(facts), before=6)
    _add_signatures(document, facts)
    _add_annex(document, facts)
    return decree30.to_bytes(document)


def _add_signatures(document: DocxDocument, facts: MinutesFacts) -> None:
    """Form 1.9: THƯ KÝ on the left, CHỦ TỌA on the right, then "Nơi nhận"."""
    table = decree30.add_plain_table(document, [decree30.TEXT_W / 2] * 2, rows=1)
    for cell, title, name in (
        (table.cell(0, 0), "THƯ KÝ", facts.secretary),
        (table.cell(0, 1), "CHỦ TỌA", facts.chair),
    ):
        lines = [(title, True, False), ("(Ký, ghi rõ họ tên)", False, True)]
        lines += [("", False, False)] * decree30.SIGNATURE_SPACE + [(name, True, False)]
        for i, (text, bold, italic) in enumerate(lines):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            decree30.add_run(paragraph, text, size=13, bold=bold, italic=italic)
    add_recipients(document, RECIPIENTS)


def add_recipients(document: DocxDocument, recipients: Sequence[str]) -> None:
    """Decree 30/2020, Appendix I: "Nơi nhận:" (12, bold italic), each item (11) below."""
    first = decree30.body_paragraph(document)
    first.paragraph_format.space_before = Pt(12)
    decree30.add_run(first, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in decree30.recipient_lines(recipients):
        decree30.add_run(decree30.body_paragraph(document), line, size=11)


def _add_annex(document: DocxDocument, facts: MinutesFacts) -> None:
    paragraph = decree30.add_paragraph(document, "Phụ lục", bold=True, indent=False, before=18)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.page_break_before = True
    title = decree30.add_paragraph(document, ANNEX_TITLE, bold=True, indent=False)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note = decree30.add_paragraph(
        document, f"(Kèm theo Biên bản số {facts.number})", italic=True, indent=False
    )
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows = annex_rows(facts)
    if rows:
        decree30.add_table(document, ANNEX_HEADERS, rows, ANNEX_WIDTHS, centred={0, 3})


# --- HTML --------------------------------------------------------------------------------------


def html_head(head: Letterhead) -> SafeString:
    """The letterhead in the class names of print-notice.css (shared with the resolution)."""
    parent = head.parent_body.upper()
    return format_html(
        '<header class="doc-head"><div class="issuer">{}<p class="unit">{}</p>'
        '<hr class="rule"></div><div class="nation"><p class="national-name">{}</p>'
        '<p class="motto"><span>{}</span></p></div><p class="number">Số: {}</p>'
        '<p class="place-date">{}</p></header>',
        format_html('<p class="parent">{}</p>', parent) if parent else "",
        head.issuing_body.upper(),
        decree30.NATIONAL_NAME,
        decree30.MOTTO,
        head.number or "……",
        head.place_date,
    )


def html_paragraphs(lines: Sequence[str]) -> SafeString:
    return format_html_join("", "<p>{}</p>", ((line,) for line in lines))


def html_recipients(recipients: Sequence[str]) -> SafeString:
    """ "Nơi nhận:" and its list, as the .docx prints them (Decree 30/2020, Appendix I)."""
    return format_html(
        '<div class="recipients"><p class="label">Nơi nhận:</p>{}</div>',
        html_paragraphs(decree30.recipient_lines(recipients)),
    )


def html_title(kind: str, subject: str) -> SafeString:
    return format_html(
        '<h1 class="doc-title"><span class="type">{}</span> <span class="subject">{}</span>'
        '</h1><hr class="rule">',
        kind,
        subject,
    )


def render_html(facts: MinutesFacts) -> SafeString:
    """The minutes as printable HTML with the .docx's content; all text escaped."""
    votes = format_html_join(
        "", "{}", ((html_paragraphs(vote_lines(v, n)),) for n, v in enumerate(facts.votes, 1))
    )
    proceedings = proceedings_lines(facts)
    return format_html(
        '<div class="decree30" lang="vi">{}{}<div class="doc-body">'
        "<h2>{}</h2>{}<h2>{}</h2><p><em>Chương trình hội nghị:</em></p>{}{}"
        "<h2>{}</h2>{}{}</div>{}{}{}</div>",
        html_head(letterhead(facts)),
        html_title(KIND, summary(facts)),
        SECTION_TIME,
        html_paragraphs(time_lines(facts)),
        SECTION_PROCEEDINGS,
        html_paragraphs(agenda_lines(facts)),
        format_html(
            '<p><em>Diễn biến hội nghị:</em></p><div class="proceedings">{}</div>',
            linebreaksbr(facts.proceedings.strip(), autoescape=True),
        )
        if proceedings
        else "",
        SECTION_VOTES,
        votes or html_paragraphs(["Hội nghị không tiến hành biểu quyết, bỏ phiếu."]),
        html_paragraphs([closing_line(facts)]),
        format_html(
            '<div class="doc-signatures"><div><p><strong>THƯ KÝ</strong></p>'
            '<p><em>(Ký, ghi rõ họ tên)</em></p><p class="name">{}</p></div>'
            "<div><p><strong>CHỦ TỌA</strong></p><p><em>(Ký, ghi rõ họ tên)</em></p>"
            '<p class="name">{}</p></div></div>',
            facts.secretary,
            facts.chair,
        ),
        html_recipients(RECIPIENTS),
        _html_annex(facts),
    )


def _html_annex(facts: MinutesFacts) -> SafeString:
    rows = format_html_join(
        "",
        '<tr><td data-label="STT">{}</td><td data-label="Họ và tên">{}</td>'
        '<td data-label="Thành phần">{}</td><td data-label="Có mặt">{}</td></tr>',
        (tuple(row) for row in annex_rows(facts)),
    )
    return format_html(
        '<section class="annex"><h2>Phụ lục</h2><p><strong>{}</strong></p>'
        "<p><em>(Kèm theo Biên bản số {})</em></p>"
        '<table class="data"><thead><tr>{}</tr></thead><tbody>{}</tbody></table></section>',
        ANNEX_TITLE,
        facts.number,
        format_html_join("", '<th scope="col">{}</th>', ((h,) for h in ANNEX_HEADERS)),
        rows,
    )
