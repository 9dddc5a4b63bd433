"""Configuration read from the environment.

Every setting has a safe development default so ``make demo`` works on a fresh machine;
production sets ``SECRET_KEY``, ``PUBLIC_URL``, ``DATABASE_URL`` and the mail settings
(see README); :func:`app.settings.check_settings` refuses to start production without them.
"""

import os
from datetime import timedelta
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_url() -> str:
    """The database URL: ``DATABASE_URL`` or a SQLite file in ``instance/``."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        # Heroku-style URLs name the old driver; we use psycopg 3.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://") :]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    INSTANCE_DIR.mkdir(exist_ok=True)
    return f"sqlite:///{INSTANCE_DIR / 'forum.sqlite'}"


# The development key: refused in production (app.settings), warned about elsewhere.
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"
# Where ``make demo`` serves; the address in every e-mail link outside production.
DEVELOPMENT_PUBLIC_URL = "http://127.0.0.1:5000"


def _list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


class Config:
    # "production" also when FORCE_HTTPS is on: app.settings checks the settings below.
    FORUM_ENV = os.environ.get("FORUM_ENV", "development").strip().lower()
    SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    # The address people reach the site at: every link in every e-mail is built from it,
    # never from the request's Host. Required in production; its host is trusted.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "").strip()
    # More host names the site answers to besides PUBLIC_URL's (comma-separated); other
    # Host headers get a 400. Outside production localhost and 127.0.0.1 are added.
    EXTRA_TRUSTED_HOSTS = _list("EXTRA_TRUSTED_HOSTS")
    SQLALCHEMY_DATABASE_URI = database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Babel: Italian first, English second.
    BABEL_DEFAULT_LOCALE = "it"
    BABEL_DEFAULT_TIMEZONE = "Europe/Rome"
    LANGUAGES = ("it", "en")
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent.parent / "translations")
    # Forms
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Documents (app.documents): the largest file the upload route takes (the 2 MB limit
    # above stays for every other route), and where files are kept (never under static/).
    ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_MB", "10")) * 1024 * 1024
    ATTACHMENTS_DIR = os.environ.get("ATTACHMENTS_DIR", "").strip() or str(INSTANCE_DIR / "attachments")
    # Sessions
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Behind TLS (production): redirect to HTTPS, send HSTS, Secure cookies (app.security).
    FORCE_HTTPS = _bool("FORCE_HTTPS", False)
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", FORCE_HTTPS)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Every login is a row of user_sessions (app.accounts.sessions): logging out deletes
    # it, so a copied cookie stops working. A login lasts at most this long, "remember
    # me" included (capped at 30 days).
    SESSION_MAX_DAYS = min(int(os.environ.get("SESSION_MAX_DAYS", "30")), 30)
    REMEMBER_COOKIE_DURATION = timedelta(days=SESSION_MAX_DAYS)
    # How many reverse proxies in front of the app to trust for X-Forwarded-* (0: none).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # Rate limits (Flask-Limiter syntax, "N per minute; M per hour"). Counters live in
    # Redis when REDIS_URL is set, else in the database (shared by every worker process).
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_SWALLOW_ERRORS = True  # Redis down: serve the request rather than fail it
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per minute; 20 per hour")
    LOGIN_LIMIT_PER_IP = os.environ.get("LOGIN_LIMIT_PER_IP", "20 per minute; 200 per hour")
    SUBMIT_LIMIT_PER_ACCOUNT = os.environ.get("SUBMIT_LIMIT_PER_ACCOUNT", "5 per minute; 30 per day")
    SUBMIT_LIMIT_PER_IP = os.environ.get("SUBMIT_LIMIT_PER_IP", "20 per minute; 200 per day")
    COMMENT_LIMIT_PER_ACCOUNT = os.environ.get("COMMENT_LIMIT_PER_ACCOUNT", "10 per minute; 200 per day")
    COMMENT_LIMIT_PER_IP = os.environ.get("COMMENT_LIMIT_PER_IP", "30 per minute; 1000 per day")
    FLAG_LIMIT_PER_ACCOUNT = os.environ.get("FLAG_LIMIT_PER_ACCOUNT", "10 per minute; 50 per day")
    FLAG_LIMIT_PER_IP = os.environ.get("FLAG_LIMIT_PER_IP", "30 per minute; 300 per day")
    MAIL_LIMIT_PER_IP = os.environ.get("MAIL_LIMIT_PER_IP", "10 per minute; 50 per hour")
    # The open-data API per address (app/api/routes.py); CSV and XLSX downloads also count
    # toward their own, lower limit. An XLSX file holds at most API_XLSX_MAX_ROWS rows
    # (``?page=2`` for the next ones): a workbook costs about a millisecond a row to build.
    API_LIMIT_PER_IP = os.environ.get("API_LIMIT_PER_IP", "120 per minute; 3000 per hour")
    API_DOWNLOAD_LIMIT_PER_IP = os.environ.get("API_DOWNLOAD_LIMIT_PER_IP", "10 per minute; 100 per hour")
    API_XLSX_MAX_ROWS = int(os.environ.get("API_XLSX_MAX_ROWS", "5000"))
    # The proposal form asks for suggestions after each pause in typing (app/proposals/assist.py).
    ASSIST_LIMIT_PER_ACCOUNT = os.environ.get("ASSIST_LIMIT_PER_ACCOUNT", "60 per minute; 3000 per day")
    ASSIST_LIMIT_PER_IP = os.environ.get("ASSIST_LIMIT_PER_IP", "300 per minute; 20000 per day")
    # Spam: a published proposal or comment reported by this many different people is
    # hidden until a moderator reviews it (0 switches this off).
    FLAGS_AUTO_HIDE_THRESHOLD = int(os.environ.get("FLAGS_AUTO_HIDE_THRESHOLD", "3"))
    # Distinct people: one normalised mailbox each (name+tag@ and Gmail's dots are one
    # person), counted only for accounts confirmed this long before their report.
    FLAGS_AUTO_HIDE_ACCOUNT_AGE_HOURS = float(os.environ.get("FLAGS_AUTO_HIDE_ACCOUNT_AGE_HOURS", "24"))
    # Mail: with no MAIL_SERVER the message is written to the log (development).
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Forum metropolitano <noreply@forum.local>")
    # Passwords: werkzeug's scrypt (N=2^15, r=8, p=1). Tests lower N to stay fast.
    PASSWORD_HASH_METHOD = os.environ.get("PASSWORD_HASH_METHOD", "scrypt")
    # Tokens
    CONFIRM_TOKEN_MAX_AGE = 3 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 2 * 3600
    # Lists
    PAGE_SIZE = 20
    COMMENTS_PAGE_SIZE = 50
    REDIS_URL = os.environ.get("REDIS_URL", "")
    # Full-page cache of the public pages for anonymous visitors (app/pagecache): in Redis
    # when REDIS_URL is set, else in each process. Invalidated by every commit that
    # writes public content; the TTL is the safety net for changes no write announces.
    PAGE_CACHE_ENABLED = _bool("PAGE_CACHE_ENABLED", True)
    PAGE_CACHE_TTL = int(os.environ.get("PAGE_CACHE_TTL", "60"))
    # Seconds a visitor's page may lag behind everyday participation (supports, comments,
    # new proposals); moderation and every other write show at once (app/pagecache/store.py).
    PAGE_CACHE_ACTIVITY_GRACE = float(os.environ.get("PAGE_CACHE_ACTIVITY_GRACE", "10"))
    PAGE_CACHE_LOCAL_MAX_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_MAX_BYTES", str(32 * 1024 * 1024)))
    PAGE_CACHE_KEY_PREFIX = os.environ.get("PAGE_CACHE_KEY_PREFIX", "forum:pagecache")
    # A Redis of its own for the pages (maxmemory + volatile-lru), else REDIS_URL.
    PAGE_CACHE_REDIS_URL = os.environ.get("PAGE_CACHE_REDIS_URL", "")
    # Participation statistics (app/statistics): each write records its change, counted in
    # batches in a background thread of each process at most this often (and before a
    # statistics page reads the figures, if changes are waiting). A batch costs about the
    # same for 10 changes or 500: every second, the counting took ~10 % of the supports'
    # throughput at 16 clients supporting non-stop (docs/performance.md).
    STATISTICS_PROCESS_EVERY_S = float(os.environ.get("STATISTICS_PROCESS_EVERY_S", "5"))
    # The full refresh (the first computation, after a write no service announced) runs in a
    # background thread; 1 runs it during the request that asks for it (tests).
    STATISTICS_REFRESH_INLINE = _bool("STATISTICS_REFRESH_INLINE", False)
    # Theme runs (and curation acts) draw their charts in the background, so the synthesis
    # pages only read them (app/synthesis/readings/prepared.py); 0: pages draw them.
    SYNTHESIS_PREPARE_CHARTS = _bool("SYNTHESIS_PREPARE_CHARTS", True)
    # Compiled templates kept on disk for the next worker processes (app/__init__.py).
    TEMPLATE_BYTECODE_CACHE = _bool("TEMPLATE_BYTECODE_CACHE", True)
    # Privacy: bump the version when the notice changes; everyone is asked to accept again.
    PRIVACY_NOTICE_VERSION = os.environ.get("PRIVACY_NOTICE_VERSION", "2026-11")
    # Where readers report accessibility problems (accessibility statement); empty: the
    # statement points to the contacts on the Città metropolitana's website.
    ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "")
    # Unconfirmed accounts older than this are deleted by `flask forum purge-unconfirmed`.
    UNCONFIRMED_RETENTION_DAYS = int(os.environ.get("UNCONFIRMED_RETENTION_DAYS", "7"))
    # SPID/CIE sign-in through an OpenID Connect gateway (app/identity): off while OIDC_ISSUER
    # is empty. The client authenticates with a secret, or with a private key (private_key_jwt,
    # PEM in OIDC_CLIENT_PRIVATE_KEY or a file named by OIDC_CLIENT_PRIVATE_KEY_FILE).
    OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip().rstrip("/")
    OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
    OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
    OIDC_CLIENT_PRIVATE_KEY = os.environ.get("OIDC_CLIENT_PRIVATE_KEY", "")
    OIDC_CLIENT_PRIVATE_KEY_FILE = os.environ.get("OIDC_CLIENT_PRIVATE_KEY_FILE", "").strip()
    OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid profile email").strip()
    # Claim names differ between gateways; SPID's OpenID Connect profile uses the long names.
    OIDC_CLAIM_FISCAL_NUMBER = os.environ.get("OIDC_CLAIM_FISCAL_NUMBER", "fiscal_number").strip()
    OIDC_CLAIM_GIVEN_NAME = os.environ.get("OIDC_CLAIM_GIVEN_NAME", "given_name").strip()
    OIDC_CLAIM_FAMILY_NAME = os.environ.get("OIDC_CLAIM_FAMILY_NAME", "family_name").strip()
    OIDC_CLAIM_EMAIL = os.environ.get("OIDC_CLAIM_EMAIL", "email").strip()
    # Seconds to wait for the gateway (discovery, keys, token, userinfo) before giving up.
    OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "10"))
    # The label of the sign-in button ("Entra con SPID o CIE" by default).
    OIDC_BUTTON_LABEL = os.environ.get("OIDC_BUTTON_LABEL", "").strip()
    # The key of the fiscal numbers' HMAC: its own secret, never SECRET_KEY, so rotating
    # SECRET_KEY (which logs everyone out) does not orphan every verified identity.
    IDENTITY_HASH_KEY = os.environ.get("IDENTITY_HASH_KEY", "")
    # Fault injection for the crash tests only (honoured only when TESTING): every
    # transaction sleeps this long after its first INSERT, so a test can kill the worker.
    TEST_SLOW_WRITE_SECONDS = float(os.environ.get("FORUM_TEST_SLOW_WRITE_SECONDS", "0") or 0)
