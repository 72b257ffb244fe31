"""The conference's records: minutes, the resolution and its six-monthly reviews (Law 10/2022/QH15
arts. 51–52; Decree 30/2020 forms 1.9 and 1.1)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from docx import Document

from danchu.conferences import (
    attendance,
    booth,
    minutes_doc,
    records,
    records_queries,
    resolution_doc,
    voting,
)
from danchu.conferences.errors import Invalid, Refused
from danchu.conferences.models import Purpose, ReviewStatus, Vote, VoteKind
from danchu.conferences.tests.conftest import Hall
from danchu.disclosures.models import Category, Disclosure
from danchu.facts.models import Fact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def secret_motion(
    hall: Hall, *, agree: int, disagree: int = 0, purpose: str = Purpose.RESOLUTION, title: str = ""
) -> Vote:
    """A closed secret motion with `agree` and `disagree` ballots among the 10 present."""
    vote = voting.create_vote(
        actor=hall.head,
        conference=hall.conference,
        title=title or "Thông qua Nghị quyết Hội nghị",
        kind=VoteKind.MOTION,
        secret=True,
        purpose=purpose,
    )
    voting.open_vote(actor=hall.head, vote=vote)
    tokens = booth.issue_slips(actor=hall.counters[0], vote=vote)
    choices = [["agree"]] * agree + [["disagree"]] * disagree
    for token, choice in zip(tokens, choices, strict=False):
        booth.cast_secret(vote_id=vote.pk, token=token, choices=choice)
    return voting.close_vote(actor=hall.head, vote=vote)


def drafted(hall: Hall) -> None:
    records.draft_resolution(
        actor=hall.head,
        conference=hall.conference,
        text=(
            "Điều 1. Thông qua kế hoạch công tác năm 2025.\n"
            "Điều 2. Giao Thủ trưởng tổ chức thực hiện."
        ),
    )


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


class TestMinutes:
    def test_minutes_hold_each_votes_result_and_its_bulletin_digest(self, hall):
        adopted = secret_motion(
            hall, agree=8, disagree=2, purpose=Purpose.GENERAL, title="Quỹ phúc lợi"
        )
        refused = secret_motion(
            hall, agree=3, disagree=7, purpose=Purpose.GENERAL, title="Đồng phục"
        )
        records.set_secretary(
            actor=hall.head, conference=hall.conference, person_id=hall.world.staff.person_id
        )
        records.write_proceedings(
            actor=hall.world.staff, conference=hall.conference, text="Đồng chí Giám đốc khai mạc."
        )
        hall.conference.refresh_from_db()
        facts = records_queries.minutes_facts(hall.conference)
        text = docx_text(minutes_doc.build_docx(facts))
        html = str(minutes_doc.render_html(facts))
        for shown in (text, html):
            assert "Quỹ phúc lợi" in shown
            assert "Đồng phục" in shown
            assert adopted.bulletin_digest in shown
            assert refused.bulletin_digest in shown
            assert "Được thông qua (8/10 người có mặt tán thành)" in shown
            assert "Không được thông qua" in shown
            assert "Đồng chí Giám đốc khai mạc." in shown
            assert hall.world.staff.person.full_name in shown  # the secretary
            assert "có mặt 10; vắng mặt 0" in shown

    def test_the_docx_has_the_decree_30_header_and_opens(self, hall):
        facts = records_queries.minutes_facts(hall.conference)
        data = minutes_doc.build_docx(facts)
        text = docx_text(data)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "BIÊN BẢN" in text
        assert f"Số: 01/BB-{hall.conference.unit.document_code}" in text
        assert "THƯ KÝ" in text
        assert "CHỦ TỌA" in text
        assert "DANH SÁCH NGƯỜI THAM DỰ HỘI NGHỊ" in text  # the annex

    def test_two_builds_are_byte_identical(self, hall):
        secret_motion(hall, agree=6, disagree=4, purpose=Purpose.GENERAL)
        first = minutes_doc.build_docx(records_queries.minutes_facts(hall.conference))
        second = minutes_doc.build_docx(records_queries.minutes_facts(hall.conference))
        assert first == second

    def test_only_a_participant_may_be_secretary(self, hall):
        with pytest.raises(Invalid):
            records.set_secretary(
                actor=hall.head,
                conference=hall.conference,
                person_id=hall.world.outsider.person_id,
            )

    def test_staff_who_are_not_the_secretary_may_not_write_the_proceedings(self, hall):
        with pytest.raises(PermissionDenied):
            records.write_proceedings(actor=hall.world.staff, conference=hall.conference, text="…")

    def test_percent_is_written_the_vietnamese_way(self):
        assert minutes_doc.percent(2, 3) == "66,67%"
        assert minutes_doc.percent(5, 10) == "50,00%"


class TestResolution:
    def test_adopting_numbers_dates_and_discloses_it(self, hall):
        drafted(hall)
        vote = secret_motion(hall, agree=6, disagree=4)
        resolution = records.adopt_resolution(actor=hall.head, conference=hall.conference)
        code = hall.conference.unit.document_code
        assert resolution.number == f"01/NQ-{code}"
        assert resolution.adopted_on == timezone.localdate(vote.closed_at)
        assert resolution.vote_id == vote.pk
        disclosure = Disclosure.objects.get(pk=resolution.disclosure_id)
        assert disclosure.category == Category.INTERNAL_RULES
        assert disclosure.unit_id == hall.conference.unit_id
        assert disclosure.document_number == resolution.number
        assert disclosure.attachments.count() == 1
        fact = Fact.objects.get(kind="resolution.adopted")
        assert fact.target_id == str(resolution.pk)

    def test_exactly_half_is_not_adopted_art_51_2_c(self, hall):
        """Law 10/2022/QH15 art. 51.2.c: "trên 50%" — 5 of 10 present is not more than half."""
        drafted(hall)
        secret_motion(hall, agree=5, disagree=5)
        with pytest.raises(Refused) as refused:
            records.adopt_resolution(actor=hall.head, conference=hall.conference)
        assert refused.value.code == "not_adopted"
        assert not Disclosure.objects.exists()

    def test_refused_before_the_vote_closes(self, hall):
        drafted(hall)
        vote = voting.create_vote(
            actor=hall.head, conference=hall.conference, title="NQ", kind=VoteKind.MOTION,
            secret=False, purpose=Purpose.RESOLUTION,
        )  # fmt: skip
        with pytest.raises(Refused) as refused:
            records.adopt_resolution(actor=hall.head, conference=hall.conference)
        assert refused.value.code == "vote_not_closed"
        voting.open_vote(actor=hall.head, vote=vote)
        with pytest.raises(Refused):
            records.adopt_resolution(actor=hall.head, conference=hall.conference)

    def test_refused_without_a_draft_or_twice(self, hall):
        with pytest.raises(Refused) as refused:
            records.adopt_resolution(actor=hall.head, conference=hall.conference)
        assert refused.value.code == "no_draft"
        drafted(hall)
        secret_motion(hall, agree=9, disagree=1)
        records.adopt_resolution(actor=hall.head, conference=hall.conference)
        with pytest.raises(Refused):
            records.adopt_resolution(actor=hall.head, conference=hall.conference)
        with pytest.raises(Refused):
            drafted(hall)

    def test_only_the_head_adopts(self, hall):
        drafted(hall)
        secret_motion(hall, agree=9, disagree=1)
        with pytest.raises(PermissionDenied):
            records.adopt_resolution(actor=hall.world.staff, conference=hall.conference)
        with pytest.raises(PermissionDenied):
            records.draft_resolution(actor=hall.world.staff, conference=hall.conference, text="x")

    def test_the_resolution_docx(self, hall):
        drafted(hall)
        vote = secret_motion(hall, agree=7, disagree=3)
        resolution = records.adopt_resolution(actor=hall.head, conference=hall.conference)
        facts = records_queries.resolution_facts(hall.conference, resolution)
        data = resolution_doc.build_docx(facts)
        assert data == resolution_doc.build_docx(facts)
        text = docx_text(data)
        assert "NGHỊ QUYẾT" in text
        assert "QUYẾT NGHỊ:" in text
        assert f"Số: {resolution.number}" in text
        assert "Điều 2. Giao Thủ trưởng tổ chức thực hiện." in text
        assert "7/10 người có mặt tán thành (70,00%)" in text
        assert vote.bulletin_digest in text
        assert "TM. HỘI NGHỊ" in text


class TestReviews:
    def test_adoption_schedules_reviews_at_six_and_twelve_months_art_52_3(self, hall):
        drafted(hall)
        secret_motion(hall, agree=6, disagree=4)
        resolution = records.adopt_resolution(actor=hall.head, conference=hall.conference)
        day = resolution.adopted_on
        reviews = records_queries.reviews_of(resolution)
        assert [(r.period, r.due_on) for r in reviews] == [
            (1, records.add_months(day, 6)),
            (2, records.add_months(day, 12)),
        ]
        assert records.add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
        assert records.add_months(dt.date(2025, 3, 5), 12) == dt.date(2026, 3, 5)
        assert all(r.status == ReviewStatus.DUE for r in reviews)

    def test_reporting_discloses_to_staff_and_emits_a_fact(self, hall):
        drafted(hall)
        secret_motion(hall, agree=6, disagree=4)
        resolution = records.adopt_resolution(actor=hall.head, conference=hall.conference)
        review = records_queries.reviews_of(resolution)[0]
        assert [d.pk for d in records_queries.reviews_due(hall.head)] == [
            r.pk for r in records_queries.reviews_of(resolution)
        ]
        assert len(records_queries.reviews_due(hall.world.union)) == 2
        assert records_queries.reviews_due(hall.world.staff) == []
        done = records.report_review(
            actor=hall.head, review=review, report="Đã thực hiện 80% chỉ tiêu."
        )
        assert done.status == ReviewStatus.DONE
        disclosure = Disclosure.objects.get(pk=done.disclosure_id)
        assert "80% chỉ tiêu" in disclosure.body
        assert Fact.objects.filter(kind="resolution.reviewed", target_id=str(review.pk)).exists()
        with pytest.raises(Refused):
            records.report_review(actor=hall.head, review=review, report="again")
        assert len(records_queries.reviews_due(hall.head)) == 1

    def test_staff_may_not_report(self, hall):
        drafted(hall)
        secret_motion(hall, agree=6, disagree=4)
        resolution = records.adopt_resolution(actor=hall.head, conference=hall.conference)
        review = records_queries.reviews_of(resolution)[0]
        with pytest.raises(PermissionDenied):
            records.report_review(actor=hall.world.staff, review=review, report="x")


def test_held_conference_minutes_have_its_end_time(hall):
    attendance.end_session(actor=hall.head, conference=hall.conference)
    hall.conference.refresh_from_db()
    facts = records_queries.minutes_facts(hall.conference)
    assert "Hội nghị kết thúc lúc" in minutes_doc.closing_line(facts)
    assert "……" not in minutes_doc.closing_line(facts)


def test_an_election_and_a_vote_of_confidence_in_the_minutes_name_the_people(hall):
    """Art. 51.2.c: elected with more than 50% of those present; the minutes name who."""
    union, staff = hall.world.union, hall.world.staff
    election = voting.create_vote(
        actor=hall.head, conference=hall.conference, title="Bầu Ban Thanh tra nhân dân",
        kind=VoteKind.ELECTION, secret=False, seats=1,
        candidate_ids=[union.person_id, staff.person_id],
    )  # fmt: skip
    confidence = voting.create_vote(
        actor=hall.head, conference=hall.conference, title="Lấy phiếu tín nhiệm",
        kind=VoteKind.CONFIDENCE, secret=False, candidate_ids=[staff.person_id],
    )  # fmt: skip
    for vote in (election, confidence):
        voting.open_vote(actor=hall.head, vote=vote)
    for voter in hall.voters[:6]:
        voting.cast_open_ballot(actor=voter, vote=election, choices=[union.person_id])
        voting.cast_open_ballot(
            actor=voter, vote=confidence,
            choices=[{"candidate_id": staff.person_id, "level": "high"}],
        )  # fmt: skip
    for vote in (election, confidence):
        voting.close_vote(actor=hall.head, vote=vote)
    text = docx_text(minutes_doc.build_docx(records_queries.minutes_facts(hall.conference)))
    assert f"Trúng cử: {union.person.full_name}" in text
    assert f"- {union.person.full_name}: 6 phiếu (60,00%)." in text
    assert f"- {staff.person.full_name}: Tín nhiệm cao 6; Tín nhiệm 0; Tín nhiệm thấp 0." in text
    assert "hình thức: biểu quyết công khai" in text
