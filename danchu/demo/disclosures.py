"""Demo disclosures for a unit: a realistic register, or thousands of items for benchmarks.

Items are dated in the past, which the publishing service rightly refuses (no backdating), so the
demo writes them directly, with the same derived fields the service computes (digest, deadline,
period, folded search text), and appends one audit entry for the whole batch.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from danchu import audit
from danchu.core.text import fold
from danchu.disclosures import rules
from danchu.disclosures.content import digest_fields, disclosure_digest, render_body
from danchu.disclosures.models import (
    Acknowledgement,
    Category,
    Channel,
    Disclosure,
    NoticeNumber,
    NoticeSeries,
)
from danchu.notifications.models import Notification
from danchu.organizations.models import Unit
from danchu.people.models import Person, Role, RoleAssignment, User

TITLES = {
    Category.WORK_PLAN: ["Kế hoạch công tác năm {y}", "Kế hoạch công tác quý {q} năm {y}"],
    Category.BUDGET_FINANCE: [
        "Dự toán ngân sách năm {y} được giao",
        "Quyết toán ngân sách năm {p}",
        "Báo cáo tình hình thực hiện dự toán quý {q} năm {y}",
    ],
    Category.PERSONNEL: [
        "Kết quả đánh giá, xếp loại công chức năm {p}",
        "Kế hoạch tuyển dụng công chức năm {y}",
        "Quyết định nâng bậc lương thường xuyên quý {q} năm {y}",
    ],
    Category.INTERNAL_RULES: ["Quy chế chi tiêu nội bộ năm {y}", "Quy chế làm việc sửa đổi"],
    Category.PUBLIC_ASSETS: ["Kế hoạch mua sắm tài sản công năm {y}"],
    Category.INSPECTION_COMPLAINT_RESULTS: ["Kết luận thanh tra nội bộ quý {q} năm {y}"],
    Category.SUPERIOR_DIRECTIVES: ["Chỉ thị của Ủy ban nhân dân tỉnh về cải cách hành chính"],
    Category.POLICY_LAW: ["Luật Thực hiện dân chủ ở cơ sở và văn bản hướng dẫn"],
    Category.CONSULTATION_OUTCOME: ["Tổng hợp ý kiến góp ý dự thảo quy chế dân chủ"],
    Category.INTEGRITY: ["Công khai bản kê khai tài sản, thu nhập năm {p}"],
}
CODES = {Category.PERSONNEL: "QĐ", Category.WORK_PLAN: "KH", Category.BUDGET_FINANCE: "QĐ"}


def seed_disclosures(
    unit: Unit, *, count: int, seed: int = 46, progress: Callable[[int], object] | None = None
) -> int:
    """Write `count` past disclosures of `unit`, about 60% of the audience acknowledging each."""
    rng = random.Random(seed)
    publisher = _publisher(unit)
    today = timezone.localdate()
    audience = list(
        Person.objects.filter(unit__path__gte=unit.path, unit__path__lt=unit.path_end).values_list(
            "pk", flat=True
        )
    )
    with transaction.atomic():
        items = [_item(rng, unit, publisher, today, n, count) for n in range(count)]
        Disclosure.objects.bulk_create(items, batch_size=1000)
        for item in items:
            item.series_id = item.pk
            item.digest = disclosure_digest(digest_fields(item), [])
        Disclosure.objects.bulk_update(items, ["series", "digest"], batch_size=1000)
        _number_notices(unit, items)
        acks = [
            Acknowledgement(disclosure=item, person_id=pk)
            for item in items[-40:]
            for pk in rng.sample(audience, int(len(audience) * rng.uniform(0.4, 0.95)))
        ]
        Acknowledgement.objects.bulk_create(acks, batch_size=2000)
        _notify_unread(unit, items, acks, today)
        if progress:
            progress(len(items) + len(acks))
        audit.record(
            actor=None,
            action="demo.disclosures_seeded",
            target=unit,
            unit=unit,
            changes={"disclosures": len(items), "acknowledgements": len(acks)},
        )
    return len(items)


def _notify_unread(
    unit: Unit, items: list[Disclosure], acks: list[Acknowledgement], today: dt.date
) -> None:
    """The notices the publishing service would have left unread: one per account in the
    audience and current item it has not acknowledged, so the bell counts what the inbox counts.
    Dated as their items, and counted as e-mailed (the digest does not send the past)."""
    read = {(ack.disclosure_id, ack.person_id) for ack in acks}
    accounts = list(
        User.objects.filter(
            person__unit__path__gte=unit.path, person__unit__path__lt=unit.path_end, is_active=True
        ).values_list("pk", "person_id")
    )
    notices = [
        Notification(
            recipient_id=user_id, kind="disclosures.published", code="disclosures.published",
            params={"title": item.title[:200]}, url=reverse("disclosure_detail", args=[item.pk]),
            about=f"disclosure:{item.pk}", emailed_at=item.publish_at,
        )
        for item in items
        if item.visible_until >= today
        for user_id, person_id in accounts
        if (item.pk, person_id) not in read
    ]  # fmt: skip
    Notification.objects.bulk_create(notices, batch_size=2000)
    for notice in notices:
        notice.created_at = notice.emailed_at or notice.created_at
    Notification.objects.bulk_update(notices, ["created_at"], batch_size=2000)


def _number_notices(unit: Unit, items: list[Disclosure]) -> None:
    """Each item's notice its own number in the unit's series of its year, in publication order,
    as the publishing service gives them (Decree 30/2020)."""
    by_year: dict[int, list[Disclosure]] = {}
    for item in sorted(items, key=lambda item: (item.publish_at, item.pk)):
        by_year.setdefault(timezone.localdate(item.publish_at).year, []).append(item)
    numbers = []
    for year, published in by_year.items():
        series, _created = NoticeSeries.objects.select_for_update().get_or_create(
            unit=unit, year=year
        )
        for item in published:
            series.last += 1
            numbers.append(
                NoticeNumber(
                    disclosure=item,
                    unit=unit,
                    year=year,
                    number=series.last,
                    unit_code=unit.document_code,
                )
            )
        series.save(update_fields=["last"])
    NoticeNumber.objects.bulk_create(numbers, batch_size=1000)


def _publisher(unit: Unit) -> User:
    holders = RoleAssignment.objects.filter(unit=unit, role=Role.HEAD).values("person_id")
    user = (
        User.objects.filter(person_id__in=holders).first()
        or User.objects.filter(is_superuser=True).first()
    )
    if user is None:
        raise LookupError("no head or administrator account to publish the demo disclosures")
    return user


def _item(
    rng: random.Random, unit: Unit, publisher: User, today: dt.date, n: int, count: int
) -> Disclosure:
    days_ago = int((count - n) * max(1.0, 720 / count)) if count < 720 else count - n
    published = today - dt.timedelta(days=days_ago)
    decision = published - dt.timedelta(days=rng.choice([1, 2, 3, 5, 9]))
    category = rng.choice(list(TITLES))
    title = rng.choice(TITLES[category]).format(
        y=published.year, p=published.year - 1, q=(published.month - 1) // 3 + 1
    )
    due = rules.due_date(decision)
    late = published > due
    body = (
        f"Thực hiện Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, {unit.name} công khai "
        f"nội dung: {title.lower()}.\n\nCán bộ, công chức, viên chức, người lao động có ý kiến "
        "phản hồi xin gửi về Văn phòng trước ngày kết thúc thời hạn công khai."
    )
    publish_at = timezone.make_aware(dt.datetime.combine(published, dt.time(8, rng.randint(0, 59))))
    number = f"{n % 400 + 1:02d}/{CODES.get(category, 'TB')}-{unit.initials}"
    return Disclosure(
        unit=unit,
        category=category,
        title=title,
        summary=title,
        body=body,
        body_html=render_body(body),
        document_number=number,
        decision_date=decision,
        due_on=due,
        is_late=late,
        late_reason="Chờ ý kiến của cấp trên" if late else "",
        channels=[Channel.INTRANET, Channel.POSTING],
        publish_at=publish_at,
        visible_until=rules.visible_until(published),
        created_by=publisher,
        search_text=fold(f"{title} {title} {number} {body}"),
    )
