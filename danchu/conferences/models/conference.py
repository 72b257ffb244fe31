"""The conference: who calls it, its plan and agenda, who is summoned and who came."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.organizations.models import Unit
from danchu.people.models import Person, User


class Kind(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    EXTRAORDINARY = "extraordinary", _("Extraordinary")


class Format(models.TextChoices):
    PLENARY = "plenary", _("Plenary (all staff)")
    DELEGATE = "delegate", _("Delegates")
    # Art. 50.2: the written ballot sent to all staff when the conference cannot meet.
    WRITTEN = "written", _("Written ballot of all staff")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INVITED = "invited", _("Invitations sent")
    IN_SESSION = "in_session", _("In session")
    HELD = "held", _("Held")
    NO_QUORUM = "no_quorum", _("Not held: no quorum")
    CANCELLED = "cancelled", _("Cancelled")


class Proposer(models.TextChoices):
    """Art. 50.1: who may ask for an extraordinary conference."""

    UNION = "union", _("The union executive committee")
    HEAD = "head", _("The head")
    STAFF = "staff", _("At least one third of staff")


class RequestStatus(models.TextChoices):
    COLLECTING = "collecting", _("Collecting supporters")
    GRANTED = "granted", _("Enough support: the conference may be planned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ExtraordinaryRequest(models.Model):
    """A request for an extraordinary conference; a staff request collects supporters until at
    least one third of the unit's staff have signed (art. 50.1)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="conference_requests")
    proposer = models.CharField(_("proposed by"), max_length=16, choices=Proposer.choices)
    reason = models.TextField(_("reason"), max_length=4000)
    opened_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.COLLECTING
    )
    staff_at_opening = models.PositiveIntegerField(_("staff when opened"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    granted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("request for an extraordinary conference")
        verbose_name_plural = _("requests for an extraordinary conference")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_proposer_display()}"


class RequestSupporter(models.Model):
    request = models.ForeignKey(
        ExtraordinaryRequest, on_delete=models.PROTECT, related_name="supporters"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("signed on"))

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        constraints = [models.UniqueConstraint(fields=["request", "person"], name="supporter_once")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.request_id}"


class Conference(models.Model):
    """One conference of one unit: the annual one, an extraordinary one, a second call after a
    first without quorum, or the written ballot that replaces it (art. 50.2)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="conferences")
    year = models.PositiveSmallIntegerField(_("work year reviewed"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    call = models.PositiveSmallIntegerField(_("call"), default=1)
    first_call = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="later_calls"
    )
    request = models.ForeignKey(
        ExtraordinaryRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
    )
    title = models.CharField(_("title"), max_length=255)
    scheduled_at = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    remote_allowed = models.BooleanField(_("remote attendance allowed"), default=False)
    force_majeure = models.TextField(_("force majeure"), max_length=2000, blank=True)
    # Art. 50.2: the written ballot is run by the head after agreeing with the union executive
    # committee: who agreed for the union, and when.
    union_agreed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    union_agreed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    chair = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    secretary = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Art. 51.3 codes (rules.CONTENT_CODES) the plan covers.
    contents = models.JSONField(_("contents covered"), default=list, blank=True)
    # The staff count the plan was made for (the quorum's base in plenary).
    staff_count = models.PositiveIntegerField(_("staff"), default=0)
    plan_disclosure_id = models.BigIntegerField(null=True, blank=True)
    proceedings = models.TextField(_("proceedings"), max_length=50000, blank=True)
    minutes_number = models.CharField(_("minutes number"), max_length=32, blank=True)
    planned_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("staff conference")
        verbose_name_plural = _("staff conferences")
        ordering = ["-scheduled_at", "-pk"]
        indexes = [models.Index(fields=["unit", "year"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(call__gte=1), name="conference_call_from_1")
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    step = models.CharField(_("statutory step"), max_length=32, blank=True)  # rules.RUNNING_ORDER
    title = models.CharField(_("title"), max_length=500)
    presenter = models.CharField(_("presented by"), max_length=255, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["conference", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class ConferenceDocument(models.Model):
    """A document put before the conference: a published disclosure or a consultation."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="documents")
    disclosure = models.ForeignKey(
        "disclosures.Disclosure", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("conference document")
        verbose_name_plural = _("conference documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(disclosure__isnull=False, consultation__isnull=True)
                | models.Q(disclosure__isnull=True, consultation__isnull=False),
                name="conference_document_is_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.conference_id}: {self.disclosure_id or self.consultation_id}"


class DelegateQuota(models.Model):
    """Art. 51.2.b: in a delegate conference, the seats allotted to each sub-unit."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="quotas")
    department = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    seats = models.PositiveIntegerField(_("delegates"))

    class Meta:
        verbose_name = _("delegate quota")
        verbose_name_plural = _("delegate quotas")
        constraints = [
            models.UniqueConstraint(fields=["conference", "department"], name="quota_once")
        ]

    def __str__(self) -> str:
        return f"{self.department_id}: {self.seats}"


class Attendance(models.TextChoices):
    STAFF = "staff", _("Staff member")
    DELEGATE = "delegate", _("Delegate")
    GUEST = "guest", _("Invited guest")


class CheckIn(models.TextChoices):
    LIST = "list", _("From the list")
    CODE = "code", _("Personal code")
    REMOTE = "remote", _("Remote")


class Participant(models.Model):
    """A person summoned to (or invited to) a conference, and whether they came. Only summoned
    participants count for the quorum and vote; guests (art. 51.2.d) do neither."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    attendance = models.CharField(_("as"), max_length=16, choices=Attendance.choices)
    summoned = models.BooleanField(_("counts for the quorum and votes"), default=True)
    present = models.BooleanField(_("present"), default=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    check_in = models.CharField(_("checked in"), max_length=16, choices=CheckIn.choices, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["conference", "person"], name="participant_once")
        ]
        indexes = [models.Index(fields=["conference", "summoned", "present"])]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.conference_id}"


class CountingBoardMember(models.Model):
    """The counting board (ban kiểm phiếu), elected at the conference; the head may not count."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="counting_board"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("counting board member")
        verbose_name_plural = _("counting board members")
        constraints = [
            models.UniqueConstraint(fields=["conference", "person"], name="counter_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.conference_id}"
