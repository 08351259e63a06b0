"""The admin's pages: staff accounts and caseload assignment. No health data is shown here.

An admin never sees a new account's first password (it goes to the new user by e-mail), and a woman
moved onto an account that is new, never signed in, or made by the admin asking waits for a second admin.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import select
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.clock import LOCAL_ZONE
from app.models import AuditEvent, CaseloadMove, Citizen, StaffUser
from app.web.ids import db_int
from app.services.rights import access_extract
from app.services import audio, audit
from app.services.caseload_moves import REQUESTED, MoveError, approve_move, move_rows, reject_move, request_move
from app.services.invitations import invite_staff
from app.services.mail import MailError, MailNotConfigured, MailSettings
from app.services.staff import AccountError, set_active, staff_actor
from app.web.auth import require_role

bp = Blueprint("admin", __name__, url_prefix="/admin")
#: Roles an admin may give on the web. Admin accounts are made at the server's terminal only
#: (`flask staff create --role admin`): otherwise one admin could make a second admin whose
#: mail she reads, and be her own second pair of eyes on caseload moves (docs/security.md).
WEB_ROLES = ("consultant", "interpreter", "teacher")
bp.before_request(require_role("admin"))


def _staff() -> list[StaffUser]:
    return list(get_session().exec(select(StaffUser).order_by(StaffUser.role, StaffUser.name)).all())


@bp.get("/")
def staff_list() -> str:
    """Every staff account with its role and state."""
    return render_template("admin/staff.html", staff=_staff(), roles=WEB_ROLES, errors={}, values={}, invited=None)


@bp.post("/staff")
def create() -> str | tuple[str, int]:
    """Make an account; its one-time password goes to her by e-mail, never to the admin. She chooses her own
    password and enrols her authenticator at first sign-in."""
    values = {name: request.form.get(name, "").strip() for name in ("name", "email", "role")}
    config = current_app.config
    if values["role"] not in WEB_ROLES:
        return _staff_error(_("Admin accounts are made at the server's terminal, never here: no admin can make "
                              "another admin alone."), values, 422)
    try:
        invited = invite_staff(get_session(), staff_actor(g.staff), made_by=g.staff.name, name=values["name"],
                               email=values["email"], role=values["role"], mail=MailSettings.from_config(config),
                               base_url=config["PUBLIC_BASE_URL"], now=clock.utcnow(), min_length=config["PASSWORD_MIN_LENGTH"])
    except AccountError as error:
        return _staff_error(str(error), values, 422)
    except MailNotConfigured:
        return _staff_error(_("No account was made: no mail server is set up (LOGBOG_MAIL_SERVER). The first password "
                              "goes to the new user by e-mail, never to an admin."), values, 422)
    except MailError as error:
        current_app.logger.warning("staff account not made: %s", error)
        return _staff_error(_("No account was made: the e-mail with the first password could not be sent. Try again "
                              "later, or ask IT to check the mail server."), values, 503)
    if invited.user.role == "interpreter":
        audio.set_languages(get_session(), staff_actor(g.staff), invited.user, request.form.getlist("languages"))
    return render_template("admin/staff.html", staff=_staff(), roles=WEB_ROLES, errors={}, values={}, invited=invited)


def _staff_error(message: str, values: dict[str, str], status: int) -> tuple[str, int]:
    return render_template("admin/staff.html", staff=_staff(), roles=WEB_ROLES, errors={"form": message}, values=values,
                           invited=None), status


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
    citizen_id = request.args.get("citizen_id", type=db_int)
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


def _caseloads_page(error: str = "") -> str:
    session = get_session()
    citizens = session.exec(select(Citizen).order_by(Citizen.display_name)).all()
    consultants = session.exec(select(StaffUser).where(StaffUser.role == "consultant", StaffUser.active == True)  # noqa: E712
                               .order_by(StaffUser.name)).all()
    return render_template("admin/caseloads.html", citizens=citizens, consultants=consultants, error=error,
                           pending=move_rows(session, state=REQUESTED), new_days=current_app.config["CASELOAD_MOVE_NEW_ACCOUNT_DAYS"])


@bp.get("/caseloads")
def caseloads() -> str:
    """Which consultant follows which woman (names only), and the moves waiting for a second admin."""
    return _caseloads_page()


@bp.post("/caseloads/<int:citizen_id>")
def assign(citizen_id: int) -> Response | tuple[str, int]:
    """Move a woman to another consultant's caseload: at once onto an established account, else after a second admin."""
    session = get_session()
    citizen = session.get(Citizen, citizen_id)
    consultant = session.get(StaffUser, request.form.get("consultant_id", type=db_int) or 0)
    if citizen is None or consultant is None or consultant.role != "consultant" or not consultant.active:
        abort(404)
    try:
        request_move(session, g.staff, citizen, consultant, now=clock.utcnow(),
                     new_days=current_app.config["CASELOAD_MOVE_NEW_ACCOUNT_DAYS"])
    except MoveError as error:
        return _caseloads_page(str(error)), error.status
    return redirect(url_for("admin.caseloads"), code=303)


@bp.post("/moves/<int:move_id>/approve")
def approve(move_id: int) -> Response | tuple[str, int]:
    """A second admin approves a waiting move, and it applies."""
    session = get_session()
    move = session.get(CaseloadMove, move_id) or abort(404)
    try:
        approve_move(session, g.staff, move, now=clock.utcnow(), new_days=current_app.config["CASELOAD_MOVE_NEW_ACCOUNT_DAYS"])
    except MoveError as error:
        return _caseloads_page(str(error)), error.status
    return redirect(url_for("admin.caseloads"), code=303)


@bp.post("/moves/<int:move_id>/reject")
def reject(move_id: int) -> Response | tuple[str, int]:
    """Reject a waiting move (or withdraw one's own): she stays on her caseload."""
    session = get_session()
    move = session.get(CaseloadMove, move_id) or abort(404)
    try:
        reject_move(session, g.staff, move, now=clock.utcnow())
    except MoveError as error:
        return _caseloads_page(str(error)), error.status
    return redirect(url_for("admin.caseloads"), code=303)


@bp.get("/moves")
def moves() -> str:
    """Every move between caseloads, asked for, approved, rejected or applied: a record no admin can change."""
    return render_template("admin/moves.html", rows=move_rows(get_session()),
                           new_days=current_app.config["CASELOAD_MOVE_NEW_ACCOUNT_DAYS"])
