"""Staff sign-in: e-mail and password, then an authenticator code (enrolled at the first sign-in).

Between the two steps Flask's session holds only who passed the password and when. The
real session is a StaffSession row behind an HttpOnly cookie, checked on every request.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Blueprint, Flask, current_app, g, redirect, render_template, request, session as flask_session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.models import StaffUser
from app.services import audit
from app.services.staff import (
    AccountError, CodeResult, PasswordError, SessionLimits, authenticate, change_password, check_password_rules,
    end_session, staff_actor, enrolment_secret, provisioning_uri, resume_session, set_password, start_session, verify_code,
)
from app.web.cards import qr_svg
from app.web.errors import render_error
from app.web.ratelimit import refused_attempt
from app.web.redirects import safe_next

bp = Blueprint("auth", __name__, url_prefix="/staff")

_PENDING = "pending_staff"
#: Where each role lands after signing in.
HOME = {"consultant": "consultant.caseload", "admin": "admin.staff_list", "interpreter": "interpreter.home",
        "teacher": "teacher.home"}


def _limits() -> SessionLimits:
    config = current_app.config
    return SessionLimits(idle=timedelta(minutes=config["STAFF_IDLE_MINUTES"]),
                         absolute=timedelta(hours=config["STAFF_ABSOLUTE_HOURS"]))


def _load_staff() -> None:
    """Resolve the staff cookie to a live session and its user (g.staff, g.staff_session)."""
    g.staff = None
    g.staff_session = None
    secret = request.cookies.get(current_app.config["STAFF_COOKIE_NAME"])
    if not secret or request.path.startswith("/static/") or len(secret) > 64:
        return
    found = resume_session(get_session(), secret, now=clock.utcnow(), limits=_limits())
    if found is not None:
        g.staff_session, g.staff = found


def _home_endpoint() -> dict[str, str]:
    user = g.get("staff")
    return {"home_endpoint": HOME[user.role] if user is not None else "auth.sign_in"}


def init_app(app: Flask) -> None:
    """Resolve the staff session on every request."""
    app.before_request(_load_staff)
    app.context_processor(_home_endpoint)


def require_role(*roles: str) -> Callable[[], Response | None]:
    """A blueprint's one guard: signed-in staff of one of `roles`, else the sign-in page (or 404 for other roles)."""

    def guard() -> Response | tuple[str, int] | None:
        user: StaffUser | None = g.get("staff")
        if user is None:
            return redirect(url_for("auth.sign_in", next=request.full_path if request.method == "GET" else None))
        if user.role not in roles:
            # Out of scope is 404, and is logged (with the woman the address names, if any).
            citizen_id = (request.view_args or {}).get("citizen_id")
            audit.record(get_session(), staff_actor(user), "access.denied", citizen_id=citizen_id if isinstance(citizen_id, int) else None,
                         object_type=(request.endpoint or "")[:40], outcome="denied")
            get_session().commit()
            return render_error(404)
        return None

    return guard


def _pending_user() -> StaffUser | None:
    pending = flask_session.get(_PENDING)
    if not pending:
        return None
    age = clock.utcnow().timestamp() - pending["at"]
    if age > current_app.config["SIGN_IN_PENDING_MINUTES"] * 60:
        flask_session.pop(_PENDING, None)
        return None
    user = get_session().get(StaffUser, pending["id"])
    return user if user is not None and user.active else None


def _code_error(result: CodeResult) -> str:
    if result is CodeResult.REUSED:
        return _("That code was already used. Wait until your app shows a new code and type that one.")
    return _("That code did not work. Type the 6 digits your app shows now.")


def _password_error(error: PasswordError) -> str:
    """Her words for a refused new password."""
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    return {
        "short": _("Choose a password of at least %(n)s characters.", n=min_length),
        "long": _("That password is too long."),
        "repetitive": _("That password uses too few different characters. Try a few words in a row."),
        "email": _("That password contains your e-mail address. Choose another."),
        "common": _("That password is too common and easy to guess. Try a few words in a row."),
    }[error.problem]


