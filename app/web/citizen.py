"""The citizen's pages: today's entry, corrections, "my week", consent and "call me".

Every request carries her device cookie; `load_device` resolves it against the
server-side DeviceSession table, so a revoked phone is out on its very next request.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import date, timedelta

from flask import Blueprint, Flask, current_app, g, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.domain.entry import UnknownFieldError, parse_entry, parse_key
from app.domain.same_day import can_report_absence
from app.domain.week import can_edit, log_page, summarize_days, totals
from app.models import Citizen
from app.services import audit
from app.services.activation import end_device, resume_device
from app.services.activities import her_sessions
from app.services.audit import Actor
from app.services.citizens import plan_versions, record_consent
from app.services.entries import (KeyConflictError, OutsideEditWindowError, Provenance, facts_between, log_start, request_call,
                                  save_entry)
from app.services.workplace_access import activity_for_her
from app.web.day_form import FormValues, limits_from, load_day_page, load_day_plan
from app.web.errors import render_error
from app.web.i18n import format_number
from app.web.pin_lock import ask_pin

bp = Blueprint("citizen", __name__)

#: Pages she may see before agreeing to the information at activation.
_BEFORE_CONSENT = {"citizen.consent", "citizen.call_me", "citizen.call_requested"}
#: Days ahead the offline page holds a form for, so a phone offline for a week can still log.
OFFLINE_DAYS = 7


def citizen_actor(citizen: Citizen) -> Actor:
    """The audit actor for a citizen acting on her own phone."""
    return Actor("citizen", citizen.id, "citizen")


def set_device_cookie(response: Response, secret: str) -> None:
    """Put a device session's secret in an HttpOnly cookie that lives as long as the session may idle."""
    response.set_cookie(
        current_app.config["DEVICE_COOKIE_NAME"], secret,
        max_age=int(timedelta(days=current_app.config["DEVICE_SESSION_IDLE_DAYS"]).total_seconds()),
        httponly=True, samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"], path="/",
    )


def end_current_device() -> None:
    """Revoke the device session this request came with, if any."""
    device = g.get("device")
    g.slide_cookie = False
    if device is not None:
        end_device(get_session(), Actor("citizen", device.citizen_id, "citizen"), device, clock.utcnow())


def _load_device() -> None:
    """Resolve the device cookie to a live session and its citizen (g.device, g.citizen)."""
    g.citizen = None
    g.device = None
    secret = request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"])
    if not secret or request.path.startswith("/static/") or len(secret) > 64:
        return
    session = get_session()
    idle = timedelta(days=current_app.config["DEVICE_SESSION_IDLE_DAYS"])
    before = clock.utcnow()
    found = resume_device(session, secret, now=before, idle=idle)
    if found is None:
        return
    g.device, g.citizen = found
    g.slide_cookie = g.device.last_seen_at == before  # touched just now: renew the cookie's lifetime too


def _renew_cookie(response: Response) -> Response:
    name = current_app.config["DEVICE_COOKIE_NAME"]
    sets_cookie = any(header.startswith(f"{name}=") for header in response.headers.getlist("Set-Cookie"))
    if g.get("slide_cookie") and not sets_cookie:
        set_device_cookie(response, request.cookies[name])
    return response


def init_app(app: Flask) -> None:
    """Resolve the device session on every request."""
    app.before_request(_load_device)
    app.after_request(_renew_cookie)


@bp.before_request
def _require_citizen() -> Response | tuple[str, int] | None:
    """Only a signed-in phone gets in; she agrees to the information before the first entry."""
    citizen = g.get("citizen")
    if citizen is None:
        return render_template("public/signed_out.html"), 401
    locked = ask_pin()  # her PIN, when she chose one and left the phone unused for a while
    if locked is not None:
        return locked
    if citizen.consent_at is None and request.endpoint not in _BEFORE_CONSENT:
        return redirect(url_for("citizen.consent"))
    return None


def _today() -> date:
    return clock.local_today(clock.utcnow())


def outbox_owner(citizen_id: int) -> str:
    """An opaque tag for her entries waiting on the phone, so a phone handed to another woman
    never sends the first woman's entries under the second one's session."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"outbox:{citizen_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


@bp.after_request
def _say_language(response: Response) -> Response:
    """Her pages name their language; the service worker renews her offline page when it changes."""
    citizen = g.get("citizen")
    if citizen is not None:
        response.headers["Content-Language"] = citizen.preferred_language
    return response


@bp.context_processor
def _outbox_context() -> dict[str, object]:
    citizen = g.get("citizen")
    return {"outbox_owner": outbox_owner(citizen.id) if citizen is not None else "", "current_tab": _current_tab()}


def _current_tab() -> str:
    """The tab her page belongs to: a day other than today is reached from "My week", and is part of it."""
    if request.endpoint in ("citizen.day", "citizen.save", "citizen.followups", "citizen.report_absence",
                            "citizen.absence_next_steps"):
        return "today" if (request.view_args or {}).get("raw_day") == _today().isoformat() else "week"
    return {"citizen.today": "today", "citizen.week": "week", "citizen.consent": "data",
            "citizen.course": "course", "citizen.cant_come": "today"}.get(request.endpoint or "", "")


def wants_json() -> bool:
    """The phone's outbox sends saved entries with Accept: application/json and reads the outcome."""
    return request.accept_mimetypes.best == "application/json"


