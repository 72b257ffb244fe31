"""Votes and ballots: open ballots by name; secret ones kept apart from who voted (0005)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.anonymity.fields import RandomIdField
from danchu.conferences.models.conference import Conference
from danchu.people.models import Person, User


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
