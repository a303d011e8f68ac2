"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against a
live server that pytest-django starts on this process's test database.

Without /usr/bin/chromium the tests skip on a developer's machine and fail in CI (env CI set):
CI installs Chromium, so a missing one is a broken build, not a reason to skip. Screenshots are
written to var/test-artifacts/ (git-ignored) for people to look at.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


# One Playwright and one Chromium per test process, however many modules import the fixture
# (tests/ outside this package do): Playwright's sync API cannot run twice in one thread.
_SHARED: dict[str, Any] = {"users": 0}


def _start() -> Any:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; Django refuses database calls
    # from a thread with a running loop unless told this is intended (the tests' own fixtures).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    _SHARED["playwright"] = playwright
    _SHARED["browser"] = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
    return _SHARED["browser"]


def _stop() -> None:
    _SHARED.pop("browser").close()
    _SHARED.pop("playwright").stop()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Chromium for the browser tests")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    chromium = _SHARED["browser"] if _SHARED["users"] else _start()
    _SHARED["users"] += 1
    try:
        yield chromium
    finally:
        _SHARED["users"] -= 1
        if not _SHARED["users"]:
            _stop()


@pytest.fixture(autouse=True)
def _sqlite_books_can_be_flushed(transactional_db) -> Iterator[None]:
    """The live server needs committed data, so these tests empty the database afterwards. On
    PostgreSQL that is a TRUNCATE the test connection may run (config/settings/test.py); on
    SQLite it is DELETE, which the ledger's guards refuse for posted entries. So on SQLite the
    guards step aside for the flush and are put back exactly as they were."""
    yield
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
    try:
        call_command("flush", interactive=False, verbosity=0)
    finally:
        with connection.cursor() as cursor:
            for _name, sql in triggers:
                cursor.execute(sql)


class Visit:
    """A browser context on the live server, with the console's errors collected."""

    def __init__(self, browser, base_url: str, name: str, viewport: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
        self.base_url = base_url
        self.context = browser.new_context(base_url=base_url, viewport=viewport, locale="en-IN")
        self.context.set_default_timeout(15000)
        self.page = self.context.new_page()
        self.name = name
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        if message.type == "error":
            self.errors.append(message.text)

    def screenshot(self, label: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.name}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def sign_in_as(self, user) -> None:  # type: ignore[no-untyped-def]
        """A session for `user` without the sign-in form (the login test uses the form)."""
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": self.base_url}]
        )


@pytest.fixture
def visit(browser, live_server, request) -> Iterator[Callable[..., Visit]]:
    """visit(viewport=PHONE) -> a fresh browser context on the live server."""
    opened: list[Visit] = []
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name)

    def open_(viewport: dict[str, int] = DESKTOP) -> Visit:
        session = Visit(browser, live_server.url, f"{name}-{len(opened)}", viewport)
        opened.append(session)
        return session

    yield open_
    for session in opened:
        session.context.close()
