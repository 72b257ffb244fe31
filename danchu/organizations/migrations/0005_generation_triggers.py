"""Cached reads of the unit tree follow the `units` token (danchu.core.generations)."""

from django.db import migrations

from danchu.core.generations import watch_tables


class Migration(migrations.Migration):
    dependencies = [("organizations", "0004_fill_unit_sort_key"), ("core", "0001_generation")]

    operations = [watch_tables("units", ["organizations_unit"])]
