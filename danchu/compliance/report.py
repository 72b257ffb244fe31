"""The annual review (báo cáo kết quả thực hiện dân chủ ở cơ sở) of a node and year, as data:
the counts, the coverage of each duty, what was done in each pillar, the units that fall short,
the focus for next year (edited text), and the per-unit annex. The .docx, the printable page and
the .xlsx annex are rendered from this one `Review`, so they always say the same.

Sentences are Vietnamese whatever the page language: the review is an official document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from danchu.compliance import queries
from danchu.compliance.models import AnnualReview, UnitResult
from danchu.compliance.queries import Counts, Indicator
from danchu.compliance.rules import PILLARS
from danchu.core.decree30 import format_int
from danchu.facts.models import Fact
from danchu.organizations.models import EMPLOYER_KINDS, PATH_END, Unit, UnitKind
from danchu.people.queries import attach_counts

# What each kind of fact says in the "what was done" part, by pillar (Vietnamese, singular).
DONE: dict[str, tuple[str, str]] = {
    "steering_committee.established": ("steer", "quyết định thành lập Ban Chỉ đạo"),
    "steering_committee.consolidated": ("steer", "quyết định kiện toàn Ban Chỉ đạo"),
    "disclosure.published": ("know", "nội dung được công khai"),
    "information_request.answered": ("know", "yêu cầu cung cấp thông tin được trả lời"),
    "consultation.opened": ("discuss", "cuộc lấy ý kiến được mở"),
    "consultation.synthesis_published": ("discuss", "báo cáo tổng hợp ý kiến được công khai"),
    "regulation.adopted": ("discuss", "quy chế, quy định nội bộ được ban hành sau lấy ý kiến"),
    "conference.held": ("decide", "hội nghị cán bộ, công chức, viên chức được tổ chức"),
    "vote.closed": ("decide", "cuộc biểu quyết, bỏ phiếu được kiểm"),
    "resolution.adopted": ("decide", "nghị quyết hội nghị được thông qua"),
    "resolution.reviewed": ("decide", "lần kiểm tra thực hiện nghị quyết được thông báo"),
    "inspection_board.term_started": ("supervise", "Ban Thanh tra nhân dân được bầu, công nhận"),
}
PILLAR_TITLES = {
    "steer": "Công tác lãnh đạo, chỉ đạo",
    "know": "Thực hiện những việc phải công khai để cán bộ, công chức, viên chức biết",
    "discuss": "Thực hiện những việc cán bộ, công chức, viên chức tham gia ý kiến",
    "decide": "Thực hiện những việc cán bộ, công chức, viên chức quyết định",
    "supervise": "Thực hiện những việc cán bộ, công chức, viên chức kiểm tra, giám sát",
}
STANDING_VI = {"met": "Đạt", "late": "Chậm", "missed": "Không thực hiện", "open": "Chưa đến hạn"}


@dataclass(frozen=True)
class PillarPart:
    code: str
    title: str
    done: tuple[str, ...]  # "1.234 nội dung được công khai"
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class AnnexRow:
    unit: Unit
    staff: int
    party_members: int
    standings: dict[str, str]  # duty code → standing
    score: str
    rating: str


@dataclass(frozen=True)
class Review:
    unit: Unit
    year: int
    counts: Counts
    headline: tuple[str, ...]
    pillars: tuple[PillarPart, ...]
    indicators: tuple[Indicator, ...]
    shortfalls: tuple[tuple[Unit, tuple[str, ...]], ...]
    shortfall_total: int
    focus: str
    annex: tuple[AnnexRow, ...]


def percent(part: int, whole: int) -> str:
    """ "100%", "97,2%": Vietnamese decimal comma."""
    if not whole:
        return "—"
    value = round(part * 100 / whole, 1)
    return (f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")) + "%"


def coverage(indicator: Indicator) -> str:
    return f"{percent(indicator.met, indicator.due)} ({indicator.met}/{indicator.due})"


def set_up_and_consolidated(unit: Unit, year: int) -> int:
    """The organisations of the subtree whose committee was in place and reviewed in `year`."""
    met = UnitResult.objects.filter(
        unit__path__gte=unit.path, unit__path__lt=unit.path + PATH_END, year=year, standing="met"
    )
    reviewed = met.filter(code="steering_committee_reviewed").values("unit_id")
    return met.filter(code="steering_committee", unit_id__in=reviewed).count()


def headline(unit: Unit, year: int, counts: Counts, shown: dict[str, Indicator]) -> tuple[str, ...]:
    lines = [
        f"{unit.name} có {format_int(counts.party_organizations)} tổ chức cơ sở đảng với "
        f"{format_int(counts.party_members)} đảng viên; {format_int(counts.units)} cơ quan, đơn "
        f"vị với {format_int(counts.staff)} cán bộ, công chức, viên chức và người lao động."
    ]
    steering = shown.get("steering_committee")
    if steering and steering.due:
        both = set_up_and_consolidated(unit, year)
        lines.append(
            f"{percent(both, steering.due)} ({both}/{steering.due}) tổ chức cơ sở đảng đã thành "
            "lập, kiện toàn Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở."
        )
    conference = shown.get("annual_conference")
    if conference and conference.due:
        held = conference.met + conference.late
        lines.append(
            f"{percent(held, conference.due)} ({held}/{conference.due}) cơ quan, đơn vị tổ chức "
            "hội nghị cán bộ, công chức, viên chức theo quy định"
            + (f", trong đó {conference.late} đơn vị tổ chức chậm." if conference.late else ".")
        )
    return tuple(lines)


def done_in(unit: Unit, year: int) -> Counter[str]:
    """Facts of the subtree in the year, by kind (the review reads events; the dashboard does
    not)."""
    rows = (
        Fact.objects.filter(
            unit_id__in=Unit.objects.under(unit).values("pk"),
            occurred_on__year=year,
            kind__in=list(DONE),
        )
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter(dict(rows))


def annex(unit: Unit, year: int, catalogue: list[Any]) -> tuple[AnnexRow, ...]:
    units = list(
        Unit.objects.under(unit)
        .filter(kind__in=[*EMPLOYER_KINDS, UnitKind.PARTY_ORGANIZATION])
        .order_by("path")
    )
    attach_counts(units)
    results: dict[int, dict[str, str]] = {}
    for r in UnitResult.objects.filter(
        unit__path__gte=unit.path, unit__path__lt=unit.path + PATH_END, year=year
    ).values_list("unit_id", "code", "standing"):
        results.setdefault(r[0], {})[r[1]] = r[2]
    scheme = queries.scheme_for(unit, year)  # the province's, for every unit under it
    scheme_rows = []
    for u in units:
        standings = results.get(u.pk, {})
        shown = [
            Indicator(
                c.code,
                c.title,
                c.legal_basis,
                c.pillar,
                c.legal_duty,
                met=int(standings.get(c.code) == "met"),
                late=int(standings.get(c.code) == "late"),
                missed=int(standings.get(c.code) == "missed"),
            )
            for c in catalogue
            if c.code in standings
        ]
        scored = queries.score(shown, scheme, one_unit=True)
        scheme_rows.append(
            AnnexRow(
                u,
                u.staff_count,  # type: ignore[attr-defined]
                u.party_member_count,  # type: ignore[attr-defined]
                standings,
                scored.rounded if scored else "",
                scored.rating.label if scored else "",
            )
        )
    return tuple(scheme_rows)


def review(unit: Unit, year: int) -> Review:
    """The review of `unit`'s subtree for `year`, from live data."""
    catalogue = queries.rules_in_order()
    board = queries.dashboard(unit, year, years=1)
    shown = {i.code: i for i in board.indicators}
    done = done_in(unit, year)
    pillars = []
    for code, _label in PILLARS:
        lines = tuple(
            f"{format_int(done[kind])} {text}"
            for kind, (pillar, text) in DONE.items()
            if pillar == code and done[kind]
        )
        pillars.append(
            PillarPart(
                code,
                PILLAR_TITLES[code],
                lines,
                tuple(i for i in board.indicators if i.pillar == code and (i.due or i.open)),
            )
        )
    short, total = queries.shortfalls(unit, year)
    titles = {c.code: c.title_vi for c in catalogue}
    shortfalls = tuple(
        (
            u,
            tuple(
                f"{titles.get(r.code, r.code)}: {STANDING_VI[r.standing].lower()}" for r in results
            ),
        )
        for u, results in short
    )
    note = AnnualReview.objects.filter(unit=unit, year=year).first()
    return Review(
        unit=unit,
        year=year,
        counts=board.counts,
        headline=headline(unit, year, board.counts, shown),
        pillars=tuple(pillars),
        indicators=board.indicators,
        shortfalls=shortfalls,
        shortfall_total=total,
        focus=note.focus if note else "",
        annex=annex(unit, year, catalogue),
    )


__all__ = ["Review", "review"]
