"""Settings checked when the app starts: production refuses to run on unsafe defaults.

"Production" means ``FORCE_HTTPS=1`` or ``FORUM_ENV=production``. There the app does not
start without a ``PUBLIC_URL`` (every e-mail link is built from it) or with the
development or a short ``SECRET_KEY`` (anyone knowing it forges sessions and e-mail
tokens). Outside production (``make demo``, the CLI, the tests) nothing is required:
``PUBLIC_URL`` defaults to the local address and a weak key is only warned about.

The hosts the app answers to (Flask's ``TRUSTED_HOSTS``; any other ``Host`` header gets a
400) are ``PUBLIC_URL``'s host plus ``EXTRA_TRUSTED_HOSTS``, and outside production also
``localhost`` and ``127.0.0.1`` on any port.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask

from app.config import DEVELOPMENT_PUBLIC_URL, DEVELOPMENT_SECRET_KEY

MIN_SECRET_KEY_BYTES = 32
LOCAL_HOSTS = ("localhost", "127.0.0.1")

logger = logging.getLogger("forum.settings")


class ConfigurationError(RuntimeError):
    """The settings are unsafe or incomplete: the app refuses to start."""


def is_production(config) -> bool:
    return bool(config.get("FORCE_HTTPS")) or str(config.get("FORUM_ENV", "")).lower() == "production"


def public_url(config) -> str:
    """The configured ``PUBLIC_URL`` without a trailing slash (the local address outside production)."""
    url = (config.get("PUBLIC_URL") or "").strip()
    return (url or DEVELOPMENT_PUBLIC_URL).rstrip("/")


def trusted_hosts(config) -> list[str]:
    """The host names requests may name in ``Host`` (ports are not compared)."""
    hosts = [urlsplit(public_url(config)).hostname or ""]
    hosts += [h.strip().lower() for h in config.get("EXTRA_TRUSTED_HOSTS") or [] if h.strip()]
    if not is_production(config):
        hosts += LOCAL_HOSTS
    return list(dict.fromkeys(h for h in hosts if h))


def settings_problems(config) -> list[str]:
    """What stops the app from starting with ``config`` (empty when it may start)."""
    problems = []
    url = (config.get("PUBLIC_URL") or "").strip()
    production = is_production(config)
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            problems.append(f"PUBLIC_URL must be an address like https://forum.example.org, not {url!r}.")
        elif production and config.get("FORCE_HTTPS") and parts.scheme != "https":
            problems.append("PUBLIC_URL must start with https:// when FORCE_HTTPS is on.")
    elif production:
        problems.append(
            "PUBLIC_URL is not set: set it to the address people use to reach the site "
            "(e.g. https://forum.cittametropolitana.mi.it); every link in every e-mail is built from it."
        )
    if production:
        problems += [f"{p} Refusing to start in production." for p in _secret_key_problems(config)]
    problems += _identity_problems(config)
    return problems


def _identity_problems(config) -> list[str]:
    """SPID/CIE sign-in (app/identity) needs a client id and its own HMAC key, everywhere."""
    if not config.get("OIDC_ISSUER"):
        return []
    problems = []
    if not urlsplit(config["OIDC_ISSUER"]).hostname:
        problems.append(f"OIDC_ISSUER must be the gateway's address, not {config['OIDC_ISSUER']!r}.")
    if not config.get("OIDC_CLIENT_ID"):
        problems.append("OIDC_ISSUER is set but OIDC_CLIENT_ID is not.")
    key = config.get("IDENTITY_HASH_KEY") or ""
    if len(key.encode()) < MIN_SECRET_KEY_BYTES:
        problems.append(
            f"IDENTITY_HASH_KEY must be at least {MIN_SECRET_KEY_BYTES} random bytes when OIDC_ISSUER "
            "is set (it keys the digest of fiscal numbers; keep it apart from SECRET_KEY)."
        )
    elif key == config.get("SECRET_KEY"):
        problems.append("IDENTITY_HASH_KEY must differ from SECRET_KEY.")
    return problems


def _secret_key_problems(config) -> list[str]:
    key = config.get("SECRET_KEY") or ""
    if key == DEVELOPMENT_SECRET_KEY or not key:
        return ["SECRET_KEY is the development default: anyone can forge sessions and e-mail links."]
    size = len(key.encode() if isinstance(key, str) else key)
    if size < MIN_SECRET_KEY_BYTES:
        return [
            f"SECRET_KEY is {size} bytes long; use at least {MIN_SECRET_KEY_BYTES} random bytes "
            '(python -c "import secrets; print(secrets.token_urlsafe(48))").'
        ]
    return []


def check_settings(app: Flask) -> None:
    """Refuse unsafe settings in production, warn about them elsewhere; set ``TRUSTED_HOSTS``.

    :raises ConfigurationError: listing every problem, when the app must not start.
    """
    problems = settings_problems(app.config)
    if problems:
        raise ConfigurationError("The Forum metropolitano cannot start:\n- " + "\n- ".join(problems))
    if not is_production(app.config):
        for problem in _secret_key_problems(app.config):
            # The console of `make demo` and of every CLI command shows it.
            app.logger.warning("WARNING: %s Fine for development only; never in production.", problem)
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config)
