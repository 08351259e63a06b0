"""The consultant's follow-up notes and her handling of "call me" requests."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from app.models import CallRequest, DeviceSession, FollowUpNote
from app.services import audit
from app.services.audit import Actor

FIVE_POINTS = ("attendance", "tasks", "motivation", "accommodations", "views")


def add_follow_up(session: Session, actor: Actor, citizen_id: int, *, day: date, texts: dict[str, str], now: datetime) -> FollowUpNote:
    """Write a dated follow-up note (the five points and her own observations)."""
    note = FollowUpNote(citizen_id=citizen_id, author_id=actor.id, day=day, created_at=now,
                        **{name: texts.get(name, "").strip() for name in (*FIVE_POINTS, "observations")})
    session.add(note)
    session.flush()
    audit.record(session, actor, "follow_up.create", citizen_id=citizen_id, object_type="follow_up_note", object_id=note.id)
    session.commit()
    return note


def follow_ups(session: Session, citizen_id: int, since: date | None = None) -> list[FollowUpNote]:
    """Her follow-up notes, newest first."""
    statement = select(FollowUpNote).where(FollowUpNote.citizen_id == citizen_id)
    if since:
        statement = statement.where(FollowUpNote.day >= since)
    return list(session.exec(statement.order_by(FollowUpNote.day.desc(), FollowUpNote.id.desc())).all())


def open_calls(session: Session, citizen_id: int) -> list[CallRequest]:
    """Her "call me" requests not yet handled."""
    return list(session.exec(select(CallRequest).where(CallRequest.citizen_id == citizen_id, CallRequest.handled_at.is_(None))
                             .order_by(CallRequest.created_at)).all())


def mark_call_handled(session: Session, actor: Actor, citizen_id: int, call_id: int, now: datetime) -> bool:
    """Record that she was called back; False when the request is not hers or already handled."""
    call = session.get(CallRequest, call_id)
    if call is None or call.citizen_id != citizen_id or call.handled_at is not None:
        return False
    call.handled_at, call.handled_by_id = now, actor.id
    session.add(call)
    audit.record(session, actor, "call.handled", citizen_id=citizen_id, object_type="call_request", object_id=call.id)
    session.commit()
    return True


def live_devices(session: Session, citizen_id: int, now: datetime) -> list[DeviceSession]:
    """Her phones that are signed in now."""
    return list(session.exec(select(DeviceSession).where(DeviceSession.citizen_id == citizen_id, DeviceSession.revoked_at.is_(None),
                                                         DeviceSession.expires_at > now).order_by(DeviceSession.created_at)).all())
