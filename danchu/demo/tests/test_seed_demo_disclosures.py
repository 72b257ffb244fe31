import pytest
from django.core.management import call_command

from danchu.audit.verify import verify_chain
from danchu.disclosures.content import digest_fields, disclosure_digest
from danchu.disclosures.models import Acknowledgement, Disclosure
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
    assert all(i.visible_until > i.publish_at.date() for i in items)
    assert verify_chain().ok


def test_if_empty_adds_nothing_the_second_time(demo):
    call_command("seed_demo_disclosures", "--count", "5", "--if-empty")
    call_command("seed_demo_disclosures", "--count", "5", "--if-empty")
    assert Disclosure.objects.count() == 5
