"""Headers on every response, CSRF on every unsafe request, and no secrets in the logs."""

from __future__ import annotations

import logging
import re

from flask import Flask, Response, abort, request
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
))

#: Activation URLs carry the secret code in their path; logs get a placeholder instead.
_ACTIVATION_PATH = re.compile(r"(/a/)[A-Za-z0-9_\-]+")
#: A query string after a path: searches carry names, ids and her reason text there (GET forms).
_QUERY = re.compile(r"(/[^\s\"?]*)\?[^\s\"]*")


class RedactActivationCodes(logging.Filter):
    """Replace activation codes and drop query strings in log lines (werkzeug's and gunicorn's access logs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Redact the formatted line: the code or the query may arrive inside the message or as an argument.
        message = record.getMessage()
        if "/a/" in message or "?" in message:
            record.msg, record.args = redact(message), None
        return True


def redact(text: str) -> str:
    """`text` with any activation code replaced and any query string left out."""
    return _QUERY.sub(r"\1", _ACTIVATION_PATH.sub(r"\1[code]", text))


def _set_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    # No page of ours needs to tell another site where the visitor came from; the
    # activation page must never leak its code through a Referer.
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    headers.setdefault("Permissions-Policy", "camera=(), geolocation=(), microphone=()")
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    # A spoken question is the same for everyone and its address changes with it: the phone keeps it.
    spoken_clip = request.endpoint == "audio.play" and response.status_code in (200, 304)
    # So is the site's icon (/favicon.ico): cached like the static files.
    icon = request.endpoint == "pwa.favicon" and response.status_code in (200, 304)
    if not request.path.startswith("/static/") and not spoken_clip and not icon:
        # Every page may hold personal data; none may be stored by the browser or a proxy.
        headers["Cache-Control"] = "no-store"
        headers.add("Vary", "Cookie")
    return response


def _reject_nul_bytes() -> None:
    """No input may carry a NUL byte: PostgreSQL refuses it in text, and no person types one (found by fuzzing)."""
    values = [*request.args.values(), *(request.view_args or {}).values()]
    if request.method not in ("GET", "HEAD") and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += [value for _key, value in request.form.items(multi=True)] + list(request.form.keys())
    if any(isinstance(value, str) and "\x00" in value for value in values):
        abort(400)


def init_app(app: Flask) -> None:
    """Install CSRF protection, response headers and log redaction."""
    app.before_request(_reject_nul_bytes)
    csrf.init_app(app)
    app.after_request(_set_headers)
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactActivationCodes) for f in logger.filters):
            logger.addFilter(RedactActivationCodes())
