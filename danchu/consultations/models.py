"""Consultations (tham gia ý kiến): staff shape drafts before the head decides — Law
10/2022/QH15 arts. 53–55. A consultation has a plan, versions of a draft split into
paragraphs, opinions with the head's disposition, a synthesis report and, at the end, the
adopted regulation with its tagged provisions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from danchu.anonymity.fields import RandomIdField
from danchu.consultations.drafts import MAX_PARAGRAPH_CHARS, is_title
from danchu.consultations.rules import DEFAULT_MIN_WORKING_DAYS
from danchu.organizations.models import Unit


class Topic(models.TextChoices):
    """Art. 53: what staff give opinions on. Codes are a public API contract."""

    POLICY_IMPLEMENTATION = "policy_implementation", _("Carrying out Party and State policies")
    WORK_PLAN = "work_plan", _("Annual work plan")
    EMULATION = "emulation", _("Emulation and commendation movement")
    REVIEW_REPORTS = "review_reports", _("Interim and final review reports")
    # Art. 53.5 in full: "các biện pháp cải tiến tổ chức, lề lối làm việc; phòng, chống tham
    # nhũng, lãng phí, quan liêu, phiền hà, sách nhiễu Nhân dân".
    ORGANISATION_METHODS = (
        "organisation_methods",
        _(
            "Measures to improve organisation and working methods; to prevent corruption, waste, "
            "bureaucracy, and causing trouble for or harassing the people"
        ),
    )
    RECRUITMENT_PLAN = "recruitment_plan", _("Recruitment, training, elections and appointments")
    STAFF_BENEFITS = "staff_benefits", _("Staff rights and benefits")
    DEMOCRACY_REGULATION = "democracy_regulation", _("The unit's democracy regulation")
    INTERNAL_SPENDING = "internal_spending", _("Internal spending regulation")
    INTERNAL_RULES = "internal_rules", _("Other internal rules and regulations")
    OTHER = "other", _("Other matters required by law or the unit's regulation")


class ConsultationChannel(models.TextChoices):
    """Art. 54: how opinions are collected."""

    DIRECT = "direct", _("Directly with the head or sub-unit heads")
    MEETING = "meeting", _("At the staff conference or another meeting")
    WRITTEN = "written", _("Opinion form or draft sent out")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box or hotline")
    ONLINE = "online", _("Internal information system or portal")
    VIA_UNION = "via_union", _("Through the trade union")
    OTHER = "other", _("Other lawful form")


class Visibility(models.TextChoices):
    ALL_STAFF = "all_staff", _("Everyone consulted sees the opinions")
    HEAD_ONLY = "head_only", _("Only the head and the union see the opinions")


class Status(models.TextChoices):
    """Stored state; `Consultation.phase(now)` adds the clock (planned → open → closed).

    A new consultation first waits for the union committee's preview (`union_preview`): only
    the head and the union see it, and the clock leaves it alone until the head opens it to
    staff (docs/consultations.md, "The union's preview")."""

    UNION_PREVIEW = "union_preview", _("With the union for preview")
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    SYNTHESISED = "synthesised", _("Synthesis published")
    ADOPTED = "adopted", _("Adopted")


class Consultation(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="consultations")
    topic = models.CharField(_("topic"), max_length=40, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=300)
    plan = models.TextField(
        _("plan: content, method and responsibilities"), max_length=20_000, blank=True
    )
    channels = models.JSONField(pgettext_lazy("consultation", "channels"), default=list, blank=True)
    audience_units = models.ManyToManyField(
        Unit, blank=True, related_name="+", verbose_name=_("consulted sub-units")
    )
    owner = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    visibility = models.CharField(
        _("who sees the opinions"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.ALL_STAFF,
    )
    allow_via_union = models.BooleanField(_("opinions may be sent through the union"), default=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Why the head closed it before `closes_at` (None when it ran its full period). Nullable so
    # that adding it is a plain ADD COLUMN on SQLite, not a table rebuild that drops triggers.
    early_close_reason = models.TextField(  # noqa: DJ001
        _("reason for closing early"), max_length=2000, null=True, blank=True
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the union committee said it had finished its preview (or waived it); the head opens
    # the consultation to staff only after that.
    union_previewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["unit", "-opens_at"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def was_shortened(self) -> bool:
        """Closed before its planned end (the reason says why)."""
        return self.closed_at is not None and self.closed_at < self.closes_at

    @property
    def topic_label(self) -> str:
        return str(Topic(self.topic).label)

    def phase(self, *, now: dt.datetime) -> str:
        """The status with the clock applied: planned and open ones move by themselves."""
        if self.status == Status.PLANNED and now >= self.opens_at:
            return Status.CLOSED if now >= self.closes_at else Status.OPEN
        if self.status == Status.OPEN and now >= self.closes_at:
            return Status.CLOSED
        return str(self.status)

    @property
    def in_union_preview(self) -> bool:
        return self.status == Status.UNION_PREVIEW

    def accepts_opinions(self, *, now: dt.datetime) -> bool:
        return self.phase(now=now) == Status.OPEN


class DraftVersion(models.Model):
    """One version of the draft; its paragraphs never change (a revision is a new version)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    note = models.TextField(_("what changed"), max_length=2000, blank=True)
    source = models.CharField(max_length=16, default="text")  # text | docx | api
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="draft_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.consultation} — v{self.number}"


