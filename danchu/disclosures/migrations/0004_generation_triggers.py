"""Cached reads of disclosures follow the `disclosures` token, of one reader's acknowledgements
the `ack:<person id>` token, and of one item's read rate the `ackd:<disclosure id>` token
(danchu.core.generations)."""

from django.db import migrations

from danchu.core.generations import watch_rows, watch_tables


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0003_search_index"), ("core", "0001_generation")]

    operations = [
        watch_tables("disclosures", ["disclosures_disclosure", "disclosures_disclosure_audience_units"]),
        watch_rows("ack:", "disclosures_acknowledgement", "person_id"),
        watch_rows("ackd:", "disclosures_acknowledgement", "disclosure_id"),
    ]
