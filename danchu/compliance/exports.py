"""The compliance tables as Excel workbooks: the annual review's annex (one row per unit with its
standing on each duty and its score) and the dashboard's tables (the node's indicators, its
children's). Reproducible; text that looks like a formula stays text (`core.sheets`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from danchu.compliance.queries import Dashboard, rules_in_order
from danchu.compliance.report import STANDING_VI, Review
from danchu.core import sheets
from danchu.core.sheets import PERCENT

KIND_VI = {
    "party_committee": "Đảng bộ",
    "party_organization": "Tổ chức cơ sở đảng",
    "state_agency": "Cơ quan hành chính",
    "public_service_unit": "Đơn vị sự nghiệp",
    "department": "Phòng, ban",
}


def annex_xlsx(review: Review) -> bytes:
    """The review's annex (Vietnamese, as the review): STT, unit, kind, staff, party members, one
    column per duty, score and rating."""
    catalogue = rules_in_order()
    headers = [
        "STT",
        "Cơ quan, đơn vị",
        "Loại",
        "Cán bộ",
        "Đảng viên",
        *(rule.title_vi for rule in catalogue),
        "Điểm",
        "Xếp loại",
    ]
    widths = [6, 45, 20, 10, 10, *(18 for _rule in catalogue), 8, 16]
    workbook = sheets.new_workbook()
    sheet = sheets.add_sheet(workbook, "Phụ lục", headers, widths)
    sheets.add_rows(
        sheet,
        (
            [
                n,
                row.unit.name,
                KIND_VI.get(row.unit.kind, row.unit.kind),
                row.staff,
                row.party_members,
                *(STANDING_VI.get(row.standings.get(rule.code, ""), "") for rule in catalogue),
                float(row.score) if row.score else None,
                row.rating,
            ]
            for n, row in enumerate(review.annex, start=1)
        ),
    )
    return sheets.to_bytes(workbook)


def dashboard_xlsx(board: Dashboard) -> bytes:
    """The node's indicators, then its children's share of units meeting each duty."""
    workbook = sheets.new_workbook()
    sheet = sheets.add_sheet(
        workbook,
        _("Indicators"),
        [_("Code"), _("Duty"), _("Met"), _("Late"), _("Missed"), _("Not due yet"), _("Rate")],
        [28, 60, 8, 8, 8, 10, 8],
    )
    sheets.add_rows(
        sheet,
        (
            [
                i.code,
                i.title,
                i.met,
                i.late,
                i.missed,
                i.open,
                sheets.cell(sheet, float(i.rate) if i.rate is not None else None, PERCENT),
            ]
            for i in board.indicators
        ),
    )
    codes = [i.code for i in board.indicators]
    children = sheets.add_sheet(
        workbook,
        _("Units below"),
        [_("Unit"), *codes, _("Duties met")],
        [45, *(12 for _c in codes), 10],
    )
    sheets.add_rows(
        children,
        (
            [
                row.unit.name,
                *(f"{i.met}/{i.due}" if i.due else "" for i in row.indicators),
                sheets.cell(children, float(row.rate) if row.rate is not None else None, PERCENT),
            ]
            for row in board.ranking
        ),
    )
    return sheets.to_bytes(workbook)
