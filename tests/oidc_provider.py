"""A small OpenID Connect provider for the tests, built on Authlib's server components.

It plays the regional identity gateway in front of SPID and CIE: discovery, JWKS,
authorize (the person approves at once: the tests say who they are), token (the
authorization-code grant with PKCE and Authlib's OpenID Connect extension, RS256 ID
tokens) and userinfo. It is served over real HTTP from a thread, so the Forum talks to it
exactly as it would talk to a gateway. Switches make it misbehave the ways a gateway, or
an attacker in between, can: a token signed by the wrong key, for another audience,
already expired, claims without a fiscal number, a gateway that stops answering, a key
rotated since the Forum last fetched the JWKS.
"""

from __future__ import annotations

import secrets
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, request
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "forum-metropolitano"
AUTH_METHODS = ("client_secret_basic", "client_secret_post", "private_key_jwt")
CLIENT_SECRET = "test-client-secret-of-the-forum"

# A person as SPID's OpenID Connect profile describes one (the fiscal number with its TINIT- prefix).
MARIA = {
    "sub": "spid-user-0001",
    "given_name": "Maria",
    "family_name": "Rossi",
    "fiscal_number": "TINIT-RSSMRA80A41F205X",
    "email": "maria.rossi@example.org",
}


@dataclass
class Behaviour:
    """How the provider answers; each test changes what it needs."""

    person: dict = field(default_factory=lambda: dict(MARIA))
    # Sign ID tokens with a key that is not the published one (same kid): a forged token.
    sign_with_wrong_key: bool = False
    audience: str | None = None  # None: the client's id
    expired: bool = False
    issuer: str | None = None  # None: the provider's own address
    # Seconds every endpoint waits before answering (the Forum's timeout is shorter).
    stall_seconds: float = 0.0


class _Client:
    """The Forum, as registered at the gateway (confidential client, code flow)."""

    def __init__(self, redirect_uri: str):
        self.redirect_uri = redirect_uri

    def get_client_id(self):
        return CLIENT_ID

    def get_default_redirect_uri(self):
        return self.redirect_uri

    def get_allowed_scope(self, scope):
        allowed = {"openid", "profile", "email"}
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret or "", CLIENT_SECRET)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in AUTH_METHODS

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class _Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    person: dict
    auth_time: int

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return "https://www.spid.gov.it/SpidL2"

    def get_amr(self):
        return ["pwd", "otp"]


