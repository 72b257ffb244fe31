"""The contention benchmark's accounts and items, made through the ORM (bench/contention.py runs
it with the server's environment):

    python bench/contention_setup.py --units 100 --staff 4 --items 10

For each of the first `--units` agencies (the demo agency aside, which holds 5,000 items), an
account for its head (`bench-<unit id>-head`, a publisher) and for `--staff` of its plain staff
(`bench-<unit id>-<n>`), with the demo password hashed by the server's first hasher; at least
`--items` published items of the unit (title "Bench <unit id> #<n>"); and no acknowledgement
by those staff, so that every acknowledgement of the run is a write. Prints, on its last line,
JSON: the password and, per unit, the accounts (with API tokens) and the item ids. Idempotent.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TITLE = "Bench"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--staff", type=int, default=4)
    parser.add_argument("--items", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    print(json.dumps(prepare(args.units, args.staff, args.items)))


def prepare(count: int, staff: int, items: int) -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    from danchu.demo.plan import DEMO_AGENCY_CODE
    from danchu.disclosures.models import Acknowledgement
    from danchu.organizations.models import EMPLOYER_KINDS, Unit

    units = list(
        Unit.objects.filter(kind__in=EMPLOYER_KINDS)
        .exclude(code=DEMO_AGENCY_CODE)
        .order_by("pk")[:count]
    )
    if len(units) < count:
        raise SystemExit(f"only {len(units)} agencies: seed a larger --factor")
    password = make_password(settings.DEMO_PASSWORD)  # hashed once: the server's first hasher
    plans = [_unit_plan(unit, staff, items, password) for unit in units]
    readers = [account["person"] for plan in plans for account in plan["staff"]]
    Acknowledgement.objects.filter(person_id__in=readers).delete()
    return {"password": settings.DEMO_PASSWORD, "units": plans}


def _unit_plan(unit: Any, staff: int, items: int, password: str) -> dict[str, Any]:
    from danchu.people.models import Role, RoleAssignment
    from danchu.people.tokens import make_token

    on_unit = RoleAssignment.objects.filter(unit=unit)
    head = on_unit.get(role=Role.HEAD).person
    holders = on_unit.exclude(role=Role.STAFF).values("person_id")
    plain = (
        on_unit.filter(role=Role.STAFF, person__user__isnull=True)
        .exclude(person_id__in=holders)
        .order_by("person_id")
    )
    users = [_account(f"bench-{unit.pk}-head", head, password)]
    for n in range(staff):
        user = _existing(f"bench-{unit.pk}-{n}", password)
        if user is None:
            assignment = plain.first()
            if assignment is None:
                raise SystemExit(f"unit {unit.pk} has fewer than {staff} plain staff")
            user = _account(f"bench-{unit.pk}-{n}", assignment.person, password)
        users.append(user)
    accounts = [
        {"username": u.username, "token": make_token(u), "person": u.person_id} for u in users
    ]
    return {
        "id": unit.pk,
        "head": accounts[0],
        "staff": accounts[1:],
        "items": _items(unit, users[0], items),
    }


def _existing(username: str, password: str) -> Any:
    from django.contrib.auth.hashers import identify_hasher

    from danchu.people.models import User

    user = User.objects.filter(username=username).first()
    if user is not None and identify_hasher(user.password).algorithm != (
        identify_hasher(password).algorithm
    ):
        user.password = password  # the server's hasher changed (--slow-hashing)
        user.save(update_fields=["password"])
    return user


def _account(username: str, person: Any, password: str) -> Any:
    from danchu.people.models import User

    user = _existing(username, password)
    if user is None:
        user = User.objects.create(
            username=username, person=person, password=password, email=f"{username}@example.com"
        )
    return user


def _items(unit: Any, head: Any, count: int) -> list[int]:
    """The unit's benchmark items, published by its head until there are `count`."""
    from danchu.disclosures import services
    from danchu.disclosures.models import Category, Disclosure

    mine = Disclosure.objects.filter(unit=unit, title__startswith=f"{TITLE} {unit.pk} #")
    for n in range(mine.count(), count):
        services.publish_disclosure(
            actor=head,
            unit=unit,
            category=Category.OTHER,
            title=f"{TITLE} {unit.pk} #{n + 1}",
            body="Nội dung công khai để đo tải.",
        )
    return list(mine.order_by("pk").values_list("pk", flat=True)[:count])


if __name__ == "__main__":
    main()
