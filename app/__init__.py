"""The Forum metropolitano web application."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l
from jinja2 import FileSystemBytecodeCache

from app import (
    models,  # noqa: F401  (registers every model with SQLAlchemy)
    pagecache,
    policy,
)
from app.accounts.entity_routes import bp as entities_bp
from app.accounts.queries import get_user_for_session
from app.accounts.routes import bp as accounts_bp
from app.actions.admin_routes import bp as actions_admin_bp
from app.actions.blueprint import bp as actions_bp
from app.admin.blueprint import bp as admin_bp
from app.api.routes import bp as api_bp
from app.api.routes import open_data_bp
from app.cli import forum_cli
from app.config import Config
from app.consultations.routes import bp as consultations_bp
from app.consultations.zone_routes import bp as zone_bp
from app.documents.routes import bp as documents_bp
from app.errors import register_error_handlers
from app.extensions import babel, configure_sqlite, csrf, db, login_manager, migrate
from app.identity.routes import bp as identity_bp
from app.inputs import init_inputs
from app.main.helpers import template_context
from app.main.locale import select_locale
from app.main.routes import bp as main_bp
from app.meetings.routes import bp as meetings_bp
from app.moderation.routes import bp as moderation_bp
from app.notifications.routes import bp as notifications_bp
from app.ops.faults import install_fault_injection
from app.privacy.routes import bp as privacy_bp
from app.proposals.blueprint import bp as proposals_bp
from app.security import init_security
from app.settings import check_settings
from app.statistics import live as statistics_live
from app.statistics import refresh as statistics_refresh
from app.statistics import watch as statistics_watch
from app.statistics.routes import api_bp as statistics_api_bp
from app.statistics.routes import bp as statistics_bp
from app.synthesis import blueprint as synthesis_urls
from app.synthesis.cli import synthesis_cli

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
BLUEPRINTS = (
    main_bp,
    accounts_bp,
    identity_bp,
    entities_bp,
    consultations_bp,
    zone_bp,
    proposals_bp,
    moderation_bp,
    admin_bp,
    privacy_bp,
    synthesis_urls.workspace,
    synthesis_urls.public,
    api_bp,
    open_data_bp,
    synthesis_urls.answers,
    notifications_bp,
    statistics_bp,
    statistics_api_bp,
    actions_bp,
    actions_admin_bp,
    meetings_bp,
    documents_bp,
)


def create_app(config_overrides: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, error pages, CLI."""
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(Config)
    if config_overrides:
        app.config.update(config_overrides)
    check_settings(app)  # production refuses unsafe settings; sets TRUSTED_HOSTS
    init_inputs(app)  # before the blueprints: their <int:...> ids use its converter

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    csrf.exempt(api_bp)  # read-only GET endpoints
    init_security(app)
    babel.init_app(app, locale_selector=select_locale)
    _init_login(app)

    _register_blueprints(app)
    register_error_handlers(app)
    _register_template_helpers(app)
    _register_cli(app)
    install_fault_injection(app)
    # The participation figures follow every committed write (app/statistics/live.py).
    statistics_live.install()
    statistics_refresh.install()
    statistics_watch.install()
    # Last: its after-request hook must run before the others add per-response headers.
    pagecache.init_app(app)
    return app


def _init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"
    # "strong" would log people out when their IP changes (mobile networks); the
    # session token in the id already lets us revoke every session at once.
    login_manager.session_protection = "basic"
    login_manager.user_loader(get_user_for_session)


def _register_blueprints(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def _register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals["can"] = policy.can
    app.context_processor(template_context)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    if app.config["TEMPLATE_BYTECODE_CACHE"]:
        # Compiled templates kept on disk, in Jinja's per-user directory (it refuses one that is
        # not ours and private): a fresh worker's first pages skip compiling their templates,
        # about half of the cross-readings page's first render (bench/crossreadings_bench.py).
        # A template whose source changed is compiled again (the cache checks its checksum).
        app.jinja_env.bytecode_cache = FileSystemBytecodeCache()


def _register_cli(app: Flask) -> None:
    app.cli.add_command(forum_cli)
    app.cli.add_command(synthesis_cli)
