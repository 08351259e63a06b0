"""Activation by QR code: GET shows a welcome page, only POST uses the code (security.md)."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from flask import session as flask_session
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.services.activation import CodeCheck, CodeState, Redemption, check_code, redeem_code
from app.services.audit import Actor
from app.services.citizens import record_consent
from app.web.citizen import end_current_device, set_device_cookie

bp = Blueprint("activation", __name__)

#: Codes are URL-safe base64 of 32 bytes; anything else is not worth a database lookup.
_MAX_CODE_LENGTH = 64


def _code_problem(check: CodeCheck) -> tuple[str, int]:
    if check.citizen is not None:
        g.page_language = check.citizen.preferred_language
    status = 404 if check.state is CodeState.UNKNOWN else 410
    return render_template("activation/code_problem.html", state=check.state.value), status


@bp.get("/a/<code>")
def welcome(code: str) -> str | tuple[str, int]:
    """The page a scanned QR code opens: in her language, with one big button."""
    if len(code) > _MAX_CODE_LENGTH:
        return _code_problem(CodeCheck(CodeState.UNKNOWN))
    check = check_code(get_session(), code, clock.utcnow())
    if check.state is not CodeState.VALID:
        return _code_problem(check)
    g.page_language = check.citizen.preferred_language
    return render_template("activation/welcome.html", citizen=check.citizen, code=code)


@bp.post("/a/<code>")
def redeem(code: str) -> Response | tuple[str, int]:
    """Use the code once, open a device session, and go on to a URL without the code."""
    if len(code) > _MAX_CODE_LENGTH:
        return _code_problem(CodeCheck(CodeState.UNKNOWN))
    session = get_session()
    result = redeem_code(session, code, user_agent=request.headers.get("User-Agent", ""), now=clock.utcnow(),
                         idle=timedelta(days=current_app.config["DEVICE_SESSION_IDLE_DAYS"]))
    if not isinstance(result, Redemption):
        return _code_problem(result)
    # The welcome page showed what is collected; pressing its one button is her agreement.
    record_consent(session, Actor("citizen", result.citizen.id, "citizen"), result.citizen)
    # A phone that was signed in before (perhaps as someone else) keeps only the new session.
    end_current_device()
    # The CSRF token lives in Flask's session: keep it as long as the device session, so a
    # day's form left open for hours still saves.
    flask_session.permanent = True
    response = redirect(url_for("citizen.today"), code=303)
    set_device_cookie(response, result.device_secret)
    return response
