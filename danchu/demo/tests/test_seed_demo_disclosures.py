import pytest
from django.core.management import call_command
from django.utils import timezone

from danchu.audit.verify import verify_chain
from danchu.disclosures import rules
from danchu.disclosures.content import digest_fields, disclosure_digest
from danchu.disclosures.models import Acknowledgement, Disclosure, NoticeNumber, NoticeSeries
from danchu.disclosures.queries import find_by_digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--factor", "0.05", stdout=None)


def test_demo_disclosures_are_complete_and_verifiable(demo):
    call_command("seed_demo_disclosures", "--count", "50")
    items = list(Disclosure.objects.filter(unit__code="so-noi-vu"))
    assert len(items) == 50
    assert Acknowledgement.objects.filter(disclosure__in=items).exists()
    item = items[0]
    assert item.digest == disclosure_digest(digest_fields(item), [])
    assert find_by_digest(item.digest) == item
    assert verify_chain().ok


def test_demo_disclosures_follow_the_law(demo):
    """Art. 48.1-2 with Civil Code art. 147.1 (visible through publication day + 20), art. 47.2
    (due 5 working days after the decision) and Decree 30/2020 (each notice numbered in its
    unit's series of the year, in publication order)."""
    call_command("seed_demo_disclosures", "--count", "50")
    items = sorted(
        Disclosure.objects.filter(unit__code="so-noi-vu").select_related("notice_number"),
        key=lambda item: (item.publish_at, item.pk),
    )
    for item in items:
        published = timezone.localdate(item.publish_at)
        assert item.visible_until == rules.visible_until(published)
        assert item.due_on == rules.due_date(item.decision_date)
        assert item.is_late == (published > item.due_on)
    years: dict[int, list[int]] = {}
    for item in items:
        years.setdefault(item.notice_number.year, []).append(item.notice_number.number)
    for year, numbers in years.items():
        assert numbers == list(range(1, len(numbers) + 1))
        assert NoticeSeries.objects.get(unit=items[0].unit, year=year).last == len(numbers)
    assert NoticeNumber.objects.count() == len(items)
    assert items[0].notice_number.text.startswith("01/TB-")


def test_if_empty_adds_nothing_the_second_time(demo):
    call_command("seed_demo_disclosures", "--count", "5", "--if-empty")
    call_command("seed_demo_disclosures", "--count", "5", "--if-empty")
    assert Disclosure.objects.count() == 5


def test_the_bell_counts_what_the_inbox_counts_for_every_demo_account(demo):
    from danchu.disclosures import queries
    from danchu.notifications.queries import unread_count
    from danchu.people.models import User

    call_command("seed_demo_disclosures", "--count", "50")
    staff = User.objects.filter(person__unit__path__startswith=_unit_path("so-noi-vu"))
    assert staff.exists()
    waiting = 0
    for user in staff.select_related("person")[:8]:
        acknowledged = queries.acknowledged_ids(user.person_id)
        unread = [item for item in queries.inbox(user) if item.pk not in acknowledged]
        assert unread_count(user) == len(unread), user.username
        waiting += len(unread)
    assert waiting


def _unit_path(code: str) -> str:
    from danchu.organizations.models import Unit

    return Unit.objects.get(code=code).path
