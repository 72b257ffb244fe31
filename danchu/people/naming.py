"""Derived name fields: the Vietnamese sort key and the diacritic-free search text."""

from __future__ import annotations

from danchu.core.text import fold, normalize_name_part, person_sort_key
from danchu.people.models import Person


def normalize_names(person: Person) -> None:
    person.surname = normalize_name_part(person.surname)
    person.middle_name = normalize_name_part(person.middle_name)
    person.given_name = normalize_name_part(person.given_name)


def refresh_derived(person: Person) -> None:
    """Recompute the fields derived from the name (call before every save)."""
    person.sort_key = person_sort_key(person.surname, person.middle_name, person.given_name)
    person.search_text = fold(" ".join(filter(None, [person.full_name, person.staff_code or ""])))
