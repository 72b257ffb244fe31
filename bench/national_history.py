"""Recorded activity for every unit of a large seeded province, written in bulk (bench/national.py
runs it with the server's environment after `seed_demo --factor N`):

    python bench/national_history.py --years 3

The demo's own history (`seed_demo_compliance`) goes through the services one conference and one
check-in at a time, which is right for 540 units and far too slow for 45,000. Here the facts those
services emit are inserted directly, in batches, with the same kinds and data: each party
organisation's steering committee set up in 2021 and consolidated every February; each agency's
annual conference in January of each year, its inspection board's term, its work plan consulted,
and four disclosures a year. A few units fall short on purpose (a late conference, a board
whose term ran out, a disclosure published late). Then the daily run
(`manage.py compliance_refresh`) turns the facts into obligations, results and tallies through
the real engine. Prints, on its last line, JSON: how many facts were written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BATCH = 5_000
DISCLOSURES_PER_YEAR = 4


def facts_for(unit: Any, today: dt.date, years: int) -> Iterator[dict[str, Any]]:
    """The facts of one unit over the last `years` years (dicts of Fact fields)."""
    from danchu.organizations.models import EMPLOYER_KINDS, PARTY_KINDS

    n = unit.pk
    if unit.kind in PARTY_KINDS:
        yield {"kind": "steering_committee.established", "on": dt.date(2021, 3, 1 + n % 20)}
        for year in range(2022, today.year + 1):
            day = dt.date(year, 2, 10 + n % 15)
            if day <= today and not (year == today.year and n % 41 == 0):  # a few not yet
                yield {"kind": "steering_committee.consolidated", "on": day}
        return
    if unit.kind not in EMPLOYER_KINDS:
        return
    first = today.year - years
    for work_year in range(first, today.year):
        late = n % 37 == 0 and work_year == today.year - 1
        held = dt.date(work_year + 1, 5 if late else 1, 12 + n % 15)
        yield {"kind": "conference.held", "on": held, "data": {"year": work_year, "kind": "annual"}}
        yield {
            "kind": "consultation.synthesis_published",
            "on": dt.date(work_year + 1, 1, 5),
            "data": {"topic": "work_plan"},
        }
    lapsed = n % 53 == 0
    start = dt.date(first, 1, 20)
    end = dt.date(today.year - 1, 12, 31) if lapsed else dt.date(first + 5, 1, 19)
    yield {
        "kind": "inspection_board.term_started",
        "on": start,
        "data": {"term_start": start, "term_end": end, "members": 3},
    }
    for year in range(first + 1, today.year + 1):
        for k in range(DISCLOSURES_PER_YEAR):
            day = dt.date(year, 1 + 3 * k, 3 + n % 20)
            if day > today:
                break
            due = day - dt.timedelta(days=3) if (n + k) % 29 == 0 else day
            yield {
                "kind": "disclosure.published",
                "on": day,
                "data": {
                    "version": 1,
                    "due_on": due,
                    "visible_until": day + dt.timedelta(days=30),
                },
            }


def write(years: int) -> int:
    from django.db import transaction
    from django.utils import timezone

    from danchu.facts.models import Fact
    from danchu.organizations.models import Unit

    today = timezone.localdate()
    batch: list[Fact] = []
    written = 0
    with transaction.atomic():
        for unit in Unit.objects.order_by("path").only("pk", "kind").iterator(chunk_size=5000):
            for fact in facts_for(unit, today, years):
                batch.append(
                    Fact(
                        kind=fact["kind"],
                        unit_id=unit.pk,
                        occurred_on=fact["on"],
                        data=fact.get("data", {}),
                        target_type="bench.national",
                        target_id=str(unit.pk),
                    )
                )
                if len(batch) >= BATCH:
                    Fact.objects.bulk_create(batch)
                    written += len(batch)
                    batch = []
        Fact.objects.bulk_create(batch)
    return written + len(batch)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from danchu.facts.models import Fact

    if Fact.objects.filter(target_type="bench.national").exists():
        print(json.dumps({"facts": 0, "note": "already written"}))
        return
    print(json.dumps({"facts": write(args.years)}))


if __name__ == "__main__":
    main()
