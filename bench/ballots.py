"""5,000 voters cast a secret ballot against gunicorn; two workers are killed during the burst.

    .venv/bin/python bench/ballots.py                        # SQLite: var/ballots.sqlite3
    .venv/bin/python bench/ballots.py \
        --database-url postgres://postgres@127.0.0.1:5432/danchu_ballots \
        --redis-url redis://127.0.0.1:6379/12                # the database is DROPPED

Issue 13 (quality): a fresh database with the demo province (--factor) and --voters more staff in
the demo agency; the annual conference planned, everybody checked in, the session open, a secret
motion opened and one printed slip (token) issued per voter. Then gunicorn (--workers sync
workers, --preload) and --threads client threads POST every token to the booth,
`POST /api/v1/booth/{vote}/ballots` (no login), while a killer thread sends SIGKILL to a busy
worker --kills times, spread over the burst. A client whose connection broke retries the same
token (a voter pressing the button again): a 201 on the retry acknowledges the ballot; a 409
`token_used` on the retry means the first attempt had committed before its worker died (the
ballot is in, the voter was not told). Then the vote is closed through the service and its
bulletin read back: every acknowledged tracker must be in it exactly once, and the bulletin must
hold nothing else than those and the committed-unacknowledged ones. Prints ballots/s, p50/p99
latency and the counts; writes bench/results/ballots-<database>.json; exit status 1 on a mismatch,
a lost ballot or a missed target (all accepted within 60 s, p99 under 1 s).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import kill9  # the shared gunicorn and database helpers (bench/ is on sys.path)
from kill9 import (
    HOST,
    ROOT,
    free_port,
    fresh_database,
    manage,
    start_gunicorn,
    stop,
    workers_of,
)
from tqdm import tqdm

SQLITE = ROOT / "var" / "ballots.sqlite3"
TOKENS = ROOT / "var" / "ballots-tokens.json"
RESULTS = ROOT / "bench" / "results"
TIMEOUT = 60.0
RETRIES = 5
TARGET_SECONDS = 60.0
TARGET_P99 = 1.0
CHOICES = ("agree", "disagree", "abstain")

# Run in `manage.py shell`: the voters, the conference, the open secret vote and its slips.
SETUP = """
import json, os
from django.utils import timezone
from danchu.conferences import attendance, booth, planning, voting
from danchu.demo.plan import DEMO_AGENCY_CODE
from danchu.organizations.models import Unit
from danchu.people.models import Person, Role, RoleAssignment, User

voters = int(os.environ["BALLOTS_VOTERS"])
unit = Unit.objects.get(code=DEMO_AGENCY_CODE)
Person.objects.bulk_create(
    Person(surname="Nguyễn", middle_name="Văn", given_name=f"Cử tri {n:05d}", unit=unit)
    for n in range(voters)
)
head = User.objects.get(username="head")
union = User.objects.get(username="union")
conference, _ = planning.plan_conference(
    actor=head, unit=unit, year=timezone.localdate().year - 1, kind="annual",
    scheduled_at=timezone.now(),
)
everyone = list(conference.participants.values_list("person_id", flat=True))
for start in range(0, len(everyone), 1000):
    attendance.check_in(actor=head, conference=conference, person_ids=everyone[start:start + 1000])
attendance.open_session(actor=head, conference=conference)
voting.set_counting_board(actor=head, conference=conference, person_ids=[union.person_id])
vote = voting.create_vote(
    actor=head, conference=conference, title="Đo tải: bỏ phiếu kín", kind="motion", secret=True
)
voting.open_vote(actor=head, vote=vote)
tokens = booth.issue_slips(actor=union, vote=vote)
with open(os.environ["BALLOTS_TOKENS"], "w") as out:
    json.dump({"vote": vote.pk, "tokens": tokens[:voters]}, out)
print(json.dumps({"vote": vote.pk, "present": len(everyone)}))
"""

CLOSE = """
import json, os
from danchu.conferences import queries, voting
from danchu.conferences.models import Vote
from danchu.people.models import User
vote = voting.close_vote(actor=User.objects.get(username="head"),
                         vote=Vote.objects.get(pk=int(os.environ["BALLOTS_VOTE"])))
bulletin = queries.bulletin(vote)
print(json.dumps({"trackers": [b["tracker"] for b in bulletin["ballots"]],
                  "tally": vote.tally, "ballots_cast": vote.ballots_cast}))
