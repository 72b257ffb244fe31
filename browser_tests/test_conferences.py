"""The staff conference end to end (issue 13): the head checks people in at the door (finding a
name typed without accents), records the counting board and puts a secret vote from the console;
three voters, each in their own browser, take their ballot code and vote in the booth (one on a
phone); the projector page shows the turnout change without a reload, then the result after the
head closes the vote; the published list of ballots recounts with tools/verify_bulletin.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser_tests.helpers import Shoot, assert_accessible, both_widths, in_both_languages, login
from danchu.conferences import attendance, planning
from danchu.conferences.models import Ballot, Conference, Vote
from danchu.conferences.tests.conftest import people
from danchu.core.text import fold
from danchu.organizations.models import Unit
from danchu.people.models import User

pytestmark = pytest.mark.browser

VERIFIER = Path(__file__).resolve().parents[1] / "tools" / "verify_bulletin.py"
VOTE_TITLE = "Thông qua Quy chế chi tiêu nội bộ"


def _planned() -> Conference:
    head = User.objects.get(username="head")
    unit = Unit.objects.get(code="so-noi-vu")
    conference, _warnings = planning.plan_conference(
        actor=head, unit=unit, year=2025, kind="annual",
        scheduled_at=planning.timezone.now(), venue="Hội trường tầng 3",
    )  # fmt: skip
    return conference


def _everyone_else_present(conference: Conference, but: list[int]) -> None:
    others = conference.participants.exclude(person_id__in=but).values_list("person_id", flat=True)
    attendance.check_in(
        actor=User.objects.get(username="head"), conference=conference, person_ids=list(others)
    )


def _vote_in_booth(page: Page, vote: Vote, answer: str) -> str:
    page.goto(f"/conferences/votes/{vote.pk}/")
    page.get_by_role("button", name="Nhận phiếu bầu của tôi").click()
    code = page.locator(".token-card code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code)
    assert code not in page.url
    page.locator(f"input[name=answer][value={answer}]").check()
    page.get_by_role("button", name="Bỏ phiếu").click()
    expect(page.locator("h1")).to_have_text("Phiếu của bạn đã được bỏ")
    return page.locator(".confirmation code").inner_text()


def test_check_in_secret_vote_from_three_sessions_and_the_projector(
    page: Page, new_page: Callable[[], Page], shoot: Shoot, tmp_path: Path
) -> None:
    conference = _planned()
    voters = {name: User.objects.get(username=name) for name in ("staff", "union", "inspector")}
    _everyone_else_present(conference, people(*voters.values()))

    # The door: the head finds the staff member by their given name typed without accents.
    login(page, "head")
    page.locator("header nav a[href='/conferences/']:visible").click()
    page.locator(f"#main a[href='/conferences/{conference.pk}/']").click()
    page.get_by_role("link", name="Điểm danh tại cửa").click()
    for user in voters.values():
        assert user.person is not None
        page.locator("#id_q").fill(fold(user.person.given_name))  # "Đức" typed as "duc"
        row = page.locator(f"#p{user.person_id}")
        expect(row).to_be_visible()
        row.get_by_role("button").click()
        expect(row).to_contain_text("Có mặt")
    expect(page.locator(".quorum")).to_contain_text("Đủ số lượng")
    in_both_languages(page, shoot, "check-in")
    page.get_by_role("button", name="Khai mạc hội nghị").click()

    # The console: the counting board (the union chair) and a secret motion, opened.
    page.goto(f"/conferences/{conference.pk}/console/")
    page.locator("#main details summary").first.click()
    page.locator(f"input[name=c-person_ids][value='{voters['union'].person_id}']").check()
    page.get_by_role("button", name="Lưu Ban kiểm phiếu").click()
    page.locator("#id_v-title").fill(VOTE_TITLE)
    page.locator("#id_v-kind").select_option("motion")
    page.get_by_role("button", name="Chuẩn bị biểu quyết").click()
    page.locator("form[action$='/open/'] button").click()
    vote = Vote.objects.get(title=VOTE_TITLE)
    assert (vote.status, vote.secret) == ("open", True)
    in_both_languages(page, shoot, "console")

    # The projector, for anyone with the link.
    screen = new_page()
    screen.goto(f"/conferences/votes/{vote.pk}/projector/")
    expect(screen.locator(".big-figure")).to_contain_text("0 phiếu đã bỏ")

    # Three voters in their own browsers; the last on a phone.
    trackers = []
    for name, answer in (("staff", "agree"), ("inspector", "agree")):
        voter = new_page()
        login(voter, name)
        trackers.append(_vote_in_booth(voter, vote, answer))
    expect(screen.locator(".big-figure")).to_contain_text("2 phiếu đã bỏ", timeout=2_000)
    phone = new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    login(phone, "union")
    phone.goto(f"/conferences/votes/{vote.pk}/")
    phone.get_by_role("button", name="Nhận phiếu bầu của tôi").click()
    assert_accessible(phone)
    shoot(phone, "booth-390")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.locator("input[name=answer][value=disagree]").check()
    phone.get_by_role("button", name="Bỏ phiếu").click()
    trackers.append(phone.locator(".confirmation code").inner_text())
    assert_accessible(phone)
    expect(screen.locator(".big-figure")).to_contain_text("3 phiếu đã bỏ", timeout=2_000)
    assert sorted(trackers) == sorted(
        Ballot.objects.filter(vote=vote).values_list("tracker", flat=True)
    )

    # The head closes the vote after checking; the projector turns to the result by itself.
    page.goto(f"/conferences/{conference.pk}/console/")
    page.get_by_role("link", name="Kết thúc và kiểm phiếu").click()
    page.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    expect(screen.locator(".verdict")).to_be_visible(timeout=3_000)
    expect(screen.locator("table.data")).to_contain_text("Đồng ý")
    both_widths(screen, shoot, "projector")
    assert_accessible(screen)

    # The list of ballots, downloaded from the projector, recounts with the standalone verifier.
    with screen.expect_download() as download:
        screen.get_by_role("link", name="Tải danh sách phiếu (JSON)").click()
    saved = tmp_path / "bulletin.json"
    download.value.save_as(saved)
    bulletin = json.loads(saved.read_text(encoding="utf-8"))
    assert sorted(b["tracker"] for b in bulletin["ballots"]) == sorted(trackers)
    run = subprocess.run(
        [sys.executable, "-S", str(VERIFIER), str(saved), "--tracker", trackers[0]],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
