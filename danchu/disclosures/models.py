"""Disclosures (công khai): what the head must tell staff — Law 10/2022/QH15 arts. 46–48."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.conf import settings
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.disclosures import rules
from danchu.organizations.models import Unit

# Defined in `rules` (with their articles); re-exported for older imports.
DUE_WORKING_DAYS, MIN_VISIBLE_DAYS = rules.DUE_WORKING_DAYS, rules.MIN_VISIBLE_DAYS


class Category(models.TextChoices):
    """Art. 46: the 12 statutory categories. Codes are a public API contract; the labels are the
    one label set (screen, register, printed notice), in the law's wording."""

    POLICY_LAW = (
        "policy_law",
        _("Party policies and State law on the organisation and work of the unit"),
    )
    WORK_PLAN = "work_plan", _("Annual, quarterly and monthly work plans of the unit")
    BUDGET_FINANCE = (
        "budget_finance",
        _(
            "Approved budget estimates and their explanation, other financial sources, budget "
            "execution and annual settlement, follow-up on State Audit recommendations (if any)"
        ),
    )
    PUBLIC_ASSETS = "public_assets", _("Public assets")
    PUBLIC_INVESTMENT = "public_investment", _("Public investment")
    PERSONNEL = "personnel", _("Personnel")
    INTEGRITY = "integrity", _("Anti-corruption conclusions and asset declarations")
    INSPECTION_COMPLAINT_RESULTS = (
        "inspection_complaint_results",
        _(
            "Results of inspections and checks, and of the handling of internal complaints, "
            "denunciations and petitions"
        ),
    )
    INTERNAL_RULES = "internal_rules", _("Internal rules and code of conduct")
    CONSULTATION_OUTCOME = (
        "consultation_outcome",
        _(
            "Summary of staff opinions on the matters of art. 53, and the head's explanations and "
            "uptake"
        ),
    )
    SUPERIOR_DIRECTIVES = (
        "superior_directives",
        _("Directives of higher authorities concerning the unit"),
    )
    OTHER = "other", _("Other matters required by law or the unit's regulation")


class Channel(models.TextChoices):
    """Art. 47.1: the forms of disclosure."""

    POSTING = "posting", _("Posted at the office")
    INTRANET = "intranet", _("Internal information system")
    PORTAL = "portal", _("The unit's web portal")
    CONFERENCE = "conference", _("Announced at the staff conference")
    WRITTEN_NOTICE_ALL = "written_notice_all", _("Written notice to all staff")
    VIA_SUBUNIT_HEADS = "via_subunit_heads", _("Through the heads of sub-units")
    VIA_PARTY_UNION = "via_party_union", _("Through the party organisation and the trade union")
    OTHER = "other", _("Other form")


class Confidentiality(models.TextChoices):
    NONE = "none", _("Not confidential")
    STATE_SECRET = "state_secret", _("State secret")
    WORK_SECRET = "work_secret", _("Work secret")


class Status(models.TextChoices):
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Disclosure(models.Model):
    """One version of a disclosed item. A correction is a new version; nothing is deleted."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="disclosures")
    series = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="versions"
    )
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    category = models.CharField(_("category"), max_length=40, choices=Category.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    body = models.TextField(pgettext_lazy("content", "body"), max_length=100_000, blank=True)
    body_html = models.TextField(editable=False, blank=True)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True, editable=False)
    is_late = models.BooleanField(_("late"), default=False, editable=False)
    late_reason = models.TextField(_("reason for the delay"), max_length=2000, blank=True)
    channels = models.JSONField(pgettext_lazy("disclosure", "channels"), default=list, blank=True)
    audience_units = models.ManyToManyField(
        Unit, blank=True, related_name="+", verbose_name=_("audience (sub-units)")
    )
    confidentiality = models.CharField(
        max_length=16, choices=Confidentiality.choices, default=Confidentiality.NONE
    )
    publish_at = models.DateTimeField(_("published at"))
    visible_until = models.DateField(_("visible until"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(
        _("reason for the withdrawal"), max_length=2000, blank=True
    )
    digest = models.CharField(max_length=64, db_index=True, editable=False)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-publish_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "-publish_at"]),
            # The inbox counts and pages one reader's units' published items by date.
            models.Index(fields=["unit", "status", "-publish_at"]),
            # The register walks a unit's items in date order.
            models.Index(fields=["publish_at", "id"]),
            models.Index(fields=["status", "-publish_at"]),
            models.Index(fields=["category", "-publish_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="disclosure_version_once"),
            models.CheckConstraint(
                condition=models.Q(confidentiality="none"), name="disclosure_not_secret"
            ),
        ]

    # What a cached fragment may show of an item (danchu.core.fragments): fixed when the item is
    # created (a published item is superseded or withdrawn, never edited), and keyed by `digest`,
    # which moves with its content. Status, read rates and the unit's name are not among them.
    FRAGMENT_VERSION = "digest"
    FRAGMENT_FIELDS = (
        *("pk", "title", "summary", "document_number", "decision_date", "category_label"),
        *("channel_labels", "publish_at", "visible_until", "is_late"),
        *("distinct_summary", "late_note"),
    )

    def __str__(self) -> str:
        return self.title

    @property
    def category_label(self) -> str:
        """`get_category_display()` without rebuilding the choices dict on every call (lists)."""
        return str(Category(self.category).label)

    @property
    def channel_labels(self) -> list[str]:
        return [str(Channel(code).label) for code in self.channels if code in Channel.values]

    @property
    def distinct_summary(self) -> str:
        """The summary when it says something the title does not ("" when it only repeats it:
        a card shows the title once)."""
        return "" if _same_words(self.summary, self.title) else self.summary

    @property
    def late_note(self) -> str:
        """What the "Late" badge means for this item ("" when it is not late): published after
        the art. 47.2 deadline, with that deadline's date."""
        if not self.is_late:
            return ""
        if self.due_on is None:
            return str(_("published after the deadline"))
        return str(
            _("published after the %(days)s-working-day deadline (due %(due)s)")
            % {
                "days": rules.DUE_WORKING_DAYS,
                "due": formats.date_format(self.due_on, "SHORT_DATE_FORMAT"),
            }
        )

    def is_scheduled(self, *, now: dt.datetime) -> bool:
        return self.publish_at > now

    def public_status(self, *, now: dt.datetime) -> str:
        """`scheduled`, `published`, `superseded` or `withdrawn` (the API's `status`)."""
        if self.status == Status.PUBLISHED and self.is_scheduled(now=now):
            return "scheduled"
        return str(self.status)

    def period_is_over(self, *, today: dt.date) -> bool:
        return not rules.is_within_period(self.visible_until, today=today)

    @property
    def deadline_note(self) -> str:
        """Why the art. 47.2 deadline was not checked for this item ("" when it was)."""
        if self.decision_date is not None or self.due_on is not None:
            return ""
        if not rules.needs_source_date(self.category):
            return str(
                _(
                    "This category does not disclose one dated decision or document, so the "
                    "5-working-day deadline (art. 47.2) does not apply."
                )
            )
        return str(
            _(
                "Published before the date of the decision or document was required: the "
                "5-working-day deadline (art. 47.2) could not be checked."
            )
        )


