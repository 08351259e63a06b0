"""Kind, generic error pages in the visitor's language; never a stack trace."""

from __future__ import annotations

from flask import Flask, g, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.web.request_log import log_exception

_MESSAGES = {
    400: (_l("Something went wrong"), _l("Please go back and try again.")),
    403: (_l("Not allowed"), _l("You cannot open this page.")),
    404: (_l("Page not found"), _l("This page does not exist, or you cannot open it.")),
    405: (_l("Something went wrong"), _l("Please go back and try again.")),
    413: (_l("Too much text"), _l("What you sent was too long. Please write less and try again.")),
    429: (_l("Please wait"), _l("Too many tries. Please wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("It is not your fault. Please try again later.")),
}


def render_error(status: int, title: str | None = None, message: str | None = None) -> tuple[str, int]:
    """The error page for `status`, with an optional specific title and message."""
    default_title, default_message = _MESSAGES.get(status, _MESSAGES[500])
    return render_template("errors/error.html", title=title or default_title,
                           message=message or default_message, status=status), status


def _handle_http(error: HTTPException) -> tuple[str, int]:
    return render_error(error.code or 500)


def _handle_csrf(_error: CSRFError) -> tuple[str, int]:
    return render_error(400, _l("The page was open too long"), _l("Please open the page again and try once more."))


def _handle_unexpected(error: Exception) -> tuple[str, int]:
    # A failed statement leaves the request's session unusable; the error page itself reads from it.
    if "db_session" in g:
        g.db_session.rollback()
    log_exception(error)
    return render_error(500)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(InternalServerError, _handle_http)
    if not (app.debug or app.testing):
        app.register_error_handler(Exception, _handle_unexpected)
