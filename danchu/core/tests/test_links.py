"""Links that leave the browser carry the site's real address, not a hard-wired port 8000."""

import shutil
import subprocess
from pathlib import Path

import pytest

from danchu.core.links import site_url

ROOT = Path(__file__).resolve().parents[3]


def test_site_url_uses_the_configured_address(settings):
    settings.DANCHU_SITE_URL = "http://127.0.0.1:8123"
    assert site_url("/verify/") == "http://127.0.0.1:8123/verify/"
    assert site_url("verify/") == "http://127.0.0.1:8123/verify/"
    assert site_url() == "http://127.0.0.1:8123"


def _dry_run(*args: str, env: dict[str, str] | None = None) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        ["make", "-n", *args],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
    )
    return result.stdout


def test_make_run_passes_its_port_to_the_links_and_serves_without_debug():
    out = _dry_run("run", "PORT=8123")
    assert "Links in QR codes, notices and e-mails: http://127.0.0.1:8123" in out
    assert "DEBUG=0" in out
    assert "runserver --insecure 127.0.0.1:8123" in out


def test_a_configured_site_url_wins_over_the_port():
    out = _dry_run("run", "PORT=8123", env={"DANCHU_SITE_URL": "https://danchu.example.vn"})
    assert "e-mails: https://danchu.example.vn" in out


def test_make_dev_keeps_debug_on():
    out = _dry_run("dev", "PORT=8123")
    assert "DEBUG=1" in out
    assert "--insecure" not in out


def test_make_run_keeps_the_clock_that_announces_and_sends_the_daily_digest():
    """Scheduled items are announced every minute; the digest goes once a day (issue 12)."""
    out = _dry_run("run", "PORT=8123")
    assert "manage.py announce_scheduled_disclosures" in out
    assert "manage.py send_notification_digest" in out
