"""Reads scoped to what the viewer may see; what is not visible is absent (404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.consultations import permissions
from danchu.consultations.diff import Change, Para, diff_versions
from danchu.consultations.models import (
    Consultation,
    Decision,
    DraftVersion,
    Opinion,
    Paragraph,
    ParagraphStance,
    Regulation,
    Status,
    Synthesis,
    UnionOpinion,
    UnitRules,
)
from danchu.consultations.rules import DEFAULT_MIN_WORKING_DAYS
from danchu.organizations.models import Unit
from danchu.people.models import AnyUser, Person, Role, RoleAssignment, User
from danchu.people.permissions import Action, is_superuser, unit_filter
from danchu.people.queries import visible_units


def min_working_days(unit: Unit) -> int:
    """The nearest rule set on the unit or above it, else the default of 5 working days."""
    paths = [*unit.ancestor_paths(), unit.path]
    rules = UnitRules.objects.filter(unit__path__in=paths).order_by("-unit__path").first()
    return rules.min_working_days if rules else DEFAULT_MIN_WORKING_DAYS


def visible_consultations(user: AnyUser) -> QuerySet[Consultation]:
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
    # Waiting for the union's preview: the head and the union only, whatever the date.
    waiting = Q(status__in=[Status.PLANNED, Status.UNION_PREVIEW])
    started = ~waiting | Q(status=Status.PLANNED, opens_at__lte=timezone.now())
    return qs.filter(insiders | (started & readers))


def awaiting_union_preview(user: AnyUser) -> QuerySet[Consultation]:
    """The drafts waiting for the union committee's preview that the user speaks for the union
    on (a home page's to-do list)."""
    union = unit_filter(user, Action.SPEAK_FOR_UNION, prefix="unit__")
    return Consultation.objects.filter(
        union, status=Status.UNION_PREVIEW, union_previewed_at__isnull=True
    ).order_by("opens_at", "pk")


def consultation_list(user: AnyUser) -> QuerySet[Consultation]:
    """The consultations the user sees, the latest to open first (page and API alike)."""
    return visible_consultations(user).order_by("-opens_at", "-pk")


def units_among(user: AnyUser, ids: list[int]) -> list[Unit]:
    """Those of the units `ids` that the user sees (the rest are ignored)."""
    return list(visible_units(user).filter(pk__in=ids))


def opinion_page(
    user: AnyUser, consultation: Consultation, *, limit: int, offset: int
) -> tuple[list[Opinion], int]:
    """One page of the opinions the user may read, with their authors, and how many in all."""
    opinions = with_authors(opinions_for(user, consultation))
    return list(opinions[offset : offset + limit]), opinions.count()


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


def union_users(consultation: Consultation) -> list[User]:
    """The union committee of the consultation's unit (chair and members) with an account."""
    holders = RoleAssignment.objects.active(timezone.localdate()).filter(
        unit=consultation.unit, role__in=[Role.UNION_CHAIR, Role.UNION_COMMITTEE]
    )
    return list(User.objects.filter(person__in=holders.values("person_id"), is_active=True))


def consulted_count(consultation: Consultation) -> int:
    return consulted_people(consultation).count()


def consulted_users(consultation: Consultation) -> list[User]:
    return list(User.objects.filter(person__in=consulted_people(consultation), is_active=True))


def opinions_for(user: AnyUser, consultation: Consultation) -> QuerySet[Opinion]:
    """The opinions the user may read (none when the plan keeps them for the head)."""
    if not permissions.can_read_opinions(user, consultation):
        person = getattr(user, "person", None)
        own = Opinion.objects.filter(consultation=consultation, author=person, via_union=False)
        return own if person is not None else Opinion.objects.none()
    return shown(consultation.opinions.all())


def shown(opinions: QuerySet[Opinion]) -> QuerySet[Opinion]:
    """Without today's opinions sent through the union while their consultation still takes
    opinions: they appear the next day (or at its close), all of a day at once, so that
    watching the list or its counts does not time them between their author's named ones."""
    now = timezone.now()
    midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time.min))
    still_open = Q(consultation__status__in=[Status.UNION_PREVIEW, Status.PLANNED, Status.OPEN])
    today = Q(via_union=True, created_at__gte=midnight, consultation__closes_at__gt=now)
    return opinions.exclude(today & still_open)


