"""kill -9 during a burst of writes: is every acknowledged write stored, once, and nothing else?

    .venv/bin/python bench/kill9.py [--requests 400] [--workers 4] [--kill-every 0.5]
    .venv/bin/python bench/kill9.py --database-url postgres://postgres@127.0.0.1:5432/danchu_kill9

Issue 11 (quality): a fresh database (SQLite var/kill9.sqlite3, or the PostgreSQL database of
--database-url, DROPPED and created again), the demo province at --factor, gunicorn with
--workers sync workers on a free loopback port; then --requests opinions POSTed in parallel
through the API with a bearer token, each with its own marker text, while a killer thread sends
SIGKILL to a random gunicorn worker every --kill-every seconds (the master respawns them). Then
gunicorn is stopped and the database counted: every write answered 2xx must be there exactly once
(0 lost, 0 duplicated), under the id the answer gave; a request refused with a status must have
left nothing; a request whose connection broke (its worker killed) may have committed or not, and
is counted apart. Also runs verify_audit.
Prints a table; exit status 1 on any mismatch. Loopback only; bounded by --requests; gunicorn is
stopped on exit, error, Ctrl-C or SIGTERM. See bench/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SQLITE = ROOT / "var" / "kill9.sqlite3"
LOG = ROOT / "var" / "kill9-gunicorn.log"
TIMEOUT = 60.0

SETUP = """
import json
from django.utils import timezone
from danchu.consultations.models import Consultation
from danchu.people.models import User
from danchu.people.tokens import make_token
now = timezone.now()
open_ = [c for c in Consultation.objects.order_by("pk") if c.accepts_opinions(now=now)]
print(json.dumps({"consultation": open_[0].pk,
                  "token": make_token(User.objects.get(username="staff"))}))
