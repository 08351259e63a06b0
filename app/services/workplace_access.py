"""A workplace contact person's way in: a sign-in link for one placement, the session it starts, and its end.

The link follows her activation's rules (app/services/activation.py): only its SHA-256 is stored, it expires, a GET
only looks at it and a POST redeems it once (an atomic conditional update, so two taps race to one session). The
session's secret is also kept only as a hash. The session is scoped to one placement and ends at the placement's end
plus 14 days (app/domain/workplace.session_open, read on every request so an extended placement extends it) or when the
consultant revokes it. Every sign-in, read and write by a contact person is an audit event whose actor is the access
row ("workplace", access id), so her "my data" can name who at the workplace saw or wrote what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import update
from sqlmodel import Session, select

from app import clock
from app.domain.workplace import session_ends_on, session_open
from app.models import AuditEvent, Citizen, Course, Internship, PlacementContact, WorkplaceAccess
from app.services import audit
from app.services.audit import Actor
from app.services.tokens import hash_token, new_token

#: A session's last-seen time is written at most this often, to keep reads cheap.
TOUCH_INTERVAL = timedelta(hours=1)


class LinkState(StrEnum):
    """What a sign-in link is worth. The page for each says the same thing whether or not the placement exists."""

    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"  # the link's time ran out, or its placement's session time did
    REVOKED = "revoked"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Link:
    """A link's state and, when it is known, its access row (never shown to whoever holds an unusable link)."""

    state: LinkState
    access: WorkplaceAccess | None = None


@dataclass(frozen=True)
class Scope:
    """What a signed-in contact person may see: one placement, and her name and id (for the audit and the page)."""

    access: WorkplaceAccess
    placement: Internship
    citizen_id: int
    first_name: str
    contact_name: str

    @property
    def actor(self) -> Actor:
        """The audit actor: the access row, so every event names the link (and through it the contact) that acted."""
        return contact_actor(self.access)


def contact_actor(access: WorkplaceAccess) -> Actor:
    """The audit actor for a contact person acting through `access`."""
    return Actor("workplace", access.id, "contact")


def first_name(citizen: Citizen) -> str:
    """Her first name: all a workplace is shown of her name."""
    return (citizen.display_name.split() or [""])[0]


def placement_owner(session: Session, internship_id: int) -> tuple[Internship, Citizen] | None:
    """A placement and the woman it belongs to."""
    row = session.exec(select(Internship, Citizen).join(Course, Course.id == Internship.course_id)
                       .join(Citizen, Citizen.id == Course.citizen_id).where(Internship.id == internship_id)).first()
    return (row[0], row[1]) if row else None


def invite(session: Session, actor: Actor, placement: Internship, contact: PlacementContact | None, *, now: datetime,
           lifetime: timedelta, made_by_id: int | None = None) -> str:
    """Make a sign-in link for the placement (for a named contact, or for whoever is handed the printed QR). Returns
    the raw token, shown once; older links stay valid (each contact keeps their own). `made_by_id`: the staff member
    a link is made for when the system makes it (a reminder's fresh link names the consultant who invited)."""
    if contact is not None and contact.internship_id != placement.id:
        raise ValueError("the contact belongs to another placement")
    raw, digest = new_token()
    access = WorkplaceAccess(internship_id=placement.id, contact_id=contact.id if contact else None, token_hash=digest,
                             created_at=now, created_by_id=made_by_id or actor.id, expires_at=now + lifetime)
    session.add(access)
    session.flush()
    owner = placement_owner(session, placement.id)
    audit.record(session, actor, "workplace.invite", citizen_id=owner[1].id if owner else None,
                 object_type="workplace_access", object_id=access.id)
    session.commit()
    return raw


def _placement_ended(session: Session, access: WorkplaceAccess, today: date) -> bool:
    placement = session.get(Internship, access.internship_id)
    return placement is None or not session_open(today, placement.end, revoked=False)


def _state_of(session: Session, access: WorkplaceAccess | None, now: datetime, today: date) -> LinkState:
    if access is None:
        return LinkState.UNKNOWN
    if access.revoked_at is not None:
        return LinkState.REVOKED
    if access.used_at is not None:
        return LinkState.USED
    if access.expires_at <= now or _placement_ended(session, access, today):
        return LinkState.EXPIRED
    return LinkState.VALID


def check_link(session: Session, raw: str, *, now: datetime, today: date) -> Link:
    """Look at a link without using it (the GET of its page)."""
    access = session.exec(select(WorkplaceAccess).where(WorkplaceAccess.token_hash == hash_token(raw))).first()
    return Link(_state_of(session, access, now, today), access)


def redeem_link(session: Session, raw: str, *, now: datetime, today: date) -> tuple[str, WorkplaceAccess] | Link:
    """Use a link once and open its session: the session's raw secret (for the cookie) and the access row; a link
    that is not valid returns its Link, and the refusal is audited without naming anything."""
    link = check_link(session, raw, now=now, today=today)
    secret, secret_hash = new_token()
    claimed = 0
    if link.state is LinkState.VALID:
        # The conditional update is what makes the link single-use when two taps race.
        claimed = session.execute(
            update(WorkplaceAccess)
            .where(WorkplaceAccess.token_hash == hash_token(raw), WorkplaceAccess.used_at.is_(None),
                   WorkplaceAccess.revoked_at.is_(None), WorkplaceAccess.expires_at > now)
            .values(used_at=now, session_hash=secret_hash, last_seen_at=now)
        ).rowcount
    if claimed != 1:
        session.rollback()
        state = link.state if link.state is not LinkState.VALID else LinkState.USED
        audit.record(session, audit.ANONYMOUS, "workplace.redeem", object_type="workplace_access", outcome=state.value)
        session.commit()
        return Link(state, link.access)
    access = session.get(WorkplaceAccess, link.access.id)
    session.refresh(access)
    owner = placement_owner(session, access.internship_id)
    audit.record(session, contact_actor(access), "workplace.redeem", citizen_id=owner[1].id if owner else None,
                 object_type="workplace_access", object_id=access.id)
    session.commit()
    return secret, access


