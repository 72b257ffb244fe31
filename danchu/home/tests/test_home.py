"""Each role's home page (issue 12): what is waiting, counted from a seeded world, each count a
link to where the items are; nothing of another unit; a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from danchu.consultations import services as consultations
from danchu.consultations.tests.conftest import open_one
from danchu.disclosures import asking
from danchu.disclosures import services as disclosures
from danchu.disclosures.models import RequestReason
from danchu.disclosures.tests.factories import publish
from danchu.home import todo
from danchu.home.todo import Section, Task
from danchu.people.tests.world import BASE, World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

TODAY = BASE.date()


def _tasks(user: Any) -> dict[str, Task]:
    """The user's tasks by their English label, every section together."""
    with translation.override("en"):
        return {task.label: task for section in todo.sections(user) for task in section.tasks}


def _section(user: Any, key: str) -> Section | None:
    return next((s for s in todo.sections(user) if s.key == key), None)


def _counts(page: str) -> dict[str, int]:
    """What the page shows: each task's link target and count, by its label."""
    rows = re.findall(
        r'<a class="task-link" href="([^"]+)">\s*<span class="task-label">([^<]+)</span>\s*'
        r'<strong class="tag[^"]*" data-count="(\d+)">',
        page,
    )
    return {label: int(count) for _href, label, count in rows}


def _request(world: World, user: Any, **fields: Any) -> Any:
    fields.setdefault("reason", RequestReason.EXPIRED)
    fields.setdefault("subject", "Kế hoạch tuyển dụng năm 2024")
    return asking.request_information(actor=user, unit=world.agency, **fields)


class TestStaffHome:
    def test_counts_unread_items_open_consultations_and_answers(self, world, client_as):
        first, *_rest = [publish(world.agency, world.head) for _ in range(3)]
        disclosures.acknowledge(actor=world.staff, disclosure=first)
        consultation = open_one(world)
        question = asking.ask_question(actor=world.staff, disclosure=first, body="Khi nào?")
        asking.answer_question(actor=world.head, question=question, answer="Tháng 4.")
        info = _request(world, world.staff)
        asking.answer_information_request(actor=world.head, request=info, answer="Đã gửi.")

        tasks = _tasks(world.staff)

        assert tasks["Disclosures you have not read"].count == 2
        assert tasks["Disclosures you have not read"].url == reverse("disclosure_inbox")
        waiting = tasks["Consultations waiting for your opinion"]
        assert waiting.count == 1
        assert waiting.url == reverse("consultation_detail", args=[consultation.pk])
        answered = tasks["Your questions answered"]
        assert (answered.count, answered.url) == (1, reverse("disclosure_detail", args=[first.pk]))
        requests = tasks["Your information requests answered"]
        assert requests.url == reverse("information_request_detail", args=[info.pk])

    def test_an_opinion_given_takes_the_consultation_off_the_list(self, world):
        consultation = open_one(world)
        consultations.give_opinion(actor=world.staff, consultation=consultation, text="Đồng ý.")
        assert _tasks(world.staff)["Consultations waiting for your opinion"].count == 0
        assert _tasks(world.dept_staff)["Consultations waiting for your opinion"].count == 1

    def test_the_page_shows_each_count_as_a_link(self, world, client_as):
        publish(world.agency, world.head)
        page = client_as(world.staff).get(reverse("home")).content.decode()
        assert _counts(page)["Nội dung công khai bạn chưa đọc"] == 1
        assert f'href="{reverse("disclosure_inbox")}"' in page

    def test_nothing_waiting_says_so(self, world, client_as):
        page = client_as(world.outsider).get(reverse("home")).content.decode()
        assert "Không có việc nào đang chờ bạn." in page

    def test_another_units_staff_sees_none_of_it(self, world, client_as):
        item = publish(world.agency, world.head)
        open_one(world)
        question = asking.ask_question(actor=world.staff, disclosure=item, body="Khi nào?")
        asking.answer_question(actor=world.head, question=question, answer="Tháng 4.")
        assert all(task.count == 0 for task in _tasks(world.outsider).values())
        assert _section(world.outsider, "head") is None
        assert _section(world.outsider, "union") is None

    def test_answers_older_than_two_weeks_have_left_the_home(self, world, frozen):
        item = publish(world.agency, world.head)
        question = asking.ask_question(actor=world.staff, disclosure=item, body="Khi nào?")
        asking.answer_question(actor=world.head, question=question, answer="Tháng 4.")
        frozen.shift(dt.timedelta(days=15))
        assert _tasks(world.staff)["Your questions answered"].count == 0


