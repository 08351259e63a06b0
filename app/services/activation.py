"""QR activation codes and the citizen's device sessions (security.md, "Decisions already taken").

The code is an activation code, not a login: it works once, expires, and redeeming it
creates a server-side device session whose id lives in a cookie. Only SHA-256 hashes
of both secrets are stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import update
from sqlmodel import Session, select

from app.models import ActivationToken, Citizen, DeviceSession
from app.services import audit
from app.services.audit import Actor
from app.services.tokens import hash_token, new_token

#: A device's last-seen time is written at most this often, to keep reads cheap.
TOUCH_INTERVAL = timedelta(hours=1)


class CodeState(StrEnum):
    """What a scanned code is worth."""

    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"  # also revoked by a newer code
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class CodeCheck:
    """The state of a code and, when it is known, whose it is."""

    state: CodeState
    citizen: Citizen | None = None


@dataclass(frozen=True)
class Redemption:
    """A redeemed code: the new device session's secret (for the cookie) and its citizen."""

    device_secret: str
    citizen: Citizen
    expires_at: datetime


def issue_code(session: Session, actor: Actor, citizen_id: int, *, purpose: str, lifetime: timedelta, now: datetime) -> str:
    """Issue a new code for a card or the screen; older unused codes stop working. Returns the raw token."""
    if purpose not in ("card", "screen"):
        raise ValueError("purpose must be card or screen")
    session.execute(
        update(ActivationToken)
        .where(ActivationToken.citizen_id == citizen_id, ActivationToken.used_at.is_(None),
               ActivationToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    raw, digest = new_token()
    token = ActivationToken(citizen_id=citizen_id, token_hash=digest, purpose=purpose,
                            issued_by_id=actor.id if actor.kind == "staff" else None,
                            issued_at=now, expires_at=now + lifetime)
    session.add(token)
    session.flush()
    audit.record(session, actor, "activation.issue", citizen_id=citizen_id, object_type="activation_token", object_id=token.id)
    session.commit()
    return raw


def _state_of(token: ActivationToken | None, now: datetime) -> CodeState:
    if token is None:
        return CodeState.UNKNOWN
    if token.used_at is not None:
        return CodeState.USED
    if token.revoked_at is not None or token.expires_at <= now:
        return CodeState.EXPIRED
    return CodeState.VALID


def check_code(session: Session, raw: str, now: datetime) -> CodeCheck:
    """Look at a code without using it (the GET of the welcome page)."""
    token = session.exec(select(ActivationToken).where(ActivationToken.token_hash == hash_token(raw))).first()
    citizen = session.get(Citizen, token.citizen_id) if token else None
    return CodeCheck(_state_of(token, now), citizen)


def redeem_code(session: Session, raw: str, *, user_agent: str, now: datetime, idle: timedelta) -> Redemption | CodeCheck:
    """Use a code once and open a device session; a used, expired or unknown code returns its CodeCheck."""
    digest = hash_token(raw)
    # The atomic conditional update is what makes the code single-use under races.
    claimed = session.execute(
        update(ActivationToken)
        .where(ActivationToken.token_hash == digest, ActivationToken.used_at.is_(None),
               ActivationToken.revoked_at.is_(None), ActivationToken.expires_at > now)
        .values(used_at=now)
    ).rowcount
    if claimed != 1:
        session.rollback()
        check = check_code(session, raw, now)
        audit.record(session, audit.ANONYMOUS, "activation.redeem", citizen_id=check.citizen.id if check.citizen else None,
                     object_type="activation_token", outcome=check.state.value)
        session.commit()
        return check
    token = session.exec(select(ActivationToken).where(ActivationToken.token_hash == digest)).one()
    citizen = session.get(Citizen, token.citizen_id)
    secret, secret_hash = new_token()
    device = DeviceSession(citizen_id=token.citizen_id, token_hash=secret_hash, activation_token_id=token.id,
                           created_at=now, last_seen_at=now, last_active_at=now, expires_at=now + idle,
                           user_agent_summary=summarize_user_agent(user_agent))
    session.add(device)
    session.flush()
    audit.record(session, Actor("citizen", token.citizen_id, "citizen"), "activation.redeem",
                 citizen_id=token.citizen_id, object_type="device_session", object_id=device.id)
    session.commit()
    return Redemption(device_secret=secret, citizen=citizen, expires_at=device.expires_at)


def resume_device(session: Session, secret: str, *, now: datetime, idle: timedelta) -> tuple[DeviceSession, Citizen] | None:
    """The live device session for a cookie and its woman, sliding its expiry; None when unknown, revoked or expired."""
    # One statement for both: it runs before every one of her requests.
    found = session.exec(select(DeviceSession, Citizen).join(Citizen, Citizen.id == DeviceSession.citizen_id)
                         .where(DeviceSession.token_hash == hash_token(secret))).first()
    if found is None:
        return None
    device, citizen = found
    if device.revoked_at is not None or device.expires_at <= now:
        return None
    if now - device.last_seen_at >= TOUCH_INTERVAL:
        device.last_seen_at = now
        device.expires_at = now + idle
        session.add(device)
        session.commit()
    return device, citizen


def end_device(session: Session, actor: Actor, device: DeviceSession, now: datetime) -> None:
    """Revoke a device session: the next request from that phone is signed out."""
    device.revoked_at = now
    session.add(device)
    audit.record(session, actor, "device.revoke", citizen_id=device.citizen_id, object_type="device_session", object_id=device.id)
    session.commit()


_PLATFORMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
              ("Mac OS X", "Mac"), ("Linux", "Linux"))
_BROWSERS = (("SamsungBrowser", "Samsung Internet"), ("Firefox", "Firefox"), ("Edg/", "Edge"),
             ("Chrome", "Chrome"), ("Safari", "Safari"))


def summarize_user_agent(user_agent: str) -> str:
    """A short, non-identifying device label for the consultant's device list ("Android · Chrome")."""
    platform = next((label for needle, label in _PLATFORMS if needle in user_agent), "")
    browser = next((label for needle, label in _BROWSERS if needle in user_agent), "")
    label = " · ".join(part for part in (platform, browser) if part)
    return re.sub(r"[^\w ·.-]", "", label)[:120] or "?"
