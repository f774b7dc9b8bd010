"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Playwright's sync API runs an event loop in the test thread, so Django would refuse ORM calls made
from it (the data set-up and the checks); they are safe here because nothing else runs in that
thread. The flag must be set before Django is touched.

Every test runs in a transactional database (the live server reads what the test thread wrote),
restored from the serialized migration data before each test (rates, scale criteria), and builds
the demo data set at a small scale with the real seed. One Chromium per session, one browser
context per user, console errors collected per page: the Content Security Policy must not block
anything a page needs.
"""

from __future__ import annotations

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
CSP_MARKERS = ("Content Security Policy", "Refused to")
SEED_SCALE = 0.02


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)  # a busy 2-core machine renders a letter's PDF slowly
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def e2e_settings(settings, tmp_path):
    """Fast password hashing, uploads and letters in a temporary media folder, letters' QR codes
    pointing at the live server."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


def _ensure_reference_data() -> None:
    from tests.conftest import ensure_reference_data

    ensure_reference_data()


@pytest.fixture
def demo(e2e_settings, live_server):
    """The demo data set (users, register, feature seeders) at a small scale. Its letters' PDFs are
    left to be rendered on first download (the seed queues them; the queue is not run here)."""
    from demo import seed

    e2e_settings.SITE_URL = live_server.url
    _ensure_reference_data()
    tasks = e2e_settings.TASKS
    e2e_settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    try:
        return seed.seed(scale=SEED_SCALE)
    finally:
        e2e_settings.TASKS = tasks


@dataclass
class Browsing:
    """Opens pages for a user (or anonymously) and remembers every console error and page error."""

    browser: object
    base_url: str
    shots: Path
    console_errors: list[str] = field(default_factory=list)
    contexts: list = field(default_factory=list)
    tolerated: list[str] = field(default_factory=list)

    def page(self, username: str | None = None):
        """A page in a fresh browser context, logged in through the login form when a user is given."""
        from demo.seed import DEMO_PASSWORD

        context = self.browser.new_context(base_url=self.base_url, accept_downloads=True, locale="id-ID", timezone_id="Asia/Makassar")
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        who = username or "anonim"
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(f"{who} {page.url}: {msg.text}"))
        page.on("pageerror", lambda exc: self.console_errors.append(f"{who} {page.url}: {exc}"))
        if username:
            page.goto("/akun/masuk/")
            page.fill("#id_username", username)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("form.stack button[type=submit]")
            page.wait_for_url(lambda url: "/akun/masuk/" not in url)
        return page

    def screenshot(self, page, name: str, *, full_page: bool = True) -> Path:
        path = self.shots / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    def tolerate(self, fragment: str) -> None:
        """Accept a CSP report naming ``fragment`` (an outside address the policy rightly blocks)."""
        self.tolerated.append(fragment)

    def csp_violations(self) -> list[str]:
        return [
            line
            for line in self.console_errors
            if any(marker in line for marker in CSP_MARKERS) and not any(fragment in line for fragment in self.tolerated)
        ]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser, live_server, tmp_path):
    shots = tmp_path / "screenshots"
    shots.mkdir()
    session = Browsing(browser=browser, base_url=live_server.url, shots=shots)
    yield session
    session.close()
    assert not session.csp_violations(), "the Content Security Policy blocked something:\n" + "\n".join(session.csp_violations())
