"""Who may see a citizen's data. Every staff lookup of a citizen goes through `citizen_for_staff`.

Consultants reach their own caseload; interpreters only citizens they hold a live grant
for (issue 5); admins manage accounts and caseloads and read no health data. Out of scope
is None, which the web layer turns into 404, and it is written to the audit log.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from app import clock
from app.services.grants import live_grant

from app.models import Citizen, StaffUser
from app.services import audit
from app.services.staff import staff_actor


def can_read_health(session: Session, user: StaffUser, citizen: Citizen, now: datetime) -> bool:
    """Her own consultant; an interpreter only while a grant for her is live; never an admin."""
    if not user.active:
        return False
    if user.role == "consultant":
        return citizen.consultant_id == user.id
    if user.role == "interpreter":
        return live_grant(session, user.id, citizen.id, now) is not None
    return False


def citizen_for_staff(session: Session, user: StaffUser, citizen_id: int, action: str = "citizen.read") -> Citizen | None:
    """The citizen if `user` may see her log, else None; both outcomes are audited."""
    citizen = session.get(Citizen, citizen_id)
    allowed = citizen is not None and can_read_health(session, user, citizen, clock.utcnow())
    audit.record(session, staff_actor(user), action, citizen_id=citizen_id if citizen is not None else None,
                 object_type="citizen", object_id=citizen_id, outcome="ok" if allowed else "denied")
    session.commit()
    return citizen if allowed else None
