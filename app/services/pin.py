"""Her optional 4-digit PIN (security.md): it locks her pages after she has not used the phone for a while.

The PIN belongs to her (every phone of hers asks for the same one); wrong tries are counted per
phone, and too many sign that phone out so her consultant sees it. Only an argon2 hash is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import update
from sqlmodel import Session, select

from app.models import Citizen, DeviceSession
from app.services import audit
from app.services.audit import Actor

PIN_LENGTH = 4
#: Her last activity is written at most this often: precise enough for an idle limit in minutes.
ACTIVE_STEP = timedelta(minutes=1)
#: DeviceSession.revoked_reason of a phone signed out by wrong PINs.
LOCKOUT = "pin_lockout"

_hasher = PasswordHasher()


class Outcome(StrEnum):
    """What typing a PIN led to."""

    OK = "ok"
    WRONG = "wrong"
    MALFORMED = "malformed"  # not four digits: a slip of the finger, not counted as a try
    LOCKED_OUT = "locked_out"  # the phone is signed out


@dataclass(frozen=True)
class PinCheck:
    """The outcome and how many tries are left on this phone."""

    outcome: Outcome
    tries_left: int = 0


def normalise_pin(raw: str | None) -> str | None:
    """Four digits as ASCII (her keyboard may type Arabic-Indic digits), else None."""
    text = (raw or "").strip()
    if len(text) != PIN_LENGTH or not all(char.isdecimal() for char in text):
        return None
    return "".join(str(int(char)) for char in text)


def last_active(device: DeviceSession) -> datetime:
    """When she last used this phone. Every session gets the column at activation (and the migration filled it in for
    older ones); without it, count from the activation, so a PIN is asked rather than skipped. Not the last-seen time:
    resuming the session moves that to now before this is asked."""
    return device.last_active_at or device.created_at


def needs_pin(citizen: Citizen, device: DeviceSession, now: datetime, idle: timedelta) -> bool:
    """True when she has a PIN and has not used this phone for longer than `idle`."""
    return citizen.pin_hash is not None and now - last_active(device) > idle


def touch(session: Session, device: DeviceSession, now: datetime) -> None:
    """Note that she is using the phone now (written at most once a minute)."""
    if now - last_active(device) >= ACTIVE_STEP:
        device.last_active_at = now
        session.add(device)
        session.commit()


def _matches(pin_hash: str | None, pin: str) -> bool:
    if not pin_hash:
        return False
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def check_pin(session: Session, actor: Actor, citizen: Citizen, device: DeviceSession, raw: str | None, *,
              now: datetime, max_tries: int, action: str = "pin.unlock") -> PinCheck:
    """Check her PIN on this phone; a wrong one uses up a try, the last wrong one signs the phone out."""
    pin = normalise_pin(raw)
    if pin is None:
        return PinCheck(Outcome.MALFORMED, max(max_tries - device.pin_failures, 0))
    # Take the try before checking, in one conditional UPDATE: parallel guesses cannot share a try.
    session.execute(update(DeviceSession).where(DeviceSession.id == device.id, DeviceSession.revoked_at.is_(None))
                    .values(pin_failures=DeviceSession.pin_failures + 1))
    session.commit()
    session.refresh(device)
    if device.revoked_at is not None:
        return PinCheck(Outcome.LOCKED_OUT)
    if device.pin_failures <= max_tries and _matches(citizen.pin_hash, pin):
        device.pin_failures, device.last_active_at = 0, now
        session.add(device)
        audit.record(session, actor, action, citizen_id=citizen.id, object_type="device_session", object_id=device.id)
        session.commit()
        return PinCheck(Outcome.OK, max_tries)
    audit.record(session, actor, action, citizen_id=citizen.id, object_type="device_session", object_id=device.id,
                 outcome="wrong")
    if device.pin_failures >= max_tries:
        device.revoked_at, device.revoked_reason = now, LOCKOUT
        session.add(device)
        audit.record(session, actor, "device.pin_lockout", citizen_id=citizen.id, object_type="device_session",
                     object_id=device.id)
        session.commit()
        return PinCheck(Outcome.LOCKED_OUT)
    session.commit()
    return PinCheck(Outcome.WRONG, max_tries - device.pin_failures)


def set_pin(session: Session, actor: Actor, citizen: Citizen, pin: str) -> None:
    """Keep the argon2 hash of her new PIN (`pin` already normalised); it applies on all her phones."""
    if normalise_pin(pin) != pin:
        raise ValueError("a PIN is four ASCII digits")
    action = "pin.change" if citizen.pin_hash else "pin.set"
    citizen.pin_hash = _hasher.hash(pin)
    session.add(citizen)
    audit.record(session, actor, action, citizen_id=citizen.id, object_type="citizen", object_id=citizen.id)
    session.commit()


def remove_pin(session: Session, actor: Actor, citizen: Citizen) -> None:
    """No PIN any more (she chose so, or her consultant did because she forgot it)."""
    citizen.pin_hash = None
    session.add(citizen)
    audit.record(session, actor, "pin.remove", citizen_id=citizen.id, object_type="citizen", object_id=citizen.id)
    session.commit()


def lockouts(session: Session, citizen_id: int) -> list[DeviceSession]:
    """Her phones signed out by wrong PINs, newest first (shown to her consultant)."""
    return list(session.exec(select(DeviceSession).where(DeviceSession.citizen_id == citizen_id,
                                                         DeviceSession.revoked_reason == LOCKOUT)
                             .order_by(DeviceSession.revoked_at.desc())).all())
