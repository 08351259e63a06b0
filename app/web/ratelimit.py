"""Rate limits with 429 on guessing (sign-in, activation codes) and on floods of writes (security.md, ASVS 6.3.1).

Sign-in and activation count FAILURES only, so a whole office behind one address signs in and a
group of women activates on one Wi-Fi: the budget is checked before the view and a failure is
counted after it. Sign-in failures lock the account (with backoff) and count per address too.
Other writes count every request, per signed-in session, or per address when anonymous.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import timedelta

from flask import Flask, current_app, g, request, session as flask_session
from flask_babel import lazy_gettext as _l, ngettext
from sqlmodel import Session
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.models import StaffUser
from app.services.ratelimit import Backoff, clear, count, fail, hit, locked_for, window_left
from app.web.errors import render_error

_SAFE = ("GET", "HEAD", "OPTIONS")
_SIGN_IN = ("auth.sign_in", "auth.code", "auth.enrol", "auth.password")
_ACTIVATION = "activation.redeem"
#: A workplace contact person's sign-in link is limited as her activation code is (issue 21).
_LINKS = (_ACTIVATION, "workplace.redeem")
#: A code or link that does not exist, or is used, expired or revoked.
_ACTIVATION_FAILED = (404, 410)
#: Where the pending staff user sits between the password and the code (app/web/auth.py).
_PENDING = "pending_staff"


def refused_attempt() -> None:
    """Called by a sign-in step that refused a secret (a wrong password or code; on the password page, a wrong
    current password): only these count towards the lockout, not a mistyped repeat or a too-common new password."""
    g.sign_in_refused = True


def _backoff() -> Backoff:
    config = current_app.config
    return Backoff(after=config["SIGN_IN_LOCKOUT_AFTER"], first=timedelta(seconds=config["SIGN_IN_LOCKOUT_SECONDS"]),
                   longest=timedelta(seconds=config["SIGN_IN_LOCKOUT_MAX_SECONDS"]),
                   forget=timedelta(seconds=config["SIGN_IN_LOCKOUT_FORGET_SECONDS"]))


def _account_key(session: Session) -> str | None:
    """The account a sign-in step is about: the e-mail typed, or the user who passed the password step.

    A keyed hash, so an unknown e-mail counts like a known one and nothing typed is stored.
    """
    if request.endpoint == "auth.sign_in":
        email = request.form.get("email", "")[:254]
    elif request.endpoint == "auth.password":
        if g.get("staff") is None:
            return None  # the page sends her to sign in
        email = g.staff.email
    else:
        pending = flask_session.get(_PENDING)
        user = session.get(StaffUser, pending["id"]) if isinstance(pending, dict) and "id" in pending else None
        if user is None:
            return None  # the step sends her back to the password
        email = user.email
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), email.strip().lower().encode(), hashlib.sha256)
    return f"account:{digest.hexdigest()}"


def _writer() -> str:
    """Whose write budget a request spends: her phone's session, the staff session, or else the address."""
    if g.get("device") is not None:
        return f"device:{g.device.id}"
    if g.get("staff_session") is not None:
        return f"staff:{g.staff_session.id}"
    return f"address:{request.remote_addr}"


def _too_many(seconds: int) -> Response:
    """429 whose text and Retry-After both give the real wait."""
    minutes = max(1, math.ceil(seconds / 60))
    message = ngettext("Too many tries. Please wait %(minutes)s minute and try again.",
                       "Too many tries. Please wait %(minutes)s minutes and try again.", minutes, minutes=minutes)
    response = current_app.make_response(render_error(429, _l("Please wait"), message))
    response.headers["Retry-After"] = str(seconds)
    return response


def _check() -> Response | None:
    """Before the view: refuse when the budget is already spent (a write spends one here)."""
    if request.method in _SAFE or request.endpoint in (None, "static"):
        return None
    config, now, session = current_app.config, clock.utcnow(), get_session()
    window = config["RATE_LIMIT_WINDOW_SECONDS"]
    waits = []
    if request.endpoint in _SIGN_IN or request.endpoint in _LINKS:
        setting = "RATE_LIMIT_ACTIVATION" if request.endpoint in _LINKS else "RATE_LIMIT_SIGN_IN"
        if count(session, f"{setting}:{request.remote_addr}", now=now, window_seconds=window) >= config[setting]:
            waits.append(window_left(now, window))
        if request.endpoint in _SIGN_IN:
            g.rate_account = _account_key(session)
            if g.rate_account is not None:
                waits.append(locked_for(session, g.rate_account, now=now))
    elif hit(session, f"RATE_LIMIT_WRITES:{_writer()}", now=now, window_seconds=window) > config["RATE_LIMIT_WRITES"]:
        waits.append(window_left(now, window))
    wait = max(waits, default=0)
    return _too_many(wait) if wait else None


def _count_outcome(response: Response) -> Response:
    """After the view: count a failed sign-in or activation; a finished sign-in clears the account."""
    endpoint = request.endpoint
    if request.method in _SAFE or endpoint not in (*_SIGN_IN, *_LINKS) or response.status_code == 429:
        return response
    config, now, session = current_app.config, clock.utcnow(), get_session()
    window = config["RATE_LIMIT_WINDOW_SECONDS"]
    # Whatever the view left uncommitted would be rolled back at teardown anyway; counting commits.
    session.rollback()
    if endpoint in _LINKS:
        if response.status_code in _ACTIVATION_FAILED:
            hit(session, f"RATE_LIMIT_ACTIVATION:{request.remote_addr}", now=now, window_seconds=window)
        return response
    account = g.get("rate_account")
    if g.get("sign_in_refused"):
        hit(session, f"RATE_LIMIT_SIGN_IN:{request.remote_addr}", now=now, window_seconds=window)
        if account is not None:
            fail(session, account, now=now, backoff=_backoff())
    elif endpoint != "auth.sign_in" and account is not None and response.status_code == 303 and _PENDING not in flask_session:
        clear(session, account)  # signed in: password and code both right
    return response


def init_app(app: Flask) -> None:
    """Check budgets before any view and count outcomes after it (register after the session loaders)."""
    app.before_request(_check)
    app.after_request(_count_outcome)
