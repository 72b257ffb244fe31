"""A version's digest can be recomputed from the stored record at any later time."""

import datetime as dt
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.disclosures import services
from danchu.disclosures.content import digest_fields, disclosure_digest
from danchu.disclosures.models import Disclosure
from danchu.organizations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_the_stored_digest_is_recomputable_after_a_round_trip(member_of, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    unit = UnitFactory()
    head = member_of(unit, "head")
    later = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")) + dt.timedelta(hours=2)
    pdf = SimpleUploadedFile("kế-hoạch.pdf", b"%PDF-1.4\n% demo\n", content_type="text/plain")
    item = services.publish_disclosure(
        actor=head,
        unit=unit,
        category="work_plan",
        title="Kế hoạch công tác năm 2027",
        body="Nội dung",
        decision_date=later.date() - dt.timedelta(days=1),
        publish_at=later,
        attachments=[pdf],
    )
    stored = Disclosure.objects.get(pk=item.pk)
    hashes = [a.sha256 for a in stored.attachments.all()]
    assert disclosure_digest(digest_fields(stored), hashes) == stored.digest == item.digest


def test_control_characters_are_removed_before_storing(member_of):
    unit = UnitFactory()
    item = services.publish_disclosure(
        actor=member_of(unit, "head"),
        unit=unit,
        category="other",
        title="Kế hoạch\x00 năm",
        body="Dòng 1\nDòng\x07 2",
    )
    assert (item.title, item.body) == ("Kế hoạch năm", "Dòng 1\nDòng 2")