"""

COUNT = """
import json, os
from danchu.consultations.models import Opinion
rows = Opinion.objects.filter(text__startswith=os.environ["KILL9_RUN"]).values_list("pk", "text")
print(json.dumps([list(row) for row in rows]))
"""


@dataclass
class Burst:
    acknowledged: dict[str, int] = field(default_factory=dict)  # marker -> opinion id
    refused: dict[str, int] = field(default_factory=dict)  # marker -> non-2xx status
    broken: dict[str, str] = field(default_factory=dict)  # marker -> connection error
    kills: int = 0
    seconds: float = 0.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--requests", type=int, default=400, help="opinions to POST (default 400)")
    add("--threads", type=int, default=16, help="client threads (default 16)")
    add("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    add("--kill-every", type=float, default=0.5, help="seconds between two kills (0.5)")
    add("--min-age", type=float, default=1.0, help="kill only workers up this long (1 s)")
    add("--port", type=int, default=0, help="loopback port (default: a free one; never 8000)")
    add("--factor", type=float, default=0.1, help="seed_demo --factor (default 0.1)")
    add("--database-url", default="", help="PostgreSQL database to drop and recreate")
    add("--redis-url", default="", help="cache and sessions in Redis (default: file cache)")
    add("--seed", type=int, default=None, help="random seed of the killer")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    port = args.port or free_port()
    if port == 8000:
        raise SystemExit("port 8000 is the development server's")
    env = server_env(args)
    fresh_database(args.database_url)
    print("Preparing a fresh database…", file=sys.stderr)
    manage(env, "migrate", "-v0")
    manage(env, "seed_demo", "--factor", str(args.factor))
    manage(env, "seed_demo_consultations")
    plan = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
    server = start_gunicorn(env, port, args.workers)
    try:
        wait_ready(port, plan["token"])
        run_id = f"kill9 {uuid.uuid4().hex[:12]}"
        burst = fire(args, port, plan, run_id, server.pid)
    finally:
        stop(server)
    counted = manage({**env, "KILL9_RUN": run_id}, "shell", "-c", COUNT)
    rows = json.loads(counted.strip().splitlines()[-1])
    audit_ok = (
        subprocess.run(
            [sys.executable, "manage.py", "verify_audit"], cwd=ROOT, env=env, capture_output=True
        ).returncode
        == 0
    )
    return report(args, burst, rows, audit_ok)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_env(args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_ALLOW", "DANCHU_"))}
    env.update(
        DANCHU_ENV="development",
        DEBUG="0",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=args.database_url,
        DANCHU_SQLITE_PATH=str(SQLITE),
        REDIS_URL=args.redis_url,
    )
    return env


def fresh_database(url: str) -> None:
    if not url:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr}")
    return result.stdout


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    LOG.parent.mkdir(exist_ok=True)
    command = [
        *(sys.executable, "-m", "gunicorn", "config.wsgi"),
        *("-w", str(workers), "-b", f"{HOST}:{port}", "--timeout", "60"),
        # Workers forked from a loaded app: a killed one is back in milliseconds, as in
        # production the kills then land on workers busy writing, not on ones still booting.
        "--preload",
        *("--config", "python:bench.kill9_hooks"),
        "--no-control-socket",  # one per user by default: other gunicorns may be running
    ]
    with LOG.open("ab") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)

    def interrupted(*_: Any) -> None:
        stop(server)
        sys.exit(130)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, interrupted)
    return server


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()  # the master: it stops its workers
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def request(port: int, method: str, path: str, token: str, body: Any = None) -> tuple[int, Any]:
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        payload = json.dumps(body) if body is not None else None
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data else None
    finally:
        connection.close()


def wait_ready(port: int, token: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = request(port, "GET", "/api/v1/me", token)
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200:
            return
        raise SystemExit(f"GET /api/v1/me answered {status}: see {LOG}")
    raise SystemExit(f"gunicorn did not answer within 60 s: see {LOG}")


def workers_of(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in children.split()]


def fire(
    args: argparse.Namespace, port: int, plan: dict[str, Any], run_id: str, master: int
) -> Burst:
    burst = Burst()
    done = threading.Event()
    killer = threading.Thread(target=kill_loop, args=(args, master, done, burst), daemon=True)
    path = f"/api/v1/consultations/{plan['consultation']}/opinions"

    def post(n: int) -> None:
        marker = f"{run_id} #{n}"
        try:
            status, body = request(port, "POST", path, plan["token"], {"text": marker})
        except (OSError, http.client.HTTPException) as error:
            burst.broken[marker] = type(error).__name__
            return
        if 200 <= status < 300:
            burst.acknowledged[marker] = int(body["id"])
        else:
            burst.refused[marker] = status

    started = time.monotonic()
    killer.start()
    with ThreadPoolExecutor(args.threads) as pool, tqdm(total=args.requests, unit="req") as bar:
        for future in as_completed(pool.submit(post, n) for n in range(args.requests)):
            future.result()
            bar.set_postfix(kills=burst.kills, ok=len(burst.acknowledged), refresh=False)
            bar.update()
    done.set()
    killer.join()
    burst.seconds = time.monotonic() - started
    return burst


def kill_loop(args: argparse.Namespace, master: int, done: threading.Event, burst: Burst) -> None:
    """Every --kill-every seconds, SIGKILL a random worker of our own gunicorn among those up for
    --min-age seconds: a worker's first request loads the URLs, templates and a connection (over
    a second on a busy machine), so killing fresh ones would only ever hit workers still booting."""
    pick = random.Random(args.seed)
    born: dict[int, float] = {}
    next_kill = time.monotonic() + args.kill_every
    while not done.wait(0.05):
        now = time.monotonic()
        workers = workers_of(master)
        born = {pid: born.get(pid, now) for pid in workers}
        ready = [pid for pid, since in born.items() if now - since >= args.min_age]
        if now < next_kill or not ready:
            continue
        try:
            os.kill(pick.choice(ready), signal.SIGKILL)
        except ProcessLookupError:
            continue
        burst.kills += 1
        next_kill = now + args.kill_every


def report(args: argparse.Namespace, burst: Burst, rows: list[list[Any]], audit_ok: bool) -> int:
    stored = Counter(text for _, text in rows)
    ids = {text: pk for pk, text in rows}
    lost = [m for m in burst.acknowledged if m not in stored]
    wrong_id = [m for m, pk in burst.acknowledged.items() if m in ids and ids[m] != pk]
    duplicated = sum(n - 1 for n in stored.values() if n > 1)
    # A worker killed between its commit and its answer leaves a stored row whose client saw the
    # connection drop: the outcome is unknown to the client (it retries with an Idempotency-Key).
    # A row for a request that got a definite refusal, or for none at all, is a fault.
    ambiguous = [m for m in stored if m in burst.broken]
    phantom = [m for m in stored if m not in burst.acknowledged and m not in burst.broken]
    database = "PostgreSQL" if args.database_url else "SQLite"
    figures = [
        ("database", database),
        ("gunicorn workers", args.workers),
        ("client threads", args.threads),
        ("writes sent", args.requests),
        ("workers killed (SIGKILL)", burst.kills),
        ("burst seconds", f"{burst.seconds:.1f}"),
        ("acknowledged (2xx)", len(burst.acknowledged)),
        ("refused (non-2xx)", dict(Counter(burst.refused.values())) or 0),
        ("connection broken (worker killed mid-request)", len(burst.broken)),
        ("rows stored", len(rows)),
        ("lost (acknowledged, not stored)", len(lost)),
        ("duplicated rows", duplicated),
        ("stored, not acknowledged: connection broken after commit", len(ambiguous)),
        ("stored without an acknowledgement or a broken connection", len(phantom)),
        ("id differs from the answer", len(wrong_id)),
        ("verify_audit", "ok" if audit_ok else "BROKEN"),
    ]
    print("\n| figure | value |\n|---|---|")
    for name, value in figures:
        print(f"| {name} | {value} |")
    mismatch = lost or wrong_id or duplicated or phantom or not audit_ok
    if mismatch:
        print("\nMISMATCH")
    else:
        print(
            "\nEvery acknowledged write stored once (0 lost, 0 duplicated); "
            f"{len(ambiguous)} of {len(burst.broken)} broken requests had committed."
        )
    return 1 if mismatch else 0


if __name__ == "__main__":
    sys.exit(main())
