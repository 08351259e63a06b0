"""Interpreter access: a consultant grants one interpreter one woman, in one language, for a while.

Every grant, use and revocation is in the audit log. Without a live grant the interpreter
sees nothing of her (the scoped lookup in services/access.py answers None, the web says 404).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from app.config import LANGUAGES
from app.models import Citizen, InterpreterGrant, StaffUser
from app.services import audit
from app.services.audit import Actor


class GrantError(ValueError):
    """A grant that cannot be made (no such interpreter, bad language or length)."""


def is_live(grant: InterpreterGrant, now: datetime) -> bool:
    """Now within its window and not revoked."""
    return grant.revoked_at is None and grant.starts_at <= now < grant.ends_at


def make_grant(session: Session, actor: Actor, citizen_id: int, *, interpreter_id: int, language: str, hours: float,
               max_hours: float, now: datetime) -> InterpreterGrant:
    """Give an interpreter access to her from now for `hours`."""
    interpreter = session.get(StaffUser, interpreter_id)
    if interpreter is None or interpreter.role != "interpreter" or not interpreter.active:
        raise GrantError("no such interpreter")
    if language not in LANGUAGES:
        raise GrantError("unknown language")
    if not 0 < hours <= max_hours:
        raise GrantError(f"a grant lasts at most {max_hours:g} hours")
    grant = InterpreterGrant(interpreter_id=interpreter_id, citizen_id=citizen_id, language=language, starts_at=now,
                             ends_at=now + timedelta(hours=hours), granted_by_id=actor.id, created_at=now)
    session.add(grant)
    session.flush()
    audit.record(session, actor, "grant.create", citizen_id=citizen_id, object_type="interpreter_grant", object_id=grant.id)
    session.commit()
    return grant


def revoke_grant(session: Session, actor: Actor, citizen_id: int, grant_id: int, now: datetime) -> bool:
    """End a grant at once; False when it is not hers or already ended."""
    grant = session.get(InterpreterGrant, grant_id)
    if grant is None or grant.citizen_id != citizen_id or grant.revoked_at is not None:
        return False
    grant.revoked_at, grant.revoked_by_id = now, actor.id
    session.add(grant)
    audit.record(session, actor, "grant.revoke", citizen_id=citizen_id, object_type="interpreter_grant", object_id=grant.id)
    session.commit()
    return True


def live_grant(session: Session, interpreter_id: int, citizen_id: int, now: datetime) -> InterpreterGrant | None:
    """The interpreter's live grant for her, if any."""
    return session.exec(
        select(InterpreterGrant).where(InterpreterGrant.interpreter_id == interpreter_id, InterpreterGrant.citizen_id == citizen_id,
                                       InterpreterGrant.revoked_at.is_(None), InterpreterGrant.starts_at <= now,
                                       InterpreterGrant.ends_at > now)
        .order_by(InterpreterGrant.ends_at.desc())
    ).first()


def open_grants(session: Session, interpreter_id: int, now: datetime) -> list[tuple[InterpreterGrant, Citizen]]:
    """The interpreter's live grants with the women they are for."""
    rows = session.exec(
        select(InterpreterGrant, Citizen).join(Citizen, Citizen.id == InterpreterGrant.citizen_id)
        .where(InterpreterGrant.interpreter_id == interpreter_id, InterpreterGrant.revoked_at.is_(None),
               InterpreterGrant.starts_at <= now, InterpreterGrant.ends_at > now)
        .order_by(InterpreterGrant.ends_at)
    ).all()
    return [(grant, citizen) for grant, citizen in rows]


def grants_for(session: Session, citizen_id: int) -> list[tuple[InterpreterGrant, StaffUser]]:
    """Her grants, newest first, with their interpreters (for the consultant)."""
    rows = session.exec(
        select(InterpreterGrant, StaffUser).join(StaffUser, StaffUser.id == InterpreterGrant.interpreter_id)
        .where(InterpreterGrant.citizen_id == citizen_id).order_by(InterpreterGrant.created_at.desc())
    ).all()
    return [(grant, user) for grant, user in rows]


def interpreters(session: Session) -> list[StaffUser]:
    """Active interpreter accounts."""
    return list(session.exec(select(StaffUser).where(StaffUser.role == "interpreter", StaffUser.active == True)  # noqa: E712
                             .order_by(StaffUser.name)).all())
