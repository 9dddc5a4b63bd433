"""A real OpenID Connect provider (tests/oidc_provider.py) served over HTTP for each test."""

from __future__ import annotations

import pytest
import requests

from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, redirect_target, running_provider

IDENTITY_HASH_KEY = "identity-hmac-key-of-the-test-suite-0123456789"
START = "/account/spid-cie/entra"


def configure(app, provider) -> None:
    app.config.update(
        OIDC_ISSUER=provider.url,
        OIDC_CLIENT_ID=CLIENT_ID,
        OIDC_CLIENT_SECRET=CLIENT_SECRET,
        IDENTITY_HASH_KEY=IDENTITY_HASH_KEY,
        # Short, so that "the gateway does not answer" costs the suite a second, not ten.
        OIDC_TIMEOUT=1.0,
    )


@pytest.fixture
def gateway(app):
    with running_provider("http://localhost/account/spid-cie/ritorno") as provider:
        configure(app, provider)
        yield provider


def through_gateway(client, start: str = START) -> str:
    """Go to the gateway and back: the callback address the gateway sends the browser to."""
    response = client.get(start)
    assert response.status_code == 302, response.get_data(as_text=True)
    at_gateway = requests.get(response.headers["Location"], allow_redirects=False, timeout=5)
    assert at_gateway.status_code == 302, at_gateway.text
    return redirect_target(at_gateway.headers["Location"])


def sign_in(client, start: str = START):
    """The whole round trip; returns the Forum's answer to the callback."""
    return client.get(through_gateway(client, start))
