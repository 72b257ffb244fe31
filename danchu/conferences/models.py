"""The staff conference (Law 10/2022/QH15 arts. 50–52): its plan, attendance, votes and records.

Secret ballots follow docs/decisions/0004-anonymous-acts.md and 0005-secret-ballots.md: a
`Ballot` has a random id, its vote, a random tracker and the choices, nothing else; who has
taken part is recorded apart (`VoterMark`), and a `BallotToken` stores only the digest of a
token, never whom it was given to.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.anonymity.fields import RandomIdField
from danchu.organizations.models import Body, Unit
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


class VoteKind(models.TextChoices):
    MOTION = "motion", _("Motion")
    ELECTION = "election", _("Election")
    CONFIDENCE = "confidence", _("Vote of confidence")


class Purpose(models.TextChoices):
    GENERAL = "general", _("A matter of the conference")
    RESOLUTION = "resolution", _("Adoption of the conference resolution")
    INSPECTION_BOARD = "inspection_board", _("Election of the People's Inspection Board")


class VoteStatus(models.TextChoices):
    DRAFT = "draft", _("Not open yet")
    OPEN = "open", pgettext_lazy("vote", "Open")
    CLOSED = "closed", pgettext_lazy("vote", "Closed")


class Vote(models.Model):
    """One question put to the conference: a motion, an election to `seats` seats or a vote
    of confidence, open (named) or secret. At close the result is stored with the digest of
    the published bulletin it was counted from."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="votes")
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=VoteKind.choices)
    purpose = models.CharField(
        _("purpose"), max_length=32, choices=Purpose.choices, default=Purpose.GENERAL
    )
    secret = models.BooleanField(_("secret ballot"))
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=VoteStatus.choices, default=VoteStatus.DRAFT
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Filled at close: the base of the majority (those present), the count and its outcome.
    present = models.PositiveIntegerField(null=True, blank=True)
    ballots_cast = models.PositiveIntegerField(null=True, blank=True)
    tally = models.JSONField(default=dict, blank=True)
    outcome = models.JSONField(default=dict, blank=True)
    bulletin_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["conference", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="election") | models.Q(seats__gte=1),
                name="election_has_seats",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    """A person in an election (nominated by the union executive committee) or in a vote of
    confidence."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["vote", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["vote", "person"], name="candidate_once")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.vote_id}"


class Via(models.TextChoices):
    NAMED = "named", _("Open ballot")
    SCREEN = "screen", _("Token on their own screen")
    SLIP = "slip", _("Printed slip")
    PAPER = "paper", _("Paper ballot")


class VoterMark(models.Model):
    """Who has taken part in a vote (received a token, a slip or a paper ballot, or voted
    openly): one row per person and vote, so one person, one vote across screen and paper.
    Kept apart from the ballots: nothing here says which ballot is theirs."""

    id = RandomIdField(primary_key=True)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="marks")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    via = models.CharField(_("how"), max_length=16, choices=Via.choices)

    class Meta:
        verbose_name = _("voter mark")
        verbose_name_plural = _("voter marks")
        constraints = [
            models.UniqueConstraint(fields=["vote", "person"], name="one_person_one_vote")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.vote_id} ({self.via})"


class BallotToken(models.Model):
    """A single-use token for a secret vote: only its SHA-256 digest, never whom it went to."""

    id = RandomIdField(primary_key=True)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("ballot token")
        verbose_name_plural = _("ballot tokens")

    def __str__(self) -> str:
        return f"token @ {self.vote_id}"


class Ballot(models.Model):
    """A secret ballot: a random id, its vote, the voter's random tracker and the choices.
    No person, token, session, address, time or order."""

    id = RandomIdField(primary_key=True)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="ballots")
    tracker = models.CharField(max_length=16)
    choices = models.JSONField()

    class Meta:
        verbose_name = _("secret ballot")
        verbose_name_plural = _("secret ballots")
        ordering = ["vote", "tracker"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "tracker"], name="ballot_tracker_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tracker} @ {self.vote_id}"


class OpenBallot(models.Model):
    """A named ballot in an open vote: who voted what is public to the conference."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="open_ballots")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField()
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("open ballot")
        verbose_name_plural = _("open ballots")
        constraints = [models.UniqueConstraint(fields=["vote", "person"], name="open_ballot_once")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.vote_id}"


class BatchStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for the second entry")
    MATCHED = "matched", _("Both entries match: counted")
    MISMATCH = "mismatch", _("The entries differ: enter again")


class PaperBatch(models.Model):
    """A batch of paper ballots, entered twice by two counting-board members; counted only when
    both entries match."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="paper_batches")
    number = models.PositiveIntegerField(_("batch"))
    first_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    first_entry = models.JSONField()
    second_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    second_entry = models.JSONField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.WAITING
    )

    class Meta:
        verbose_name = _("batch of paper ballots")
        verbose_name_plural = _("batches of paper ballots")
        ordering = ["vote", "number"]
        constraints = [models.UniqueConstraint(fields=["vote", "number"], name="paper_batch_once")]

    def __str__(self) -> str:
        return f"{self.vote_id} #{self.number}"


class BoardRecognition(models.Model):
    """Decree 59/2023 art. 21.1: the union executive committee recognises the election of the
    People's Inspection Board; the board's 2-year term starts with its members and roles."""

    vote = models.OneToOneField(Vote, on_delete=models.PROTECT, related_name="recognition")
    body = models.OneToOneField(Body, on_delete=models.PROTECT, related_name="recognition")
    recognised_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recognised_on = models.DateField(_("recognised on"))

    class Meta:
        verbose_name = _("recognition of the board's election")
        verbose_name_plural = _("recognitions of the board's election")

    def __str__(self) -> str:
        return f"{self.vote_id} → {self.body_id}"


class Resolution(models.Model):
    """The conference resolution (Nghị quyết), adopted by its vote and disclosed to staff."""

    conference = models.OneToOneField(
        Conference, on_delete=models.PROTECT, related_name="resolution"
    )
    number = models.CharField(_("number"), max_length=32, blank=True)
    text = models.TextField(_("text"), max_length=50000)
    vote = models.OneToOneField(
        Vote, on_delete=models.PROTECT, null=True, blank=True, related_name="resolution"
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    disclosure_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("conference resolution")
        verbose_name_plural = _("conference resolutions")

    def __str__(self) -> str:
        return f"{self.conference_id} {self.number}"


class ReviewStatus(models.TextChoices):
    DUE = "due", _("To do")
    DONE = "done", _("Reported to staff")


class ResolutionReview(models.Model):
    """Art. 52.3: every 6 months the head and the union review how the resolution is carried
    out and tell all staff (the report is disclosed)."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="reviews")
    period = models.PositiveSmallIntegerField(_("review"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DUE
    )
    report = models.TextField(_("report"), max_length=20000, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    disclosure_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("review of the resolution")
        verbose_name_plural = _("reviews of the resolution")
        ordering = ["resolution", "period"]
        constraints = [models.UniqueConstraint(fields=["resolution", "period"], name="review_once")]

    def __str__(self) -> str:
        return f"{self.resolution_id} #{self.period}"
