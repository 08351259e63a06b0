"""Who may see a citizen's data. Every staff lookup of a citizen goes through `citizen_for_staff`.

Consultants reach their own caseload; interpreters only citizens they hold a live grant
for (issue 5); admins manage accounts and caseloads and read no health data. Out of scope
is None, which the web layer turns into 404, and it is written to the audit log.
"""

from __future__ import annotations

from sqlmodel import Session

from app.models import Citizen, StaffUser
from app.services import audit
from app.services.staff import staff_actor


def can_read_health(user: StaffUser, citizen: Citizen) -> bool:
    """Whether `user` may read `citizen`'s log: only her own consultant, for now."""
    return user.active and user.role == "consultant" and citizen.consultant_id == user.id


def citizen_for_staff(session: Session, user: StaffUser, citizen_id: int, action: str = "citizen.read") -> Citizen | None:
    """The citizen if `user` may see her log, else None; both outcomes are audited."""
    citizen = session.get(Citizen, citizen_id)
    allowed = citizen is not None and can_read_health(user, citizen)
    audit.record(session, staff_actor(user), action, citizen_id=citizen_id if citizen is not None else None,
                 object_type="citizen", object_id=citizen_id, outcome="ok" if allowed else "denied")
    session.commit()
    return citizen if allowed else None
