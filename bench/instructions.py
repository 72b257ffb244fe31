"""Count the CPU instructions one request of a page costs, with valgrind's callgrind.

    .venv/bin/python bench/instructions.py staff:/disclosures/ head:/disclosures/register/74/
    .venv/bin/python bench/instructions.py --changed disclosures staff:/disclosures/

Requests/s depend on the machine and on what else it is doing; instructions do not (the same count
twice, whatever the load). Each `user:path` is requested through Django's test client in one
process, against the benchmark database (`var/bench-f1.sqlite3`, made by `bench/run.py`), with
DEBUG off: 3 warm-up requests, then 10 counted ones (callgrind's instrumentation is switched on only
for those). After each request the connections are closed or kept as a real server does (the test
client skips that), so connection set-up is counted. `anonymous:/healthz` measures the bare
request cycle. With `--changed GROUP` (repeatable), each counted request follows a change to that
group of tables (danchu.core.cache_groups: `disclosures`, `staff`, `account`, `units`), as after
a new publication: what is cached under its token is read again, as a real user would then cause.
Needs `valgrind` (Debian package).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTED = 10
WARM_UP = 3


def measure_in_this_process(specs: list[str], changed: list[str]) -> None:
    """Runs under valgrind: request each page, counting only the measured requests."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DANCHU_SQLITE_PATH", str(ROOT / "var" / "bench-f1.sqlite3"))
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import close_old_connections
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    pid = str(os.getpid())
    for spec in specs:
        user, path = spec.split(":", 1)
        client = Client()
        if user != "anonymous":
            assert client.login(username=user, password=settings.DEMO_PASSWORD), user
        for _ in range(WARM_UP):
            assert client.get(path).status_code == 200, (spec, client.get(path).status_code)
        if not changed:
            control("-i", "on", pid)
        for _ in range(COUNTED):
            if changed:
                change(changed)
                control("-i", "on", pid)
            client.get(path)
            close_old_connections()  # as the real handler does after each response
            if changed:
                control("-i", "off", pid)
        if not changed:
            control("-i", "off", pid)
        control("-d", spec, pid)


def change(groups: list[str]) -> None:
    """What a write to these groups of tables does to cached reads: their tokens move."""
    from django.db import connection

    from danchu.core.cache_groups import GROUPS
    from danchu.core.cached_reads import SCOPED_TABLE, TABLE

    with connection.cursor() as cursor:
        for group in groups:
            if GROUPS[group].scoped:  # a write in every unit: each unit's counter moves
                cursor.execute(
                    f"INSERT INTO {SCOPED_TABLE} (name, unit_id, unit_path, counter) "  # noqa: S608
                    "SELECT %s, id, path, 1 FROM organizations_unit WHERE 1 "
                    "ON CONFLICT (name, unit_id) DO UPDATE SET counter = counter + 1",
                    [group],
                )
                continue
            if GROUPS[group].key:  # a write for every row owner: each of their tokens moves
                cursor.execute(
                    f"UPDATE {TABLE} SET value = value + 1 WHERE name LIKE %s",  # noqa: S608
                    [f"{group}:%"],
                )
                continue
            cursor.execute(f"UPDATE {TABLE} SET value = value + 1 WHERE name = %s", [group])  # noqa: S608
            if cursor.rowcount == 0:
                cursor.execute(f"INSERT INTO {TABLE} (name, value) VALUES (%s, 1)", [group])  # noqa: S608


def control(*args: str) -> None:
    subprocess.run(["callgrind_control", *args], check=True, capture_output=True)


def main(specs: list[str], changed: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        inside = ["--inside", *(f"--changed={group}" for group in changed), *specs]
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no",
            f"--callgrind-out-file={out}.%p", sys.executable, __file__, *inside,
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        for dump in sorted(Path(folder).glob("callgrind.out.*.*"), key=_dump_number):
            text = dump.read_text(errors="replace")
            spec = re.search(r"^desc: Trigger: dump (.*)$", text, re.M)
            total = re.search(r"^totals: (\d+)", text, re.M)
            if spec and total:
                millions = int(total.group(1)) / COUNTED / 1e6
                print(f"{spec.group(1):60s} {millions:8.1f} M instructions/request")


def _dump_number(path: Path) -> int:
    return int(path.name.rsplit(".", 1)[1])


def _split(argv: list[str]) -> tuple[list[str], list[str]]:
    """(changed groups, page specs) from `--changed GROUP`, `--changed=GROUP` and the rest."""
    changed: list[str] = []
    specs: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--changed":
            changed.append(next(words))
        elif word.startswith("--changed="):
            changed.append(word.split("=", 1)[1])
        else:
            specs.append(word)
    return changed, specs


if __name__ == "__main__":
    if sys.argv[1:2] == ["--inside"]:
        measure_in_this_process(*reversed(_split(sys.argv[2:])))
    else:
        main(*reversed(_split(sys.argv[1:])))
