"""The admin's pages: staff accounts and caseload assignment. No health data is shown here."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from sqlmodel import select
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.clock import LOCAL_ZONE
from app.models import AuditEvent, Citizen, StaffUser
from app.services.rights import access_extract
from app.services import audio, audit
from app.services.staff import ROLES, AccountError, create_staff, set_active, staff_actor
from app.web.auth import require_role

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require_role("admin"))


def _staff() -> list[StaffUser]:
    return list(get_session().exec(select(StaffUser).order_by(StaffUser.role, StaffUser.name)).all())


@bp.get("/")
def staff_list() -> str:
    """Every staff account with its role and state."""
    return render_template("admin/staff.html", staff=_staff(), roles=ROLES, errors={}, values={}, new_password=None)


@bp.post("/staff")
def create() -> str | tuple[str, int]:
    """Make an account with a one-time password; she chooses her own and enrols her authenticator at first sign-in."""
    values = {name: request.form.get(name, "").strip() for name in ("name", "email", "role")}
    password = secrets.token_urlsafe(12)
    try:
        user = create_staff(get_session(), staff_actor(g.staff), name=values["name"], email=values["email"], role=values["role"],
                            password=password, must_change_password=True, now=clock.utcnow(),
                            min_length=current_app.config["PASSWORD_MIN_LENGTH"])
    except AccountError as error:
        return render_template("admin/staff.html", staff=_staff(), roles=ROLES, errors={"form": str(error)}, values=values,
                               new_password=None), 422
    if user.role == "interpreter":
        audio.set_languages(get_session(), staff_actor(g.staff), user, request.form.getlist("languages"))
    return render_template("admin/staff.html", staff=_staff(), roles=ROLES, errors={}, values={},
                           new_password=(user, password))


@bp.post("/staff/<int:staff_id>/active")
def toggle(staff_id: int) -> Response:
    """Disable (ending all her sessions at once) or enable an account."""
    user = get_session().get(StaffUser, staff_id)
    if user is None or user.id == g.staff.id:
        abort(404)
    set_active(get_session(), staff_actor(g.staff), user, request.form.get("active") == "1", clock.utcnow())
    return redirect(url_for("admin.staff_list"), code=303)


@bp.post("/staff/<int:staff_id>/languages")
def languages(staff_id: int) -> Response:
    """Set the languages an interpreter records spoken questions in."""
    user = get_session().get(StaffUser, staff_id)
    if user is None or user.role != "interpreter":
        abort(404)
    audio.set_languages(get_session(), staff_actor(g.staff), user, request.form.getlist("languages"))
    return redirect(url_for("admin.staff_list"), code=303)


@bp.get("/audit")
def audit_log() -> str:
    """Search the audit log: by woman, action and dates (it holds no health values or texts)."""
    session = get_session()
    statement = select(AuditEvent).order_by(AuditEvent.at.desc())
    citizen_id = request.args.get("citizen_id", type=int)
    action = request.args.get("action", "").strip()[:40]
    if citizen_id:
        statement = statement.where(AuditEvent.citizen_id == citizen_id)
    if action:
        statement = statement.where(AuditEvent.action.startswith(action))
    try:
        start = date.fromisoformat(request.args["from"]) if request.args.get("from") else None
        end = date.fromisoformat(request.args["to"]) if request.args.get("to") else None
    except ValueError:
        start = end = None
    if start:
        statement = statement.where(AuditEvent.at >= datetime.combine(start, time.min, tzinfo=LOCAL_ZONE))
    if end:
        statement = statement.where(AuditEvent.at < datetime.combine(end + timedelta(days=1), time.min, tzinfo=LOCAL_ZONE))
    events = session.exec(statement.limit(500)).all()
    audit.record(session, staff_actor(g.staff), "audit.search", object_type="audit_event")
    session.commit()
    return render_template("admin/audit.html", events=events, citizen_id=citizen_id or "", action=action,
                           start=request.args.get("from", ""), end=request.args.get("to", ""))


@bp.get("/audit/citizens/<int:citizen_id>")
def access_extract_page(citizen_id: int) -> str:
    """A woman's access extract for an access request: dates and purposes of every access to her data."""
    session = get_session()
    citizen = session.get(Citizen, citizen_id) or abort(404)
    rows = access_extract(session, citizen.id)
    audit.record(session, staff_actor(g.staff), "audit.extract", citizen_id=citizen.id, object_type="citizen", object_id=citizen.id)
    session.commit()
    return render_template("admin/extract.html", citizen=citizen, rows=rows)


@bp.get("/caseloads")
def caseloads() -> str:
    """Which consultant follows which woman (names only)."""
    session = get_session()
    citizens = session.exec(select(Citizen).order_by(Citizen.display_name)).all()
    consultants = session.exec(select(StaffUser).where(StaffUser.role == "consultant", StaffUser.active == True)  # noqa: E712
                               .order_by(StaffUser.name)).all()
    return render_template("admin/caseloads.html", citizens=citizens, consultants=consultants)


@bp.post("/caseloads/<int:citizen_id>")
def assign(citizen_id: int) -> Response:
    """Move a woman to another consultant's caseload."""
    session = get_session()
    citizen = session.get(Citizen, citizen_id)
    consultant = session.get(StaffUser, request.form.get("consultant_id", type=int) or 0)
    if citizen is None or consultant is None or consultant.role != "consultant" or not consultant.active:
        abort(404)
    citizen.consultant_id = consultant.id
    session.add(citizen)
    audit.record(session, staff_actor(g.staff), "caseload.assign", citizen_id=citizen.id, object_type="staff_user",
                 object_id=consultant.id)
    session.commit()
    return redirect(url_for("admin.caseloads"), code=303)
