"""Reads scoped to what the viewer may see; what is not visible is absent (404)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.consultations import permissions
from danchu.consultations.models import (
    DEFAULT_MIN_WORKING_DAYS,
    Consultation,
    Decision,
    DraftVersion,
    Opinion,
    Paragraph,
    ParagraphStance,
    Status,
    UnitRules,
)
from danchu.organizations.models import Unit
from danchu.people.models import Person, Role, RoleAssignment, User
from danchu.people.permissions import Action, is_superuser, unit_filter


def min_working_days(unit: Unit) -> int:
    """The nearest rule set on the unit or above it, else the default of 5 working days."""
    paths = [*unit.ancestor_paths(), unit.path]
    rules = UnitRules.objects.filter(unit__path__in=paths).order_by("-unit__path").first()
    return rules.min_working_days if rules else DEFAULT_MIN_WORKING_DAYS


def visible_consultations(user: Any) -> QuerySet[Consultation]:
    """The head and union see planned ones too; staff and supervisors those that have opened."""
    qs = Consultation.objects.select_related("unit", "owner")
    if is_superuser(user):
        return qs
    insiders = unit_filter(user, Action.MANAGE_CONSULTATIONS, prefix="unit__") | unit_filter(
        user, Action.SPEAK_FOR_UNION, prefix="unit__"
    )
    readers = unit_filter(user, Action.VIEW_UNIT, prefix="unit__")
    person = getattr(user, "person", None)
    if person is not None and person.unit_id:
        readers |= Q(unit__path__in=[*person.unit.ancestor_paths(), person.unit.path])
    started = ~Q(status=Status.PLANNED) | Q(opens_at__lte=timezone.now())
    return qs.filter(insiders | (started & readers))


def latest_version(consultation: Consultation) -> DraftVersion:
    return consultation.versions.latest("number")


def version(consultation: Consultation, number: int) -> DraftVersion:
    return consultation.versions.get(number=number)


def paragraphs_of(version: DraftVersion) -> QuerySet[Paragraph]:
    return version.paragraphs.order_by("number")


# Who can be made responsible for a consultation: the unit's leaders, clerk and union officers.
OWNER_ROLES = (Role.HEAD, Role.DEPUTY_HEAD, Role.RECORDS_CLERK, Role.UNION_CHAIR)


def possible_owners(unit: Unit) -> QuerySet[Person]:
    holders = RoleAssignment.objects.active(timezone.localdate()).filter(
        unit=unit, role__in=OWNER_ROLES
    )
    return Person.objects.filter(pk__in=holders.values("person_id")).vietnamese_order()


def consulted_people(consultation: Consultation) -> QuerySet[Person]:
    chosen = permissions.consulted_units(consultation)
    condition = Q()
    for unit in chosen:
        condition |= Q(unit__path__gte=unit.path, unit__path__lt=unit.path_end)
    return Person.objects.filter(condition)


def consulted_users(consultation: Consultation) -> list[User]:
    return list(User.objects.filter(person__in=consulted_people(consultation), is_active=True))


def opinions_for(user: Any, consultation: Consultation) -> QuerySet[Opinion]:
    """The opinions the user may read (none when the plan keeps them for the head)."""
    if not permissions.can_read_opinions(user, consultation):
        person = getattr(user, "person", None)
        own = Opinion.objects.filter(consultation=consultation, author=person, via_union=False)
        return own if person is not None else Opinion.objects.none()
    return consultation.opinions.all()


PREVIEW = 3  # opinions shown under each paragraph; the rest open on request


@dataclass(frozen=True)
class ShownOpinion:
    """An opinion as a list shows it (read as plain values: no model instances)."""

    pk: int
    paragraph_id: int | None
    text: str
    decision: str
    explanation: str
    author_label: str

    @property
    def decision_label(self) -> str:
        return str(Decision(self.decision).label) if self.decision else ""


SHOWN = ("pk", "paragraph_id", "text", "decision", "explanation", "via_union")
NAME = ("author__surname", "author__middle_name", "author__given_name")


def opinion_preview(
    opinions: QuerySet[Opinion], *, per_paragraph: int = PREVIEW
) -> tuple[dict[int | None, int], dict[int | None, list[ShownOpinion]]]:
    """How many opinions each paragraph has (None: the whole draft), and its latest few:
    three small queries whatever the number of opinions."""
    counts = dict(opinions.values_list("paragraph").annotate(n=Count("pk")).order_by())
    rank = Window(RowNumber(), partition_by=[F("paragraph_id")], order_by=F("pk").desc())
    ranked = opinions.annotate(rank=rank).filter(rank__lte=per_paragraph)
    latest = ranked.values("pk")
    rows = Opinion.objects.filter(pk__in=latest).order_by("pk").values_list(*SHOWN, *NAME)
    shown: dict[int | None, list[ShownOpinion]] = {}
    for pk, paragraph_id, text, decision, explanation, via_union, *name in rows:
        label = _("Through the trade union") if via_union else " ".join(filter(None, name))
        opinion = ShownOpinion(pk, paragraph_id, text, decision, explanation, label)
        shown.setdefault(paragraph_id, []).append(opinion)
    return counts, shown


def stance_counts(version: DraftVersion) -> dict[int, dict[str, int]]:
    """Agree and disagree counts per paragraph of a version (one grouped query)."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        ParagraphStance.objects.filter(paragraph__version=version)
        .values_list("paragraph_id", "stance")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for paragraph_id, stance, n in rows:
        counts.setdefault(paragraph_id, {})[stance] = n
    return counts


def stances_of(user: Any, version: DraftVersion) -> dict[int, str]:
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return {}
    mine = ParagraphStance.objects.filter(paragraph__version=version, person_id=person_id)
    return dict(mine.values_list("paragraph_id", "stance"))


def with_authors(opinions: QuerySet[Opinion]) -> QuerySet[Opinion]:
    return opinions.select_related("author", "paragraph__version").order_by("pk")


def author_label(opinion: Opinion) -> str:
    """Who wrote it, as shown everywhere: an opinion sent through the union has no author."""
    if opinion.via_union or opinion.author is None:
        return _("Through the trade union")
    return opinion.author.full_name


def undisposed(consultation: Consultation) -> QuerySet[Opinion]:
    return consultation.opinions.filter(decision="")


def decision_counts(consultation: Consultation) -> dict[str, int]:
    rows = consultation.opinions.values_list("decision").annotate(n=Count("pk")).order_by()
    return {decision or "none": n for decision, n in rows}
