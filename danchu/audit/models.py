"""The append-only audit log, one hash chain per unit.

Each entry belongs to one chain (`unit:<id>`, `system` for writes of no unit, `legacy` for the
entries written before chains existed) and names the entry before it in that chain (`prev_seq`,
`prev_hash`); its hash covers both, so editing, deleting, inserting, reordering or moving entries
between chains breaks a chain (`manage.py verify_audit`). Appending locks only the chain's own
head row, so writes in different units never wait on one another (decision 0003). The database
itself refuses UPDATE, DELETE and TRUNCATE on the entry table (migration 0003), and an INSERT
that does not come through `audit.record` or does not follow its chain's head (migration 0007).
Checkpoints, signed with a key kept outside the database, anchor each chain's head, so that
even the database's owner cannot rewrite or truncate a chain unnoticed (`checkpoints.py`).
Actor and unit are plain ids, not foreign keys: the log must outlive what it describes and must
not depend on the apps that write to it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.audit.hashing import (
    GENESIS_HASH,
    LEGACY_CHAIN,
    chain_hash,
    checkpoint_message,
    digest_of,
)

SYSTEM_CHAIN = "system"  # writes that belong to no unit


def chain_of(unit_id: int | None) -> str:
    """The chain an entry about `unit_id` is appended to."""
    return SYSTEM_CHAIN if unit_id is None else f"unit:{unit_id}"


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
    chain = models.CharField(_("chain"), max_length=40, default=LEGACY_CHAIN)
    prev_seq = models.PositiveBigIntegerField(_("previous sequence number"), default=0)
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
            models.Index(fields=["chain", "seq"], name="audit_entry_chain"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="audit_entry_seq_positive"),
            models.CheckConstraint(
                condition=models.Q(prev_seq__lt=models.F("seq")), name="audit_entry_prev_before"
            ),
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
            chain=self.chain,
            prev_seq=self.prev_seq,
        )


class ChainHead(models.Model):
    """The last entry of one chain: locked (this row only) to serialise appends to the chain."""

    chain = models.CharField(_("chain"), max_length=40, primary_key=True)
    seq = models.PositiveBigIntegerField(_("last sequence number"), default=0)
    hash = models.CharField(_("last hash"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}"


class Checkpoint(models.Model):
    """A signed statement "chain C ended at entry #seq with this hash", made at `signed_at`.

    Checkpoints form their own list (`number` 1, 2, 3…), each signing the previous one's
    signature; they are published (`/audit/checkpoints/`) so that outsiders can keep copies.
    """

    number = models.PositiveBigIntegerField(_("checkpoint number"), unique=True)
    chain = models.CharField(_("chain"), max_length=40)
    seq = models.PositiveBigIntegerField(_("sequence number"))
    hash = models.CharField(_("hash"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))
    key_id = models.CharField(_("key id"), max_length=16)
    prev_signature = models.CharField(_("previous signature"), max_length=88, blank=True)
    signature = models.CharField(_("signature"), max_length=88)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["number"]
        indexes = [models.Index(fields=["chain", "seq"], name="audit_checkpoint_chain")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="audit_checkpoint_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq} ({self.number})"

    def message(self) -> bytes:
        return checkpoint_message(
            number=self.number,
            chain=self.chain,
            seq=self.seq,
            hash_=self.hash,
            signed_at=self.signed_at,
            key_id=self.key_id,
            prev_signature=self.prev_signature,
        )

    @property
    def short_signature(self) -> str:
        """The signature's first and last 8 characters, to recognise it on paper."""
        return f"{self.signature[:8]}…{self.signature[-8:]}"
