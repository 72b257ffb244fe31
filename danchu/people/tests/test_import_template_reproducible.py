"""The staff import template is byte-for-byte the same each time (danchu.core.reproducible)."""

import datetime as dt

import pytest
import time_machine

from danchu.people.staff_import.template import build_template


@pytest.mark.django_db
def test_the_staff_import_template_is_the_same_each_time():
    with time_machine.travel(dt.datetime(2025, 1, 1, tzinfo=dt.UTC), tick=False):
        first = build_template("xlsx")
    with time_machine.travel(dt.datetime(2025, 6, 1, 3, 4, 5, tzinfo=dt.UTC), tick=False):
        assert build_template("xlsx") == first
