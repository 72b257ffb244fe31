"""The unit tree and the bodies inside units."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.core.fields import BinaryCharField
from danchu.core.text import fold, sort_key

PATH_STEP = 8  # hex digits per level: every unit's own id, zero-padded.
PATH_END = "~"  # sorts after every hex digit: [path, path + "~") is one subtree.


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    PARTY_ORGANIZATION = "party_organization", _("Grassroots party organisation")
    STATE_AGENCY = "state_agency", _("State agency")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Public service unit")
    DEPARTMENT = "department", _("Department")


PARTY_KINDS = (UnitKind.PARTY_COMMITTEE, UnitKind.PARTY_ORGANIZATION)
EMPLOYER_KINDS = (UnitKind.STATE_AGENCY, UnitKind.PUBLIC_SERVICE_UNIT)


class UnitQuerySet(models.QuerySet["Unit"]):
    def under(self, unit: Unit, *, include_self: bool = True) -> UnitQuerySet:
        """Every unit in the subtree of `unit`: one range scan on the path index."""
        qs = self.filter(path__gte=unit.path, path__lt=unit.path + PATH_END)
        return qs if include_self else qs.exclude(pk=unit.pk)


class Unit(models.Model):
    """A node of the organisation tree.

    The tree is stored as a materialised path (each level is the unit's id in 8 hex digits), so
    "everything under X" is the range [X.path, X.path + "~"). A grassroots party organisation's
    children are the agencies and public service units it leads (see docs/decisions/0001).
    """

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = BinaryCharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    search_text = models.CharField(max_length=400, editable=False, default="")
    sort_key = BinaryCharField(max_length=1024, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["parent", "sort_key"]),
            models.Index(fields=["kind", "path"]),
        ]

    def __str__(self) -> str:
        return self.name

    def refresh_derived(self) -> None:
        """Recompute the diacritic-free search text and the Vietnamese sort key of the name."""
        self.search_text = fold(f"{self.name} {self.short_name}")
        self.sort_key = sort_key(self.name)

    @property
    def path_end(self) -> str:
        return self.path + PATH_END

    def ancestor_paths(self) -> list[str]:
        """Paths of this unit's ancestors, root first (self excluded)."""
        return [self.path[:end] for end in range(PATH_STEP, len(self.path), PATH_STEP)]

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)

    @property
    def initials(self) -> str:
        """The abbreviation in document codes (Decree 30/2020): Sở Nội vụ → SNV."""
        return "".join(word[0] for word in fold(self.name).split()[:3]).upper()

    @property
    def own(self) -> UnitSettings:
        """The unit's recorded settings, or an unsaved row holding the defaults."""
        try:
            return self.own_settings
        except UnitSettings.DoesNotExist:
            return UnitSettings(unit=self)

    @property
    def governing_body(self) -> str:
        """The body printed above the unit in a letterhead (Decree 30 "cơ quan chủ quản"): the
        one recorded in its settings, else its parent in the tree, except a party organisation
        leading a state unit, which is not its governing body (then the settings must say)."""
        if recorded := self.own.governing_body.strip():
            return recorded
        parent = self.parent
        if parent is None or (parent.kind in PARTY_KINDS and self.kind not in PARTY_KINDS):
            return ""
        return parent.name

    @property
    def document_code(self) -> str:
        """The unit's abbreviation in document numbers (Decree 30/2020): recorded, else initials."""
        return self.own.document_code.strip() or self.initials

    @property
    def head_title(self) -> str:
        """The head's title ("Giám đốc"): recorded, else read from the unit's name."""
        if recorded := self.own.head_title.strip():
            return recorded
        name = " ".join(self.name.lower().split())
        for prefix, title in HEAD_TITLES:
            if name == prefix or name.startswith(prefix + " "):
                return title
        return GENERIC_HEAD_TITLE


class BodyKind(models.TextChoices):
    STEERING_COMMITTEE = "steering_committee", _("Steering committee for grassroots democracy")
    INSPECTION_BOARD = "inspection_board", _("People's Inspection Board")
    UNION_EXECUTIVE = "union_executive", _("Trade union executive committee")


