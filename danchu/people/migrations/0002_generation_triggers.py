"""Cached reads of users, persons and roles follow the `people` token (danchu.core.generations)."""

from django.db import migrations

from danchu.core.generations import watch_tables


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial"), ("core", "0001_generation")]

    operations = [
        watch_tables("people", ["people_user", "people_person", "people_roleassignment"]),
    ]