def is_htmx() -> bool:
    """Whether htmx sent the request (it swaps in a fragment, not a whole page)."""
    return request.headers.get("HX-Request") == "true"


def vary(response: Response) -> Response:
    """Mark an answer that differs with HX-Request, so no cache serves a fragment as the page."""
    response.headers.add("Vary", "HX-Request")
    return response


def parse_day(raw: str) -> date:
    """A day from the address; not an ISO date answers 404 (`_not_a_day`)."""
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _NotADay() from None


class _NotADay(Exception):
    pass


@bp.errorhandler(_NotADay)
def _not_a_day(_error: _NotADay) -> tuple[str, int]:
    return render_error(404)


def outside_window() -> Response | tuple[str, int]:
    """The answer for a day she may no longer change (403), as JSON for the outbox."""
    days = current_app.config["ENTRY_EDIT_DAYS"]
    if wants_json():
        return make_response(jsonify(error="outside_window"), 403)
    return render_error(403, _("You cannot change this day"),
                        ngettext("You can write about today and the last %(days)s day.",
                                 "You can write about today and the last %(days)s days.", days, days=format_number(days)))


def _render_day(day: date, values: dict[str, list[str]] | None = None, errors: dict[str, str] | None = None,
                notice: str | None = None, status: int = 200) -> Response:
    citizen: Citizen = g.citizen
    page, stored_values = load_day_page(get_session(), citizen, day)
    template = "citizen/_day_form.html" if is_htmx() and request.method == "POST" else "citizen/day.html"
    # Today's page also shows her activities of the day (teaching, workshops, her appointments) below the form.
    today_page = template == "citizen/day.html" and day == _today()
    sessions = her_sessions(get_session(), citizen.id, day, day) if today_page else []
    # Before or during her hours on a planned day she has not written yet: the big "I can't come today" (issue 23).
    cant_come = today_page and can_report_absence(page.planned_hours, page.start, clock.local_now(clock.utcnow()).time(),
                                                  page.entry is not None)
    html = render_template(
        template, page=page, values=FormValues(values if values is not None else stored_values),
        errors=errors or {}, notice=notice, key=str(uuid.uuid4()), today=_today(), outbox=True, sessions=sessions,
        cant_come=cant_come,
    )
    return vary(make_response(html, status))


@bp.get("/today")
def today() -> Response:
    """Today's entry, pre-filled from her plan."""
    return _render_day(_today())


@bp.get("/day/<raw_day>")
def day(raw_day: str) -> Response | tuple[str, int]:
    """A day's entry within the correction window; an older day of her log, to read only."""
    when = parse_day(raw_day)
    if not can_edit(when, _today(), current_app.config["ENTRY_EDIT_DAYS"]):
        start = log_start(get_session(), g.citizen.id)
        if start is not None and start <= when < _today():
            return _render_past_day(when)
        return outside_window()
    if when == _today():
        return redirect(url_for("citizen.today"))
    return _render_day(when)


def _render_past_day(day: date) -> Response:
    """Her answers for a day she can no longer change, as her form showed them, nothing to press."""
    citizen: Citizen = g.citizen
    session = get_session()
    page, stored_values = load_day_page(session, citizen, day)
    audit.record(session, citizen_actor(citizen), "entry.read", citizen_id=citizen.id, object_type="day",
                 object_id=page.entry.id if page.entry else None)
    session.commit()
    html = render_template("citizen/day.html", page=page, values=FormValues(stored_values), errors={}, notice=None,
                           key="", today=_today(), readonly=True,
                           week_url=url_for("citizen.week", before=(day + timedelta(days=1)).isoformat()))
    return make_response(html)


@bp.get("/day/<raw_day>/followups")
def followups(raw_day: str) -> Response:
    """The follow-up questions for the chosen attendance (htmx swaps them in)."""
    when = parse_day(raw_day)
    page = load_day_plan(get_session(), g.citizen, when)
    values = FormValues(request.args.to_dict(flat=False))
    return vary(make_response(render_template("citizen/_followups.html", page=page, values=values, errors={}, fragment=True, outbox=True)))


