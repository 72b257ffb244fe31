"""The annual review as a Word document: "Báo cáo kết quả thực hiện Quy chế dân chủ ở cơ sở".

Decree 30/2020/NĐ-CP, Appendix III, form 1.5 (Báo cáo): the letterhead with "Số: …/BC-…", the
place and date; the title and its summary; the body in numbered sections; "Nơi nhận" and the
signature. Written from `report.Review`, the same data as the printable page, and byte-for-byte
reproducible (the document is dated the day it is made for). Vietnamese whatever the page language.
"""

from __future__ import annotations

import datetime as dt

from danchu.compliance.report import Review
from danchu.core import decree30
from danchu.core.decree30 import Letterhead

KIND = "BÁO CÁO"
CODE = "BC"  # Decree 30/2020, Appendix III: Báo cáo
PLACE = "Bắc Giang"
HEADERS = ("Nhiệm vụ", "Căn cứ", "Đạt", "Chậm", "Không thực hiện", "Tỷ lệ")
WIDTHS = (55, 45, 15, 15, 18, 17)  # mm, the text width of an A4 page (decree30.TEXT_W = 165)
NOTHING_RECORDED = "Chưa có hoạt động nào được ghi nhận trên hệ thống."
RECIPIENTS = ("Ban Thường vụ Đảng ủy (để báo cáo)", "Các tổ chức cơ sở đảng trực thuộc", "Lưu: VT")


def summary(year: int) -> str:
    return f"Kết quả thực hiện Quy chế dân chủ ở cơ sở năm {year}"


def _rate(met: int, due: int) -> str:
    return f"{round(met * 100 / due, 1):g}%".replace(".", ",") if due else "—"


def build(review: Review, *, today: dt.date) -> bytes:
    unit, year = review.unit, review.year
    document = decree30.new_document()
    decree30.set_properties(
        document,
        author=unit.name,
        title=f"{KIND} {summary(year)}",
        subject=summary(year),
        when=dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.UTC),
    )
    decree30.add_letterhead(
        document,
        Letterhead(
            parent_body=unit.governing_body,
            issuing_body=unit.name,
            number=f"      /{CODE}-{unit.document_code}",
            place=PLACE,
            day=today,
        ),
    )
    decree30.add_title(document, KIND, summary(year))
    decree30.add_heading(document, "I. TÌNH HÌNH CHUNG")
    for line in review.headline:
        decree30.add_paragraph(document, line)
    decree30.add_heading(document, "II. KẾT QUẢ THỰC HIỆN")
    for n, part in enumerate(review.pillars, start=1):
        decree30.add_paragraph(document, f"{n}. {part.title}", bold=True, indent=False)
        for line in part.done:
            decree30.add_paragraph(document, f"- {line}.")
        if not part.done and not part.indicators:
            decree30.add_paragraph(document, NOTHING_RECORDED)
        if part.indicators:
            rows = [
                (i.title, i.legal_basis, f"{i.met}/{i.due}", str(i.late), str(i.missed),
                 _rate(i.met, i.due))
                for i in part.indicators
            ]  # fmt: skip
            decree30.add_table(document, HEADERS, rows, WIDTHS, centred={2, 3, 4, 5}, size=11)
    decree30.add_heading(document, "III. HẠN CHẾ")
    if review.shortfalls:
        for short_unit, reasons in review.shortfalls:
            decree30.add_paragraph(document, f"- {short_unit.name}: {'; '.join(reasons)}.")
        if review.shortfall_total > len(review.shortfalls):
            decree30.add_paragraph(
                document, f"Tổng cộng {review.shortfall_total} đơn vị chưa đạt (xem phụ lục)."
            )
    else:
        decree30.add_paragraph(
            document, "Không có cơ quan, đơn vị nào chưa thực hiện đầy đủ các nhiệm vụ đã đến hạn."
        )
    decree30.add_heading(document, f"IV. PHƯƠNG HƯỚNG NĂM {year + 1}")
    focus = [line.strip() for line in review.focus.splitlines() if line.strip()]
    for line in focus or ["(Chưa nhập phương hướng.)"]:
        decree30.add_paragraph(document, line)
    decree30.add_paragraph(
        document,
        "Kèm theo: Phụ lục kết quả của từng cơ quan, đơn vị (.xlsx).",
        italic=True,
        before=6,
    )
    decree30.add_foot(document, RECIPIENTS, "T/M BAN CHỈ ĐẠO", authority="")
    return decree30.to_bytes(document)