# Opinions in the order they came, as far as it may be known: those sent through the union carry
# their day only (midnight) and a random id, so they come first in their day, in no order.
ORDER = ("created_at", "pk")
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
    latest_first = [F("created_at").desc(), F("pk").desc()]
    rank = Window(RowNumber(), partition_by=[F("paragraph_id")], order_by=latest_first)
    ranked = opinions.annotate(rank=rank).filter(rank__lte=per_paragraph)
    latest = ranked.values("pk")
    rows = Opinion.objects.filter(pk__in=latest).order_by(*ORDER).values_list(*SHOWN, *NAME)
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


def stances_of(user: AnyUser, version: DraftVersion) -> dict[int, str]:
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return {}
    mine = ParagraphStance.objects.filter(paragraph__version=version, person_id=person_id)
    return dict(mine.values_list("paragraph_id", "stance"))


def with_authors(opinions: QuerySet[Opinion]) -> QuerySet[Opinion]:
    return opinions.select_related("author", "paragraph__version").order_by(*ORDER)


def author_label(opinion: Opinion) -> str:
    """Who wrote it, as shown everywhere: an opinion sent through the union has no author."""
    if opinion.via_union or opinion.author is None:
        return _("Through the trade union")
    return opinion.author.full_name


def undisposed(consultation: Consultation) -> QuerySet[Opinion]:
    return consultation.opinions.filter(decision="")


def undisposed_count(consultation: Consultation) -> int:
    """Opinions without the head's answer, the union committee's included (art. 55.1)."""
    union = consultation.union_opinions.filter(decision="").count()
    return undisposed(consultation).count() + union


def decision_counts(consultation: Consultation) -> dict[str, int]:
    """Opinions by the head's answer ("none": not yet), the union committee's included."""
    counts: dict[str, int] = {}
    for rows in (
        consultation.opinions.values_list("decision").annotate(n=Count("pk")).order_by(),
        consultation.union_opinions.values_list("decision").annotate(n=Count("pk")).order_by(),
    ):
        for decision, n in rows:
            counts[decision or "none"] = counts.get(decision or "none", 0) + n
    return counts


def versions_of(consultation: Consultation) -> list[DraftVersion]:
    """Every version in number order: the last is the current one."""
    return list(consultation.versions.order_by("number"))


def union_opinions(consultation: Consultation) -> list[UnionOpinion]:
    return list(consultation.union_opinions.select_related("version").order_by("pk"))


def union_opinion_of(consultation: Consultation, pk: int) -> UnionOpinion | None:
    return consultation.union_opinions.filter(pk=pk).first()


def paragraph_numbered(consultation: Consultation, number: int) -> Paragraph | None:
    """Paragraph `number` of the current version, or None."""
    return latest_version(consultation).paragraphs.filter(number=number).first()


def current_paragraph(consultation: Consultation, pk: int) -> Paragraph | None:
    """A paragraph of the current version by id (opinions are given on it), or None."""
    return paragraphs_of(latest_version(consultation)).filter(pk=pk).first()


def opinions_on(opinions: QuerySet[Opinion], paragraph: Paragraph | None) -> QuerySet[Opinion]:
    """Those on one paragraph, or (None) on the whole draft."""
    if paragraph is None:
        return opinions.filter(paragraph__isnull=True)
    return opinions.filter(paragraph=paragraph)


def all_opinions(consultation: Consultation) -> QuerySet[Opinion]:
    """Every opinion of a consultation with its author, for the head (the caller checks)."""
    return with_authors(shown(consultation.opinions.all()))