def _same_words(summary: str, title: str) -> bool:
    """Whether `summary` only repeats `title` (or part of it), case, accents' composition,
    spacing and punctuation aside."""
    said, named = _words(summary), _words(title)
    return not said or said == named or (named.startswith(said) and len(said) >= len(named) // 2)


def _words(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def attachment_path(instance: Attachment, filename: str) -> str:
    """Stored under a name we generate; the uploaded name is kept only as display text."""
    return f"disclosures/{instance.stored_name}"


class Attachment(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class Acknowledgement(models.Model):
    """A person confirmed having read one version ("Tôi đã đọc")."""

    disclosure = models.ForeignKey(
        Disclosure, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["disclosure", "person"], name="acknowledge_once")
        ]
        indexes = [models.Index(fields=["person", "disclosure"])]  # what one person has read

    def __str__(self) -> str:
        return f"{self.person_id} read {self.disclosure_id}"


class Question(models.Model):
    """A staff member's question on an item, and the head's answer."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="questions")
    asked_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("question"), max_length=4000)
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), max_length=8000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class RequestReason(models.TextChoices):
    """Art. 48.4: when the head must provide information on request."""

    NOT_DISCLOSED = "not_disclosed", _("It should have been disclosed but was not")
    EXPIRED = "expired", _("Its disclosure period has ended")
    UNREACHABLE = "unreachable", _("It is disclosed but I cannot reach it")


class InformationRequest(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="information_requests")
    requested_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    disclosure = models.ForeignKey(
        Disclosure, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=RequestReason.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("details"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(_("answer due"))
    answer = models.TextField(_("answer"), max_length=8000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "answered_at", "due_on"])]

    def __str__(self) -> str:
        return self.subject

    def is_overdue(self, *, today: dt.date) -> bool:
        return self.answered_at is None and today > self.due_on


# Decree 30/2020/NĐ-CP, Appendix III: the type code of a notice (thông báo).
NOTICE_TYPE_CODE = "TB"


class NoticeSeries(models.Model):
    """The last notice number a unit gave in a year: numbers restart every calendar year and each
    unit keeps its own series (Decree 30/2020, Appendix I). Its row is locked while a number is
    taken, so two publications at once never share one."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="notice_series_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class NoticeNumber(models.Model):
    """The printed notice's own number and code, "Số: 05/TB-SNV" (Decree 30/2020, Appendix I):
    a THÔNG BÁO of the disclosing unit, not the number of the decision it discloses."""

    disclosure = models.OneToOneField(
        Disclosure, on_delete=models.PROTECT, related_name="notice_number"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    unit_code = models.CharField(max_length=20)  # as it was when the number was given

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "number"], name="notice_number_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """Decree 30/2020, Appendix I: numbers below 10 take a leading zero; "05/TB-SNV"."""
        return f"{self.number:02d}/{NOTICE_TYPE_CODE}-{self.unit_code}"


class ReminderSend(models.Model):
    """A reminder to those who have not read an item: at most one per item and day, so a second
    press says when the last went and to how many instead of reminding again."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="reminders")
    day = models.DateField()
    count = models.PositiveIntegerField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["disclosure", "day"], name="remind_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.disclosure_id} reminded {self.count} on {self.day}"
