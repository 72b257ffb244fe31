"""Who signs a unit's document, and under which title (Decree 30/2020/NĐ-CP, Appendix I).

The title printed above the signature is the signer's real one ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC" under
"KT. GIÁM ĐỐC"), read from the roles the signer holds in the unit on the day; a document a
records clerk issues is signed by the unit's head.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from danchu.organizations.models import Unit
from danchu.people.models import Role, RoleAssignment, User


@dataclass(frozen=True)
class Signer:
    authority: str  # "KT. GIÁM ĐỐC" for a deputy signing for the head; "" for the head
    title: str  # "Giám đốc", "Phó Giám đốc" (printed in capitals)
    name: str  # "" leaves the line to sign and write by hand


def signer_for(unit: Unit, user: User | None, *, on: dt.date) -> Signer:
    """Decree 30/2020, Appendix I: the head signs in their own title; a deputy signs "KT." (for)
    the head, as deputy; anyone else (the records clerk) prepares the document for the head."""
    head_title = unit.head_title
    person = getattr(user, "person", None)
    held = (
        set(
            RoleAssignment.objects.active(on)
            .filter(person=person, unit=unit)
            .values_list("role", flat=True)
        )
        if person is not None
        else set()
    )
    if Role.HEAD in held:
        return Signer(authority="", title=head_title, name=person.full_name if person else "")
    if Role.DEPUTY_HEAD in held:
        return Signer(
            authority=f"KT. {head_title}",
            title=f"Phó {head_title}",
            name=person.full_name if person else "",
        )
    head = (
        RoleAssignment.objects.active(on)
        .filter(unit=unit, role=Role.HEAD)
        .select_related("person")
        .order_by("-valid_from", "pk")
        .first()
    )
    return Signer(authority="", title=head_title, name=head.person.full_name if head else "")
