"""The demo accounts: who they are (shown on the login page in demo mode) and their creation."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from danchu.demo import names
from danchu.people.models import Person, User

DEMO_ACCOUNTS = [
    ("admin", _("Administrator: every unit, and the Django admin")),
    ("province", _("Supervisor at the Party Committee of the provincial agencies: every unit")),
    ("head", _("Head of the Department of Home Affairs (the demo agency)")),
    ("union", _("Trade union chair of the Department of Home Affairs")),
    ("inspector", _("People's Inspection Board chair of the Department of Home Affairs")),
    ("staff", _("Civil servant of the Department of Home Affairs, no other role")),
    ("citizen", _("Citizen, in no unit")),
]


def create_accounts(accounts: dict[str, Person | None]) -> list[User]:
    password = make_password(settings.DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    users = [
        User(
            username=username,
            password=password,
            person=person,
            email=person.email if person and person.email else f"{username}@{names.EMAIL_DOMAIN}",
            is_staff=person is None,
            is_superuser=person is None,
        )
        for username, person in accounts.items()
    ]
    return User.objects.bulk_create(users)
