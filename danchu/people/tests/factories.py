from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import Person, RoleAssignment, StaffCategory, User
from danchu.people.naming import refresh_derived


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    staff_code = factory.Sequence(lambda n: f"CB{n:05d}")
    surname = "Nguyễn"
    middle_name = "Văn"
    given_name = factory.Iterator(["An", "Bình", "Cường", "Dũng", "Đạt", "Hà", "Lan", "Minh"])
    category = StaffCategory.CONG_CHUC
    unit = factory.SubFactory(UnitFactory)

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        person = model_class(**kwargs)
        refresh_derived(person)
        person.save()
        return person


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    person = factory.SubFactory(PersonFactory)
    password = factory.PostGenerationMethodCall("set_password", "danchu-demo")

    @factory.post_generation
    def _saved(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory[RoleAssignment]):
    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(PersonFactory)
    unit = factory.SubFactory(UnitFactory)
    role = "staff"
    valid_from = dt.date(2020, 1, 1)
