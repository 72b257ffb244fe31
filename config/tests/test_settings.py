"""Settings come from the environment; production settings pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # The browser tests allow sync ORM calls inside Playwright's loop; a real deployment doesn't.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "DANCHU_ENV": "production",
    "SECRET_KEY": "x" * 64 + "-production-secret-Key-0123456789",
    "ALLOWED_HOSTS": "danchu.example.gov.vn",
    "DANCHU_SITE_URL": "https://danchu.example.gov.vn",
    "DEBUG": "0",
}


@pytest.fixture(scope="module")
def signing_key(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The audit checkpoint key production needs (audit.E001 without it)."""
    key = tmp_path_factory.mktemp("keys") / "audit-signing.pem"
    assert run_manage("audit_keygen", str(key)).returncode == 0
    return {"DANCHU_AUDIT_SIGNING_KEY_FILE": str(key)}


def test_production_settings_pass_the_deploy_check(signing_key):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **signing_key)
    assert result.returncode == 0, result.stdout + result.stderr
    # No warning at all, and none hidden by SILENCED_SYSTEM_CHECKS.
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout


def test_the_deploy_check_would_catch_a_weakened_production(signing_key):
    """The check above is not vacuous: turning HTTPS-only off in production is reported."""
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        **signing_key,
        **{
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
        },
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout
    assert "security.W004" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "('HTTP_X_FORWARDED_PROTO', 'https')"),
        ("X-Forwarded-Scheme", "('HTTP_X_FORWARDED_SCHEME', 'https')"),
        ("", "None"),
    ],
)
def test_the_proxy_ssl_header_is_configurable(header, expected):
    env = {**PRODUCTION} if header is None else {**PRODUCTION, "DANCHU_PROXY_SSL_HEADER": header}
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
        **env,
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


def test_production_refuses_to_run_without_the_audit_signing_key():
    result = run_manage(
        "check",
        DANCHU_ENV="production",
        SECRET_KEY="x" * 64 + "-production-secret-Key-0123456789",
        ALLOWED_HOSTS="danchu.example.gov.vn",
        DANCHU_SITE_URL="https://danchu.example.gov.vn",
        DANCHU_AUDIT_SIGNING_KEY_FILE="",
    )
    assert result.returncode != 0
    assert "audit.E001" in result.stderr


def test_production_refuses_to_start_without_its_public_address():
    result = run_manage("check", DANCHU_ENV="production", SECRET_KEY="k" * 64, DANCHU_SITE_URL="")
    assert result.returncode != 0
    assert "DANCHU_SITE_URL" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, "DANCHU_ENV": "production"},
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_vietnamese_is_the_default_language():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_full_sync():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragmas")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


def test_the_embedded_database_uses_wal(tmp_path):
    db = tmp_path / "wal.sqlite3"
    result = run_manage(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        DANCHU_SQLITE_PATH=str(db),
        DATABASE_URL="",
    )
    assert result.stdout.strip().splitlines()[-1] == "wal", result.stderr


@pytest.mark.parametrize("database_url", ["", "postgres://danchu@127.0.0.1/danchu"])
def test_connections_are_kept_between_requests(database_url):
    """Opening a connection (and, for SQLite, its pragmas) costs more than a whole list page."""
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])",
        DATABASE_URL=database_url,
    )
    assert int(result.stdout.strip().splitlines()[-1]) >= 60, result.stderr