class Body(models.Model):
    """A collective body inside a unit, for one term."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="bodies")
    kind = models.CharField(_("kind"), max_length=32, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=255)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("committee", "body")
        verbose_name_plural = _("bodies")
        ordering = ["unit", "kind", "-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="body_term_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class BodyRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class BodyMember(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="bodies")
    role = models.CharField(_("role"), max_length=16, choices=BodyRole.choices)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("body member")
        verbose_name_plural = _("body members")
        constraints = [
            models.UniqueConstraint(fields=["body", "person"], name="body_member_once"),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="body_member_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"


# The title of a unit's head, from the first words of its name (Decree 30/2020 prints the
# signer's real title). A unit whose name fits none of these records its own in `UnitSettings`.
HEAD_TITLES = (
    ("chi cục", "Chi cục trưởng"),
    ("cục", "Cục trưởng"),
    ("sở", "Giám đốc"),
    ("trung tâm", "Giám đốc"),
    ("bệnh viện", "Giám đốc"),
    ("ban quản lý", "Trưởng ban"),
    ("trường", "Hiệu trưởng"),
    ("viện", "Viện trưởng"),
    ("văn phòng", "Chánh Văn phòng"),
    ("thanh tra", "Chánh Thanh tra"),
    ("ban", "Trưởng ban"),
    ("phòng", "Trưởng phòng"),
)
GENERIC_HEAD_TITLE = "Thủ trưởng cơ quan, đơn vị"


class UnitSettings(models.Model):
    """What a unit's own regulation and records office decide, one row per unit (none: the
    defaults). Edited in the admin, audited."""

    unit = models.OneToOneField(
        Unit, on_delete=models.PROTECT, related_name="own_settings", verbose_name=_("unit")
    )
    information_reply_working_days = models.PositiveSmallIntegerField(
        _("reply period for information requests (working days)"),
        null=True,
        blank=True,
        help_text=_(
            "As set by the unit's democracy regulation (Law 10/2022/QH15 art. 48.5); empty: "
            "the installation's default."
        ),
    )
    regulation = models.CharField(
        _("regulation setting the period"),
        max_length=255,
        blank=True,
        help_text=_("For example: Quy chế dân chủ ban hành kèm Quyết định số 12/QĐ-SNV."),
    )
    head_title = models.CharField(
        _("title of the head"),
        max_length=100,
        blank=True,
        help_text=_("Printed above the signature, for example “Giám đốc”; empty: from the name."),
    )
    document_code = models.CharField(
        _("abbreviation in document numbers"),
        max_length=20,
        blank=True,
        help_text=_("Decree 30/2020, for example “SNV” in “05/TB-SNV”; empty: the initials."),
    )
    governing_body = models.CharField(
        _("governing body"),
        max_length=255,
        blank=True,
        help_text=_(
            "The “cơ quan chủ quản” printed above the unit's name (Decree 30/2020), for example "
            "“Ủy ban nhân dân tỉnh Bắc Giang”; needed when the unit's parent in the tree is a "
            "party organisation."
        ),
    )

    # The staff conference (Law 10/2022/QH15 arts. 50–51): when the work year ends (the
    # conference falls within 3 months after it), whether staff are dispersed (art. 51.2.b lets
    # a unit under 100 staff meet as delegates) and the written ballot's adoption base (art.
    # 50.2 is silent on it).
    work_year_end_month = models.PositiveSmallIntegerField(_("work year ends: month"), default=12)
    work_year_end_day = models.PositiveSmallIntegerField(_("work year ends: day"), default=31)
    dispersed = models.BooleanField(
        _("staff dispersed over a wide area or unable to leave their posts"), default=False
    )
    written_ballot_base = models.CharField(
        _("written ballot adopted by more than half of"),
        max_length=16,
        choices=[("all_staff", _("all staff")), ("returned", _("the forms returned"))],
        default="all_staff",
    )

    class Meta:
        verbose_name = _("unit settings")
        verbose_name_plural = _("unit settings")

    def __str__(self) -> str:
        return str(self.unit)
