"""Measure the main pages against the trivial view, on the demo province, with gunicorn.

    .venv/bin/python bench/run.py [--factor 1] [--seconds 10] [--concurrency 8]

Seeds (once) a separate SQLite database var/bench-f<factor>.sqlite3, starts gunicorn on
127.0.0.1:8765, logs in as demo users, loads each page with N keep-alive clients for a fixed time
and prints a table (also written to bench/results/<timestamp>.md). Loopback only; every loop is
bounded by time and by --max-requests. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import http.client
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 8765
TRIVIAL = "/healthz"
REQUEST_TIMEOUT = 30.0

RESOLVE_IDS = """
import json
from django.conf import settings
from danchu.organizations.models import Unit
from danchu.demo.plan import DEMO_AGENCY_CODE
from danchu.demo.names import ROOT_CODE
from danchu.consultations.models import Consultation
ids = dict(Unit.objects.filter(code__in=[ROOT_CODE, DEMO_AGENCY_CODE]).values_list("code", "pk"))
consultation = Consultation.objects.filter(unit_id=ids[DEMO_AGENCY_CODE]).latest("pk").pk
print(json.dumps({
    "root": ids[ROOT_CODE], "agency": ids[DEMO_AGENCY_CODE], "consultation": consultation,
    "password": settings.DEMO_PASSWORD,
}))
"""


@dataclass(frozen=True)
class Page:
    path: str
    user: str | None  # demo username, None for anonymous


@dataclass
class Result:
    page: Page
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, every completed request
    statuses: Counter[str] = field(default_factory=Counter)
    weight: int = 0  # bytes, gzip: the response and the CSS and JavaScript it links

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != "200")

    @property
    def per_second(self) -> float:
        return self.requests / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1] * 1000


BENCH_DISCLOSURES = 5_000
BENCH_CONSULTATION = (50, 1_000)  # paragraphs, opinions


def pages(root: int, agency: int, consultation: int, extra: list[str]) -> list[Page]:
    return [
        Page(TRIVIAL, None),
        Page("/", "province"),
        Page(f"/units/{root}/", "province"),
        Page(f"/units/{agency}/people/", "head"),
        Page(f"/units/{agency}/people/?q=nguyen", "head"),
        Page(f"/api/v1/units?parent={root}", "province"),
        Page(f"/api/v1/units/{agency}/people?q=nguyen", "head"),
        # Disclosures: 5,000 items in the demo agency's scope (seed_demo_disclosures).
        Page("/disclosures/", "staff"),
        Page("/disclosures/?q=ke+hoach", "staff"),
        Page(f"/disclosures/register/{agency}/", "head"),
        Page(f"/api/v1/disclosures?unit={agency}", "staff"),
        # Consultations: a draft of 50 paragraphs with 1,000 opinions (seed_demo_consultations).
        Page(f"/consultations/{consultation}/", "staff"),
        Page(f"/consultations/{consultation}/", "head"),
        Page(f"/api/v1/consultations/{consultation}/opinions", "staff"),
        Page(f"/api/v1/consultations/{consultation}/opinions?limit=200", "head"),
        # Compliance (issue 14): the root's dashboard and indicators, read from the tallies.
        Page(f"/compliance/units/{root}/", "province"),
        Page(f"/api/v1/compliance/units/{root}/indicators", "province"),
        Page(f"/api/v1/compliance/units/{root}/children", "province"),
        *(Page(path, None) for path in extra),
    ]


def chosen(page_list: list[Page], only: list[str]) -> list[Page]:
    """The baseline and the pages whose path contains one of `only` (all pages without it)."""
    if not only:
        return page_list
    return [p for p in page_list if p.path == TRIVIAL or any(part in p.path for part in only)]


# --- the server ---------------------------------------------------------------------------------


def server_env(database: Path, args: argparse.Namespace) -> dict[str, str]:
    """The server's environment: the benchmark's own SQLite file, or the PostgreSQL database
    and Redis named on the command line (the production setup)."""
    unset = ("DATABASE_URL", "REDIS_URL")
    env = {key: value for key, value in os.environ.items() if key not in unset}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    env |= {
        "DANCHU_SQLITE_PATH": str(database),
        "DEBUG": "0",
        "DANCHU_ENV": "development",
        "ALLOWED_HOSTS": HOST,
        "PYTHONPATH": str(ROOT),
    }
    return env


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    done = subprocess.run(command, env=env, cwd=ROOT, check=True, text=True, capture_output=capture)
    return done.stdout if capture else ""


def prepare_database(env: dict[str, str], factor: float) -> dict[str, Any]:
    """Migrate and seed (both no-ops when done before), then read the ids the pages need and
    the demo password."""
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "seed_demo", "--if-empty", "--factor", str(factor))
    manage(env, "seed_demo_disclosures", "--if-empty", "--count", str(BENCH_DISCLOSURES))
    paragraphs, opinions = BENCH_CONSULTATION
    manage(env, "seed_demo_consultations", "--if-empty", "--large", str(paragraphs), str(opinions))
    manage(env, "seed_demo_compliance", "--if-empty")
    manage(env, "analyze_db")
    output = manage(env, "shell", "--verbosity", "0", "--command", RESOLVE_IDS, capture=True)
    facts: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return facts


def start_gunicorn(
    env: dict[str, str], workers: int, log: Path, extra: tuple[str, ...] = ()
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi",
        "--bind", f"{HOST}:{PORT}", "--workers", str(workers), "--worker-class", "sync",
        "--timeout", "60", "--error-logfile", str(log), *extra,
    ]  # fmt: skip
    # Its own session: stopping it never touches anything else.
    return subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)


def wait_until_up(server: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {server.returncode}")
        conn = new_connection()
        try:
            if get(conn, TRIVIAL, {})[0] == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {TRIVIAL} within {timeout:.0f} s")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)  # the master stops its workers
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


# --- HTTP ---------------------------------------------------------------------------------------


def new_connection() -> http.client.HTTPConnection:
    return http.client.HTTPConnection(HOST, PORT, timeout=REQUEST_TIMEOUT)


def get(
    conn: http.client.HTTPConnection, path: str, headers: dict[str, str]
) -> tuple[int, http.client.HTTPResponse]:
    return fetch(conn, path, headers)[:2]


def fetch(
    conn: http.client.HTTPConnection, path: str, headers: dict[str, str]
) -> tuple[int, http.client.HTTPResponse, bytes]:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return response.status, response, response.read()


ASSET = re.compile(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"')
STATIC = ROOT / "danchu" / "static"  # STATICFILES_DIRS; the benchmark server does not collect them


def weight(body: bytes) -> int:
    """What a browser downloads for the page, compressed (gzip -6, as a web server sends it):
    the response and each stylesheet and script it links."""
    total = len(gzip.compress(body, 6))
    for path in dict.fromkeys(ASSET.findall(body)):
        total += len(gzip.compress((STATIC / path.decode()).read_bytes(), 6))
    return total


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.msg.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def log_in(username: str, password: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Headers carrying a session for `username` (empty when the login fails); `extra` headers
    go with both requests."""
    extra = extra or {}
    conn = new_connection()
    try:
        status, response = get(conn, "/accounts/login/", extra)
        csrf = cookies_of(response).get("csrftoken", "")
        body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": csrf})
        headers = {
            **extra,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
        }
        conn.request("POST", "/accounts/login/", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        session = cookies_of(response).get("sessionid")
    finally:
        conn.close()
    if status != 200 or response.status != 302 or not session:
        print(
            f"warning: could not log in as {username!r} (HTTP {response.status})", file=sys.stderr
        )
        return {}
    return {"Cookie": f"sessionid={session}; csrftoken={csrf}"}


# --- load ---------------------------------------------------------------------------------------


def hammer(page: Page, headers: dict[str, str], result: Result, stop_at: float, budget: list[int],
           lock: threading.Lock) -> None:  # fmt: skip
    """One client: GET the page again and again until the time or the request budget runs out."""
    conn = new_connection()
    try:
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            started = time.perf_counter()
            try:
                status = str(get(conn, page.path, headers)[0])
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                conn.close()
                conn = new_connection()
            took = time.perf_counter() - started
            with lock:
                result.latencies.append(took)
                result.statuses[status] += 1
    finally:
        conn.close()


def measure(page: Page, headers: dict[str, str], args: argparse.Namespace) -> Result:
    result, lock, budget = Result(page), threading.Lock(), [args.max_requests]
    conn = new_connection()
    try:  # warm up: first-request costs stay out of the figures
        for _ in range(5):
            body = fetch(conn, page.path, headers)[2]
        result.weight = weight(body)
    except (OSError, http.client.HTTPException):
        pass  # counted in the run itself
    finally:
        conn.close()
    started = time.monotonic()
    stop_at = started + args.seconds
    clients = [
        threading.Thread(
            target=hammer, args=(page, headers, result, stop_at, budget, lock), daemon=True
        )
        for _ in range(args.concurrency)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    result.elapsed = time.monotonic() - started
    return result


# --- report -------------------------------------------------------------------------------------


def table(results: list[Result]) -> str:
    trivial = next((r.per_second for r in results if r.page.path == TRIVIAL), 0.0)
    lines = [
        "| page | as | req/s | p50 ms | p99 ms | requests | errors | ratio to /healthz | KB gz |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = f"{r.per_second / trivial:.3f}" if trivial else "n/a"
        lines.append(
            f"| `{r.page.path}` | {r.page.user or '-'} | {r.per_second:,.1f} | "
            f"{r.percentile(50):.1f} | {r.percentile(99):.1f} | {r.requests:,} | {r.errors:,} | "
            f"{ratio} | {r.weight / 1024:,.1f} |"
        )
    notes = [
        f"- `{r.page.path}`: " + ", ".join(f"{s} × {n}" for s, n in r.statuses.most_common())
        for r in results
        if r.errors
    ]
    if notes:
        lines += ["", "Errors by status (anything but 200 counts):", *notes]
    return "\n".join(lines)


def header(args: argparse.Namespace, database: Path) -> str:
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    where = data_source(args, database)
    stack = "PostgreSQL" if args.database_url else "SQLite"
    stack += ", Redis cache and sessions" if args.redis_url else ", file cache"
    return (
        f"# danchu benchmark, {now}\n\n"
        f"- data: demo province, factor {args.factor:g} (`{where}`)\n"
        f"- server: gunicorn, {args.workers} sync workers, DEBUG=0, {stack}\n"
        f"- load: {args.concurrency} clients for {args.seconds:g} s per page "
        f"(at most {args.max_requests:,} requests)\n"
        f"- machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.platform()}\n"
    )


def data_source(args: argparse.Namespace, database: Path) -> str:
    """The database the benchmark reads, for the report (a URL's password masked)."""
    if args.database_url:
        return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", args.database_url)
    return str(database.relative_to(ROOT))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=float, default=1.0, help="seed_demo --factor (default 1)")
    parser.add_argument("--seconds", type=float, default=10.0, help="per page (default 10)")
    parser.add_argument("--concurrency", type=int, default=8, help="clients (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap per page")
    parser.add_argument("--output", type=Path, help="default bench/results/<timestamp>.md")
    parser.add_argument(
        "--database-url",
        default="",
        help="an existing, empty or earlier-seeded PostgreSQL database (default: SQLite in var/)",
    )
    parser.add_argument("--redis-url", default="", help="cache and sessions in Redis")
    parser.add_argument(
        "--extra", action="append", default=[], help="another path to load, anonymously"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="measure only the pages whose path contains this (repeatable; /healthz always)",
    )
    args = parser.parse_args(argv)
    if args.output is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        args.output = ROOT / "bench" / "results" / f"{stamp}.md"
    if not (0 < args.seconds <= 600 and 1 <= args.concurrency <= 64):
        parser.error("--seconds must be in (0, 600] and --concurrency in [1, 64]")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so that the `finally` below stops gunicorn.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    database = ROOT / "var" / f"bench-f{args.factor:g}.sqlite3"
    env = server_env(database, args)
    where = data_source(args, database)
    print(f"Preparing {where} …", file=sys.stderr)
    facts = prepare_database(env, args.factor)
    (ROOT / "var" / "static").mkdir(parents=True, exist_ok=True)  # whitenoise warns without it
    server = start_gunicorn(env, args.workers, ROOT / "var" / "bench-gunicorn.log")
    try:
        wait_until_up(server)
        page_list = chosen(
            pages(facts["root"], facts["agency"], facts["consultation"], args.extra), args.only
        )
        users = {page.user for page in page_list if page.user}
        sessions = {user: log_in(user, facts["password"]) for user in sorted(users)}
        results = []
        for page in page_list:
            print(f"  {page.path} as {page.user or 'anonymous'} …", file=sys.stderr)
            results.append(measure(page, sessions.get(page.user or "", {}), args))
    finally:
        stop(server)
    report = header(args, database) + "\n" + table(results) + "\n"
    print(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(f"Written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
