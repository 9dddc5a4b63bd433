"""Domain errors raised by services and mapped to HTTP answers by the app.

Services raise these instead of calling ``abort()`` so they work from the CLI, the
API and background jobs too. Messages are lazy strings: they are translated when shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import Flask, Response, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import SecurityError

from app.extensions import db


class DomainError(Exception):
    """A request that breaks a business rule. Shown to the user; nothing is changed."""

    status = 400

    def __init__(self, message=None, status: int | None = None):
        super().__init__(str(message) if message else self.__class__.__name__)
        self.message = message or _l("The request could not be completed.")
        if status is not None:
            self.status = status


class NotFound(DomainError):
    status = 404

    def __init__(self, message=None):
        super().__init__(message or _l("The page you asked for does not exist."))


class PermissionDenied(DomainError):
    status = 403

    def __init__(self, message=None):
        super().__init__(message or _l("You are not allowed to do this."))


class Conflict(DomainError):
    """The object changed under the user's feet (e.g. two moderators at once)."""

    status = 409


class ValidationFailed(DomainError):
    """One or more fields are wrong; ``errors`` is a list of ``(field, message)`` pairs."""

    status = 422

    def __init__(self, errors: list[tuple[str | None, object]]):
        super().__init__(_l("Please correct the errors below."))
        self.errors = list(errors)


def apply_errors_to_form(form, error: ValidationFailed) -> list[str]:
    """Put a service's ``(field, message)`` pairs back on a WTForms form.

    :returns: the messages that belong to no field of the form.
    """
    general = []
    for field_name, message in error.errors:
        field = getattr(form, field_name, None) if field_name else None
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + [str(message)]
        else:
            general.append(str(message))
    return general


# The status of a page sent back because what was submitted was refused (a form's fields or
# a service's rules): the same answer whichever of the two refused it.
INVALID = 422


@dataclass
class Refusal:
    """What a service refused inside :func:`refused`; false when it went through.

    ``general`` holds the messages that belong to no field of the form (a refused rule that
    is not a :class:`ValidationFailed` gives its own message there).
    """

    error: DomainError | None = None
    general: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def invalid(self) -> bool:
        """The refusal is about what was typed (show the form again), not about the state."""
        return isinstance(self.error, ValidationFailed)


@contextmanager
def refused(form=None, catch: tuple[type[DomainError], ...] = (ValidationFailed,)) -> Iterator[Refusal]:
    """The one error path of routes: run a service, and if it refuses, change nothing.

    Usage::

        with refused(form) as refusal:
            services.do_something(current_user, ...)
        if not refusal:
            db.session.commit()
            ...

    A :class:`ValidationFailed` (and any other error type listed in ``catch``) rolls the
    session back — so nothing a service flushed before refusing can be committed later in the
    request — puts the ``(field, message)`` pairs back on ``form`` and is kept on the
    :class:`Refusal`. :class:`NotFound` and :class:`PermissionDenied` always reach the error
    pages.
    """
    refusal = Refusal()
    try:
        yield refusal
    except (NotFound, PermissionDenied):
        raise
    except catch as error:
        db.session.rollback()
        refusal.error = error
        if isinstance(error, ValidationFailed):
            if form is not None:
                refusal.general = apply_errors_to_form(form, error)
            else:
                refusal.general = [str(message) for _, message in error.errors]
        else:
            refusal.general = [str(error.message)]


def register_error_handlers(app: Flask) -> None:
    """Render friendly, translated pages for common HTTP errors and domain errors."""

    def wants_json() -> bool:
        return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")

    def render(status: int, message: str | None = None):
        if wants_json():
            return {"error": message or str(_STATUS_TITLES.get(status, "Error"))}, status
        return (
            render_template("errors/error.html", status=status, message=message),
            status,
        )

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        return render(error.status, str(error.message))

    for status in (400, 403, 404, 405, 409, 413, 429, 500):

        @app.errorhandler(status)
        def handle_http(error, status=status):
            return render(status)

    @app.errorhandler(SecurityError)
    def handle_untrusted_host(error):
        # A Host outside TRUSTED_HOSTS (app.settings): no page is built for it (a page
        # would build links on that host), only a short plain answer.
        return Response("Bad request: unknown host.\n", status=400, mimetype="text/plain")


_STATUS_TITLES = {
    400: _l("Bad request"),
    403: _l("Access denied"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("The action could not be completed"),
    413: _l("Request too large"),
    422: _l("Invalid data"),
    429: _l("Too many requests"),
    500: _l("Internal error"),
}


def status_title(status: int) -> str:
    return str(_STATUS_TITLES.get(status, _l("Error")))