"""


@dataclass
class Burst:
    acknowledged: dict[str, str] = field(default_factory=dict)  # token -> tracker
    committed_unacknowledged: list[str] = field(default_factory=list)  # 409 token_used on a retry
    refused: dict[str, int] = field(default_factory=dict)  # token -> final non-2xx status
    broken_attempts: int = 0
    latencies: list[float] = field(default_factory=list)  # every answered attempt, in seconds
    slow: list[tuple[float, float]] = field(default_factory=list)  # (sent at, seconds) over 0.5 s
    kill_times: list[float] = field(default_factory=list)  # seconds into the burst
    kills: int = 0
    seconds: float = 0.0
    done: int = 0
    started: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--voters", type=int, default=5000, help="voters, each casting one ballot (5000)")
    add("--threads", type=int, default=64, help="client threads, at most this many at once (64)")
    add(
        "--seconds", type=float, default=50.0,
        help="voters arrive evenly over this many seconds (50: 100 ballots/s for 5,000)",
    )  # fmt: skip
    add("--workers", type=int, default=4, help="gunicorn sync workers (4)")
    add("--kills", type=int, default=2, help="workers killed with SIGKILL during the burst (2)")
    add("--factor", type=float, default=0.05, help="seed_demo --factor (0.05)")
    add("--database-url", default="", help="PostgreSQL database to drop and recreate")
    add("--redis-url", default="", help="cache in Redis (default: file cache)")
    add("--port", type=int, default=0, help="loopback port (default: a free one; never 8000)")
    add("--seed", type=int, default=13, help="random seed of the choices and the killer")
    return parser.parse_args(argv)


def server_env(args: argparse.Namespace) -> dict[str, str]:
    """kill9's server environment, on this benchmark's own SQLite file."""
    return {**kill9.server_env(args), "DANCHU_SQLITE_PATH": str(SQLITE)}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    port = args.port or free_port()
    if port == 8000:
        raise SystemExit("port 8000 is the development server's")
    env = server_env(args)
    if not args.database_url:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
    else:
        fresh_database(args.database_url)
    print("Preparing a fresh database, the conference and the slips…", file=sys.stderr)
    manage(env, "migrate", "-v0")
    manage(env, "seed_demo", "--factor", str(args.factor))
    setup_env = {**env, "BALLOTS_VOTERS": str(args.voters), "BALLOTS_TOKENS": str(TOKENS)}
    prepared = json.loads(manage(setup_env, "shell", "-c", SETUP).strip().splitlines()[-1])
    slips = json.loads(TOKENS.read_text())
    TOKENS.unlink()  # the plain tokens exist only in this process from here on
    server = start_gunicorn(env, port, args.workers)
    try:
        wait_ready(port, slips["vote"])
        burst = fire(args, port, slips["vote"], slips["tokens"], server.pid)
    finally:
        stop(server)
    closed = manage({**env, "BALLOTS_VOTE": str(slips["vote"])}, "shell", "-c", CLOSE)
    bulletin = json.loads(closed.strip().splitlines()[-1])
    return report(args, burst, bulletin, prepared)


def post(port: int, vote: int, token: str, choice: str) -> tuple[int, Any, float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        body = json.dumps({"token": token, "choices": [choice]})
        connection.request(
            "POST", f"/api/v1/booth/{vote}/ballots", body=body,
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        response = connection.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data else None, time.monotonic() - started
    finally:
        connection.close()


def wait_ready(port: int, vote: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", f"/api/v1/votes/{vote}/bulletin")
            status = connection.getresponse().status
            connection.close()
        except OSError:
            time.sleep(0.2)
            continue
        if status == 409:  # the vote is open: its bulletin is not published yet
            return
        raise SystemExit(f"the server answered {status} before the burst")
    raise SystemExit("gunicorn did not answer within 60 s")


def fire(args: argparse.Namespace, port: int, vote: int, tokens: list[str], master: int) -> Burst:
    burst = Burst()
    pick = random.Random(args.seed)
    choices = [pick.choice(CHOICES) for _ in tokens]
    finished = threading.Event()
    killer = threading.Thread(
        target=kill_at, args=(args, master, len(tokens), finished, burst, pick), daemon=True
    )

    progress: list[Any] = []  # the bar, once it exists

    def counted() -> None:
        with burst.lock:
            burst.done += 1
        if progress:
            progress[0].set_postfix(kills=burst.kills, refresh=False)
            progress[0].update()

    def vote_with(n: int) -> None:
        token, retried = tokens[n], False
        for _attempt in range(RETRIES):
            try:
                status, body, seconds = post(port, vote, token, choices[n])
            except (OSError, http.client.HTTPException):
                with burst.lock:
                    burst.broken_attempts += 1
                retried = True
                time.sleep(0.05)
                continue
            with burst.lock:
                burst.latencies.append(seconds)
                if seconds > 0.5:
                    burst.slow.append(
                        (round(time.monotonic() - seconds - burst.started, 2), round(seconds, 3))
                    )
                if status == 201:
                    burst.acknowledged[token] = body["tracker"]
                elif status == 409 and retried and body.get("code") == "token_used":
                    burst.committed_unacknowledged.append(token)
                else:
                    burst.refused[token] = status
            counted()
            return
        with burst.lock:
            burst.refused[token] = 0
        counted()

    def arriving() -> Any:
        """Voters arrive evenly over --seconds (an open load: a slow answer does not slow the
        arrivals, as in a room where everyone presses the button within the minute)."""
        gap = args.seconds / len(tokens)
        for n in range(len(tokens)):
            delay = started + n * gap - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            yield pool.submit(vote_with, n)

    started = burst.started = time.monotonic()
    killer.start()
    with ThreadPoolExecutor(args.threads) as pool, tqdm(total=len(tokens), unit="ballot") as bar:
        progress.append(bar)
        for future in as_completed(list(arriving())):
            future.result()
    burst.seconds = time.monotonic() - started
    finished.set()
    killer.join()
    return burst


def kill_at(
    args: argparse.Namespace,
    master: int,
    total: int,
    finished: threading.Event,
    burst: Burst,
    pick: random.Random,
) -> None:
    """SIGKILL a worker when the burst is 1/(kills+1), 2/(kills+1)… of the way through: one
    that is running (busy with a ballot) if one is seen within a second, else any."""
    marks = [total * (k + 1) // (args.kills + 1) for k in range(args.kills)]
    while marks and not finished.wait(0.01):
        if burst.done < marks[0]:
            continue
        deadline, victim = time.monotonic() + 1.0, None
        while victim is None and time.monotonic() < deadline:
            busy = [pid for pid in workers_of(master) if _running(pid)]
            victim = pick.choice(busy) if busy else None
            time.sleep(0 if victim else 0.001)
        workers = workers_of(master)
        victim = victim or (pick.choice(workers) if workers else None)
        if victim is None:
            continue
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            continue
        burst.kills += 1
        burst.kill_times.append(round(time.monotonic() - burst.started, 2))
        marks.pop(0)


def _running(pid: int) -> bool:
    """The process is on a CPU or ready for one (state R in /proc/<pid>/stat)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] == "R"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(
    args: argparse.Namespace, burst: Burst, bulletin: dict[str, Any], prepared: dict[str, Any]
) -> int:
    stored = Counter(bulletin["trackers"])
    acknowledged = set(burst.acknowledged.values())
    lost = [t for t in acknowledged if stored[t] == 0]
    duplicated = sum(n - 1 for n in stored.values() if n > 1)
    extra = len(stored) - len(acknowledged & set(stored))
    unexplained = extra - len(burst.committed_unacknowledged)
    database = "PostgreSQL" if args.database_url else "SQLite"
    accepted = len(acknowledged) + len(burst.committed_unacknowledged)
    p50, p99 = statistics.median(burst.latencies), percentile(burst.latencies, 0.99)
    figures = {
        "database": database,
        "voters": args.voters,
        "present": prepared["present"],
        "gunicorn workers": args.workers,
        "client threads": args.threads,
        "arrivals over (s)": args.seconds,
        "workers killed (SIGKILL)": burst.kills,
        "burst seconds": round(burst.seconds, 1),
        "ballots per second": round(accepted / burst.seconds, 1),
        "latency p50 (s)": round(p50, 3),
        "latency p99 (s)": round(p99, 3),
        "acknowledged (201)": len(acknowledged),
        "committed, answer lost (409 token_used on the retry)": len(burst.committed_unacknowledged),
        "refused": dict(Counter(burst.refused.values())) or 0,
        "broken attempts (worker killed mid-request), retried": burst.broken_attempts,
        "ballots in the bulletin": sum(stored.values()),
        "lost (acknowledged, not in the bulletin)": len(lost),
        "duplicated trackers": duplicated,
        "in the bulletin, unexplained": unexplained,
        "tally": bulletin["tally"],
        "kills at (s into the burst)": burst.kill_times,
        "answers slower than 0.5 s (sent at s, took s)": sorted(burst.slow)[:20],
    }
    print("\n| figure | value |\n|---|---|")
    for name, value in figures.items():
        print(f"| {name} | {value} |")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"ballots-{database.lower()}.json").write_text(
        json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    problems = []
    if lost or duplicated or unexplained:
        problems.append("MISMATCH: a ballot was lost, duplicated or appeared from nowhere")
    if accepted != args.voters or burst.refused:
        problems.append(f"not every voter's ballot was accepted ({accepted} of {args.voters})")
    if burst.seconds > TARGET_SECONDS:
        problems.append(f"the burst took {burst.seconds:.1f} s (target {TARGET_SECONDS:.0f} s)")
    if p99 > TARGET_P99:
        problems.append(f"p99 {p99:.3f} s (target under {TARGET_P99} s)")
    verdict = f"All {args.voters} ballots accepted and counted once, within the targets."
    print("\n" + ("\n".join(problems) if problems else verdict))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
