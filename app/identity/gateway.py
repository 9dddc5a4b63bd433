"""The OpenID Connect conversation with the identity gateway, through Authlib's Flask client.

Authlib does the protocol: discovery, the authorization-code flow with PKCE (S256), ``state``
and ``nonce`` kept in the session, the code exchange, the ID token's signature checked
against the gateway's JWKS (fetched again when a token names a key it does not know: key
rotation), ``iss``/``aud``/``exp``/``iat``/``nonce``/``at_hash`` checked, and userinfo.
This module only builds the client from the configuration and turns every way the
conversation can fail into :class:`SignInRefused` with a message a person can act on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from flask import current_app
from flask_babel import lazy_gettext as _l
from joserfc.errors import ExpiredTokenError, JoseError
from requests.exceptions import RequestException, Timeout

from app.errors import DomainError
from app.identity.fiscal import normalise_fiscal_number
from app.settings import public_url

logger = logging.getLogger("forum.identity")

CLIENT_NAME = "spid_cie"
CALLBACK_PATH = "/account/spid-cie/ritorno"
# Clocks of two servers differ a little; a minute of grace on exp/iat, no more.
CLOCK_LEEWAY_SECONDS = 60
CONFIG_KEYS = (
    "OIDC_ISSUER",
    "OIDC_CLIENT_ID",
    "OIDC_CLIENT_SECRET",
    "OIDC_CLIENT_PRIVATE_KEY",
    "OIDC_CLIENT_PRIVATE_KEY_FILE",
    "OIDC_SCOPES",
    "OIDC_TIMEOUT",
)


class SignInRefused(DomainError):
    """The sign-in did not go through; ``reason`` names why (logged, never personal data)."""

    def __init__(self, reason: str, message, status: int = 400):
        super().__init__(message, status=status)
        self.reason = reason


@dataclass(frozen=True)
class GatewayIdentity:
    """What the gateway vouched for. ``fiscal_number`` is never stored, logged or shown."""

    issuer: str
    fiscal_number: str = field(repr=False)  # out of every repr, so out of tracebacks and logs
    given_name: str
    family_name: str
    email: str | None


def is_enabled(config) -> bool:
    return bool(config.get("OIDC_ISSUER"))


def callback_url() -> str:
    """The redirect URI to register at the gateway: built on PUBLIC_URL, never on the request."""
    return public_url(current_app.config) + CALLBACK_PATH


def _private_key(config) -> str:
    if config.get("OIDC_CLIENT_PRIVATE_KEY"):
        return config["OIDC_CLIENT_PRIVATE_KEY"]
    if config.get("OIDC_CLIENT_PRIVATE_KEY_FILE"):
        return Path(config["OIDC_CLIENT_PRIVATE_KEY_FILE"]).read_text()
    return ""


def _client() -> FlaskOAuth2App:
    """The gateway's client, built once per configuration (tests change it between runs)."""
    config = current_app.config
    settings = tuple(config.get(key) for key in CONFIG_KEYS)
    cached = current_app.extensions.get("forum.identity")
    if cached and cached[0] == settings:
        return cached[1]
    issuer = config["OIDC_ISSUER"]
    client_kwargs = {
        "scope": config["OIDC_SCOPES"],
        "code_challenge_method": "S256",
        "default_timeout": config["OIDC_TIMEOUT"],
    }
    secret, auth_methods = config.get("OIDC_CLIENT_SECRET") or None, None
    private_key = _private_key(config)
    if private_key:
        # private_key_jwt: the client proves itself with a JWT signed by its key (no shared secret).
        secret, auth_methods = private_key, [PrivateKeyJWT()]
        client_kwargs["token_endpoint_auth_method"] = PrivateKeyJWT.name
    client = FlaskOAuth2App(
        FlaskIntegration(CLIENT_NAME),
        name=CLIENT_NAME,
        client_id=config["OIDC_CLIENT_ID"],
        client_secret=secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs=client_kwargs,
        client_auth_methods=auth_methods,
    )
    current_app.extensions["forum.identity"] = (settings, client)
    return client


