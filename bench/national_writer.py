"""A steady stream of recorded activity while bench/national.py reads the dashboards: `--rate`
disclosures a second, each in a random agency, published through `facts.services.emit` as the
disclosure service does (the unit's obligations refreshed, the tallies moved up to the root, the
dashboards' cached reads outdated). Runs until killed; prints how many it wrote on SIGTERM.

    python bench/national_writer.py --rate 5
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=5.0, help="facts per second")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from danchu.facts.services import emit
    from danchu.organizations.models import EMPLOYER_KINDS, Unit

    agencies = list(Unit.objects.filter(kind__in=EMPLOYER_KINDS).values_list("pk", flat=True))
    chance = random.Random(14)
    written = [0]

    def done(signum: int, frame: object) -> None:
        print(f"{written[0]} facts written", flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, done)
    while True:
        started = time.monotonic()
        today = timezone.localdate()
        with transaction.atomic():
            emit(
                kind="disclosure.published",
                unit=chance.choice(agencies),
                on=today,
                data={"version": 1, "due_on": today, "visible_until": today},
            )
        written[0] += 1
        time.sleep(max(0.0, 1 / args.rate - (time.monotonic() - started)))


if __name__ == "__main__":
    main()