class Paragraph(models.Model):
    """An addressable paragraph of one version. `key` follows a paragraph across versions."""

    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="paragraphs")
    number = models.PositiveIntegerField()  # position in the version, from 1
    key = models.CharField(max_length=32)
    kind = models.CharField(max_length=16, default="text")
    label = models.CharField(max_length=32, blank=True)
    ref = models.CharField(max_length=120, blank=True)
    # For a paragraph without a number of its own (the body of an article, a clause's "- "
    # line): the ref of the article, clause or point it sits in. Nullable: a plain ADD COLUMN.
    within = models.CharField(max_length=120, null=True, blank=True)  # noqa: DJ001
    level = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(max_length=MAX_PARAGRAPH_CHARS)
    answers: models.ManyToManyField[Opinion, Any] = models.ManyToManyField(
        "Opinion", blank=True, related_name="answered_by", verbose_name=_("opinions answered")
    )

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="paragraph_number_once")
        ]

    def __str__(self) -> str:
        return self.ref or f"¶{self.number}"

    @property
    def place(self) -> str:
        """Where the paragraph is, as every list names it: "Điều 4, khoản 2" for a numbered
        one and for the body of one; "Đoạn 3" only for a paragraph outside any article."""
        return self.ref or self.within or gettext("Paragraph %(number)s") % {"number": self.number}

    @property
    def is_heading(self) -> bool:
        """A part, chapter or section heading, or an article's title line: read, not voted on."""
        return is_title(self.kind, self.text)


class Decision(models.TextChoices):
    """The head's disposition of an opinion (art. 55: accept or explain)."""

    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class Opinion(models.Model):
    """A comment on a paragraph or on the whole draft.

    Sent through the union, it has no author and only the day it was sent: nothing stored
    links it to a person (the head must not learn who wrote it). Its id is random, as every
    opinion's (decision 0004): a sequence would place it between its author's named opinions,
    and lists order by day, then time, then id."""

    id = RandomIdField(primary_key=True)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="opinions"
    )
    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="+")
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, null=True, blank=True, related_name="opinions"
    )
    author = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    via_union = models.BooleanField(default=False)
    text = models.TextField(_("opinion"), max_length=5000)
    created_at = models.DateTimeField()
    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    explanation = models.TextField(_("explanation"), max_length=5000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["consultation", "created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "decision"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(via_union=False) | models.Q(author__isnull=True),
                name="opinion_via_union_has_no_author",
            ),
            models.CheckConstraint(
                condition=models.Q(via_union=True) | models.Q(author__isnull=False),
                name="opinion_in_own_name_has_author",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def decision_label(self) -> str:
        return str(Decision(self.decision).label) if self.decision else ""


class Stance(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")


class ParagraphStance(models.Model):
    """One person's agree/disagree on a paragraph (the latest counts; one row per person)."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="stances")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(max_length=8, choices=Stance.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paragraph", "person"], name="stance_once")]

    def __str__(self) -> str:
        return f"{self.paragraph} — {self.stance}"


class UnionOpinion(models.Model):
    """The trade union committee's opinion on the plan and draft (art. 55.2); required before
    the head adopts the unit's democracy regulation."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="union_opinions"
    )
    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("the union's opinion"), max_length=20_000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The head answers it as every opinion (art. 55.1).
    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    explanation = models.TextField(_("explanation"), max_length=5000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["consultation", "pk"]

    def __str__(self) -> str:
        return f"{self.consultation} — {self.recorded_at:%d/%m/%Y}"

    @property
    def decision_label(self) -> str:
        return str(Decision(self.decision).label) if self.decision else ""


class Synthesis(models.Model):
    """The published "báo cáo tổng hợp, tiếp thu, giải trình ý kiến" and its disclosure."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.PROTECT, related_name="synthesis"
    )
    number = models.CharField(max_length=64)
    document = models.FileField(upload_to="consultations/%Y/%m/")
    digest = models.CharField(max_length=64)
    disclosure_id = models.BigIntegerField()  # danchu.disclosures, reached through its services
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.number


class RegulationStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")


class Regulation(models.Model):
    """A regulation in force, adopted from the final version of a consultation's draft. A newer
    one supersedes it; both stay readable."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="regulations")
    consultation = models.OneToOneField(
        Consultation, on_delete=models.PROTECT, related_name="regulation"
    )
    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    document_number = models.CharField(_("document number"), max_length=64)
    signed_on = models.DateField(_("signed on"))
    effective_from = models.DateField(_("in force from"))
    status = models.CharField(
        max_length=16, choices=RegulationStatus.choices, default=RegulationStatus.IN_FORCE
    )
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    adopted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")
        ordering = ["unit", "-effective_from", "-pk"]

    def __str__(self) -> str:
        return self.title


class Modality(models.TextChoices):
    MUST = "must", _("Must do")
    MAY = "may", _("May do")
    MUST_NOT = "must_not", _("Must not do")


class Subject(models.TextChoices):
    AGENCY = "agency", _("The agency")
    HEAD = "head", _("The head")
    STAFF = "staff", _("Staff")


class Provision(models.Model):
    """A paragraph of a regulation tagged as what someone must, may or must not do."""

    regulation = models.ForeignKey(Regulation, on_delete=models.PROTECT, related_name="provisions")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="+")
    modality = models.CharField(_("modality"), max_length=8, choices=Modality.choices)
    subject = models.CharField(_("who"), max_length=8, choices=Subject.choices)
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["regulation", "paragraph__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "paragraph", "modality", "subject"], name="provision_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.regulation} — {self.paragraph} — {self.modality}/{self.subject}"


class UnitRules(models.Model):
    """A unit's own consultation rules from its democracy regulation; sub-units inherit them."""

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="+")
    min_working_days = models.PositiveSmallIntegerField(
        _("minimum consultation period (working days)"), default=DEFAULT_MIN_WORKING_DAYS
    )

    def __str__(self) -> str:
        return f"{self.unit} — {self.min_working_days}"
