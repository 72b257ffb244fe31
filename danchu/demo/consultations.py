"""Demo consultations for a unit: one open on the democracy regulation, one finished (synthesis
published, internal spending regulation adopted and tagged), or a large one for benchmarks.

Plans, closings, dispositions, syntheses and adoptions go through the services. The staff's
opinions are written directly (most demo staff have no account), with one audit entry per
batch; an opinion "through the union" has no author, as the service stores it.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from danchu import audit
from danchu.consultations import adoption, drafts, queries, services
from danchu.consultations.models import (
    Consultation,
    ConsultationChannel,
    Decision,
    Modality,
    Opinion,
    Subject,
    Topic,
)
from danchu.core.workdays import add_working_days
from danchu.organizations.models import Unit
from danchu.people.models import Person, Role, RoleAssignment, User

DEMOCRACY_DRAFT = """Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định nội dung, hình thức thực hiện dân chủ trong hoạt động của cơ quan.
Điều 2. Đối tượng áp dụng
1. Công chức, viên chức, người lao động làm việc tại cơ quan.
2. Người đứng đầu, cấp phó của người đứng đầu và Ban Chấp hành Công đoàn cơ quan.
Điều 3. Nguyên tắc thực hiện dân chủ
1. Bảo đảm sự lãnh đạo của cấp ủy, sự quản lý thống nhất của người đứng đầu.
2. Công khai, minh bạch, tôn trọng ý kiến của công chức, viên chức, người lao động.
3. Không lợi dụng việc thực hiện dân chủ để gây mất đoàn kết nội bộ.
Chương II
NỘI DUNG THỰC HIỆN DÂN CHỦ
Điều 4. Những nội dung phải công khai
1. Chủ trương, chính sách của Đảng, pháp luật của Nhà nước liên quan đến cơ quan.
2. Kế hoạch công tác hằng năm, quý, tháng của cơ quan.
3. Kinh phí hoạt động hằng năm, quyết toán kinh phí, tài sản công.
4. Việc tuyển dụng, đào tạo, bồi dưỡng, nâng ngạch, khen thưởng, kỷ luật.
Điều 5. Hình thức và thời hạn công khai
1. Niêm yết tại trụ sở cơ quan, đăng tải trên hệ thống thông tin nội bộ.
2. Thời hạn công khai chậm nhất 05 ngày làm việc kể từ ngày ban hành văn bản.
3. Thời gian niêm yết ít nhất 20 ngày liên tục.
Điều 6. Những nội dung công chức, viên chức tham gia ý kiến
1. Kế hoạch công tác hằng năm của cơ quan.
2. Dự thảo quy chế chi tiêu nội bộ, quy chế quản lý tài sản công.
3. Kế hoạch tuyển dụng, đào tạo, bồi dưỡng.
Điều 7. Trách nhiệm của người đứng đầu
1. Tổ chức lấy ý kiến công chức, viên chức trước khi quyết định.
2. Tiếp thu, giải trình ý kiến và công khai kết quả tiếp thu.
a) Trả lời bằng văn bản trong thời hạn 10 ngày làm việc;
b) Công khai báo cáo tổng hợp trên hệ thống thông tin nội bộ.
Điều 8. Trách nhiệm của công chức, viên chức, người lao động
1. Tích cực tham gia ý kiến vào các dự thảo của cơ quan.
2. Không được lợi dụng quyền dân chủ để khiếu nại, tố cáo sai sự thật.
Chương III
TỔ CHỨC THỰC HIỆN
Điều 9. Hiệu lực thi hành
Quy chế này có hiệu lực kể từ ngày ký."""

WORK_PLAN_DRAFT = """Điều 1. Mục tiêu
Hoàn thành các nhiệm vụ chuyên môn được giao, nâng cao chất lượng phục vụ người dân.
Điều 2. Nhiệm vụ trọng tâm
1. Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của cơ quan.
2. Tổ chức Hội nghị cán bộ, công chức, viên chức trong quý I.
Điều 3. Tổ chức thực hiện
Các phòng xây dựng kế hoạch chi tiết, gửi Văn phòng trước ngày 15 hằng tháng."""

SPENDING_DRAFT = """Điều 1. Phạm vi
Quy chế này quy định việc chi tiêu nội bộ từ nguồn kinh phí được giao tự chủ.
Điều 2. Công tác phí
1. Công chức đi công tác được thanh toán tiền tàu xe theo giá vé thực tế.
2. Phụ cấp lưu trú là 200.000 đồng/ngày.
Điều 3. Sử dụng điện thoại, văn phòng phẩm
1. Công chức được sử dụng văn phòng phẩm theo định mức hằng quý.
2. Không được sử dụng điện thoại cơ quan vào việc riêng.
Điều 4. Trách nhiệm của Thủ trưởng
Thủ trưởng cơ quan phải công khai quyết toán chi tiêu nội bộ hằng năm."""

OPINIONS = [
    "Đề nghị rút ngắn thời hạn trả lời xuống 07 ngày làm việc.",
    "Nên bổ sung hình thức công khai qua thư điện tử cho từng công chức.",
    "Thống nhất với nội dung dự thảo.",
    "Đề nghị làm rõ trách nhiệm của trưởng phòng trong việc tổ chức lấy ý kiến.",
    "Cần quy định cụ thể việc công khai kết quả đánh giá, xếp loại.",
    "Đề nghị bổ sung nội dung đối thoại định kỳ giữa Giám đốc và công chức.",
    "Phụ cấp lưu trú nên tăng lên 250.000 đồng/ngày.",
    "Cần có hòm thư góp ý đặt tại trụ sở.",
]


def seed_consultations(unit: Unit, *, opinions: int = 24, seed: int = 53) -> list[Consultation]:
    """One open consultation with opinions and the union's view, one finished and adopted, and
    one new one still with the union committee for its preview (staff do not see it yet)."""
    rng = random.Random(seed)
    head, union = _account(unit, Role.HEAD), _account(unit, Role.UNION_CHAIR)
    with transaction.atomic():
        current = _open(unit, head, Topic.DEMOCRACY_REGULATION, "Dự thảo Quy chế dân chủ",
                        drafts.split_text(DEMOCRACY_DRAFT))  # fmt: skip
        _opinions(current, rng, count=opinions)
        if union is not None:
            services.record_union_opinion(
                actor=union,
                consultation=current,
                text="Ban Chấp hành Công đoàn nhất trí với kế hoạch và dự thảo; đề nghị "
                "bổ sung hình thức đối thoại định kỳ.",
            )
        finished = _open(unit, head, Topic.INTERNAL_SPENDING, "Quy chế chi tiêu nội bộ",
                         drafts.split_text(SPENDING_DRAFT))  # fmt: skip
        _opinions(finished, rng, count=6)
        _finish(finished, head, rng)
        previewing = _open(unit, head, Topic.WORK_PLAN, "Dự thảo Kế hoạch công tác năm",
                           drafts.split_text(WORK_PLAN_DRAFT), union_preview=True)  # fmt: skip
    return [current, finished, previewing]


def seed_large(unit: Unit, *, paragraphs: int, opinions: int, seed: int = 50) -> Consultation:
    """A draft of `paragraphs` paragraphs with `opinions` opinions (benchmarks)."""
    rng = random.Random(seed)
    head = _account(unit, Role.HEAD)
    texts = []
    for number in range(1, paragraphs + 1):
        texts.append(f"Điều {number}. Nội dung quy định thứ {number}" if number % 5 == 1 else
                     f"{number % 5}. Công chức, viên chức thực hiện nhiệm vụ số {number} "
                     "theo quy định của pháp luật và quy chế này.")  # fmt: skip
    with transaction.atomic():
        consultation = _open(unit, head, Topic.WORK_PLAN, f"Dự thảo {paragraphs} đoạn (đo tốc độ)",
                             drafts.split_paragraphs(texts))  # fmt: skip
        _opinions(consultation, rng, count=opinions)
    return consultation


def _account(unit: Unit, role: str) -> User | None:
    holders = RoleAssignment.objects.filter(unit=unit, role=role).values("person_id")
    return User.objects.filter(person_id__in=holders).select_related("person__unit").first()


def _open(
    unit: Unit,
    head: User | None,
    topic: str,
    title: str,
    draft: list[drafts.DraftParagraph],
    *,
    union_preview: bool = False,
) -> Consultation:
    if head is None:
        raise LookupError("the demo unit has no head with an account")
    now = timezone.now()
    closes = dt.datetime.combine(add_working_days(timezone.localdate(), 7), dt.time(17, 0))
    return services.open_consultation(
        actor=head,
        unit=unit,
        topic=topic,
        title=title,
        draft=draft,
        opens_at=now - dt.timedelta(days=1),
        closes_at=timezone.make_aware(closes),
        channels=[
            ConsultationChannel.ONLINE,
            ConsultationChannel.MEETING,
            ConsultationChannel.VIA_UNION,
        ],
        plan="Lấy ý kiến công chức, viên chức qua hệ thống thông tin nội bộ và tại cuộc họp "
        "giao ban; Văn phòng tổng hợp ý kiến.",
        union_preview=union_preview,
    )


def _opinions(consultation: Consultation, rng: random.Random, *, count: int) -> None:
    version = queries.latest_version(consultation)
    paragraphs = list(version.paragraphs.all())
    people = list(Person.objects.in_units_under(consultation.unit).order_by("pk")[:400])
    now = timezone.now()
    rows = []
    for _ in range(count):
        via_union = rng.random() < 0.15
        rows.append(
            Opinion(
                consultation=consultation,
                version=version,
                paragraph=rng.choice(paragraphs) if rng.random() < 0.8 else None,
                author=None if via_union else rng.choice(people),
                via_union=via_union,
                text=rng.choice(OPINIONS),
                created_at=services.union_timestamp(now) if via_union else now,
            )
        )
    Opinion.objects.bulk_create(rows, batch_size=500)
    audit.record(
        actor=None,
        action="consultations.demo_opinions",
        target=consultation,
        changes={"count": count},
    )


def _finish(consultation: Consultation, head: User | None, rng: random.Random) -> None:
    if head is None:
        raise LookupError("the demo unit has no head with an account")
    # Closed before its planned end, so with a reason (issue 10: audited, printed, "shortened").
    services.close_consultation(
        actor=head,
        consultation=consultation,
        reason="Đã nhận đủ ý kiến của các phòng; cần ban hành kịp kỳ họp tháng.",
    )
    decisions = [Decision.ACCEPTED, Decision.PARTLY_ACCEPTED, Decision.NOT_ACCEPTED]
    for opinion in consultation.opinions.all():
        decision = rng.choice(decisions)
        explanation = (
            "" if decision == Decision.ACCEPTED else "Giữ như dự thảo vì phù hợp định mức."
        )
        services.dispose_opinion(
            actor=head, opinion=opinion, decision=decision, explanation=explanation
        )
    adoption.publish_synthesis(actor=head, consultation=consultation)
    today = timezone.localdate()
    regulation = adoption.adopt_regulation(
        actor=head,
        consultation=consultation,
        document_number=f"{today.month:02d}/QĐ-{consultation.unit.initials}",
        signed_on=today,
        effective_from=today,
    )
    tags = {4: (Modality.MAY, Subject.STAFF), 7: (Modality.MAY, Subject.STAFF),
            8: (Modality.MUST_NOT, Subject.STAFF), 10: (Modality.MUST, Subject.HEAD)}  # fmt: skip
    for paragraph in regulation.version.paragraphs.filter(number__in=tags):
        modality, subject = tags[paragraph.number]
        adoption.tag_provision(
            actor=head, regulation=regulation, paragraph=paragraph, modality=modality,
            subject=subject,
        )  # fmt: skip
