"""The compliance dashboards at national scale (issue 14): the demo generator at several factors
on PostgreSQL, with Redis, each seeded once into its own database, then the root's dashboard and
APIs loaded by concurrent clients, first with reads alone and then while activity is recorded.

    .venv/bin/python bench/national.py --database-url postgres://postgres@127.0.0.1:5432/ \\
        --redis-url redis://127.0.0.1:6379/12 --factor 1 --factor 10 --factor 84

Factor 84 is 45,000 units and 1,000,000 staff. For each factor: the database
`danchu_national_f<factor>` is created if missing and seeded (`seed_demo --factor`, the bulk
history of bench/national_history.py, the daily run `compliance_refresh`), each step timed with
its peak memory (kept in var/national-f<factor>.json, so a later run reports them without
seeding again); then gunicorn serves it and each page is loaded by `--concurrency` clients for
`--seconds`, once with reads alone and once while bench/national_writer.py records `--rate`
disclosures a second in random agencies (each one moves the tallies up to the root, so the
root's cached board is read again). Writes the report to bench/results/national-<timestamp>.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench

ROOT = bench.ROOT
RESOLVE = """
import json
from django.conf import settings
from danchu.organizations.models import Unit, EMPLOYER_KINDS
from danchu.people.models import Headcount
root = Unit.objects.filter(parent=None).order_by("path").first()
h = Headcount.objects.get(unit=root)
print(json.dumps({"root": root.pk, "password": settings.DEMO_PASSWORD,
    "units": h.units, "staff": h.staff, "agencies": h.employers}))
"""


BLOATED = [
    f"VACUUM FULL ANALYZE {table}"
    for table in ("core_scopedgeneration", "compliance_tally", "people_headcount")
]


def database_url(base: str, factor: float) -> tuple[str, str]:
    name = f"danchu_national_f{factor:g}".replace(".", "_")
    return base.rstrip("/") + "/" + name, name


def ensure_database(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(base.rstrip("/") + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(env: dict[str, str], *command: str) -> tuple[float, int]:
    """Run `command`; its wall time in seconds and its peak memory in MB (its own rusage)."""
    started = time.monotonic()
    child = subprocess.Popen(command, env=env, cwd=ROOT)
    _pid, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({status})")
    return time.monotonic() - started, usage.ru_maxrss // 1024


def seed(env: dict[str, str], factor: float, record: Path) -> dict[str, Any]:
    if record.exists():
        return dict(json.loads(record.read_text()))
    python, manage = sys.executable, str(ROOT / "manage.py")
    today = dt.date.today()
    years = [str(y) for y in range(today.year - 2, today.year + 1)]
    steps = {
        "migrate": (python, manage, "migrate", "-v0"),
        "seed_demo": (python, manage, "seed_demo", "--factor", f"{factor:g}"),
        "history (bulk facts)": (python, str(ROOT / "bench" / "national_history.py")),
        "compliance_refresh": (
            python,
            manage,
            "compliance_refresh",
            *(a for y in years for a in ("--year", y)),
        ),
        "analyze_db": (python, manage, "analyze_db"),
        # The bulk run bumped each unit's counters and tallies many times over in a few
        # transactions: what autovacuum does over days of normal writes, done at once.
        "vacuum": ("psql", env["DATABASE_URL"], *(a for t in BLOATED for a in ("-c", t))),
    }
    done: dict[str, Any] = {"factor": factor, "steps": {}}
    for name, command in steps.items():
        print(f"  {name} …", file=sys.stderr)
        seconds, peak = timed(env, *command)
        done["steps"][name] = {"seconds": round(seconds, 1), "peak_mb": peak}
    record.write_text(json.dumps(done, indent=1))
    return done


def load(
    env: dict[str, str], args: argparse.Namespace, facts: dict[str, Any], mode: str
) -> list[bench.Result]:
    root = facts["root"]
    pages = [
        bench.Page(f"/compliance/units/{root}/", "province"),
        bench.Page(f"/api/v1/compliance/units/{root}/indicators", "province"),
        bench.Page(f"/api/v1/compliance/units/{root}/children", "province"),
        bench.Page(f"/units/{root}/", "province"),
        bench.Page(f"/api/v1/units?parent={root}", "province"),
    ]
    writer = None
    if mode == "writes":
        writer = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "national_writer.py"), "--rate", str(args.rate)],
            env=env,
            cwd=ROOT,
        )
    try:
        session = bench.log_in("province", facts["password"])
        results = []
        for page in pages:
            print(f"  {mode}: {page.path} …", file=sys.stderr)
            results.append(bench.measure(page, session, args))
        return results
    finally:
        if writer is not None:
            writer.terminate()
            writer.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL server, no database")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--factor", type=float, action="append", required=True)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=float, default=5.0, help="facts a second while writing")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--seed-only", action="store_true")
    args = parser.parse_args(argv)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    seeds, rows = [], []
    for factor in args.factor:
        url, name = database_url(args.database_url, factor)
        ensure_database(args.database_url, name)
        run_args = argparse.Namespace(database_url=url, redis_url=args.redis_url)
        env = bench.server_env(ROOT / "var" / "unused.sqlite3", run_args)
        print(f"factor {factor:g}: {name}", file=sys.stderr)
        seeded = seed(env, factor, ROOT / "var" / f"national-f{factor:g}.json")
        bench.manage(env, "migrate", "--verbosity", "0")  # a database seeded by older code
        output = bench.manage(env, "shell", "--verbosity", "0", "--command", RESOLVE, capture=True)
        facts = json.loads(output.strip().splitlines()[-1])
        seeds.append((seeded, facts))
        if args.seed_only:
            continue
        subprocess.run(
            ["redis-cli", "-u", args.redis_url, "flushdb"], check=True, capture_output=True
        )
        server = bench.start_gunicorn(env, args.workers, ROOT / "var" / "bench-gunicorn.log")
        try:
            bench.wait_until_up(server)
            for mode in ("reads", "writes"):
                rows += [(factor, mode, r) for r in load(env, args, facts, mode)]
        finally:
            bench.stop(server)
    report = render(args, seeds, rows)
    print(report)
    out = ROOT / "bench" / "results" / f"national-{stamp}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(f"Written to {out}", file=sys.stderr)
    return 0


def render(args: argparse.Namespace, seeds: list[Any], rows: list[Any]) -> str:
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    lines = [
        f"# danchu at national scale, {now}",
        "",
        f"- server: gunicorn, {args.workers} sync workers, PostgreSQL, Redis; "
        f"{args.concurrency} clients, {args.seconds:g} s per page; writes: {args.rate:g} facts/s",
        f"- machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.platform()}",
        "",
        "## Seeding",
        "",
        "| factor | units | agencies | staff | step | seconds | peak MB |",
        "|---:|---:|---:|---:|---|---:|---:|",
    ]
    for seeded, facts in seeds:
        for step, figures in seeded["steps"].items():
            lines.append(
                f"| {seeded['factor']:g} | {facts['units']:,} | {facts['agencies']:,} | "
                f"{facts['staff']:,} | {step} | {figures['seconds']:,.1f} | "
                f"{figures['peak_mb']:,} |"
            )
    lines += [
        "",
        "## The root's pages",
        "",
        "| factor | load | page | req/s | p50 ms | p99 ms | requests | errors |",
        "|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for factor, mode, r in rows:
        lines.append(
            f"| {factor:g} | {mode} | `{r.page.path}` | {r.per_second:,.1f} | "
            f"{r.percentile(50):.1f} | {r.percentile(99):.1f} | {r.requests:,} | {r.errors:,} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
