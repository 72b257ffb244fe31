"""What an anonymous act leaves behind: its day, what was done and a digest; then the day's seal.

Neither table has a time finer than the day, an actor or a sequence: ids are random, lists sort
by day and digest (a hash, so an order that carries no submission order).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.anonymity.fields import RandomIdField
from danchu.audit.hashing import digest_of


class AnonymousAct(models.Model):
    """One anonymous act, waiting for (or counted in) its chain's seal of the day."""

    id = RandomIdField(primary_key=True)
    day = models.DateField(_("day"))
    chain = models.CharField(_("chain"), max_length=40)
    unit_id = models.BigIntegerField(_("unit id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=100)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    digest = models.CharField(_("digest"), max_length=64)

    class Meta:
        verbose_name = _("anonymous act")
        verbose_name_plural = _("anonymous acts")
        ordering = ["day", "digest"]
        indexes = [models.Index(fields=["chain", "day", "digest"], name="anonymity_act_batch")]

    def __str__(self) -> str:
        return f"{self.day} {self.action}"

    def compute_digest(self) -> str:
        return digest_of(
            {
                "day": self.day.isoformat(),
                "chain": self.chain,
                "unit_id": self.unit_id,
                "action": self.action,
                "target_type": self.target_type,
                "target_id": self.target_id,
                "changes": self.changes,
            }
        )


class SealedBatch(models.Model):
    """A chain's anonymous acts of one day, sealed by one audit entry (`entry_seq`) that holds
    their count and `digest`."""

    id = RandomIdField(primary_key=True)
    chain = models.CharField(_("chain"), max_length=40)
    unit_id = models.BigIntegerField(_("unit id"), null=True, blank=True)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("number of acts"))
    digest = models.CharField(_("digest of the acts"), max_length=64)
    entry_seq = models.PositiveBigIntegerField(_("audit entry"))

    class Meta:
        verbose_name = _("sealed batch of anonymous acts")
        verbose_name_plural = _("sealed batches of anonymous acts")
        ordering = ["day", "chain"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "day"], name="anonymity_batch_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.chain} {self.day} ({self.count})"


def batch_digest(*, chain: str, day: str, act_digests: list[str]) -> str:
    """The digest a seal records: the chain, the day and the acts' digests in sorted order."""
    acts = sorted(act_digests)
    return digest_of({"chain": chain, "day": day, "count": len(acts), "acts": acts})
