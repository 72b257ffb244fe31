"""The legal rules of disclosure, each test naming the article it checks (`disclosures.rules`)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from danchu.disclosures import queries, rules
from danchu.disclosures.errors import SourceDateRequired
from danchu.disclosures.forms import DisclosureForm
from danchu.disclosures.models import Category, Disclosure
from danchu.disclosures.tests.test_api_support import BASE, URL, new_item, post_json
from danchu.disclosures.tests.test_views_support import World, form_data, publish
from danchu.organizations.models import Unit

pytestmark = pytest.mark.django_db

# Art. 46, clauses 1 and 12 are the only categories without one dated decision or document.
DATED = [c for c in Category if c not in (Category.POLICY_LAW, Category.OTHER)]


class TestPeriod:
    def test_art_48_1_twenty_days_not_counting_the_day_of_publication_civil_code_147_1(self):
        # Published on Wednesday 04/03/2026: day 1 is 05/03, day 20 is 24/03.
        assert rules.visible_until(dt.date(2026, 3, 4)) == dt.date(2026, 3, 24)
        assert (rules.visible_until(dt.date(2026, 3, 4)) - dt.date(2026, 3, 4)).days == 20

    def test_art_48_the_last_day_is_within_the_period(self):
        last = dt.date(2026, 3, 24)
        assert rules.is_within_period(last, today=last)
        assert not rules.is_within_period(last, today=last + dt.timedelta(days=1))

    def test_art_47_2_five_working_days_skip_the_weekend(self):
        assert rules.due_date(dt.date(2026, 3, 6)) == dt.date(2026, 3, 13)  # Friday → Friday

    def test_art_48_the_inbox_current_view_drops_an_item_after_its_period_the_register_keeps_it(
        self, world: World
    ):
        with time_machine.travel(BASE, tick=False):
            item = publish(world.head, world.agency)
        with time_machine.travel(BASE + dt.timedelta(days=20), tick=False):
            assert list(queries.inbox(world.staff)) == [item]
        with time_machine.travel(BASE + dt.timedelta(days=21), tick=False):
            assert list(queries.inbox(world.staff)) == []
            assert list(queries.inbox(world.staff, current=False)) == [item]
            assert [row.pk for row in queries.register(world.head, world.agency)[0:10]] == [item.pk]


class TestSourceDate:
    @pytest.mark.parametrize("category", DATED)
    def test_art_47_2_the_date_is_required_for_a_dated_category(self, world: World, category):
        with pytest.raises(SourceDateRequired):
            publish(world.head, world.agency, category=category, decision_date=None)
        assert not Disclosure.objects.exists()

    @pytest.mark.parametrize("category", [Category.POLICY_LAW, Category.OTHER])
    def test_art_46_clauses_1_and_12_may_go_without_and_say_why(self, world: World, category):
        item = publish(world.head, world.agency, category=category, decision_date=None)
        assert item.due_on is None
        with translation.override("en"):
            assert "art. 47.2" in item.deadline_note
            assert "does not apply" in item.deadline_note
        assert "không áp dụng thời hạn 5 ngày làm việc (Điều 47.2)" in item.deadline_note

    def test_art_47_2_an_old_item_without_a_date_says_the_deadline_was_not_checked(
        self, world: World
    ):
        item = publish(world.head, world.agency)
        Disclosure.objects.filter(pk=item.pk).update(decision_date=None, due_on=None)
        item.refresh_from_db()
        with translation.override("en"):
            assert "could not be checked" in item.deadline_note

    def test_art_47_2_the_api_answers_422_with_its_code(self, world: World):
        with time_machine.travel(BASE, tick=False):
            response = post_json(world.head, URL, new_item(world.agency, decision_date=None))
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "source_date_required"
        assert body["errors"] == [{"field": "decision_date", "code": "source_date_required"}]
        assert "art. 47.2" in body["detail"]

    def test_art_47_2_the_form_shows_the_error_on_the_date_field(self, world: World):
        data = form_data(world.agency, decision_date="")
        form = DisclosureForm(data, units=[world.agency], audience=Unit.objects.none())
        assert not form.is_valid()
        assert "decision_date" in form.errors
        data = form_data(world.agency, decision_date="", category=Category.POLICY_LAW)
        assert DisclosureForm(data, units=[world.agency], audience=Unit.objects.none()).is_valid()


def test_art_47_2_the_api_and_the_page_say_why_the_deadline_was_not_checked(world, client_as):
    from danchu.disclosures.tests.test_api_support import get

    with time_machine.travel(BASE, tick=False):
        item = publish(world.head, world.agency, category=Category.OTHER, decision_date=None)
        body = get(world.staff, f"{URL}/{item.pk}").json()
        page = client_as(world.staff).get(f"/disclosures/{item.pk}/").content.decode()
    assert "art. 47.2" in body["deadline_note"]
    assert "47.2" in page
