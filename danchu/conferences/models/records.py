"""What the conference leaves: the inspection board it elected, its resolution, the reviews."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.conferences.models.conference import Conference
from danchu.conferences.models.votes import Vote
from danchu.organizations.models import Body
from danchu.people.models import Person


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
