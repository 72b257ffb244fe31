"""The contention benchmark's report (bench/contention.py): figures beside issue 15's targets."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
from collections import Counter
from dataclasses import dataclass

import contention_load as load
import contention_probes as probes
import run

INBOX_HITS, PUBLICATION_P99 = 0.90, 300.0  # the targets: share of hits, milliseconds
NO_STATS = "n/a (no cache statistics)"
OK_STATUS = {load.SIGN_IN: "302", load.PUBLICATION: "201", load.ACKNOWLEDGEMENT: "200",
             load.INBOX: "200"}  # fmt: skip


@dataclass
class Outcome:
    results: dict[str, run.Result]
    skipped: Counter[str]
    waits: probes.LockWaits
    stats: dict[str, dict[str, int]]
    inbox_names: set[str]
    readers: int
    writers: int
    read_units: int
    write_units: int
    rates: dict[str, float]


def load_average() -> str:
    return ", ".join(f"{n:.2f}" for n in os.getloadavg())


def render(args: argparse.Namespace, outcome: Outcome, load_before: str) -> str:
    return "\n".join(
        [header(args, outcome, load_before), kinds(outcome), locks(outcome.waits),
         cache(outcome), targets(outcome), ""]
    )  # fmt: skip


def header(args: argparse.Namespace, o: Outcome, load_before: str) -> str:
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    hashing = "PBKDF2 (the project's)" if args.slow_hashing else "MD5 for the benchmark accounts"
    return (
        f"# danchu contention benchmark (issue 15), {now}\n\n"
        f"- data: demo province, factor {args.factor:g} (`{run.data_source(args, run.ROOT)}`), "
        f"Redis cache and sessions, `DANCHU_CACHE_STATS=1`\n"
        f"- server: gunicorn on {run.HOST}:{args.port}, {args.workers} sync workers, DEBUG=0; "
        f"password hashing: {hashing}\n"
        f"- load: {args.clients} clients across {args.units} agencies for {args.seconds:g} s "
        f"(at most {args.max_requests:,} requests): {o.readers} inbox readers in "
        f"{o.read_units} units; {o.writers} writers (sign-ins, publications, acknowledgements) "
        f"in the other {o.write_units}, so every write a reader sees comes from another unit\n"
        f"- machine: {os.cpu_count()} CPUs shared by the server, the clients and PostgreSQL "
        f"(and whatever else runs: load average {load_before} before, {load_average()} after); "
        f"Python {platform.python_version()}, {platform.platform()}\n"
    )


def kinds(o: Outcome) -> str:
    lines = [
        "| kind | as | target /s | done /s | p50 ms | p99 ms | requests | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in load.KINDS:
        r = o.results[kind]
        errors = sum(n for status, n in r.statuses.items() if status != OK_STATUS[kind])
        target = (
            f"{o.rates[kind]:g}" if o.rates[kind] else ("no pause" if kind == load.INBOX else "-")
        )
        lines.append(
            f"| {kind} | {r.page.user} | {target} | {r.per_second:,.1f} | {r.percentile(50):.1f} | "
            f"{r.percentile(99):.1f} | {r.requests:,} | {errors:,} |"
        )
    done = sum(o.results[k].statuses[OK_STATUS[k]] for k in load.WRITES)
    elapsed = o.results[load.INBOX].elapsed
    per_second = done / elapsed if elapsed else 0.0
    lines += [
        "",
        f"**Writes/s: {per_second:,.1f}** ({done:,} successful sign-ins, publications and "
        f"acknowledgements in {elapsed:.1f} s; a sign-in is two requests, GET then POST, timed "
        "together)",
    ]
    notes = [
        f"- {kind}: " + ", ".join(f"{s} × {n}" for s, n in o.results[kind].statuses.most_common())
        for kind in load.KINDS
        if set(o.results[kind].statuses) - {OK_STATUS[kind]}
    ]
    notes += [f"- skipped, {reason}: {n}" for reason, n in o.skipped.items()]
    if notes:
        lines += ["", "Statuses and skips:", *notes]
    return "\n".join(lines) + "\n"


def locks(w: probes.LockWaits) -> str:
    lines = [
        "## Lock waits",
        "",
        f"{w.samples:,} samples of `pg_stat_activity`/`pg_locks` (every ~100 ms). Samples with a "
        f"backend waiting on a lock held by another: **{w.with_wait:,}**; with a write of one "
        f"unit waiting on a write of another: **{w.with_cross_unit:,}**; with a wait on a row of "
        f"`{probes.HOT_TABLE}`: **{w.on_hot_table:,}**.",
        "",
        "Waits (one per waiting backend, blocking backend and sample), by table waited on; units "
        "from each backend's `application_name` (bench/contention_hooks.py):",
        "",
        f"| table | {probes.CROSS} | {probes.SAME} | {probes.UNKNOWN} |",
        "|---|---:|---:|---:|",
    ]
    for table in sorted({t for t, _r in w.waits}, key=lambda t: -w.total(table=t)):
        counts = [w.waits[table, r] for r in (probes.CROSS, probes.SAME, probes.UNKNOWN)]
        lines.append(f"| `{table}` | " + " | ".join(f"{n:,}" for n in counts) + " |")
    if w.kinds:
        pairs = ", ".join(f"{a} on {b} × {n:,}" for (a, b), n in w.kinds.most_common())
        lines += ["", f"Waiting kind on blocking kind: {pairs}."]
    if w.statements:
        top = "; ".join(f"`{q}` × {n:,}" for q, n in w.statements.most_common(5))
        lines += ["", f"Waiting statements (the first 60 characters; top 5): {top}."]
    if w.errors:
        lines += ["", f"Sampler errors: {dict(w.errors)}."]
    return "\n".join(lines) + "\n"


def inbox_ratio(o: Outcome) -> float | None:
    hits = sum(o.stats[n]["hit"] for n in o.inbox_names if n in o.stats)
    misses = sum(o.stats[n]["miss"] for n in o.inbox_names if n in o.stats)
    return hits / (hits + misses) if hits + misses else None


def cache(o: Outcome) -> str:
    lines = ["## The inbox's cache", ""]
    if not o.stats:
        return "\n".join([*lines, f"Hit ratio: {NO_STATS}."]) + "\n"
    lines += [
        "Counters of every cached read during the run (all kinds of request; the inbox's reads "
        "are those one inbox view moved just before the run):",
        "",
        "| read | inbox's | hits | misses | hit ratio |",
        "|---|---|---:|---:|---:|",
    ]
    for name in sorted(o.stats, key=lambda name: (name not in o.inbox_names, name)):
        c = o.stats[name]
        total = c["hit"] + c["miss"]
        share = f"{c['hit'] / total:.1%}" if total else "-"
        mark = "yes" if name in o.inbox_names else ""
        lines.append(f"| `{name}` | {mark} | {c['hit']:,} | {c['miss']:,} | {share} |")
    ratio = inbox_ratio(o)
    lines += ["", f"**The inbox's reads: {ratio:.1%} hits.**" if ratio is not None else NO_STATS]
    return "\n".join(lines) + "\n"


def targets(o: Outcome) -> str:
    ratio = inbox_ratio(o) if o.stats else None
    p99 = o.results[load.PUBLICATION].percentile(99)
    cross = o.waits.with_cross_unit
    rows = [
        ("inbox cache hits while others sign in", f"≥ {INBOX_HITS:.0%}",
         f"{ratio:.1%}" if ratio is not None else NO_STATS,
         "n/a" if ratio is None else _met(ratio >= INBOX_HITS)),
        ("samples with a cross-unit lock wait", "0", f"{cross:,}", _met(cross == 0)),
        ("publication p99", f"< {PUBLICATION_P99:.0f} ms", f"{p99:.1f} ms",
         _met(p99 < PUBLICATION_P99)),
    ]  # fmt: skip
    lines = ["## Targets (issue 15)", "", "| target | wanted | seen | met |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines) + "\n"


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"
