"""The append-only, hash-chained audit log.

Each entry's hash covers the previous entry's hash, so editing, deleting, inserting or reordering
entries breaks the chain (`manage.py verify_audit`). The database itself refuses UPDATE, DELETE
and TRUNCATE on the entry table (migration 0003). Actor and unit are plain ids, not foreign keys:
the log must outlive what it describes and must not depend on the apps that write to it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.audit.hashing import GENESIS_HASH, chain_hash, digest_of

HEAD_ID = 1


class Entry(models.Model):
    id = models.BigAutoField(primary_key=True)
    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    created_at = models.DateTimeField(_("recorded at"))
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=100)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    unit_id = models.BigIntegerField(_("unit id"), null=True, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    digest = models.CharField(_("digest of changes"), max_length=64)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "seq"], name="audit_entry_target"),
            models.Index(fields=["unit_id", "seq"], name="audit_entry_unit"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="audit_entry_seq_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def compute_digest(self) -> str:
        return digest_of(self.changes)

    def compute_hash(self) -> str:
        return chain_hash(
            prev_hash=self.prev_hash,
            seq=self.seq,
            created_at=self.created_at,
            actor_id=self.actor_id,
            actor_label=self.actor_label,
            action=self.action,
            target_type=self.target_type,
            target_id=self.target_id,
            unit_id=self.unit_id,
            digest=self.digest,
        )


class Head(models.Model):
    """The single row naming the last entry: locked to serialise appends, compared on verify."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_ID)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit head")
        verbose_name_plural = _("audit head")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=HEAD_ID), name="audit_head_single_row"),
        ]

    def __str__(self) -> str:
        return f"head #{self.seq}"
