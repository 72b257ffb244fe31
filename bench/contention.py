"""Writes of different units at once: do they wait on one another, and does the inbox stay cached?

    .venv/bin/python bench/contention.py --database-url postgres://postgres@127.0.0.1/danchu_bench \
        --redis-url redis://127.0.0.1:6379/13 [--clients 200] [--units 100] [--seconds 60]

The benchmark of issue 15, on PostgreSQL with Redis: seeds the demo province like bench/run.py
(factor 10 by default), gives 100 agencies benchmark accounts and items
(bench/contention_setup.py), starts gunicorn on 127.0.0.1, and runs 200 clients across those
units for 60 s: readers of the inbox in half of the units, sign-ins, publications and
acknowledgements in the other half. Reports writes/s, p50/p99 per kind, the lock waits sampled
every 100 ms and the inbox's cache hit ratio, beside the issue's targets; prints the report and
writes it to bench/results/contention-<timestamp>.md. Loopback only; bounded by time and by
--max-requests; gunicorn is stopped on exit, error, Ctrl-C or SIGTERM. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import contention_load as load
import contention_probes as probes
import contention_report as report
import run

ROOT = run.ROOT
HOOKS = ROOT / "bench" / "contention_hooks.py"
LOG = ROOT / "var" / "bench-contention-gunicorn.log"
Reader = tuple[load.Unit, dict[str, str]]  # a reader's unit and session


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--clients", type=int, default=200, help="client threads (default 200)")
    add("--units", type=int, default=100, help="agencies the clients belong to (default 100)")
    add("--seconds", type=float, default=60.0, help="length of the measured run (default 60)")
    add("--factor", type=float, default=10.0, help="seed_demo --factor (default 10)")
    add("--read-share", type=float, default=0.5, help="share of units that only read (0.5)")
    add("--signins", type=float, default=10.0, help="sign-ins per second in all (default 10)")
    add("--publications", type=float, default=2.0, help="per second in all (default 2)")
    add("--acks", type=float, default=10.0, help="acknowledgements per second in all (10)")
    add("--reads", type=float, default=20.0, help="inbox reads per second in all (0: no pause)")
    add("--workers", type=int, default=5, help="gunicorn sync workers (default 5)")
    add("--port", type=int, default=8766, help="gunicorn's port on 127.0.0.1 (default 8766)")
    add("--max-requests", type=int, default=100_000, help="cap on the run's requests")
    add("--staff", type=int, default=4, help="staff accounts per unit (default 4)")
    add("--items", type=int, default=10, help="items per unit to acknowledge (default 10)")
    add("--database-url", default="postgres://postgres@127.0.0.1:5432/danchu_bench")
    add("--redis-url", default="redis://127.0.0.1:6379/13")
    add("--slow-hashing", action="store_true", help="the project's password hasher (PBKDF2)")
    add("--output", type=Path, help="default bench/results/contention-<timestamp>.md")
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")) or not args.redis_url:
        parser.error("needs PostgreSQL (--database-url) and Redis (--redis-url)")
    if not (0 < args.seconds <= 600 and 2 <= args.units <= 500 and 1 <= args.workers <= 32):
        parser.error("--seconds must be in (0, 600], --units in [2, 500], --workers in [1, 32]")
    if not (args.units <= args.clients <= 1000 and 0 < args.read_share < 1):
        parser.error("--clients must be in [--units, 1000] and --read-share in (0, 1)")
    if args.output is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        args.output = ROOT / "bench" / "results" / f"contention-{stamp}.md"
    return args


def server_env(args: argparse.Namespace) -> dict[str, str]:
    env = run.server_env(ROOT / "var" / "unused.sqlite3", args) | {"DANCHU_CACHE_STATS": "1"}
    if not args.slow_hashing:
        env["DJANGO_SETTINGS_MODULE"] = "bench.contention_settings"
    return env


def set_up(env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    """Seed (once), then the benchmark's accounts and items (bench/contention_setup.py)."""
    run.prepare_database(env, args.factor)
    sizes = ["--units", str(args.units), "--staff", str(args.staff), "--items", str(args.items)]
    command = [sys.executable, str(ROOT / "bench" / "contention_setup.py"), *sizes]
    done = subprocess.run(command, env=env, cwd=ROOT, check=True, text=True, capture_output=True)
    plan: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return plan


