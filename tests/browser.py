"""Real-browser fixtures shared by tests/e2e and tests/security: Debian's chromium driven
by playwright, and the app served by a real HTTP server in a thread.

Registered for the whole suite by ``pytest_plugins`` in tests/conftest.py. Locally the
browser tests skip when chromium or playwright is missing; in CI (``CI`` set) they fail.
Never ``playwright install``: the browser is the distribution's (apt-get install chromium).
"""

from __future__ import annotations

import importlib.util
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import IN_CI

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


def chromium_path() -> str | None:
    return shutil.which(CHROMIUM) or shutil.which("chromium")


def browser_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package (pip install -e '.[test]')")
    if chromium_path() is None:
        missing.append("chromium (apt-get install chromium)")
    return "real-browser tests need " + " and ".join(missing) if missing else None


def require_browser() -> None:
    """Skip locally, fail in CI, when the browser cannot run."""
    reason = browser_missing_reason()
    if reason:
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)


# Every module of tests/e2e imports playwright: without it none could even be imported.
E2E_DIRECTORY = Path(__file__).parent / "e2e"


class BrowserUnavailable(pytest.Item):
    """Stands for a whole tests/e2e module where the browser cannot run: skipped (failed in
    CI) with the reason, instead of an import error."""

    def runtest(self):
        require_browser()

    def reportinfo(self):
        return self.path, None, f"{self.name}: {browser_missing_reason()}"


class BrowserlessModule(pytest.File):
    def collect(self):
        item = BrowserUnavailable.from_parent(self, name="real-browser tests")
        item.add_marker(pytest.mark.e2e)  # deselected with the module by -m "not e2e"
        yield item


def pytest_pycollect_makemodule(module_path: Path, parent):
    if module_path.is_relative_to(E2E_DIRECTORY) and browser_missing_reason():
        return BrowserlessModule.from_parent(parent, path=module_path)
    return None


@pytest.fixture(scope="session")
def chromium():
    """One headless chromium for the whole session; tests open cheap contexts in it."""
    require_browser()
    # Imported here: most test sessions never start a browser.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_context(browser, viewport: dict = DESKTOP, locale: str = "it-IT", **options):
    """A fresh browser profile (cookies, storage) of an Italian visitor (Accept-Language)."""
    context = browser.new_context(viewport=viewport, locale=locale, **options)
    # Actions wait at most this long for their element: a broken page fails in seconds.
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def browser_context(chromium):
    """A fresh browser profile at desktop size, closed after the test."""
    context = new_context(chromium)
    yield context
    context.close()


def read_whole(wsgi_app):
    """The WSGI app with each response read (and closed) before it is sent.

    Werkzeug's development server skips closing a response when the client drops the
    connection, as a browser does when it leaves a page whose favicon is still loading; the
    file behind ``send_file`` then leaks and its ResourceWarning fails some later test.
    """

    def buffered(environ, start_response):
        body = wsgi_app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return buffered


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free local port from a thread; yields the base URL.

    ``SERVER_NAME`` and ``PUBLIC_URL`` follow the port so that links in e-mails point at
    this server.
    """
    server = make_server("127.0.0.1", 0, read_whole(app), threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["SERVER_NAME"] = base_url.removeprefix("http://")
    app.config["PUBLIC_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def live_server(app):
    """The test app (a clean database) served by a real HTTP server in a thread."""
    with serving(app) as base_url:
        yield base_url
