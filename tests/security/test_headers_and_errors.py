"""Security headers, cookies, the request size limit and the error pages in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.proposals import routes as proposal_routes
from app.proposals.models import Comment, Proposal
from tests.conftest import _base_config
from tests.factories import create_comment, create_proposal, create_user, login
from tests.proposals.helpers import sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


def test_every_page_has_a_strict_content_security_policy_and_headers(client):
    response = client.get("/")
    csp = _csp(response)
    assert csp["default-src"] == "default-src 'self'"
    assert csp["script-src"] == "script-src 'self'"
    assert csp["style-src"] == "style-src 'self'"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["form-action"] == "form-action 'self'"
    assert csp["base-uri"] == "base-uri 'self'"
    assert csp["object-src"] == "object-src 'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    # Plain HTTP (development, tests): no HSTS, no redirect.
    assert "Strict-Transport-Security" not in response.headers
    assert response.status_code == 200
    # Error pages carry the same headers.
    assert "unsafe-inline" not in client.get("/non-esiste").headers["Content-Security-Policy"]


def test_no_template_uses_inline_scripts_styles_or_event_handlers():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)", text, re.I):
            offenders.append(f"{path.name}: inline <script>")
        if re.search(r"\sstyle\s*=", text, re.I) or re.search(r"<style", text, re.I):
            offenders.append(f"{path.name}: inline style")
        if re.search(r"\son[a-z]+\s*=", text, re.I):
            offenders.append(f"{path.name}: event handler attribute")
        if "javascript:" in text.lower():
            offenders.append(f"{path.name}: javascript: URL")
        if "|safe" in text.replace(" ", ""):
            offenders.append(f"{path.name}: |safe")
    assert not offenders, offenders


def test_session_cookie_is_httponly_and_samesite(client):
    user = create_user()
    response = login(client, user)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in tests: a Secure cookie would never come back


@pytest.fixture
def https_app(app):
    """A second app configured as in production behind TLS (FORCE_HTTPS on)."""
    config = _base_config(app.config["SQLALCHEMY_DATABASE_URI"])
    config.update(FORCE_HTTPS=True, PUBLIC_URL="https://localhost")  # production needs PUBLIC_URL
    https = create_app(config)
    yield https
    with https.app_context():
        db.engine.dispose()


def test_behind_tls_http_is_redirected_hsts_is_sent_and_cookies_are_secure(https_app):
    client = https_app.test_client()
    plain = client.get("/", base_url="http://localhost")
    assert plain.status_code in (301, 302)
    assert plain.headers["Location"].startswith("https://")
    secure = client.get("/", base_url="https://localhost")
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    # The proxy terminating TLS says so; the app trusts it for the redirect decision.
    proxied = client.get("/", base_url="http://localhost", headers={"X-Forwarded-Proto": "https"})
    assert proxied.status_code == 200
    user = create_user()
    response = client.post(
        "/account/accedi",
        data={"email": user.email, "password": "Passw0rd-lunga-e-sicura"},
        base_url="https://localhost",
    )
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie


# --- request size limit ---------------------------------------------------------------------


def test_a_3_mb_post_gets_the_friendly_413_page_and_stores_nothing(csrf_app):
    client = csrf_app.test_client()
    proposal = create_proposal()
    user = create_user()
    sign_in(client, user)
    huge = "x" * (3 * 1024 * 1024)
    response = client.post(f"/proposte/{proposal.id}/commenti", data={"body": huge, "csrf_token": "t"})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "<h1>Richiesta troppo grande</h1>" in page
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_an_oversized_multipart_body_gets_413(client):
    user = create_user()
    sign_in(client, user)
    proposal = create_proposal()
    body = b'--XyZ\r\nContent-Disposition: form-data; name="body"\r\n\r\n' + b"a" * (3 * 1024 * 1024)
    body += b"\r\n--XyZ--\r\n"
    response = client.post(
        f"/proposte/{proposal.id}/commenti",
        data=body,
        content_type="multipart/form-data; boundary=XyZ",
    )
    assert response.status_code == 413
    assert db.session.scalar(select(func.count(Comment.id))) == 0


# --- error pages in both languages ------------------------------------------------------------

EXPECTED_TITLES = {
    400: ("Richiesta non valida", "Bad request"),
    403: ("Accesso negato", "Access denied"),
    404: ("Pagina non trovata", "Page not found"),
    405: ("Metodo non consentito", "Method not allowed"),
    413: ("Richiesta troppo grande", "Request too large"),
    429: ("Troppe richieste", "Too many requests"),
    500: ("Errore interno", "Internal error"),
}


def _trigger(status: int, app, client, monkeypatch):
    if status == 400:
        return client.get("/account/conferma/token-non-valido")
    if status == 403:
        sign_in(client, create_user())
        return client.get("/moderazione/")
    if status == 404:
        return client.get("/non-esiste")
    if status == 405:
        return client.delete("/")
    if status == 413:
        return client.post("/account/accedi", data={"email": "x" * (3 * 1024 * 1024)})
    if status == 429:
        app.config["LOGIN_LIMIT_PER_IP"] = "1 per minute"
        client.post("/account/accedi", data={"email": "a@example.org", "password": "sbagliata"})
        return client.post("/account/accedi", data={"email": "a@example.org", "password": "sbagliata"})
    if status == 500:
        # A bug anywhere in a page: the visitor gets the friendly page, never a trace.
        app.config["PROPAGATE_EXCEPTIONS"] = False
        proposal = create_proposal()

        def broken(*args, **kwargs):
            raise RuntimeError("a bug")

        monkeypatch.setattr(proposal_routes.queries, "count_supports_by_actor_type", broken)
        return client.get(f"/proposte/{proposal.id}")
    raise AssertionError(status)


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("status", sorted(EXPECTED_TITLES))
def test_error_pages_are_friendly_and_translated(app, client, monkeypatch, status, language):
    client.get(f"/lingua/{language}")
    response = _trigger(status, app, client, monkeypatch)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    italian, english = EXPECTED_TITLES[status]
    title = italian if language == "it" else english
    assert f"<h1>{title}</h1>" in page, page[:2000]
    assert f'<html lang="{language}">' in page
    assert "Traceback" not in page and "RuntimeError" not in page
    assert 'id="main-content"' in page  # the site's layout, not a bare server message


def test_proposal_count_is_unchanged_by_error_pages(client):
    before = db.session.scalar(select(func.count(Proposal.id)))
    client.post("/consultazioni/non-esiste/proposte/nuova", data={"title": "x"})
    assert db.session.scalar(select(func.count(Proposal.id))) == before


def test_comment_page_survives_a_failing_query(app, client, monkeypatch):
    """The 500 page is also what a logged-in person sees (the layout still renders)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    proposal = create_proposal()
    create_comment(proposal)
    sign_in(client, create_user())

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(proposal_routes.queries, "list_comment_threads", broken)
    response = client.get(f"/proposte/{proposal.id}")
    assert response.status_code == 500
    assert "Traceback" not in response.get_data(as_text=True)
