"""Her phone's own settings: sign out of this phone, and an optional 4-digit PIN (security.md).

The routes live on the citizen blueprint, so they share its guard (a live device session, her
PIN when one is due) and its layout. The PIN check itself is app/web/pin_lock.py.
"""

from __future__ import annotations

from flask import current_app, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.models import Citizen
from app.services.pin import Outcome, PinCheck, check_pin, normalise_pin, remove_pin, set_pin
from app.web.citizen import bp, citizen_actor, end_current_device
from app.web.i18n import remember_visitor_language
from app.web.pin_lock import is_locked, safe_next

#: The notices the phone page shows after a change.
_DONE = ("set", "changed", "removed")
#: Unsent days the sign-out page has a sentence for; more are "many" (static/js/sign_out.js).
WARN_UP_TO = 14


def _signed_out(reason: str, status: int) -> Response:
    """The signed-out page in her language, with the device cookie gone."""
    g.slide_cookie = False
    remember_visitor_language(g.citizen.preferred_language)  # the next public page stays in her language
    response = current_app.make_response((render_template("public/signed_out.html", reason=reason), status))
    config = current_app.config
    response.delete_cookie(config["DEVICE_COOKIE_NAME"], path="/", secure=config["SESSION_COOKIE_SECURE"],
                           httponly=True, samesite="Lax")
    return response


def _check(action: str) -> PinCheck:
    config = current_app.config
    citizen: Citizen = g.citizen
    return check_pin(get_session(), citizen_actor(citizen), citizen, g.device, request.form.get("current_pin"),
                     now=clock.utcnow(), max_tries=config["PIN_MAX_TRIES"], action=action)


def _pin_error(check: PinCheck) -> dict[str, object]:
    return {"current_pin": check.outcome.value, "tries_left": check.tries_left}


@bp.get("/phone")
def phone() -> str:
    """Her phone's settings: her PIN and signing out."""
    done = request.args.get("done")
    return render_template("citizen/phone.html", done=done if done in _DONE else None)


@bp.route("/phone/pin", methods=["GET", "POST"])
def choose_pin() -> Response | tuple[str, int] | str:
    """Choose a PIN (typed twice), or change it (the current one first)."""
    citizen: Citizen = g.citizen
    had_pin = citizen.pin_hash is not None
    if request.method == "GET":
        return render_template("citizen/pin_choose.html", errors={})
    new, again = normalise_pin(request.form.get("pin")), normalise_pin(request.form.get("pin_again"))
    errors: dict[str, object] = {}
    if new is None:
        errors["pin"] = "malformed"
    elif again != new:
        errors["pin_again"] = "mismatch"
    elif had_pin:  # only a valid new PIN uses up a try of the current one
        check = _check("pin.confirm")
        if check.outcome is Outcome.LOCKED_OUT:
            return _signed_out("pin_lockout", 401)
        if check.outcome is not Outcome.OK:
            errors = _pin_error(check)
    if errors:
        return render_template("citizen/pin_choose.html", errors=errors), 422
    set_pin(get_session(), citizen_actor(citizen), citizen, new)
    return redirect(url_for("citizen.phone", done="changed" if had_pin else "set"), code=303)


@bp.route("/phone/pin/remove", methods=["GET", "POST"])
def remove_pin_page() -> Response | tuple[str, int] | str:
    """Remove her PIN (the current one first)."""
    citizen: Citizen = g.citizen
    if citizen.pin_hash is None:
        return redirect(url_for("citizen.phone"), code=303)
    if request.method == "GET":
        return render_template("citizen/pin_remove.html", errors={})
    check = _check("pin.confirm")
    if check.outcome is Outcome.LOCKED_OUT:
        return _signed_out("pin_lockout", 401)
    if check.outcome is not Outcome.OK:
        return render_template("citizen/pin_remove.html", errors=_pin_error(check)), 422
    remove_pin(get_session(), citizen_actor(citizen), citizen)
    return redirect(url_for("citizen.phone", done="removed"), code=303)


@bp.route("/phone/sign-out", methods=["GET", "POST"])
def sign_out() -> Response | str:
    """Sign out of this phone: GET asks (and warns about unsent days), POST ends the device session."""
    if request.method == "GET":
        return render_template("citizen/sign_out.html", warn_up_to=WARN_UP_TO)
    end_current_device()
    return _signed_out("signed_out", 200)


@bp.route("/phone/unlock", methods=["GET", "POST"])
def unlock() -> Response | tuple[str, int] | str:
    """Her PIN, asked when the phone was left unused; the right one leads back to where she was."""
    target = safe_next(request.values.get("next"))
    if not is_locked():
        return redirect(target, code=303)
    if request.method == "GET":
        return render_template("citizen/unlock.html", next_url=target, errors={})
    check = _check("pin.unlock")
    if check.outcome is Outcome.OK:
        return redirect(target, code=303)
    if check.outcome is Outcome.LOCKED_OUT:
        return _signed_out("pin_lockout", 401)
    return render_template("citizen/unlock.html", next_url=target, errors=_pin_error(check)), 422
