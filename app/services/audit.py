"""The append-only audit log: who touched whose data, never the data itself."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from app import clock
from app.models import AuditEvent


@dataclass(frozen=True)
class Actor:
    """Who acts: a citizen on her phone, a staff member, the system (CLI, jobs) or nobody yet."""

    kind: str  # citizen / staff / system / anonymous
    id: int | None = None
    role: str = ""


SYSTEM = Actor("system", role="cli")
ANONYMOUS = Actor("anonymous")


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    citizen_id: int | None = None,
    object_type: str = "",
    object_id: int | None = None,
    outcome: str = "ok",
) -> None:
    """Add an audit row to the session; it commits with the change it describes."""
    session.add(AuditEvent(
        at=clock.utcnow(), actor_kind=actor.kind, actor_id=actor.id, role=actor.role, action=action,
        citizen_id=citizen_id, object_type=object_type, object_id=object_id, outcome=outcome,
    ))
