"""Moving a woman to another consultant's caseload, with four eyes where an admin could otherwise reach her data.

Onto an established consultant account a move applies at once. Onto an account that is new, has never
completed a sign-in, or was made by the admin asking, it waits until a second admin approves it: an
admin who controlled such an account could otherwise read the woman's log through it. Every move is a
CaseloadMove row that only moves forward (requested -> applied or rejected), and each step is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlmodel import Session, select

from app.models import AuditEvent, CaseloadMove, Citizen, StaffSession, StaffUser
from app.services import audit
from app.services.staff import staff_actor

REQUESTED, APPLIED, REJECTED = "requested", "applied", "rejected"
#: Why an account is not yet trusted to receive a woman (or to approve a move) without a second admin.
NEW, NEVER_SIGNED_IN, MADE_BY_REQUESTER = "new", "never_signed_in", "made_by_requester"


class MoveError(ValueError):
    """A move that cannot be asked for, or a decision that is not allowed."""

    def __init__(self, message: object, status: int = 409) -> None:
        super().__init__(message)
        self.message = message  # a lazy translation: shown in the admin's language
        self.status = status

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class MoveRow:
    """One move as the admin pages show it: names only."""

    move: CaseloadMove
    citizen: str
    from_consultant: str
    to_consultant: str
    requested_by: str
    decided_by: str


def untrusted_reasons(session: Session, account: StaffUser, requester_id: int, now: datetime, new_days: int) -> list[str]:
    """Why `account` needs a second admin when `requester_id` acts on it: new, never signed in, or made by her."""
    reasons = []
    if now - account.created_at < timedelta(days=new_days):
        reasons.append(NEW)
    signed_in = session.exec(select(StaffSession.id).where(StaffSession.staff_id == account.id)).first() is not None
    if account.totp_confirmed_at is None or not signed_in:
        reasons.append(NEVER_SIGNED_IN)
    maker = maker_of(session, account)
    if maker is not None and maker == requester_id:
        reasons.append(MADE_BY_REQUESTER)
    return reasons


def maker_of(session: Session, account: StaffUser) -> int | None:
    """The staff member who made `account` (from the audit log), or None when it was made at the server's terminal."""
    return session.exec(select(AuditEvent.actor_id).where(
        AuditEvent.action == "staff.create", AuditEvent.object_type == "staff_user", AuditEvent.object_id == account.id,
        AuditEvent.actor_kind == "staff")).first()


def pending_move(session: Session, citizen_id: int) -> CaseloadMove | None:
    """Her move waiting for a second admin, if any."""
    return session.exec(select(CaseloadMove).where(CaseloadMove.citizen_id == citizen_id, CaseloadMove.state == REQUESTED)).first()


def request_move(session: Session, admin: StaffUser, citizen: Citizen, consultant: StaffUser, *, now: datetime,
                 new_days: int) -> CaseloadMove:
    """Ask to move her onto `consultant`'s caseload: applied at once onto an established account, else left for approval."""
    if consultant.role != "consultant" or not consultant.active:
        raise MoveError(_l("Only an active consultant can follow a woman."), 404)
    if citizen.consultant_id == consultant.id:
        raise MoveError(_l("She is already on that caseload."))
    if pending_move(session, citizen.id) is not None:
        raise MoveError(_l("A move of her already waits for a second admin."))
    reasons = untrusted_reasons(session, consultant, admin.id, now, new_days)
    move = CaseloadMove(citizen_id=citizen.id, from_consultant_id=citizen.consultant_id, to_consultant_id=consultant.id,
                        approval_reason=",".join(reasons), requested_by_id=admin.id, requested_at=now,
                        state=REQUESTED if reasons else APPLIED)
    session.add(move)
    session.flush()
    actor = staff_actor(admin)
    audit.record(session, actor, "caseload.move_request", citizen_id=citizen.id, object_type="caseload_move", object_id=move.id,
                 outcome="pending" if reasons else "ok")
    if not reasons:
        _apply(session, actor, move, citizen)
    session.commit()
    return move