class TestHeadHome:
    def test_counts_what_the_head_must_do(self, world, frozen):
        # Decided ten days ago, scheduled for tomorrow: after its 5-working-day deadline.
        publish(
            world.agency,
            world.head,
            decision_date=TODAY - dt.timedelta(days=10),
            late_reason="Chờ ý kiến của cấp trên.",
            publish_at=BASE + dt.timedelta(days=1),
        )
        _request(world, world.staff)
        ending = open_one(world)  # closes in 9 days
        consultations.give_opinion(actor=world.staff, consultation=ending, text="Đồng ý.")
        later = open_one(
            world,
            title="Quy chế chi tiêu nội bộ",
            opens_at=BASE + dt.timedelta(days=13),
            closes_at=BASE + dt.timedelta(days=22),
        )
        frozen.shift(dt.timedelta(days=16))  # the request is overdue, the first one closed

        tasks = _tasks(world.head)

        scheduled = tasks["Disclosures scheduled, not yet published"]
        assert scheduled.url == reverse("disclosure_register", args=[world.agency.pk])
        assert scheduled.count == 0  # tomorrow has come: it is out
        requests = tasks["Information requests to answer"]
        assert (requests.count, requests.urgent, requests.hint) == (1, True, "1 overdue")
        opinions = tasks["Opinions to answer"]
        assert opinions.count == 1
        assert opinions.url == reverse("consultation_dispositions", args=[ending.pk])
        assert tasks["Consultations closed, synthesis not published"].count == 1
        closing = tasks["Consultations closing soon"]
        assert (closing.count, closing.url) == (0, reverse("consultation_list"))
        assert later.pk not in todo.queries.head_todo(world.head).ending  # closes in 8 days

    def test_scheduled_items_after_their_deadline_are_urgent(self, world):
        publish(
            world.agency,
            world.head,
            decision_date=TODAY - dt.timedelta(days=10),
            late_reason="Chờ ý kiến của cấp trên.",
            publish_at=BASE + dt.timedelta(days=1),
        )
        publish(world.agency, world.head, publish_at=BASE + dt.timedelta(days=1))
        scheduled = _tasks(world.head)["Disclosures scheduled, not yet published"]
        assert (scheduled.count, scheduled.urgent) == (2, True)
        assert "1 will come out after its 5-working-day deadline" in scheduled.hint
        assert todo.sections(world.head)[0].key == "head"  # the most urgent section first

    def test_consultations_closing_within_two_working_days(self, world, frozen):
        consultation = open_one(world)  # closes on Friday next week
        frozen.shift(dt.timedelta(days=8))  # Thursday
        closing = _tasks(world.head)["Consultations closing soon"]
        assert closing.count == 1
        assert closing.url == reverse("consultation_detail", args=[consultation.pk])

    def test_another_units_head_sees_none_of_it(self, world, member_of, frozen):
        _request(world, world.staff)
        consultations.give_opinion(actor=world.staff, consultation=open_one(world), text="Có.")
        frozen.shift(dt.timedelta(days=14))
        other_head = member_of(world.other, "head")
        tasks = _tasks(other_head)
        own = tasks.pop("Annual staff conferences not planned yet")  # their own unit's, art. 51.1
        assert world.other.name in own.hint
        assert world.agency.name not in own.hint
        assert all(task.count == 0 for task in tasks.values())