class TestProvider:
    """The provider's state (keys, codes, tokens) and its Flask app."""

    __test__ = False  # not a test class, despite its name

    def __init__(self):
        self.behaviour = Behaviour()
        self.key = RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig", "alg": "RS256"})
        self.wrong_key = RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, _Code] = {}
        self.tokens: dict[str, dict] = {}
        self.nonces: set[str] = set()
        self.requests: list[str] = []  # "METHOD /path" of every request, for the tests
        # The public half of the Forum's key, for private_key_jwt; the JWT ids already seen.
        self.client_public_key: RSAKey | None = None
        self.assertion_ids: set[str] = set()
        self.auth_methods_used: list[str] = []
        self.url = ""
        self.client = _Client("")
        self.app = self._build_app()

    # --- switches ---------------------------------------------------------------------

    def rotate_key(self) -> None:
        """A new signing key with a new kid; the JWKS publishes only the new one."""
        self.key = RSAKey.generate_key(2048, parameters={"kid": "key-2", "use": "sig", "alg": "RS256"})

    def jwks(self) -> dict:
        return KeySet([self.key]).as_dict(private=False)

    # --- the app ----------------------------------------------------------------------

    def _build_app(self) -> Flask:
        provider = self
        app = Flask("test-oidc-provider")
        app.config["SECRET_KEY"] = "provider"

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)

            def validate_token_request(self):
                super().validate_token_request()
                provider.auth_methods_used.append(self.request.auth_method)

            def save_authorization_code(self, code, req):
                provider.codes[code] = _Code(
                    code=code,
                    client_id=req.client.get_client_id(),
                    redirect_uri=req.payload.redirect_uri,
                    scope=req.payload.scope,
                    nonce=req.payload.data.get("nonce"),
                    code_challenge=req.payload.data.get("code_challenge"),
                    code_challenge_method=req.payload.data.get("code_challenge_method"),
                    person=dict(req.user),
                    auth_time=int(time.time()),
                )

            def query_authorization_code(self, code, client):
                return provider.codes.get(code)

            def delete_authorization_code(self, authorization_code):
                # Used once: a replayed code is refused with invalid_grant.
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.person

        class OpenIDExtension(OpenIDCode):
            def exists_nonce(self, nonce, req):
                return nonce in provider.nonces

            def resolve_client_private_key(self, client):
                return provider.wrong_key if provider.behaviour.sign_with_wrong_key else provider.key

            def get_client_algorithm(self, client):
                return "RS256"

            def get_encode_header(self, client):
                key = self.resolve_client_private_key(client)
                return {"alg": "RS256", "kid": key.kid}

            def get_client_claims(self, client):
                b = provider.behaviour
                now = int(time.time())
                claims = {"iss": b.issuer or provider.url, "aud": [b.audience or CLIENT_ID]}
                if b.expired:
                    claims.update(iat=now - 7200, exp=now - 3600)
                return claims

            def generate_user_info(self, user, scope):
                # The ID token names the subject; the rest comes from userinfo.
                return UserInfo(sub=user["sub"])

        class PrivateKeyAssertion(JWTBearerClientAssertion):
            """private_key_jwt: the client signs a short JWT with its own key (RFC 7523)."""

            CLIENT_AUTH_METHOD = "private_key_jwt"

            def get_audiences(self):
                return [f"{provider.url}/token"]

            def validate_jti(self, claims, jti):
                if jti in provider.assertion_ids:
                    return False
                provider.assertion_ids.add(jti)
                return True

            def resolve_client_public_key(self, client):
                return provider.client_public_key

        def query_client(client_id):
            return provider.client if client_id == CLIENT_ID else None

        def save_token(token, req):
            provider.tokens[token["access_token"]] = dict(req.user)

        server = AuthorizationServer(app, query_client=query_client, save_token=save_token)
        server.register_grant(CodeGrant, [CodeChallenge(required=True), OpenIDExtension(require_nonce=True)])
        server.register_client_auth_method(PrivateKeyAssertion.CLIENT_AUTH_METHOD, PrivateKeyAssertion())

        @app.before_request
        def record_and_stall():
            provider.requests.append(f"{request.method} {request.path}")
            if provider.behaviour.stall_seconds:
                time.sleep(provider.behaviour.stall_seconds)

        @app.get("/.well-known/openid-configuration")
        def discovery():
            base = provider.url
            return jsonify(
                issuer=provider.behaviour.issuer or base,
                authorization_endpoint=f"{base}/authorize",
                token_endpoint=f"{base}/token",
                userinfo_endpoint=f"{base}/userinfo",
                jwks_uri=f"{base}/jwks.json",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                code_challenge_methods_supported=["S256"],
                token_endpoint_auth_methods_supported=list(AUTH_METHODS),
                scopes_supported=["openid", "profile", "email"],
            )

        @app.get("/jwks.json")
        def jwks():
            return jsonify(provider.jwks())

        @app.get("/authorize")
        def authorize():
            # The person "authenticates" at once: the test chose who they are.
            person = dict(provider.behaviour.person)
            grant = server.get_consent_grant(end_user=person)
            response = server.create_authorization_response(grant_user=person, grant=grant)
            if request.args.get("nonce"):
                provider.nonces.add(request.args["nonce"])  # a nonce is good for one sign-in
            return response

        @app.post("/token")
        def token():
            return server.create_token_response()

        @app.get("/userinfo")
        def userinfo():
            auth = request.headers.get("Authorization", "")
            person = provider.tokens.get(auth.removeprefix("Bearer ").strip())
            if person is None:
                return jsonify(error="invalid_token"), 401
            return jsonify(person)

        return app


@contextmanager
def running_provider(redirect_uri: str):
    """Serve a fresh :class:`TestProvider` on a free local port; yields it (``.url`` set)."""
    provider = TestProvider()
    server = make_server("127.0.0.1", 0, provider.app, threaded=True)
    provider.url = f"http://127.0.0.1:{server.server_port}"
    provider.client = _Client(redirect_uri)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def redirect_target(location: str) -> str:
    """The path and query of an absolute redirect, for the Flask test client."""
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
