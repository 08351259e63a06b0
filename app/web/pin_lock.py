"""The lock on her pages: with a PIN chosen, a phone left unused for PIN_IDLE_MINUTES asks for it first.

`ask_pin` runs before every citizen page (app/web/citizen.py). Entries her phone sends from its
outbox get a JSON 423, which static/js/outbox.js treats as "wait": they stay on the phone and go
out once she has typed her PIN.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, g, jsonify, make_response, redirect, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.services.pin import needs_pin, touch

#: What a locked phone may still do: type the PIN, sign out, or ask the consultant to call (a forgotten PIN).
OPEN_WHEN_LOCKED = {"citizen.unlock", "citizen.sign_out", "citizen.call_me", "citizen.call_requested"}


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def is_locked() -> bool:
    """True when this phone must ask for her PIN before showing her pages."""
    idle = timedelta(minutes=current_app.config["PIN_IDLE_MINUTES"])
    return needs_pin(g.citizen, g.device, clock.utcnow(), idle)


def ask_pin() -> Response | None:
    """Send a locked phone to the PIN page; otherwise note that she is using it."""
    if is_locked():
        if request.endpoint in OPEN_WHEN_LOCKED:
            return None
        return _locked_answer()
    if not _wants_json():  # the outbox sending in the background is not her using the phone
        touch(get_session(), g.device, clock.utcnow())
    return None


def _locked_answer() -> Response:
    if _wants_json():
        return make_response(jsonify(error="pin_required"), 423)
    if request.headers.get("HX-Request") == "true":
        # htmx follows HX-Redirect; static/js/offline.js keeps a day form sent now in the outbox.
        page = urlsplit(request.headers.get("HX-Current-URL", "")).path or request.path
        response = make_response("", 423)
        response.headers["HX-Redirect"] = url_for("citizen.unlock", next=page)
        return response
    page = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return redirect(url_for("citizen.unlock", next=page), code=303)


def safe_next(target: str | None) -> str:
    """Where to go after the PIN: one of her own pages on this site, else today's page."""
    fallback = url_for("citizen.today")
    if not target or len(target) > 200 or any(ord(char) < 32 or char in "\\\x7f" for char in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return fallback
    try:
        endpoint, _args = current_app.url_map.bind("localhost").match(parts.path, method="GET")
    except HTTPException:  # not found, not a GET page, or a redirect
        return fallback
    if not endpoint.startswith("citizen.") or endpoint in OPEN_WHEN_LOCKED:
        return fallback
    return parts.path + (f"?{parts.query}" if parts.query else "")