def approve_move(session: Session, admin: StaffUser, move: CaseloadMove, *, now: datetime, new_days: int) -> None:
    """A second admin approves: the move applies. Not the admin who asked, nor an account she made or a new one."""
    actor = staff_actor(admin)
    if move.state != REQUESTED:
        raise MoveError(_l("This move has already been decided."))
    problem: object = None
    if admin.id == move.requested_by_id:
        problem = _l("The admin who asked for a move cannot approve it; another admin must.")
    elif untrusted_reasons(session, admin, move.requested_by_id, now, new_days):
        problem = _l("Your account is too new, or was made by the admin who asked, to approve moves.")
    else:
        consultant = session.get(StaffUser, move.to_consultant_id)
        if consultant is None or consultant.role != "consultant" or not consultant.active:
            problem = _l("That consultant account is no longer active; reject the move.")
        elif maker_of(session, consultant) == admin.id:
            # Whoever made the account knows its first password: she is no second pair of eyes for it.
            problem = _l("You made that consultant account, so another admin must approve moves onto it.")
    if problem is not None:
        audit.record(session, actor, "caseload.move_approve", citizen_id=move.citizen_id, object_type="caseload_move",
                     object_id=move.id, outcome="refused")
        session.commit()
        raise MoveError(problem, 403)
    _decide(session, move, admin, APPLIED, now)
    audit.record(session, actor, "caseload.move_approve", citizen_id=move.citizen_id, object_type="caseload_move", object_id=move.id)
    _apply(session, actor, move, session.get(Citizen, move.citizen_id))
    session.commit()


def reject_move(session: Session, admin: StaffUser, move: CaseloadMove, *, now: datetime) -> None:
    """Reject a waiting move (the admin who asked may withdraw it): she stays where she is."""
    if move.state != REQUESTED:
        raise MoveError(_l("This move has already been decided."))
    _decide(session, move, admin, REJECTED, now)
    audit.record(session, staff_actor(admin), "caseload.move_reject", citizen_id=move.citizen_id, object_type="caseload_move",
                 object_id=move.id)
    session.commit()


def _decide(session: Session, move: CaseloadMove, admin: StaffUser, state: str, now: datetime) -> None:
    """Set the decision once: a conditional UPDATE, so two admins deciding at the same moment cannot both win."""
    result = session.execute(update(CaseloadMove).where(CaseloadMove.id == move.id, CaseloadMove.state == REQUESTED)
                             .values(state=state, decided_by_id=admin.id, decided_at=now))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise MoveError(_l("This move has already been decided."))
    session.refresh(move)


def _apply(session: Session, actor: audit.Actor, move: CaseloadMove, citizen: Citizen | None) -> None:
    """Put her on the new caseload."""
    if citizen is None:
        raise MoveError(_l("No such woman."), 404)
    citizen.consultant_id = move.to_consultant_id
    session.add(citizen)
    audit.record(session, actor, "caseload.move_apply", citizen_id=citizen.id, object_type="caseload_move", object_id=move.id)


def move_rows(session: Session, *, state: str | None = None, limit: int = 500) -> list[MoveRow]:
    """Moves, newest first, with names (for the caseloads page and the moves record)."""
    statement = select(CaseloadMove).order_by(CaseloadMove.requested_at.desc(), CaseloadMove.id.desc()).limit(limit)
    if state is not None:
        statement = statement.where(CaseloadMove.state == state)
    moves = session.exec(statement).all()
    staff = {user.id: user.name for user in session.exec(select(StaffUser)).all()}
    citizen_ids = {move.citizen_id for move in moves}
    names = {c.id: c.display_name for c in session.exec(select(Citizen).where(Citizen.id.in_(citizen_ids))).all()} if moves else {}
    return [MoveRow(move, names.get(move.citizen_id, ""), staff.get(move.from_consultant_id or 0, ""),
                    staff.get(move.to_consultant_id, ""), staff.get(move.requested_by_id, ""),
                    staff.get(move.decided_by_id or 0, "")) for move in moves]
