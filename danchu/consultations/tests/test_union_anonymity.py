"""Issue 11, finding 1: a staff member gives a named opinion, one through the union, and another
named one, back to back. Wherever the union opinion falls among them (before, between, after),
nothing in the database, the logs, the admin site or the API orders or times it relative to the
named ones: each observer sees the same thing in all three cases."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from danchu.anonymity.models import AnonymousAct, SealedBatch
from danchu.anonymity.services import seal_past_days
from danchu.anonymity.verify import problems
from danchu.audit.models import Entry
from danchu.consultations.models import Opinion
from danchu.consultations.tests.conftest import BASE, open_one
from danchu.people.tests.factories import UserFactory
from danchu.people.tokens import make_token

pytestmark = pytest.mark.django_db

FIRST_NAMED = BASE.replace(hour=10, minute=0)
SECOND_NAMED = BASE.replace(hour=10, minute=2)
# Where the union opinion falls: before, between or after the named ones.
UNION_AT = {
    "before": BASE.replace(hour=9, minute=30),
    "between": BASE.replace(hour=10, minute=1),
    "after": BASE.replace(hour=10, minute=30),
}
MIDNIGHT = BASE.replace(hour=0, minute=0)
UNION_TEXT = "Góp ý gửi qua công đoàn"
# Whatever the tests write outside the scenario's moments (users, logins, the seal) is stamped at
# this moment, not at the real clock's, which once fell on 10:01 and matched a union time.
ELSEWHEN = BASE.replace(day=7, hour=15, minute=37)


@pytest.fixture(autouse=True)
def _clock_stopped_away_from_the_moments():
    with time_machine.travel(ELSEWHEN, tick=False):
        yield


def api(user: Any) -> Client:
    return Client(headers={"authorization": f"Bearer {make_token(user)}", "accept-language": "vi"})


def rows_of_every_table() -> dict[str, set[tuple[Any, ...]]]:
    with connection.cursor() as cursor:
        tables = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = {tuple(map(str, row)) for row in cursor.fetchall()}
        return tables


def written_between(before: dict[str, set[Any]], after: dict[str, set[Any]]) -> dict[str, Any]:
    """The rows each table gained or lost (a changed row is both)."""
    changed = {t: (after[t] - before.get(t, set()), before.get(t, set()) - after[t]) for t in after}
    return {t: diff for t, diff in changed.items() if diff != (set(), set())}


def moment_patterns(moment: dt.datetime) -> list[str]:
    """How a moment (to the minute) may be written in a row, a log line or a page."""
    utc = moment.astimezone(dt.UTC)
    return [f"{when:%Y-%m-%d}{sep}{when:%H:%M}" for when in (moment, utc) for sep in (" ", "T")] + [
        f"{moment:%H:%M}",
        f"{moment:%H}g{moment:%M}",
        f"{moment:%d/%m/%Y %H:%M}",
    ]


def shown_in(patterns: list[str], text: str) -> list[str]:
    """The patterns `text` holds as a time of their own: "10:30" in "10:30" or "10:30:00", not as
    the minutes and seconds of another time ("22:10:30", the real clock in a row it stamps)."""
    return [p for p in patterns if re.search(rf"(?<![\d:]){re.escape(p)}", text)]


@pytest.fixture
def scenario(world, caplog, request):
    """Open a consultation, give the three opinions by API and return what was seen."""
    union_at = UNION_AT[request.param]
    caplog.set_level(logging.DEBUG)
    with time_machine.travel(BASE, tick=False):
        consultation = open_one(world, visibility="head_only")
    url = f"/api/v1/consultations/{consultation.pk}/opinions"
    staff = api(world.staff)
    steps = sorted(
        [
            (FIRST_NAMED, {"text": "Ý kiến thứ nhất"}),
            (union_at, {"text": UNION_TEXT, "via_union": True}),
            (SECOND_NAMED, {"text": "Ý kiến thứ hai"}),
        ],
        key=lambda step: step[0],
    )
    seen: dict[str, Any] = {"union_at": union_at, "consultation": consultation, "url": url}
    for moment, payload in steps:
        with time_machine.travel(moment, tick=False):
            before, logged = rows_of_every_table(), len(caplog.records)
            response = staff.post(url, payload, content_type="application/json")
            assert response.status_code == 201, response.content
            if payload.get("via_union"):
                seen["union_id"] = response.json()["id"]
                seen["written"] = written_between(before, rows_of_every_table())
                seen["logged"] = caplog.records[logged:]
    return seen


@pytest.mark.parametrize("scenario", list(UNION_AT), indirect=True)
class TestTheUnionOpinionCannotBePlaced:
    def test_its_act_writes_only_random_keyed_rows_holding_the_day(self, scenario):
        union = Opinion.objects.get(pk=scenario["union_id"])
        act = AnonymousAct.objects.get(target_id=str(union.pk))
        # No sequence moved, no counter or timestamp updated, no audit entry appended.
        assert set(scenario["written"]) == {"consultations_opinion", "anonymity_anonymousact"}
        assert all(not lost for _gained, lost in scenario["written"].values())
        assert union.created_at == MIDNIGHT
        assert union.author_id is None
        assert act.day == BASE.date()
        assert (union.pk, act.pk) != (None, None)

    def test_the_audit_chain_holds_only_the_named_opinions_until_the_day_is_sealed(
        self, scenario, world
    ):
        given = Entry.objects.filter(action="consultations.opinion_given").order_by("seq")
        assert [(e.actor_label, e.created_at) for e in given] == [
            (world.staff.username, FIRST_NAMED),
            (world.staff.username, SECOND_NAMED),
        ]
        first, second = given
        assert not Entry.objects.filter(seq__gt=first.seq, seq__lt=second.seq).exists()
        assert str(scenario["union_id"]) not in str(list(Entry.objects.values()))
        seal_past_days(now=BASE + dt.timedelta(days=1, hours=1))
        (seal,) = Entry.objects.filter(action="anonymity.batch_sealed")
        assert seal.seq > second.seq
        assert seal.changes["count"] == 1
        assert seal.actor_id is None
        assert problems() == []

    def test_the_api_lists_it_by_day_the_same_way_wherever_it_fell(self, scenario, world):
        items = api(world.head).get(scenario["url"]).json()["items"]
        assert [(i["via_union"], dt.datetime.fromisoformat(i["created_at"])) for i in items] == [
            (True, MIDNIGHT),
            (False, FIRST_NAMED),
            (False, SECOND_NAMED),
        ]
        assert world.staff.person.full_name not in items[0]["author"]

    def test_nothing_logged_about_it(self, scenario, caplog):
        assert scenario["logged"] == []
        union_id = str(scenario["union_id"])
        assert not [r for r in caplog.records if union_id in r.getMessage()]
        assert not [r for r in caplog.records if UNION_TEXT in r.getMessage()]

    def test_no_row_of_any_table_holds_its_time(self, scenario):
        seal_past_days(now=BASE + dt.timedelta(days=1, hours=1))
        patterns = moment_patterns(scenario["union_at"])
        dump = json.dumps(rows_of_every_table(), default=sorted, ensure_ascii=False)
        assert not shown_in(patterns, dump)
        assert "10:00" in dump or "03:00" in dump  # the scan does see the named times

    def test_the_admin_site_shows_no_time_or_place_for_it(self, scenario):
        seal_past_days(now=BASE + dt.timedelta(days=1, hours=1))
        admin = Client()
        admin.force_login(UserFactory.create(is_staff=True, is_superuser=True))
        act = AnonymousAct.objects.get(target_id=str(scenario["union_id"]))
        batch = SealedBatch.objects.get()
        pages = [
            "/admin/audit/entry/",
            "/admin/anonymity/anonymousact/",
            f"/admin/anonymity/anonymousact/{act.pk}/change/",
            "/admin/anonymity/sealedbatch/",
            f"/admin/anonymity/sealedbatch/{batch.pk}/change/",
        ]
        patterns = moment_patterns(scenario["union_at"])
        for page in pages:
            html = admin.get(page).content.decode()
            assert not shown_in(patterns, html), page
        entries = admin.get("/admin/audit/entry/").content.decode()
        assert str(scenario["union_id"]) not in entries

    def test_the_head_watching_the_list_sees_it_only_the_next_day(self, scenario, world):
        head = api(world.head)
        with time_machine.travel(SECOND_NAMED + dt.timedelta(hours=12), tick=False):
            assert head.get(scenario["url"]).json()["count"] == 2  # the named ones only
        with time_machine.travel(MIDNIGHT + dt.timedelta(days=1), tick=False):
            assert head.get(scenario["url"]).json()["count"] == 3  # the whole day at once


def test_the_page_form_writes_only_random_keyed_rows_too(world, client_as):
    with time_machine.travel(BASE, tick=False):
        consultation = open_one(world)
    staff = client_as(world.staff)
    url = reverse("consultation_opinion", args=[consultation.pk])
    with time_machine.travel(UNION_AT["between"], tick=False):
        staff.post(url, {"text": "Ý kiến thứ nhất"})
        before = rows_of_every_table()
        response = staff.post(url, {"text": UNION_TEXT, "via_union": "on"})
        written = written_between(before, rows_of_every_table())
    assert response.status_code == 302
    assert set(written) == {"consultations_opinion", "anonymity_anonymousact"}
    assert all(not lost for _gained, lost in written.values())
