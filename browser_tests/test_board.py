"""The People's Inspection Board in a browser (Law 10/2022/QH15 art. 60, Decree 59/2023 art. 21):
the union nominates the candidates on the board page, the conference votes, the union recognises
the result through the check page and sees the board with its term; axe at phone width."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from browser_tests.helpers import Shoot, assert_accessible, both_widths, login
from danchu.conferences import attendance, board_rounds, booth, planning, voting
from danchu.conferences.models import Conference, Vote
from danchu.demo.plan import DEMO_AGENCY_CODE
from danchu.organizations.models import Body, Unit
from danchu.people.models import User

pytestmark = pytest.mark.browser


def _in_session() -> Conference:
    """The demo agency's annual conference, in session, everyone present, two counters."""
    head = User.objects.get(username="head")
    unit = Unit.objects.get(code=DEMO_AGENCY_CODE)
    now = timezone.now()
    conference, _warnings = planning.plan_conference(
        actor=head, unit=unit, year=now.year - 1, kind="annual", scheduled_at=now
    )
    everyone = list(conference.participants.values_list("person_id", flat=True))
    attendance.check_in(actor=head, conference=conference, person_ids=everyone)
    attendance.open_session(actor=head, conference=conference)
    with_accounts = User.objects.filter(person_id__in=everyone).exclude(pk=head.pk)
    counters = [p for p in with_accounts.values_list("person_id", flat=True) if p][:2]
    voting.set_counting_board(actor=head, conference=conference, person_ids=counters)
    conference.refresh_from_db()
    return conference


def _vote_and_end(conference: Conference, vote: Vote) -> None:
    """Everyone votes for the first 3 candidates; the chair closes the vote and the session."""
    chair = User.objects.get(person_id=conference.chair_id) if conference.chair_id else None
    chair = chair or User.objects.get(username="head")
    counter = User.objects.filter(
        person_id__in=conference.counting_board.values("person_id")
    ).first()
    voting.open_vote(actor=chair, vote=vote)
    chosen = list(vote.candidates.values_list("person_id", flat=True))[:3]
    if counter is None:
        pytest.skip("no counting-board member of the demo agency has an account")
    for token in booth.issue_slips(actor=counter, vote=vote):
        booth.cast_secret(vote_id=vote.pk, token=token, choices=chosen)
    voting.close_vote(actor=chair, vote=vote)
    attendance.end_session(actor=chair, conference=conference)


def test_the_union_nominates_and_recognises_the_board(page: Page, shoot: Shoot) -> None:
    conference = _in_session()
    if board_rounds.staff_count_of(conference) <= 7:
        pytest.skip("the demo agency is too small for a board at this scale")
    login(page, "union")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"/conferences/{conference.pk}/")
    page.get_by_role("link", name="Ban Thanh tra nhân dân").click()
    expect(page.locator("h1")).to_have_text("Ban Thanh tra nhân dân")
    assert_accessible(page)
    page.locator("#id_seats").fill("3")
    boxes = page.locator("input[name=candidate_ids]")
    for n in range(4):
        boxes.nth(n).check()
    shoot(page, "nominate-360")
    page.get_by_role("button", name="Đưa việc bầu ra hội nghị").click()
    expect(page.locator(".messages, [role=status]").first).to_be_visible()
    vote = Vote.objects.get(conference=conference, purpose="inspection_board")

    _vote_and_end(conference, vote)
    page.goto(f"/conferences/{conference.pk}/board/")
    expect(page.locator("body")).to_contain_text("Trúng cử")
    assert_accessible(page)
    page.get_by_role("link", name="Công nhận kết quả bầu").click()
    assert_accessible(page)
    shoot(page, "roles-360")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator("h1")).to_have_text("Kiểm tra trước khi công nhận Ban Thanh tra nhân dân")
    assert_accessible(page)
    shoot(page, "check-360")
    page.get_by_role("button", name="Công nhận Ban Thanh tra nhân dân").click()
    expect(page.locator("h1")).to_have_text("Đã công nhận Ban Thanh tra nhân dân")
    assert_accessible(page)
    body = Body.objects.get(recognition__vote=vote)
    assert body.term_end is not None
    term = body.term_end.strftime("%d/%m/%Y")
    expect(page.locator("body")).to_contain_text(term)
    page.goto(f"/conferences/{conference.pk}/board/")
    expect(page.locator("body")).to_contain_text(term)
    both_widths(page, shoot, "board")
