"""The head's report after a staff consultation: "Báo cáo tổng hợp, tiếp thu, giải trình ý kiến".

Law 10/2022/QH15 art. 55: the head studies every opinion, accepts it or explains why not, and
publishes the result to staff. The report is a Decree 30/2020 "BÁO CÁO" (Appendix I layout,
Appendix III form 1.4), as .docx and as printable HTML with the same content.

It is an official document, so its text is Vietnamese whatever the page language. This module
works on plain dataclasses; `report.synthesis_facts` reads them from the database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from docx.document import Document as DocxDocument

from danchu.core import decree30
from danchu.core.decree30 import Letterhead, format_int

LAW = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"
KIND = "BÁO CÁO"
VIA_UNION = "Qua Công đoàn"  # the author shown for an opinion sent through the union
DECISION_LABELS = {
    "accepted": "Tiếp thu",
    "partly_accepted": "Tiếp thu một phần",
    "not_accepted": "Không tiếp thu",
}
UNDECIDED = "Chưa xem xét"
SECTION_RESULTS = "I. KẾT QUẢ LẤY Ý KIẾN"
SECTION_TABLE = "II. TỔNG HỢP, TIẾP THU, GIẢI TRÌNH"
CAPTION = "Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý"
HEADERS = ("STT", "Nội dung dự thảo", "Ý kiến góp ý", "Tiếp thu, giải trình")
WIDTHS = (12, 45, 54, 54)  # mm, the text width of an A4 page (decree30.TEXT_W)
WHOLE_DRAFT = "Góp ý chung đối với toàn bộ dự thảo"
UNION_COMMITTEE = "Ban Chấp hành Công đoàn cơ quan"
UNION_GROUP = "Ý kiến của Ban Chấp hành Công đoàn cơ quan (Điều 55 Luật số 10/2022/QH15)"


@dataclass(frozen=True)
class OpinionLine:
    author: str  # display name, or VIA_UNION (never a person's name) for one sent via the union
    text: str
    decision: str  # "accepted" | "partly_accepted" | "not_accepted"
    explanation: str


@dataclass(frozen=True)
class ParagraphGroup:
    ref: str  # "Điều 5, khoản 2", or "" for opinions on the draft as a whole
    text: str  # the paragraph's text ("" for the whole draft)
    opinions: tuple[OpinionLine, ...]
    # Opinions on the draft as a whole. Not read from `ref`: a paragraph without a number (a
    # heading, an unnumbered clause) has an empty ref too, and is still a paragraph.
    whole_draft: bool = False
    # The union committee's own opinion (art. 55.2), answered as every other (art. 55.1).
    union: bool = False


@dataclass(frozen=True)
class SynthesisFacts:
    """Everything printed on the report; `groups` in the order of the draft."""

    parent_body: str
    issuing_body: str
    number: str
    place: str
    day: dt.date
    consultation_title: str
    topic_label: str
    opens: dt.date
    closes: dt.date
    consulted: str  # "Toàn thể công chức, viên chức, người lao động của Sở"
    channels: tuple[str, ...]
    groups: tuple[ParagraphGroup, ...]
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]
    # Closed before the planned end (`closes` is then the day it closed): the planned last day
    # and the head's reason, printed in the report.
    planned_closes: dt.date | None = None
    early_close_reason: str = ""


# --- Content, shared by the .docx and the HTML -------------------------------------------------


def counts(facts: SynthesisFacts) -> dict[str, int]:
    """Opinions in total and by decision, and the paragraphs (not the whole draft) they are on."""
    lines = [line for group in facts.groups for line in group.opinions]
    figures = {"total": len(lines)}
    for decision in DECISION_LABELS:
        figures[decision] = sum(line.decision == decision for line in lines)
    figures["paragraphs_with_opinions"] = sum(
        1 for g in facts.groups if not g.whole_draft and not g.union and g.opinions
    )
    figures["union"] = sum(len(g.opinions) for g in facts.groups if g.union)
    return figures


def ordered_groups(facts: SynthesisFacts) -> list[ParagraphGroup]:
    """Groups with opinions: the union committee's first, then those on the whole draft, then
    paragraphs in draft order."""
    groups = [group for group in facts.groups if group.opinions]
    # stable: keeps draft order
    return sorted(groups, key=lambda group: (not group.union, not group.whole_draft))


def draft_name(facts: SynthesisFacts) -> str:
    """The draft as the report names it, "dự thảo <title>", never "dự thảo Dự thảo …"."""
    return "dự thảo " + re.sub(r"(?i)^dự thảo\s+", "", facts.consultation_title.strip())


def summary(facts: SynthesisFacts) -> str:
    return f"Tổng hợp, tiếp thu, giải trình ý kiến góp ý đối với {draft_name(facts)}"


def intro_lines(facts: SynthesisFacts) -> list[str]:
    """What was consulted, when, on whom and how (Law 10/2022/QH15 art. 54 forms)."""
    lines = [
        f"Thực hiện Điều 55 {LAW}, {facts.issuing_body} đã tổ chức lấy ý kiến đối với "
        f"{draft_name(facts)} từ ngày {facts.opens:%d/%m/%Y} đến hết ngày {facts.closes:%d/%m/%Y}.",
        _shortened_line(facts),
        f"Nhóm nội dung lấy ý kiến: {facts.topic_label}." if facts.topic_label else "",
        f"Đối tượng lấy ý kiến: {facts.consulted}." if facts.consulted else "",
        f"Hình thức lấy ý kiến: {'; '.join(facts.channels)}." if facts.channels else "",
        f"{facts.issuing_body} báo cáo kết quả tổng hợp, tiếp thu, giải trình ý kiến như sau:",
    ]
    return [line for line in lines if line]


def _shortened_line(facts: SynthesisFacts) -> str:
    """A consultation closed before its planned end says so, and why."""
    if not facts.early_close_reason or facts.planned_closes is None:
        return ""
    return (
        f"Việc lấy ý kiến kết thúc trước thời hạn dự kiến (hết ngày "
        f"{facts.planned_closes:%d/%m/%Y}), lý do: {facts.early_close_reason}."
    )


def result_lines(facts: SynthesisFacts) -> list[str]:
    """Section I: the counts in sentences, numbers written the Vietnamese way (1.234)."""
    figures = {key: format_int(value) for key, value in counts(facts).items()}
    if figures["total"] == "0":
        return ["Hết thời hạn lấy ý kiến, không nhận được ý kiến góp ý nào."]
    return [
        f"- Tổng số ý kiến góp ý nhận được: {figures['total']} ý kiến; số điều, khoản của "
        f"dự thảo có ý kiến góp ý: {figures['paragraphs_with_opinions']}.",
        *(
            [f"- Ý kiến của {UNION_COMMITTEE}: {figures['union']} ý kiến."]
            if figures["union"] != "0"
            else []
        ),
        f"- Số ý kiến được tiếp thu: {figures['accepted']} ý kiến.",
        f"- Số ý kiến được tiếp thu một phần: {figures['partly_accepted']} ý kiến.",
        f"- Số ý kiến không tiếp thu (có giải trình): {figures['not_accepted']} ý kiến.",
    ]


def closing_line(facts: SynthesisFacts) -> str:
    return (
        f"Trên đây là báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý đối với "
        f"{draft_name(facts)}; {facts.issuing_body} công khai để cán bộ, công chức, viên chức, "
        f"người lao động biết, theo dõi và giám sát./."
    )


def decision_label(decision: str) -> str:
    return DECISION_LABELS.get(decision, UNDECIDED)


def opinion_text(line: OpinionLine) -> str:
    return f"{line.author}: {line.text}" if line.author else line.text


def response_text(line: OpinionLine) -> str:
    label = decision_label(line.decision)
    return f"{label}: {line.explanation}" if line.explanation.strip() else label


def content_text(group: ParagraphGroup) -> str:
    if group.union:
        return UNION_GROUP
    if group.whole_draft:
        return WHOLE_DRAFT
    return "\n".join(part for part in (group.ref, group.text) if part)


def _letterhead(facts: SynthesisFacts) -> Letterhead:
    return Letterhead(
        parent_body=facts.parent_body,
        issuing_body=facts.issuing_body,
        number=facts.number,
        place=facts.place,
        day=facts.day,
    )


# --- .docx -------------------------------------------------------------------------------------


def build_docx(facts: SynthesisFacts) -> bytes:
    """The report as a Decree 30/2020 "BÁO CÁO" (.docx)."""
    document = decree30.new_document()
    decree30.set_properties(
        document,
        author=facts.issuing_body,
        title=f"Báo cáo {facts.number}".strip(),
        subject=summary(facts),
        # The report's own date, not the moment it is built: the same report, the same bytes.
        when=timezone.make_aware(dt.datetime.combine(facts.day, dt.time())),
    )
    decree30.add_letterhead(document, _letterhead(facts))
    decree30.add_title(document, KIND, summary(facts))
    for i, line in enumerate(intro_lines(facts)):
        decree30.add_paragraph(document, line, before=6 if i == 0 else 0)
    decree30.add_heading(document, SECTION_RESULTS)
    for line in result_lines(facts):
        decree30.add_paragraph(document, line)
    decree30.add_heading(document, SECTION_TABLE)
    _add_opinion_table(document, facts)
    decree30.add_paragraph(document, closing_line(facts), before=6)
    decree30.add_foot(
        document, facts.recipients, signer_title=facts.signer_title, signer_name=facts.signer_name
    )
    return decree30.to_bytes(document)


def _add_opinion_table(document: DocxDocument, facts: SynthesisFacts) -> None:
    """One row per opinion; the number and the paragraph span the rows of their group."""
    groups = ordered_groups(facts)
    if not groups:
        decree30.add_paragraph(document, "Không có ý kiến góp ý.")
        return
    rows: list[list[str]] = []
    spans: list[tuple[int, int]] = []
    for number, group in enumerate(groups, start=1):
        spans.append((len(rows) + 1, len(rows) + len(group.opinions)))  # +1: the header row
        for i, line in enumerate(group.opinions):
            lead = [str(number), content_text(group)] if i == 0 else ["", ""]
            rows.append([*lead, opinion_text(line), response_text(line)])
    table = decree30.add_table(document, HEADERS, rows, WIDTHS, centred={0})
    for first, last in spans:
        decree30.merge_down(table, 0, first, last)
        decree30.merge_down(table, 1, first, last)


# --- HTML --------------------------------------------------------------------------------------


def render_html(facts: SynthesisFacts) -> SafeString:
    """The report as printable HTML (the class names of print-notice.css); all text escaped."""
    return format_html(
        '<div class="decree30" lang="vi">{}{}<div class="doc-body">{}</div>{}</div>',
        _html_head(facts),
        format_html(
            '<h1 class="doc-title"><span class="type">{}</span> <span class="subject">{}</span>'
            '</h1><hr class="rule">',
            KIND,
            summary(facts),
        ),
        _html_body(facts),
        _html_foot(facts),
    )


def _html_head(facts: SynthesisFacts) -> SafeString:
    parent = facts.parent_body.upper()
    return format_html(
        '<header class="doc-head"><div class="issuer">{}<p class="unit">{}</p>'
        '<hr class="rule"></div><div class="nation"><p class="national-name">{}</p>'
        '<p class="motto"><span>{}</span></p></div><p class="number">Số: {}</p>'
        '<p class="place-date">{}</p></header>',
        format_html('<p class="parent">{}</p>', parent) if parent else "",
        facts.issuing_body.upper(),
        decree30.NATIONAL_NAME,
        decree30.MOTTO,
        facts.number or "……",
        _letterhead(facts).place_date,
    )


def _html_body(facts: SynthesisFacts) -> SafeString:
    return format_html(
        "{}<h2>{}</h2>{}<h2>{}</h2>{}{}",
        _paragraphs(intro_lines(facts)),
        SECTION_RESULTS,
        _paragraphs(result_lines(facts)),
        SECTION_TABLE,
        _html_table(facts),
        _paragraphs([closing_line(facts)]),
    )


def _html_table(facts: SynthesisFacts) -> SafeString:
    groups = ordered_groups(facts)
    if not groups:
        return _paragraphs(["Không có ý kiến góp ý."])
    return format_html(
        '<table class="synthesis"><caption>{}</caption><thead><tr>{}</tr></thead>{}</table>',
        CAPTION,
        format_html_join("", '<th scope="col">{}</th>', ((header,) for header in HEADERS)),
        format_html_join("", "{}", ((_html_group(n, g),) for n, g in enumerate(groups, start=1))),
    )


def _html_group(number: int, group: ParagraphGroup) -> SafeString:
    """A <tbody> per paragraph: its number and text head the rows of its opinions."""
    span = len(group.opinions)
    lead = format_html(
        '<td rowspan="{}">{}</td><th scope="rowgroup" rowspan="{}">{}</th>',
        span,
        number,
        span,
        linebreaksbr(content_text(group), autoescape=True),
    )
    return format_html("<tbody>{}</tbody>", format_html_join("", "{}", _html_rows(lead, group)))


def _html_rows(lead: SafeString, group: ParagraphGroup) -> Iterator[tuple[SafeString]]:
    for i, line in enumerate(group.opinions):
        response = format_html(
            "<strong>{}</strong>{}",
            decision_label(line.decision),
            format_html(": {}", linebreaksbr(line.explanation, autoescape=True))
            if line.explanation.strip()
            else "",
        )
        yield (
            format_html(
                "<tr>{}<td>{}</td><td>{}</td></tr>",
                lead if i == 0 else "",
                linebreaksbr(opinion_text(line), autoescape=True),
                response,
            ),
        )


def _html_foot(facts: SynthesisFacts) -> SafeString:
    name = facts.signer_name or "(Ký, ghi rõ họ tên, đóng dấu)"  # as decree30.add_foot
    return format_html(
        '<footer class="doc-foot"><div class="recipients"><p class="label">Nơi nhận:</p>{}</div>'
        '<div class="signer"><p class="authority">{}</p><p class="{}">{}</p></div></footer>',
        _paragraphs(decree30.recipient_lines(facts.recipients)),
        facts.signer_title.upper(),
        "name" if facts.signer_name else "hint",
        name,
    )


def _paragraphs(lines: list[str]) -> SafeString:
    return format_html_join("", "<p>{}</p>", ((line,) for line in lines))