def start_sign_in(language: str):
    """The redirect to the gateway's authorization endpoint (state, nonce and PKCE in the session).

    :raises SignInRefused: the gateway cannot be reached.
    """
    try:
        return _client().authorize_redirect(callback_url(), ui_locales=language)
    except (RequestException, ValueError, AuthlibBaseError) as error:
        raise _unreachable(error) from error


def finish_sign_in() -> GatewayIdentity:
    """Read the gateway's answer on the callback: exchange the code, check the ID token, read userinfo.

    :raises SignInRefused: cancelled at the gateway, wrong or reused ``state``, a code the
        gateway refuses (used twice, expired), an ID token that fails any check (signature,
        issuer, audience, expiry, nonce), a gateway that does not answer in time, or no
        valid fiscal number among the claims.
    """
    config = current_app.config
    client = _client()
    # The issuer configured here (not only the one discovery announced: mix-up attacks), and
    # our client id among the audiences: Authlib alone would accept another audience that
    # names us as ``azp``.
    claims_options = {
        "iss": {"essential": True, "values": [config["OIDC_ISSUER"]]},
        "aud": {"essential": True, "value": config["OIDC_CLIENT_ID"]},
        "sub": {"essential": True},
    }
    try:
        token = client.authorize_access_token(claims_options=claims_options, leeway=CLOCK_LEEWAY_SECONDS)
        if "userinfo" not in token or token["userinfo"] is None:
            raise SignInRefused("no_id_token", _l("The identity service did not send a signed identity."))
        claims = dict(token["userinfo"])
        userinfo = dict(client.userinfo(token=token))
    except SignInRefused:
        raise
    except MismatchingStateError as error:
        raise _refused("state", error) from error
    except ExpiredTokenError as error:
        raise _refused("expired", error) from error
    except OAuthError as error:
        if error.error in ("access_denied", "cancelled", "login_required"):
            raise SignInRefused(
                "cancelled", _l("The sign-in was cancelled at the identity service. Nothing was changed.")
            ) from error
        raise _refused(f"oauth:{error.error}", error) from error
    except (JoseError, AuthlibBaseError, ValueError, KeyError) as error:
        raise _refused(f"token:{type(error).__name__}", error) from error
    except RequestException as error:
        raise _unreachable(error) from error
    # The ID token's subject must be the one userinfo describes (OpenID Connect Core 5.3.2).
    if userinfo.get("sub") != claims.get("sub"):
        raise _refused("sub_mismatch", None)
    claims.update(userinfo)
    return _identity_from(claims)


def _identity_from(claims: dict) -> GatewayIdentity:
    config = current_app.config
    fiscal_number = normalise_fiscal_number(claims.get(config["OIDC_CLAIM_FISCAL_NUMBER"]))
    if fiscal_number is None:
        logger.warning("SPID/CIE sign-in refused: no valid fiscal number among the claims")
        raise SignInRefused(
            "no_fiscal_number",
            _l(
                "The identity service did not send your fiscal number, which the Forum needs to "
                "verify your identity. Check with the service that it may share it, then try again."
            ),
        )
    email = claims.get(config["OIDC_CLAIM_EMAIL"])
    return GatewayIdentity(
        issuer=config["OIDC_ISSUER"],
        fiscal_number=fiscal_number,
        given_name=_text(claims.get(config["OIDC_CLAIM_GIVEN_NAME"])),
        family_name=_text(claims.get(config["OIDC_CLAIM_FAMILY_NAME"])),
        email=email.strip().lower() if isinstance(email, str) and email.strip() else None,
    )


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _refused(reason: str, error) -> SignInRefused:
    # The reason and the library's error code only: never a token, a claim or a code.
    logger.warning("SPID/CIE sign-in refused (%s)", reason)
    return SignInRefused(
        reason,
        _l(
            "The sign-in with SPID or CIE could not be verified, so you are not signed in. "
            "This happens when a sign-in page is reloaded or used twice. Please start again."
        ),
    )


def _unreachable(error) -> SignInRefused:
    kind = "timeout" if isinstance(error, Timeout) else type(error).__name__
    logger.warning("SPID/CIE gateway unreachable (%s)", kind)
    return SignInRefused(
        f"unreachable:{kind}",
        _l(
            "The SPID and CIE sign-in service is not answering right now. Please try again in a few "
            "minutes, or log in with your e-mail address and password."
        ),
        status=503,
    )
