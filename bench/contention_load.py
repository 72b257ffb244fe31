"""The contention benchmark's clients (bench/contention.py): one thread each, bound to one unit.

A reader requests its unit's inbox (`GET /disclosures/`, as a staff member with a session);
a writer signs in through the login form (GET, then POST), publishes through the API
(`POST /api/v1/disclosures` as the unit's head) and acknowledges items through the API
(`POST /api/v1/disclosures/{id}/acknowledge` as a staff member), each kind at its own pace.
Every request carries `X-Bench: <kind>:<unit id>` (bench/contention_hooks.py). Every loop stops
at the time limit or when the shared request budget is spent.
"""

from __future__ import annotations

import http.client
import itertools
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import run

SIGN_IN, PUBLICATION, ACKNOWLEDGEMENT, INBOX = "sign-in", "publication", "acknowledgement", "inbox"
KINDS = (SIGN_IN, PUBLICATION, ACKNOWLEDGEMENT, INBOX)
WRITES = (SIGN_IN, PUBLICATION, ACKNOWLEDGEMENT)
PATHS = {
    SIGN_IN: "/accounts/login/",
    PUBLICATION: "/api/v1/disclosures",
    ACKNOWLEDGEMENT: "/api/v1/disclosures/{id}/acknowledge",
    INBOX: "/disclosures/",
}
WHO = {SIGN_IN: "staff", PUBLICATION: "head", ACKNOWLEDGEMENT: "staff", INBOX: "staff"}


@dataclass(frozen=True)
class Account:
    username: str
    token: str
    person: int


@dataclass
class Unit:
    """A unit of the benchmark (bench/contention_setup.py) and the items its staff have not
    acknowledged yet, as (staff account, item id) pairs."""

    id: int
    head: Account
    staff: list[Account]
    pairs: list[tuple[Account, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def of(cls, plan: dict[str, Any], rng: random.Random) -> Unit:
        unit = cls(plan["id"], Account(**plan["head"]), [Account(**a) for a in plan["staff"]])
        for item in plan["items"]:
            unit.add_item(item)
        rng.shuffle(unit.pairs)
        return unit

    def add_item(self, item: int) -> None:
        with self.lock:
            self.pairs += [(account, item) for account in self.staff]

    def take_pair(self) -> tuple[Account, int] | None:
        with self.lock:
            return self.pairs.pop() if self.pairs else None


@dataclass
class Run:
    """What every client shares: the deadline, the request budget and the results per kind."""

    stop_at: float
    budget: int
    password: str
    results: dict[str, run.Result] = field(
        default_factory=lambda: {k: run.Result(run.Page(PATHS[k], WHO[k])) for k in KINDS}
    )
    skipped: Counter[str] = field(default_factory=Counter)  # nothing left to acknowledge, …
    lock: threading.Lock = field(default_factory=threading.Lock)

    def spend(self) -> bool:
        with self.lock:
            if self.budget <= 0 or time.monotonic() >= self.stop_at:
                return False
            self.budget -= 1
            return True

    def record(self, kind: str, started: float, status: str) -> None:
        took = time.perf_counter() - started
        with self.lock:
            self.results[kind].latencies.append(took)
            self.results[kind].statuses[status] += 1


def send(
    conn: http.client.HTTPConnection, method: str, path: str, headers: dict[str, str],
    body: str | None = None,
) -> tuple[str, bytes]:  # fmt: skip
    """(status, body); the status is the error's name when the request failed."""
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return str(response.status), response.read()
    except (OSError, http.client.HTTPException) as error:
        conn.close()  # the next request opens a new connection
        return type(error).__name__, b""


def tag(kind: str, unit: Unit) -> dict[str, str]:
    return {"X-Bench": f"{kind}:{unit.id}"}


def bearer(kind: str, unit: Unit, account: Account) -> dict[str, str]:
    return {
        **tag(kind, unit),
        "Authorization": f"Bearer {account.token}",
        "Content-Type": "application/json",
    }


def read_inbox(shared: Run, unit: Unit, session: dict[str, str], interval: float,
               rng: random.Random) -> None:  # fmt: skip
    """A reader: the inbox every `interval` seconds (0: as fast as the answers come)."""
    conn = run.new_connection()
    headers = {**session, **tag(INBOX, unit)}
    next_at = time.monotonic() + rng.uniform(0, interval)
    try:
        while _wait_until(next_at, shared) and shared.spend():
            started = time.perf_counter()
            shared.record(INBOX, started, send(conn, "GET", PATHS[INBOX], headers)[0])
            next_at = max(next_at + interval, time.monotonic() - interval)
    finally:
        conn.close()


class Writer:
    """A writer of one unit: sign-ins, publications and acknowledgements, each every so many
    seconds (`intervals`; absent: never), in one thread, one request at a time."""

    def __init__(self, shared: Run, unit: Unit, intervals: dict[str, float],
                 rng: random.Random) -> None:  # fmt: skip
        self.shared, self.unit, self.intervals = shared, unit, intervals
        self.conn = run.new_connection()
        self.accounts = itertools.cycle(unit.staff)
        self.published = 0
        now = time.monotonic()
        self.next_at = {kind: now + rng.uniform(0, step) for kind, step in intervals.items()}

    def __call__(self) -> None:
        actions = {SIGN_IN: self.sign_in, PUBLICATION: self.publish, ACKNOWLEDGEMENT: self.ack}
        try:
            while self.next_at:
                kind = min(self.next_at, key=self.next_at.__getitem__)
                at = self.next_at[kind]
                if not (_wait_until(at, self.shared) and self.shared.spend()):
                    return
                actions[kind]()
                step = self.intervals[kind]
                self.next_at[kind] = max(at + step, time.monotonic() - step)  # no bursts
        finally:
            self.conn.close()

    def sign_in(self) -> None:
        account = next(self.accounts)
        started = time.perf_counter()
        try:
            ok = run.log_in(account.username, self.shared.password, tag(SIGN_IN, self.unit))
            status = "302" if ok else "failed"
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
        self.shared.record(SIGN_IN, started, status)

    def publish(self) -> None:
        self.published += 1
        payload = {
            "unit_id": self.unit.id,
            "category": "other",
            "title": f"Bench {self.unit.id} load {time.time():.0f}-{self.published}",
            "body": "Nội dung công khai để đo tải.",
        }
        headers = bearer(PUBLICATION, self.unit, self.unit.head)
        started = time.perf_counter()
        status, body = send(self.conn, "POST", PATHS[PUBLICATION], headers, json.dumps(payload))
        self.shared.record(PUBLICATION, started, status)
        if status == "201":
            self.unit.add_item(json.loads(body)["id"])

    def ack(self) -> None:
        pair = self.unit.take_pair()
        if pair is None:
            self.shared.skipped["acknowledgement: nothing left to acknowledge"] += 1
            return
        account, item = pair
        path = PATHS[ACKNOWLEDGEMENT].format(id=item)
        started = time.perf_counter()
        status = send(self.conn, "POST", path, bearer(ACKNOWLEDGEMENT, self.unit, account))[0]
        self.shared.record(ACKNOWLEDGEMENT, started, status)


def _wait_until(at: float, shared: Run) -> bool:
    """Sleep until `at`; False when the run ends first."""
    if at >= shared.stop_at:
        return False
    delay = at - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    return True
