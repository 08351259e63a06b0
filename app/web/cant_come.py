"""Her "I can't come today" (issue 23): one big button on her today page, then why and whether she told the
workplace, saved as the day's entry in one request; then what to do next, in her language.

The routes live on the citizen blueprint, so they share its guard (a live device session, her PIN when due,
consent first). The form is an outbox form like the day's own (static/js/offline.js): offline it waits on the
phone and is sent once, under its key, when the phone is back online; the JSON answer is for that outbox.
"""

from __future__ import annotations

import uuid
from datetime import date, time

from flask import current_app, g, jsonify, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.domain.entry import UnknownFieldError, parse_absence_notice, parse_key
from app.domain.week import can_edit
from app.models import Citizen, DayEntry
from app.services.absence_notice import next_steps, offers_notice, save_notice
from app.services.entries import KeyConflictError, OutsideEditWindowError
from app.web.citizen import bp, citizen_actor, is_htmx, outside_window, parse_day, vary, wants_json
from app.web.day_form import FormValues
from app.web.errors import render_error


def _now() -> tuple[date, time]:
    moment = clock.local_now(clock.utcnow())
    return moment.date(), moment.time()


def _render_form(day: date, values: dict[str, list[str]] | None = None, errors: dict[str, str] | None = None,
                 notice: str | None = None, status: int = 200) -> Response:
    html = render_template("citizen/cant_come.html", day=day, values=FormValues(values or {}), errors=errors or {},
                           notice=notice, key=str(uuid.uuid4()))
    return vary(make_response(html, status))


@bp.get("/today/cant-come")
def cant_come() -> Response:
    """Why she cannot come and whether she told the workplace, on one screen; her today page when it is too late."""
    today, now = _now()
    if not offers_notice(get_session(), g.citizen.id, today, now):
        return redirect(url_for("citizen.today"))
    return _render_form(today)


@bp.post("/day/<raw_day>/cant-come")
def report_absence(raw_day: str) -> Response | tuple[str, int]:
    """Save her notice as the day's entry; a retry with the same key stores nothing more."""
    when = parse_day(raw_day)
    config = current_app.config
    today = clock.local_today(clock.utcnow())
    if not can_edit(when, today, config["ENTRY_EDIT_DAYS"]):
        return outside_window()
    form = request.form.to_dict(flat=False)
    key = parse_key((form.get("idempotency_key") or [""])[0])
    try:
        answers, errors = parse_absence_notice(form)
    except UnknownFieldError:
        answers, errors, key = None, {}, None
    if key is None:
        return make_response(jsonify(error="invalid"), 400) if wants_json() else render_error(400)
    if answers is None:
        return make_response(jsonify(errors=errors), 422) if wants_json() else _render_form(when, form, errors, status=422)
    citizen: Citizen = g.citizen
    session = get_session()
    try:
        result = save_notice(session, citizen_actor(citizen), citizen, when, answers, key, today=today,
                             edit_days=config["ENTRY_EDIT_DAYS"], now=clock.utcnow())
    except KeyConflictError:
        if wants_json():
            return make_response(jsonify(error="conflict"), 409)
        return _render_form(when, form, notice="conflict", status=409)
    except OutsideEditWindowError:
        return outside_window()
    outcome = "kept" if isinstance(result, DayEntry) else result.outcome.value  # kept: she had written the day already
    if wants_json():
        return make_response(jsonify(saved=when.isoformat(), outcome=outcome))
    if is_htmx():
        response = _render_next_steps(when, fragment=True)
        response.headers["HX-Push-Url"] = url_for("citizen.absence_next_steps", raw_day=when.isoformat())
        return response
    return redirect(url_for("citizen.absence_next_steps", raw_day=when.isoformat()), code=303)


def _render_next_steps(day: date, fragment: bool = False) -> Response:
    steps = next_steps(get_session(), g.citizen, day, current_app.config["JOB_CENTRE_PHONE"])
    template = "citizen/_next_steps.html" if fragment else "citizen/next_steps.html"
    return vary(make_response(render_template(template, day=day, steps=steps)))


@bp.get("/day/<raw_day>/cant-come/next")
def absence_next_steps(raw_day: str) -> Response | tuple[str, int]:
    """After her notice: whom to tell at the workplace (a button that calls), and the job centre when she must."""
    when = parse_day(raw_day)
    if not can_edit(when, clock.local_today(clock.utcnow()), current_app.config["ENTRY_EDIT_DAYS"]):
        return outside_window()
    return _render_next_steps(when)