def resume(session: Session, secret: str, *, now: datetime, today: date) -> Scope | None:
    """The contact person's scope for a session cookie; None when unknown, revoked or past the placement's end + 14
    days."""
    access = session.exec(select(WorkplaceAccess).where(WorkplaceAccess.session_hash == hash_token(secret))).first()
    if access is None or access.revoked_at is not None:
        return None
    owner = placement_owner(session, access.internship_id)
    if owner is None or not session_open(today, owner[0].end, revoked=False):
        return None
    if access.last_seen_at is None or now - access.last_seen_at >= TOUCH_INTERVAL:
        access.last_seen_at = now
        session.add(access)
        session.commit()
    contact = session.get(PlacementContact, access.contact_id) if access.contact_id else None
    return Scope(access, owner[0], owner[1].id, first_name(owner[1]), contact.name if contact else "")


def session_end(placement: Internship) -> date | None:
    """The last day a contact person's session for this placement lets them in (None while the placement runs)."""
    return session_ends_on(placement.end)


def revoke(session: Session, actor: Actor, access: WorkplaceAccess, citizen_id: int, now: datetime) -> None:
    """End a link and its session: the contact person's next request is signed out."""
    if access.revoked_at is None:
        access.revoked_at = now
        access.revoked_by_id = actor.id
        session.add(access)
        audit.record(session, actor, "workplace.revoke", citizen_id=citizen_id, object_type="workplace_access",
                     object_id=access.id)
    session.commit()


def sign_out(session: Session, scope: Scope) -> None:
    """The contact person signs out on this phone: the session's hash is forgotten, so the cookie opens nothing."""
    access = session.get(WorkplaceAccess, scope.access.id)
    access.session_hash = None
    session.add(access)
    audit.record(session, scope.actor, "workplace.sign_out", citizen_id=scope.citizen_id, object_type="workplace_access",
                 object_id=access.id)
    session.commit()


@dataclass(frozen=True)
class AccessRow:
    """A link as the consultant's placement page lists it."""

    access: WorkplaceAccess
    contact_name: str
    state: str  # waiting / expired / signed_in / ended / revoked


def accesses_of(session: Session, placement: Internship, *, now: datetime, today: date) -> list[AccessRow]:
    """Every link made for a placement, newest first, with whom it was for and where it stands."""
    rows = session.exec(select(WorkplaceAccess, PlacementContact)
                        .join(PlacementContact, PlacementContact.id == WorkplaceAccess.contact_id, isouter=True)
                        .where(WorkplaceAccess.internship_id == placement.id)
                        .order_by(WorkplaceAccess.created_at.desc(), WorkplaceAccess.id.desc())).all()
    ended = not session_open(today, placement.end, revoked=False)
    listed = []
    for access, contact in rows:
        if access.revoked_at is not None:
            state = "revoked"
        elif ended:
            state = "ended"
        elif access.used_at is not None:
            state = "signed_in" if access.session_hash else "signed_out"
        else:
            state = "expired" if access.expires_at <= now else "waiting"
        listed.append(AccessRow(access, contact.name if contact else "", state))
    return listed


@dataclass(frozen=True)
class WorkplaceActivity:
    """What one person at a workplace did with her data: how often they looked and wrote, and when last."""

    contact_name: str  # "" when the link named nobody (a printed QR) or its contact was removed
    workplace: str
    looked: int
    last_looked: date | None  # local days
    wrote: int
    last_wrote: date | None


def activity_for_her(session: Session, citizen_id: int) -> list[WorkplaceActivity]:
    """Who at the workplace saw or wrote what about her (her "my data" and her export), from the audit log: one line
    per sign-in link, newest first."""
    rows = session.exec(select(AuditEvent, WorkplaceAccess, PlacementContact, Internship)
                        .join(WorkplaceAccess, WorkplaceAccess.id == AuditEvent.actor_id)
                        .join(Internship, Internship.id == WorkplaceAccess.internship_id)
                        .join(PlacementContact, PlacementContact.id == WorkplaceAccess.contact_id, isouter=True)
                        .where(AuditEvent.citizen_id == citizen_id, AuditEvent.actor_kind == "workplace")
                        .order_by(AuditEvent.at)).all()
    seen: dict[int, dict[str, object]] = {}
    for event, access, contact, placement in rows:
        line = seen.setdefault(access.id, {"contact_name": contact.name if contact else "", "workplace": placement.workplace,
                                           "looked": 0, "last_looked": None, "wrote": 0, "last_wrote": None})
        kind = "wrote" if event.action == "workplace.write" else "looked" if event.action == "workplace.read" else None
        if kind:
            line[kind] = int(line[kind]) + 1  # type: ignore[call-overload]
            line[f"last_{kind}"] = clock.local_today(event.at)
    lines = [WorkplaceActivity(**line) for line in seen.values() if line["looked"] or line["wrote"]]  # type: ignore[arg-type]
    return sorted(lines, key=lambda line: max(filter(None, (line.last_looked, line.last_wrote))), reverse=True)