class TestUnionHome:
    def test_drafts_wait_for_the_unions_opinion_until_it_is_given(self, world):
        consultation = open_one(world)
        task = _tasks(world.union)["Drafts waiting for the union's opinion"]
        assert (task.count, task.url) == (
            1,
            reverse("consultation_detail", args=[consultation.pk]),
        )
        consultations.record_union_opinion(
            actor=world.union, consultation=consultation, text="Công đoàn nhất trí."
        )
        assert _tasks(world.union)["Drafts waiting for the union's opinion"].count == 0

    def test_a_draft_in_the_unions_preview_waits_for_the_union(self, world):
        consultation = open_one(world, union_preview=True)
        task = _tasks(world.union)["Drafts waiting for the union's opinion"]
        assert (task.count, task.url) == (
            1,
            reverse("consultation_detail", args=[consultation.pk]),
        )

    def test_staff_have_no_union_section(self, world):
        open_one(world)
        assert _section(world.staff, "union") is None


class TestProvinceHome:
    def test_the_units_below_with_their_figures_and_registers(self, world, client_as):
        publish(world.agency, world.head)
        page = client_as(world.supervisor).get(reverse("home")).content.decode()
        register = reverse("disclosure_register", args=[world.agency.pk])
        assert f'href="{reverse("unit_detail", args=[world.agency.pk])}"' in page
        assert f'href="{register}?from=01/01/2025">1<' in page
        assert world.other.name not in page

    def test_staff_have_no_overview(self, world, client_as):
        page = client_as(world.staff).get(reverse("home")).content.decode()
        assert "Các đơn vị bạn theo dõi" not in page


@pytest.mark.parametrize("role", ["staff", "head", "union"])
def test_every_link_opens_a_page_the_user_may_see(role, world, client_as):
    item = publish(world.agency, world.head)
    question = asking.ask_question(actor=world.staff, disclosure=item, body="Khi nào?")
    asking.answer_question(actor=world.head, question=question, answer="Tháng 4.")
    _request(world, world.staff)
    open_one(world)
    user = getattr(world, role)
    client = client_as(user)
    urls = {task.url for section in todo.sections(user) for task in section.tasks}
    urls |= {url for s in todo.sections(user) for t in s.tasks for _title, url in t.items}
    assert urls
    for url in urls:
        assert client.get(url).status_code == 200, url


# The home page's queries, once the session and the cached reads are warm (the count does not
# grow with the items: the world below holds several of each): the session and the cache tokens,
# then each section's grouped reads.
# The head's 3 more (issue 13): the units they convene, their settings, the conferences planned.
# The supervisor's 7 more (issue 14): the compliance dashboard of their subtree (the duties, the
# node's children, their tallies, the scoring scheme, the units by kind, the people counted).
QUERIES = {"staff": 6, "head": 14, "union": 7, "supervisor": 19, "outsider": 6}
FIRST_VISIT = 7  # more: the user's roles, reach and readable units, then kept in the cache


@pytest.mark.parametrize("role", list(QUERIES))
def test_each_roles_home_takes_a_bounded_number_of_queries(
    role, world, client_as, django_assert_max_num_queries
):
    for _ in range(3):
        publish(world.agency, world.head)
        publish(world.dept, world.head)
        _request(world, world.staff)
        open_one(world)
    client = client_as(getattr(world, role))
    with django_assert_max_num_queries(QUERIES[role] + FIRST_VISIT):
        client.get(reverse("home"))  # the first visit reads the user's reach and units too
    with django_assert_max_num_queries(QUERIES[role]):
        assert client.get(reverse("home")).status_code == 200


def test_the_head_is_told_the_annual_conference_is_not_planned_art_51_1(world, client_as):
    """Law 10/2022/QH15 art. 51.1: held within 3 months after the work year ends."""
    import time_machine

    from danchu.conferences.tests.conftest import plan

    with time_machine.travel(dt.datetime(2025, 2, 10, 9, tzinfo=dt.UTC), tick=False):
        page = client_as(world.head).get("/").content.decode()
        assert "31/03/2025" in page
        plan(world)
        assert "31/03/2025" not in client_as(world.head).get("/").content.decode()
