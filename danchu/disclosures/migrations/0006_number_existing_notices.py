"""Give every notice published before numbering its number (Decree 30/2020): per unit and per
calendar year of publication (Vietnamese time), in order of publication. And give the items
still in their period the day the old count took off them (art. 48.1 counted as Civil Code
art. 147.1: publication day + 20, not + 19). Frozen here: no live code is imported, so later
changes cannot change what this migration did."""

import datetime as dt
import unicodedata
import zoneinfo

from django.db import migrations

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def initials(name):
    """Sở Nội vụ → SNV (as Unit.initials computed it in 2026)."""
    folded = unicodedata.normalize("NFKD", name.casefold().replace("đ", "d"))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return "".join(word[0] for word in plain.split()[:3]).upper()


def number(apps, schema_editor):
    Disclosure = apps.get_model("disclosures", "Disclosure")
    NoticeNumber = apps.get_model("disclosures", "NoticeNumber")
    NoticeSeries = apps.get_model("disclosures", "NoticeSeries")
    UnitSettings = apps.get_model("organizations", "UnitSettings")
    codes = {row.unit_id: row.document_code.strip() for row in UnitSettings.objects.all()}
    last = {}
    numbers = []
    items = Disclosure.objects.filter(notice_number__isnull=True).select_related("unit")
    for item in items.order_by("publish_at", "pk").iterator(chunk_size=2000):
        year = item.publish_at.astimezone(VIETNAM).year
        key = (item.unit_id, year)
        if key not in last:
            series = NoticeSeries.objects.filter(unit_id=item.unit_id, year=year).first()
            last[key] = series.last if series else 0
        last[key] += 1
        code = codes.get(item.unit_id) or initials(item.unit.name)
        numbers.append(
            NoticeNumber(disclosure_id=item.pk, unit_id=item.unit_id, year=year,
                         number=last[key], unit_code=code)
        )  # fmt: skip
        if len(numbers) >= 2000:
            NoticeNumber.objects.bulk_create(numbers)
            numbers = []
    NoticeNumber.objects.bulk_create(numbers)
    for (unit_id, year), value in last.items():
        NoticeSeries.objects.update_or_create(
            unit_id=unit_id, year=year, defaults={"last": value}
        )


def extend_running_periods(apps, schema_editor):
    """Items published and not yet past their old last day (publication + 19) get the 20th day."""
    Disclosure = apps.get_model("disclosures", "Disclosure")
    today = dt.datetime.now(VIETNAM).date()
    running = Disclosure.objects.filter(status="published", visible_until__gte=today)
    for item in running.only("pk", "publish_at", "visible_until").iterator(chunk_size=2000):
        published = item.publish_at.astimezone(VIETNAM).date()
        if item.visible_until == published + dt.timedelta(days=19):
            Disclosure.objects.filter(pk=item.pk).update(
                visible_until=published + dt.timedelta(days=20)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0005_notice_numbers"),
        ("organizations", "0006_unit_settings"),
    ]

    operations = [
        migrations.RunPython(number, migrations.RunPython.noop),
        migrations.RunPython(extend_running_periods, migrations.RunPython.noop),
    ]
