"""The append-only, hash-chained audit log: `from danchu import audit; audit.record(...)`."""

from danchu.audit.services import digest_of, record

__all__ = ["digest_of", "record"]
