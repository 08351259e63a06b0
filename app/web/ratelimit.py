"""Rate limits with 429 on code redemption, sign-in and every other write (security.md, ASVS 6.3.1)."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import lazy_gettext as _l

from app import clock
from app.db import get_session
from app.services.ratelimit import hit
from app.web.errors import render_error

#: Which limit an endpoint's unsafe requests count against (all others: RATE_LIMIT_WRITES).
BUCKETS = {
    "activation.redeem": "RATE_LIMIT_ACTIVATION",
    "auth.sign_in": "RATE_LIMIT_SIGN_IN",
    "auth.code": "RATE_LIMIT_SIGN_IN",
    "auth.enrol": "RATE_LIMIT_SIGN_IN",
}


def _limit() -> tuple[str, int] | None:
    if request.method in ("GET", "HEAD", "OPTIONS") or request.endpoint in (None, "static"):
        return None
    setting = BUCKETS.get(request.endpoint, "RATE_LIMIT_WRITES")
    config = current_app.config
    count = hit(get_session(), f"{setting}:{request.remote_addr}", now=clock.utcnow(),
                window_seconds=config["RATE_LIMIT_WINDOW_SECONDS"])
    if count > config[setting]:
        html, status = render_error(429, _l("Please wait"), _l("Too many tries. Please wait a minute and try again."))
        response = current_app.make_response((html, status))
        response.headers["Retry-After"] = str(config["RATE_LIMIT_WINDOW_SECONDS"])
        return response  # type: ignore[return-value]
    return None


def init_app(app: Flask) -> None:
    """Count unsafe requests before any view runs."""
    app.before_request(_limit)