def _finish(user: StaffUser) -> Response:
    # The answer first: a target it cannot send (a newline) must fail before any session row exists.
    target = safe_next(flask_session.pop("next", None)) or url_for(HOME[user.role])
    response = redirect(target, code=303)
    flask_session.pop(_PENDING, None)
    old = g.get("staff_session")
    if old is not None:
        end_session(get_session(), old, clock.utcnow())
    secret = start_session(get_session(), user, user_agent=request.headers.get("User-Agent", ""), now=clock.utcnow())
    response.set_cookie(current_app.config["STAFF_COOKIE_NAME"], secret, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"], path="/")
    return response


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> str | Response | tuple[str, int]:
    """E-mail and password."""
    error = None
    if request.method == "POST":
        user = authenticate(get_session(), request.form.get("email", "")[:254], request.form.get("password", "")[:256])
        if user is not None:
            flask_session[_PENDING] = {"id": user.id, "at": clock.utcnow().timestamp()}
            flask_session["next"] = safe_next(request.form.get("next"))
            return redirect(url_for("auth.code" if user.totp_confirmed_at else "auth.enrol"), code=303)
        error = _("Wrong e-mail or password.")
        refused_attempt()
    status = 401 if error else 200
    return render_template("auth/sign_in.html", error=error, next_url=safe_next(request.args.get("next")) or ""), status


@bp.route("/code", methods=["GET", "POST"])
def code() -> str | Response | tuple[str, int]:
    """The authenticator code."""
    user = _pending_user()
    if user is None or user.totp_confirmed_at is None:
        return redirect(url_for("auth.sign_in"))
    error = None
    if request.method == "POST":
        result = verify_code(get_session(), user, request.form.get("code", "")[:12], clock.utcnow())
        if result is CodeResult.ACCEPTED:
            return _finish(user)
        error = _code_error(result)
        refused_attempt()
    return render_template("auth/code.html", error=error), 401 if error else 200


@bp.route("/enrol", methods=["GET", "POST"])
def enrol() -> str | Response | tuple[str, int]:
    """First sign-in: scan the QR into an authenticator app (and choose a password if hers was given to her)."""
    user = _pending_user()
    if user is None or user.totp_confirmed_at is not None:
        return redirect(url_for("auth.sign_in"))
    session = get_session()
    secret = enrolment_secret(session, user)
    error, status = None, 400
    if request.method == "POST":
        new_password = request.form.get("new_password", "")[:257]
        min_length = current_app.config["PASSWORD_MIN_LENGTH"]
        # Check her new password before the code: a used code confirms the authenticator.
        error = _new_password_error(user, new_password, request.form.get("repeat_password", "")) if user.must_change_password else None
        if error is None:
            result = verify_code(session, user, request.form.get("code", "")[:12], clock.utcnow())
            if result is CodeResult.ACCEPTED:
                if user.must_change_password:
                    set_password(session, user, new_password, min_length)
                return _finish(user)
            error = _code_error(result)
            refused_attempt()
    return render_template("auth/enrol.html", user=user, secret=secret, qr=qr_svg(provisioning_uri(user)),
                           error=error), 400 if error else 200


def _new_password_error(user: StaffUser, new_password: str, repeated: str) -> str | None:
    """Why a new password cannot be hers, in her words, or None."""
    if new_password != repeated:
        return _("The two passwords are not the same.")
    try:
        check_password_rules(new_password, current_app.config["PASSWORD_MIN_LENGTH"], user.email)
    except PasswordError as refused:
        return _password_error(refused)
    return None


@bp.route("/password", methods=["GET", "POST"])
def password() -> str | Response | tuple[str, int]:
    """Any signed-in staff member changes her own password; her other sessions end."""
    user: StaffUser | None = g.get("staff")
    if user is None:
        return redirect(url_for("auth.sign_in", next=request.full_path if request.method == "GET" else None))
    error = None
    if request.method == "POST":
        new_password = request.form.get("new_password", "")[:257]
        if new_password != request.form.get("repeat_password", ""):
            error = _("The two passwords are not the same.")
        else:
            try:
                change_password(get_session(), user, request.form.get("current_password", "")[:256], new_password,
                                min_length=current_app.config["PASSWORD_MIN_LENGTH"], keep=g.staff_session, now=clock.utcnow())
            except PasswordError as refused:
                error = _password_error(refused)
            except AccountError:
                error = _("Your current password is not right.")
                refused_attempt()
            else:
                return redirect(url_for("auth.password", changed=1), code=303)
    return render_template("auth/password.html", error=error, changed=request.args.get("changed") == "1"), 400 if error else 200


@bp.post("/sign-out")
def sign_out() -> Response:
    """End this staff session now."""
    if g.get("staff_session") is not None:
        end_session(get_session(), g.staff_session, clock.utcnow())
    response = redirect(url_for("auth.sign_in"), code=303)
    response.delete_cookie(current_app.config["STAFF_COOKIE_NAME"], path="/")
    return response
