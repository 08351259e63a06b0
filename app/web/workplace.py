"""The workplace contact person's pages, in Danish: the link's page, and the weekly form for one placement.

A link's GET only shows a page; its POST redeems it once and sets a session cookie, then the contact person sees one
placement's weeks and nothing else (app/services/workplace_access.py). There is no password and no account page. A
link that does not work (unknown, used, too old, stopped, or its placement's time is over) gives one and the same page
and status, so a link never tells whether a placement exists.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from flask import session as flask_session
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.domain.workplace import DAY_STATUSES, PACE_STEPS, TASK_LEVELS
from app.domain.workplace_week import PACE_UNKNOWN, default_week, monday_of, parse_week, weeks_around
from app.models import Internship
from app.services.placements import span_of
from app.services.workplace_access import LinkState, check_link, redeem_link, resume, session_end, sign_out
from app.services.workplace_week import load_week, save_week

bp = Blueprint("workplace", __name__, url_prefix="/w")

#: Links are URL-safe base64 of 32 bytes; anything longer is not worth a database lookup.
_MAX_CODE_LENGTH = 64
#: Pages a visitor without a session may open: the link's own page and its POST.
_OPEN = {"workplace.welcome", "workplace.redeem"}


def _today() -> date:
    return clock.local_today(clock.utcnow())


def _cookie_name() -> str:
    return current_app.config["WORKPLACE_COOKIE_NAME"]


@bp.before_request
def _load_scope() -> tuple[str, int] | None:
    """Resolve the session cookie to the one placement it opens (g.workplace); others get the signed-out page."""
    g.workplace = None
    secret = request.cookies.get(_cookie_name(), "")
    if secret and len(secret) <= _MAX_CODE_LENGTH:
        g.workplace = resume(get_session(), secret, now=clock.utcnow(), today=_today())
    if g.workplace is None and request.endpoint not in _OPEN:
        return render_template("workplace/signed_out.html"), 401
    return None


def _link_problem() -> tuple[str, int]:
    """One page for every link that does not work: what it says never depends on why, or on whose it was."""
    return render_template("workplace/link_problem.html"), 410


@bp.get("/<code>")
def welcome(code: str) -> str | tuple[str, int]:
    """The page a link opens: one button that signs in on this phone (a mail scanner's GET uses nothing)."""
    if len(code) > _MAX_CODE_LENGTH:
        return _link_problem()
    link = check_link(get_session(), code, now=clock.utcnow(), today=_today())
    if link.state is not LinkState.VALID:
        return _link_problem()
    return render_template("workplace/welcome.html", code=code)


@bp.post("/<code>")
def redeem(code: str) -> Response | tuple[str, int]:
    """Use the link once, start the session, and go on to the week without the link in the address."""
    if len(code) > _MAX_CODE_LENGTH:
        return _link_problem()
    result = redeem_link(get_session(), code, now=clock.utcnow(), today=_today())
    if not isinstance(result, tuple):
        return _link_problem()
    secret, access = result
    placement = get_session().get(Internship, access.internship_id)
    flask_session.permanent = True  # the CSRF token lives as long as the session may
    response = redirect(url_for("workplace.week"), code=303)
    _set_cookie(response, secret, session_end(placement))
    return response


def _set_cookie(response: Response, secret: str, last_day: date | None) -> None:
    """An HttpOnly cookie for the session; it lives until the placement's end + 14 days, or a year while it runs
    (the server decides on every request anyway)."""
    if last_day is None:
        max_age = int(timedelta(days=365).total_seconds())
    else:
        max_age = max(0, int((datetime.combine(last_day + timedelta(days=1), time(), tzinfo=UTC) - clock.utcnow()).total_seconds()))
    response.set_cookie(_cookie_name(), secret, max_age=max_age, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"], path="/w")


def _week_asked(raw: str | None) -> date:
    span = span_of(g.workplace.placement)
    today = _today()
    try:
        wanted = monday_of(date.fromisoformat(raw)) if raw else default_week(span, today)
    except ValueError:
        wanted = default_week(span, today)
    if not span.meets(wanted, wanted + timedelta(days=6)) or wanted > today:
        wanted = default_week(span, today)
    return wanted


def _render_week(week: date, values: dict[str, list[str]] | None, errors: dict[str, str], saved: bool,
                 status: int = 200) -> tuple[str, int]:
    scope = g.workplace
    shown = load_week(get_session(), scope, week, _today())
    if values is None:
        values = {f"day-{day.isoformat()}": [status_] for day, (status_, _note) in shown.written_days.items()}
        values.update({f"note-{day.isoformat()}": [note] for day, (_status, note) in shown.written_days.items()})
        values.update({f"task-{task_id}": [level] for task_id, level in shown.ratings.items()})
        if shown.pace is not None:
            values["pace"] = [str(shown.pace.percent) if shown.pace.percent is not None else PACE_UNKNOWN]
            values.update(suggested_task=[shown.pace.suggested_task], went_well=[shown.pace.went_well],
                          was_hard=[shown.pace.was_hard])
    before, after = weeks_around(span_of(scope.placement), week, _today())
    shown_fields = {f"day-{day.day.isoformat()}" for day in shown.days} | {f"task-{task.id}" for task in shown.tasks} | {
        "pace", "suggested_task", "went_well", "was_hard"}
    return render_template("workplace/week.html", scope=scope, shown=shown, values=values, errors=errors, saved=saved,
                           statuses=DAY_STATUSES, paces=PACE_STEPS, pace_unknown=PACE_UNKNOWN, levels=TASK_LEVELS,
                           before=before, after=after, key=str(uuid.uuid4()), shown_fields=shown_fields,
                           session_end=session_end(scope.placement)), status


@bp.get("/")
def week() -> tuple[str, int]:
    """The weekly form: the week asked for (?week=), else yesterday's."""
    return _render_week(_week_asked(request.args.get("week")), None, {}, saved=request.args.get("saved") == "1")


@bp.post("/")
def save() -> Response | tuple[str, int]:
    """Save a week's answers once; refused answers come back on the form with what was typed (422)."""
    scope = g.workplace
    session = get_session()
    week_ = _week_asked(request.form.get("week"))
    form = request.form.to_dict(flat=False)
    shown = load_week(session, scope, week_, _today())
    parsed = parse_week(form, span_of(scope.placement), {day.day for day in shown.days}, {task.id for task in shown.tasks})
    if parsed.answers is None:
        return _render_week(week_, form, parsed.errors, saved=False, status=422)
    key = (request.form.get("key") or "")[:36] or str(uuid.uuid4())
    save_week(session, scope, week_, parsed.answers, key, clock.utcnow())
    return redirect(url_for("workplace.week", week=week_.isoformat(), saved=1), code=303)


@bp.post("/sign-out")
def sign_out_here() -> Response:
    """Sign out on this phone: the session's hash is forgotten, so the cookie opens nothing afterwards."""
    sign_out(get_session(), g.workplace)
    response = current_app.make_response(render_template("workplace/signed_out.html", reason="signed_out"))
    response.delete_cookie(_cookie_name(), path="/w")
    return response