def visible_opinions(user: AnyUser) -> QuerySet[Opinion]:
    """Opinions of the consultations the user sees (the head answers them by id)."""
    return shown(Opinion.objects.filter(consultation__in=visible_consultations(user)))


def opinion_with_author(pk: int) -> Opinion:
    return with_authors(Opinion.objects.filter(pk=pk)).get()


def audience_choices(unit: Unit) -> QuerySet[Unit]:
    """The sub-units a consultation of `unit` may be limited to."""
    return Unit.objects.under(unit, include_self=False).order_by("path")


def synthesis_of(consultation: Consultation) -> Synthesis | None:
    return (
        Synthesis.objects.filter(consultation=consultation).select_related("published_by").first()
    )


@dataclass(frozen=True)
class Outcome:
    """How a consultation ended, for the page's status line: its synthesis and regulation."""

    synthesis: Synthesis | None
    regulation: Regulation | None


def outcome_of(consultation: Consultation) -> Outcome:
    if consultation.status not in (Status.SYNTHESISED, Status.ADOPTED):
        return Outcome(None, None)
    regulation = None
    if consultation.status == Status.ADOPTED:
        regulation = Regulation.objects.filter(consultation=consultation).first()
    return Outcome(synthesis_of(consultation), regulation)


def regulation_of(consultation: Consultation) -> Regulation | None:
    """The regulation adopted from this consultation, if any."""
    return Regulation.objects.filter(consultation=consultation).first()


# --- the version diff: one function for the page and the API ---------------------------------


@dataclass(frozen=True)
class VersionDiff:
    old: DraftVersion
    new: DraftVersion
    changes: list[Change]


def version_diff(
    consultation: Consultation, *, old: int | None = None, new: int | None = None
) -> VersionDiff | None:
    """The differences between versions `old` and `new` of the draft, or None when one of them
    does not exist. The API's documented defaults: `old` the previous version (the first when
    there is one), `new` the latest; 0 and None both mean the default."""
    versions = {version.number: version for version in versions_of(consultation)}
    latest = max(versions)
    old_version = versions.get(old or max(latest - 1, 1))
    new_version = versions.get(new or latest)
    if old_version is None or new_version is None:
        return None
    changes = diff_versions(paras(old_version), paras(new_version))
    return VersionDiff(old=old_version, new=new_version, changes=changes)


def paras(version: DraftVersion) -> list[Para]:
    """A version's paragraphs as the diff reads them."""
    return [Para(key=p.key, ref=p.ref, text=p.text) for p in paragraphs_of(version)]


def answered(version: DraftVersion) -> list[tuple[Paragraph, list[Opinion]]]:
    """The paragraphs of a version that answer opinions, with those opinions."""
    rows = []
    for paragraph in paragraphs_of(version).prefetch_related("answers"):
        answers = list(paragraph.answers.all())
        if answers:
            rows.append((paragraph, answers))
    return rows


def linkable(consultation: Consultation, changes: list[Change]) -> list[dict[str, Any]]:
    """For the head: each changed or added paragraph, with the opinions given on its earlier
    versions (same key) or on the whole draft, to say which ones it answers."""
    new = [c.new for c in changes if c.op in ("changed", "added") and c.new is not None]
    keys = [para.key for para in new if para.key]
    if not keys:
        return []
    latest = latest_version(consultation)
    paragraphs = {p.key: p for p in latest.paragraphs.filter(key__in=keys)}
    candidates = list(
        with_authors(
            shown(
                consultation.opinions.filter(Q(paragraph__key__in=keys) | Q(paragraph__isnull=True))
            )
        )
    )
    rows = []
    for key in keys:
        paragraph = paragraphs.get(key)
        if paragraph is None:
            continue
        mine = [o for o in candidates if o.paragraph is None or o.paragraph.key == key]
        linked = set(paragraph.answers.values_list("pk", flat=True))
        rows.append({"paragraph": paragraph, "opinions": mine, "linked": linked})
    return rows
