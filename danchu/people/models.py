"""People, their accounts and their roles in units."""

from __future__ import annotations

import datetime as dt
from typing import TypeAlias

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.fields import BinaryCharField
from danchu.organizations.models import Unit


class StaffCategory(models.TextChoices):
    CAN_BO = "can_bo", _("Cadre (cán bộ)")
    CONG_CHUC = "cong_chuc", _("Civil servant (công chức)")
    VIEN_CHUC = "vien_chuc", _("Public employee (viên chức)")
    NGUOI_LAO_DONG = "nguoi_lao_dong", _("Worker (người lao động)")


class Role(models.TextChoices):
    """Role codes are a public API contract: extend, never rename."""

    HEAD = "head", _("Head")
    DEPUTY_HEAD = "deputy_head", _("Deputy head")
    CHIEF_ACCOUNTANT = "chief_accountant", _("Chief accountant")
    UNION_CHAIR = "union_chair", _("Trade union chair")
    UNION_COMMITTEE = "union_committee", _("Trade union committee member")
    PARTY_SECRETARY = "party_secretary", _("Party secretary")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee member")
    INSPECTION_CHAIR = "inspection_chair", _("Inspection board chair")
    INSPECTION_VICE_CHAIR = "inspection_vice_chair", _("Inspection board vice-chair")
    INSPECTION_MEMBER = "inspection_member", _("Inspection board member")
    STAFF = "staff", _("Staff")
    SUPERVISOR = "supervisor", _("Supervisor")
    RECORDS_CLERK = "records_clerk", _("Records clerk")


class PersonQuerySet(models.QuerySet["Person"]):
    def in_units_under(self, unit: Unit) -> PersonQuerySet:
        return self.filter(unit__path__gte=unit.path, unit__path__lt=unit.path_end)

    def vietnamese_order(self) -> PersonQuerySet:
        return self.order_by("sort_key", "pk")


class Person(models.Model):
    """A cán bộ, công chức, viên chức, người lao động, or a citizen with an account."""

    staff_code = models.CharField(
        _("staff code"), max_length=32, unique=True, null=True, blank=True
    )
    surname = models.CharField(_("surname"), max_length=64)
    middle_name = models.CharField(_("middle name"), max_length=128, blank=True)
    given_name = models.CharField(_("given name"), max_length=64)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    position = models.CharField(_("position"), max_length=128, blank=True)
    category = models.CharField(
        _("staff category"), max_length=16, choices=StaffCategory.choices, blank=True
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("unit"),
    )
    party_organization = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_members",
        verbose_name=_("party organisation"),
    )
    union_member = models.BooleanField(_("trade union member"), default=False)
    # Derived from the name by danchu.core.text: Vietnamese order and diacritic-free search.
    sort_key = BinaryCharField(max_length=1024, editable=False, default="", db_index=True)
    search_text = models.CharField(max_length=400, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_key", "pk"]
        indexes = [models.Index(fields=["unit", "sort_key"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.middle_name, self.given_name) if part)

    @property
    def party_member(self) -> bool:
        return self.party_organization_id is not None


class User(AbstractUser):
    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="user"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person_id and self.person else self.get_username()


class Headcount(models.Model):
    """The figures of a unit's whole subtree, itself included: units, agencies and public service
    units (`employers`), grassroots party organisations, staff, and party members counted where
    they work (`party_by_unit`) and where they are registered (`party_by_org`).

    Kept by the database (triggers of migration 0006) on every write to units and people, so
    readers take one row per unit. Never written by the application; `recount()` in
    danchu.people.headcounts checks them against the records."""

    unit = models.OneToOneField(
        Unit, on_delete=models.DO_NOTHING, primary_key=True, related_name="headcount"
    )
    units = models.PositiveIntegerField(default=0)
    employers = models.PositiveIntegerField(default=0)
    party_organizations = models.PositiveIntegerField(default=0)
    staff = models.PositiveIntegerField(default=0)
    party_by_unit = models.PositiveIntegerField(default=0)
    party_by_org = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.staff}"


# Whoever a request comes from: a signed-in user, or an anonymous visitor (permissions answer
# "no" for the latter). What `request.user` is typed as.
AnyUser: TypeAlias = User | AnonymousUser


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self, on: dt.date) -> RoleAssignmentQuerySet:
        return self.filter(valid_from__lte=on).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on)
        )


class RoleAssignment(models.Model):
    """A person holds a role in a unit from one date to another (inclusive)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roles")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        indexes = [
            models.Index(fields=["person", "valid_from"]),
            models.Index(fields=["unit", "role"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="role_assignment_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} — {self.unit}"


from danchu.people.staff_import.models import ImportJob  # noqa: E402,F401