def warm_up(readers: list[Reader]) -> None:
    """Every reader's inbox once (first views stay out of the figures)."""

    def read(reader: Reader) -> str:
        conn = run.new_connection()
        try:
            headers = {**reader[1], **load.tag(load.INBOX, reader[0])}
            return load.send(conn, "GET", load.PATHS[load.INBOX], headers)[0]
        finally:
            conn.close()

    with ThreadPoolExecutor(4) as pool:
        statuses = set(pool.map(read, readers))
    if statuses != {"200"}:
        raise RuntimeError(f"warm-up: the inbox answered {sorted(statuses)}")


def inbox_read_names(args: argparse.Namespace, reader: Reader) -> set[str]:
    """The cached reads one (repeat) inbox view makes: the counters it moves."""
    probes.reset_cache_stats(args.redis_url)
    warm_up([reader])
    names = set(probes.cache_stats(args.redis_url))
    probes.reset_cache_stats(args.redis_url)
    return names


def measure(args: argparse.Namespace, plan: dict[str, Any]) -> report.Outcome:
    rng = random.Random(15)
    units = [load.Unit.of(unit, rng) for unit in plan["units"]]
    n_read = min(len(units) - 1, max(1, round(len(units) * args.read_share)))
    homes = [units[i % len(units)] for i in range(args.clients)]
    reader_homes = [u for u in homes if units.index(u) < n_read]
    writer_homes = [u for u in homes if units.index(u) >= n_read]
    accounts = {u.id: iter(u.staff * args.clients) for u in reader_homes}
    sessions: dict[str, dict[str, str]] = {}
    readers = []
    for unit in reader_homes:
        account = next(accounts[unit.id])
        if account.username not in sessions:
            sessions[account.username] = run.log_in(account.username, plan["password"])
            if not sessions[account.username]:
                raise RuntimeError(f"could not sign {account.username} in")
        readers.append((unit, sessions[account.username]))
    warm_up(readers)
    inbox_names = inbox_read_names(args, readers[0])

    rates = {load.SIGN_IN: args.signins, load.PUBLICATION: args.publications,
             load.ACKNOWLEDGEMENT: args.acks}  # fmt: skip
    intervals = {k: len(writer_homes) / r for k, r in rates.items() if r > 0}
    read_interval = len(reader_homes) / args.reads if args.reads > 0 else 0.0
    shared = load.Run(time.monotonic() + args.seconds, args.max_requests, plan["password"])
    threads = [
        threading.Thread(
            target=load.read_inbox,
            args=(shared, unit, session, read_interval, random.Random(i)),
            daemon=True,
        )
        for i, (unit, session) in enumerate(readers)
    ] + [
        threading.Thread(
            target=load.Writer(shared, unit, intervals, random.Random(-i)), daemon=True
        )
        for i, unit in enumerate(writer_homes)
    ]
    sampler = probes.LockSampler(args.database_url)
    sampler.start()
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    waits = sampler.stop()
    for result in shared.results.values():
        result.elapsed = elapsed
    return report.Outcome(
        results=shared.results, skipped=shared.skipped, waits=waits,
        stats=probes.cache_stats(args.redis_url), inbox_names=inbox_names,
        readers=len(readers), writers=len(writer_homes), read_units=n_read,
        write_units=len(units) - n_read, rates={**rates, load.INBOX: args.reads},
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run.PORT = args.port  # every helper of bench/run.py reads it when called
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    env = server_env(args)
    print(f"Preparing {run.data_source(args, Path())} …", file=sys.stderr)
    plan = set_up(env, args)
    (ROOT / "var" / "static").mkdir(parents=True, exist_ok=True)
    load_before = report.load_average()
    server = run.start_gunicorn(env, args.workers, LOG, ("--config", str(HOOKS)))
    try:
        run.wait_until_up(server)
        print(f"  {args.clients} clients for {args.seconds:g} s …", file=sys.stderr)
        outcome = measure(args, plan)
    finally:
        run.stop(server)
    text = report.render(args, outcome, load_before)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"Written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
