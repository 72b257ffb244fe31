"""`manage.py audit_keygen PATH`: a new Ed25519 key for audit checkpoints, in a PEM file."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danchu.audit.signing import key_id_of, raw_public, write_new_key


class Command(BaseCommand):
    help = (
        "Write a new Ed25519 private key (PEM, mode 600) for signing audit checkpoints and print "
        "its public key and id. An existing file is never overwritten."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path, help="where to write the private key")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            key = write_new_key(path)
        except FileExistsError as error:
            raise CommandError(f"{path} exists; choose another path to rotate keys") from error
        raw = raw_public(key.public_key())
        self.stdout.write(f"private key: {path} (keep it outside the database and its backups)")
        self.stdout.write(f"public key:  {base64.b64encode(raw).decode('ascii')}")
        self.stdout.write(f"key id:      {key_id_of(raw)}")