@bp.post("/day/<raw_day>")
def save(raw_day: str) -> Response | tuple[str, int]:
    """Save a day in one request; a retry with the same key never makes a second entry."""
    when = parse_day(raw_day)
    config = current_app.config
    if not can_edit(when, _today(), config["ENTRY_EDIT_DAYS"]):
        return outside_window()
    form = request.form.to_dict(flat=False)
    key = parse_key((form.get("idempotency_key") or [""])[0])
    session = get_session()
    citizen: Citizen = g.citizen
    page, _stored = load_day_page(session, citizen, when, shown=False)
    try:
        answers, errors = parse_entry(form, planned_hours=page.planned_hours, task_ids=page.task_ids, limits=limits_from(config))
    except UnknownFieldError:
        return _json_status("invalid", 400) if wants_json() else render_error(400)
    if key is None:
        return _json_status("invalid", 400) if wants_json() else render_error(400)
    if answers is None:
        return make_response(jsonify(errors=errors), 422) if wants_json() else _render_day(when, form, errors, status=422)
    try:
        result = save_entry(session, citizen_actor(citizen), citizen.id, when, answers, key, today=_today(),
                            edit_days=config["ENTRY_EDIT_DAYS"], now=clock.utcnow(),
                            provenance=Provenance(language=citizen.preferred_language))
    except KeyConflictError:
        if wants_json():
            return _json_status("conflict", 409)
        # Her earlier tap was saved with other answers; keep what she typed now and let her save again.
        return _render_day(when, form, notice="conflict", status=409)
    except OutsideEditWindowError:
        return outside_window()
    if wants_json():
        return make_response(jsonify(saved=when.isoformat(), outcome=result.outcome.value))
    if is_htmx():
        response = _render_week(saved=when)
        response.headers["HX-Push-Url"] = url_for("citizen.week")
        return response
    return redirect(url_for("citizen.week", saved=when.isoformat()), code=303)


def _json_status(error: str, status: int) -> Response:
    return make_response(jsonify(error=error), status)


@bp.get("/offline")
def offline() -> Response:
    """The page her phone keeps for when there is no connection: a form for today and each of the
    next days (her phone picks the one for its own date), sent later from the phone's outbox."""
    session = get_session()
    citizen: Citizen = g.citizen
    first = _today()
    days = []
    for offset in range(OFFLINE_DAYS):
        page, values = load_day_page(session, citizen, first + timedelta(days=offset))
        days.append((page, FormValues(values), str(uuid.uuid4())))
    return make_response(render_template("citizen/offline.html", days=days))


def _render_week(saved: date | None = None, before: date | None = None) -> Response:
    citizen: Citizen = g.citizen
    session = get_session()
    config = current_app.config
    today_ = _today()
    span = config["MY_WEEK_DAYS"]
    shown = log_page(today=today_, start=log_start(session, citizen.id) or today_, before=before, span=span)
    days = summarize_days(
        today=today_, days=shown.days, last=shown.last, plans=plan_versions(session, citizen.id),
        entries=facts_between(session, citizen.id, shown.first, shown.last),
        edit_days=config["ENTRY_EDIT_DAYS"],
    )
    audit.record(session, citizen_actor(citizen), "entry.read", citizen_id=citizen.id, object_type="week")
    session.commit()
    template = "citizen/_week.html" if is_htmx() else "citizen/week.html"
    html = render_template(template, days=days, totals=totals(days), saved=saved, today=today_, shown=shown)
    return vary(make_response(html))


@bp.get("/week")
def week() -> Response:
    """Her last 14 days at a glance; `?before=YYYY-MM-DD` pages back through her whole log."""
    saved = request.args.get("saved")
    try:
        saved_day = date.fromisoformat(saved) if saved else None
    except ValueError:
        saved_day = None
    before = request.args.get("before")
    return _render_week(saved_day, parse_day(before) if before else None)


@bp.post("/call-me")
def call_me() -> Response:
    """Ask the consultant to call; always one tap away."""
    citizen: Citizen = g.citizen
    request_call(get_session(), citizen_actor(citizen), citizen.id, clock.utcnow())
    if is_htmx():
        return vary(make_response(render_template("citizen/_call_requested.html")))
    return redirect(url_for("citizen.call_requested"), code=303)


@bp.get("/call-me")
def call_requested() -> str:
    """Confirmation that the consultant will call."""
    return render_template("citizen/call_requested.html")


@bp.route("/my-data", methods=["GET", "POST"], endpoint="consent")
def consent() -> Response | str:
    """What is collected, who sees it, for how long, her rights; agreeing here is the fallback for a
    phone that got in without agreeing on the welcome page."""
    citizen: Citizen = g.citizen
    if request.method == "POST":
        record_consent(get_session(), citizen_actor(citizen), citizen)
        return redirect(url_for("citizen.today"), code=303)
    return render_template("citizen/consent.html", workplace_activity=activity_for_her(get_session(), citizen.id))
