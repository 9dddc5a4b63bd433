"""Fixtures of the real-browser tests: the app with CSRF on, served over HTTP, with a real
SMTP server catching its mail and the in-process worker computing theme runs.

The browser itself (one chromium per session) and :func:`tests.browser.serving` come from
tests/browser.py. Pages are Italian by default; the tests find controls by role and label
through :mod:`tests.e2e.ui`, so they follow the translations instead of the markup.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from flask import Flask, got_request_exception

from tests.browser import browser_missing_reason, serving

# Without playwright this directory is skipped as a whole (tests/browser.py,
# pytest_collect_directory); pytest still loads this file first, so it must import without it.
if browser_missing_reason() is None:
    from playwright.sync_api import expect

    # A shared CI machine can be slow to render; a missing element still fails in seconds.
    expect.set_options(timeout=15_000)


@dataclass
class Mailbox:
    """The messages the app sent to the test SMTP server."""

    server: object

    def wait_for(self, to: str, containing: str = "", timeout: float = 10.0) -> EmailMessage:
        """The first message sent to ``to`` whose text contains ``containing``.

        :raises AssertionError: if none arrives within ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in list(self.server.messages):
                if to in message["To"] and containing in self.text_of(message):
                    return message
            time.sleep(0.05)
        raise AssertionError(f"no e-mail to {to} containing {containing!r} within {timeout}s")

    @staticmethod
    def text_of(message: EmailMessage) -> str:
        return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


@dataclass
class Site:
    """The served app: its base ``url``, its outgoing mail, the errors its requests raised."""

    app: Flask
    url: str
    mailbox: Mailbox
    server_errors: list = field(default_factory=list)


def prepare_for_browser(app: Flask, smtp_server) -> None:
    """Mail to the test SMTP server; theme runs in the in-process worker thread."""
    app.config["MAIL_SERVER"] = "127.0.0.1"
    app.config["MAIL_PORT"] = smtp_server.port
    app.config["REDIS_URL"] = ""
    smtp_server.messages.clear()


@contextmanager
def served(app: Flask, smtp_server) -> Iterator[Site]:
    """Serve ``app``, recording every exception a request raised: a test also fails when a
    page it merely passed through answered 500."""
    prepare_for_browser(app, smtp_server)
    errors: list[str] = []

    def record(sender, exception, **extra):
        errors.append(repr(exception))

    got_request_exception.connect(record, app)
    try:
        with serving(app) as url:
            yield Site(app, url, Mailbox(smtp_server), errors)
    finally:
        got_request_exception.disconnect(record, app)


@pytest.fixture
def site(csrf_app, smtp_server):
    """The app on a clean database, CSRF protection on as in production, served over HTTP."""
    with served(csrf_app, smtp_server) as running:
        yield running
    assert not running.server_errors, running.server_errors


class PageProblems:
    """JavaScript errors and Content-Security-Policy violations seen by one page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(f"JavaScript error: {error}"))
        page.on(
            "console",
            lambda message: (
                self.errors.append(f"CSP violation: {message.text[:300]}")
                if "Content Security Policy" in message.text
                else None
            ),
        )


@pytest.fixture
def page(browser_context):
    """A desktop-size page; the test fails if a script errs or the CSP blocks something."""
    page = browser_context.new_page()
    problems = PageProblems(page)
    yield page
    assert not problems.errors, problems.errors
